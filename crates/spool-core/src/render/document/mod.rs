//! Card HTML reduced to a small, safe document model.
//!
//! Anki fields carry arbitrary HTML. Only a subset is understood (bold, italic, underline,
//! strike, line breaks, paragraphs, headings, lists, inline code and `pre` blocks, images,
//! sub/sup and cloze highlights); every other tag is dropped and its text kept. Scripts and
//! styles are discarded with their content: nothing in a card is ever executed.

pub mod highlight;
mod script;

use std::path::{Path, PathBuf};

use super::media::is_plain_file_name;
use super::tag::{Tag, raw_until_close, skip_element};
use highlight::Language;

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Text {
        runs: Vec<Run>,
        heading: bool,
    },
    Code {
        language: Option<Language>,
        text: String,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    /// An image by its file name in the collection's media folder; `path` is set once the
    /// file is found there (see [`Document::resolve_media`]).
    Image {
        source: String,
        path: Option<PathBuf>,
    },
    Rule,
}

/// Text with one style; a paragraph is a sequence of runs. Line breaks are `\n` in `text`.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub style: Style,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
    pub code: bool,
    /// The deletion of a cloze card: `[...]` on the question, the answer on the back.
    pub cloze: bool,
    pub script: Script,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Script {
    #[default]
    Normal,
    Sub,
    Super,
}

impl Document {
    pub fn parse(html: &str) -> Document {
        let mut builder = Builder::default();
        let mut rest = html;
        while !rest.is_empty() {
            let Some(open) = rest.find('<') else {
                builder.text(rest);
                break;
            };
            builder.text(&rest[..open]);
            rest = &rest[open..];
            if let Some(after) = rest.strip_prefix("<!--") {
                rest = after.find("-->").map_or("", |end| &after[end + 3..]);
                continue;
            }
            let Some(close) = rest.find('>') else {
                builder.text(rest);
                break;
            };
            let tag = Tag::parse(&rest[1..close]);
            rest = &rest[close + 1..];
            match tag {
                Some(tag) if !tag.closing && (tag.name == "script" || tag.name == "style") => {
                    rest = skip_element(rest, &tag.name);
                }
                Some(tag) if !tag.closing && tag.name == "pre" => {
                    let (code, after) = raw_until_close(rest, "pre");
                    builder.code(code);
                    rest = after;
                }
                Some(tag) => builder.tag(&tag),
                // `<` that opens no tag, as in `1 < 2`, is text.
                None => builder.text("<"),
            }
        }
        builder.finish()
    }
}

impl Document {
    /// Points images at files in `media_dir`. Only plain file names are looked up there, so
    /// a card cannot reach outside the media folder or the network; others stay unresolved.
    pub fn resolve_media(&mut self, media_dir: &Path) {
        fn resolve(blocks: &mut [Block], media_dir: &Path) {
            for block in blocks {
                match block {
                    Block::Image { source, path } => *path = media_file(media_dir, source),
                    Block::List { items, .. } => {
                        items.iter_mut().for_each(|item| resolve(item, media_dir))
                    }
                    _ => {}
                }
            }
        }
        resolve(&mut self.blocks, media_dir);
    }
}

fn media_file(media_dir: &Path, source: &str) -> Option<PathBuf> {
    is_plain_file_name(source)
        .then(|| media_dir.join(source))
        .filter(|path| path.is_file())
}

/// A list still being read; finished blocks go into its last item.
#[derive(Debug)]
struct OpenList {
    ordered: bool,
    items: Vec<Vec<Block>>,
}

#[derive(Debug, Default)]
struct Builder {
    blocks: Vec<Block>,
    lists: Vec<OpenList>,
    runs: Vec<Run>,
    heading: bool,
    /// Open inline tags with the style they switched on.
    styles: Vec<(String, Style)>,
}

impl Builder {
    fn style(&self) -> Style {
        self.styles
            .last()
            .map(|(_, style)| *style)
            .unwrap_or_default()
    }

    fn push_run(&mut self, text: &str, style: Style) {
        match self.runs.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => self.runs.push(Run {
                text: text.to_string(),
                style,
            }),
        }
    }

    fn ends_with_space(&self) -> bool {
        self.runs
            .last()
            .is_none_or(|run| run.text.ends_with([' ', '\n']))
    }

    /// Adds text, collapsing runs of whitespace as a browser does.
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded = html_escape::decode_html_entities(raw);
        let mut collapsed = String::with_capacity(decoded.len());
        let mut space = self.ends_with_space();
        for c in decoded.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !space {
                    collapsed.push(' ');
                }
                space = true;
            } else {
                collapsed.push(if c == '\u{a0}' { ' ' } else { c });
                space = false;
            }
        }
        if !collapsed.is_empty() {
            self.push_run(&collapsed, self.style());
        }
    }

    fn line_break(&mut self) {
        if let Some(last) = self.runs.last_mut() {
            let trimmed = last.text.trim_end_matches(' ').len();
            last.text.truncate(trimmed);
        }
        let style = self.style();
        self.push_run("\n", style);
    }

    /// Where finished blocks go: the current item of the innermost open list, or the document.
    fn sink(&mut self) -> &mut Vec<Block> {
        match self.lists.last_mut() {
            Some(OpenList { items, .. }) => {
                if items.is_empty() {
                    items.push(Vec::new());
                }
                items.last_mut().expect("an item was just ensured")
            }
            None => &mut self.blocks,
        }
    }

    /// Ends the current paragraph, if it has any visible text.
    fn flush(&mut self) {
        let mut runs = std::mem::take(&mut self.runs);
        let heading = std::mem::take(&mut self.heading);
        while runs.last().is_some_and(|run| run.text.trim().is_empty()) {
            runs.pop();
        }
        if let Some(last) = runs.last_mut() {
            let trimmed = last.text.trim_end().len();
            last.text.truncate(trimmed);
        }
        if let Some(first) = runs.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if !runs.is_empty() {
            self.sink().push(Block::Text { runs, heading });
        }
    }

    fn block(&mut self, block: Block) {
        self.flush();
        self.sink().push(block);
    }

    fn code(&mut self, raw: &str) {
        // `<pre><code class="language-python">` names the language on the inner tag.
        let (language, body) = match raw.trim_start().strip_prefix('<') {
            Some(inner) => {
                let end = inner.find('>').unwrap_or(inner.len());
                let tag = Tag::parse(&inner[..end]);
                let language = tag
                    .as_ref()
                    .and_then(|t| t.attribute("class"))
                    .and_then(|class| Language::from_class(&class));
                (language, &inner[(end + 1).min(inner.len())..])
            }
            None => (None, raw),
        };
        let mut text = String::new();
        let mut rest = body;
        // Markup inside a code block (the closing `</code>`, highlighting spans) is dropped,
        // but a `<br>` still ends its line.
        while let Some(open) = rest.find('<') {
            text.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('>') else {
                rest = "";
                break;
            };
            if Tag::parse(&rest[open + 1..open + close]).is_some_and(|tag| tag.name == "br") {
                text.push('\n');
            }
            rest = &rest[open + close + 1..];
        }
        text.push_str(rest);
        let text = html_escape::decode_html_entities(&text)
            .trim_end()
            .trim_start_matches('\n')
            .to_string();
        self.block(Block::Code { language, text });
    }

    fn open_inline(&mut self, tag: &Tag, change: impl FnOnce(&mut Style)) {
        let mut style = self.style();
        change(&mut style);
        self.styles.push((tag.name.clone(), style));
    }

    fn close_inline(&mut self, name: &str) {
        if let Some(at) = self.styles.iter().rposition(|(open, _)| open == name) {
            self.styles.truncate(at);
        }
    }

    fn tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if tag.closing {
            match name {
                "p" | "div" | "blockquote" | "tr" | "table" | "h1" | "h2" | "h3" | "h4" | "h5"
                | "h6" => self.flush(),
                "li" => self.flush(),
                "ul" | "ol" => self.close_list(),
                _ => self.close_inline(name),
            }
            return;
        }
        match name {
            "br" => self.line_break(),
            "p" | "div" | "blockquote" | "tr" | "table" => self.flush(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.heading = true;
            }
            "td" | "th" if !self.ends_with_space() => self.push_run("  ", self.style()),
            "hr" => self.block(Block::Rule),
            "img" => {
                if let Some(source) = tag.attribute("src") {
                    self.block(Block::Image { source, path: None });
                }
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.push(OpenList {
                    ordered: name == "ol",
                    items: Vec::new(),
                });
            }
            "li" => {
                self.flush();
                if let Some(OpenList { items, .. }) = self.lists.last_mut() {
                    items.push(Vec::new());
                }
            }
            "b" | "strong" => self.open_inline(tag, |s| s.bold = true),
            "i" | "em" => self.open_inline(tag, |s| s.italic = true),
            "u" | "ins" => self.open_inline(tag, |s| s.underline = true),
            "s" | "strike" | "del" => self.open_inline(tag, |s| s.strike = true),
            "code" | "kbd" | "tt" | "samp" => self.open_inline(tag, |s| s.code = true),
            "sub" => self.open_inline(tag, |s| s.script = Script::Sub),
            "sup" => self.open_inline(tag, |s| s.script = Script::Super),
            "span" => {
                let cloze = tag
                    .attribute("class")
                    .is_some_and(|class| class.split_whitespace().any(|c| c == "cloze"));
                self.open_inline(tag, |s| s.cloze |= cloze);
            }
            // Unknown tags (font, a, section, ...) keep their text and add nothing.
            _ => {}
        }
    }

    fn close_list(&mut self) {
        self.flush();
        if let Some(OpenList { ordered, items }) = self.lists.pop() {
            let items = items.into_iter().filter(|item| !item.is_empty()).collect();
            self.sink().push(Block::List { ordered, items });
        }
    }

    fn finish(mut self) -> Document {
        while !self.lists.is_empty() {
            self.close_list();
        }
        self.flush();
        Document {
            blocks: self.blocks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Run {
        Run {
            text: text.into(),
            style: Style::default(),
        }
    }

    fn paragraph(runs: Vec<Run>) -> Block {
        Block::Text {
            runs,
            heading: false,
        }
    }

    #[test]
    fn inline_styles_nest_and_whitespace_collapses() {
        let doc = Document::parse("a  <b>bold <i>both</i></b>\n x<sub>2</sub>");
        let bold = Style {
            bold: true,
            ..Style::default()
        };
        let both = Style {
            italic: true,
            ..bold
        };
        let sub = Style {
            script: Script::Sub,
            ..Style::default()
        };
        assert_eq!(
            doc.blocks,
            [paragraph(vec![
                plain("a "),
                Run {
                    text: "bold ".into(),
                    style: bold
                },
                Run {
                    text: "both".into(),
                    style: both
                },
                plain(" x"),
                Run {
                    text: "2".into(),
                    style: sub
                },
            ])]
        );
    }

    #[test]
    fn paragraphs_breaks_and_entities() {
        let doc = Document::parse("<p>one &amp; two<br>three</p><div>&lt;four&gt;</div>");
        assert_eq!(
            doc.blocks,
            [
                paragraph(vec![plain("one & two\nthree")]),
                paragraph(vec![plain("<four>")])
            ]
        );
    }

    #[test]
    fn a_br_inside_a_code_block_ends_its_line() {
        let doc = Document::parse("<pre><code>a = 1<br>b = 2<BR />c</code></pre>");
        assert_eq!(
            doc.blocks,
            [Block::Code {
                language: None,
                text: "a = 1\nb = 2\nc".into()
            }]
        );
    }

    #[test]
    fn code_blocks_keep_their_text_and_language() {
        let doc = Document::parse(
            "<pre><code class=\"language-python\">if x &lt; 1:\n    pass\n</code></pre><p>after</p>",
        );
        assert_eq!(
            doc.blocks,
            [
                Block::Code {
                    language: Some(Language::Python),
                    text: "if x < 1:\n    pass".into()
                },
                paragraph(vec![plain("after")]),
            ]
        );
    }

    #[test]
    fn lists_nest() {
        let doc = Document::parse("<ul><li>a</li><li>b<ol><li>c</li></ol></li></ul>");
        assert_eq!(
            doc.blocks,
            [Block::List {
                ordered: false,
                items: vec![
                    vec![paragraph(vec![plain("a")])],
                    vec![
                        paragraph(vec![plain("b")]),
                        Block::List {
                            ordered: true,
                            items: vec![vec![paragraph(vec![plain("c")])]]
                        },
                    ],
                ],
            }]
        );
    }

    #[test]
    fn scripts_styles_and_comments_vanish_unknown_tags_keep_text() {
        let doc = Document::parse(
            "<script>alert(1)</script><style>p{}</style><!-- hidden --><font color=red>kept</font> 1 < 2",
        );
        assert_eq!(doc.blocks, [paragraph(vec![plain("kept 1 < 2")])]);
    }

    #[test]
    fn cloze_spans_and_images() {
        let doc = Document::parse("<span class=cloze>[...]</span> is <img src=\"cat.png\">");
        let cloze = Style {
            cloze: true,
            ..Style::default()
        };
        assert_eq!(
            doc.blocks,
            [
                paragraph(vec![
                    Run {
                        text: "[...]".into(),
                        style: cloze
                    },
                    plain(" is")
                ]),
                Block::Image {
                    source: "cat.png".into(),
                    path: None
                },
            ]
        );
    }

    #[test]
    fn unicode_survives() {
        let doc = Document::parse("日本語 <b>🦀</b>");
        let bold = Style {
            bold: true,
            ..Style::default()
        };
        assert_eq!(
            doc.blocks,
            [paragraph(vec![
                plain("日本語 "),
                Run {
                    text: "🦀".into(),
                    style: bold
                }
            ])]
        );
    }
}
