//! Card HTML read the way MathJax reads a page: as strings of text, each ending where an
//! element starts or ends. `<br>`, `<wbr>` and comments stay inside a string (as a newline,
//! as nothing, as nothing), and the contents of the elements MathJax skips are never read.

use std::ops::Range;

/// Elements whose contents MathJax never searches for maths (its `skipHtmlTags`).
const SKIPPED_ELEMENTS: [&str; 8] = [
    "script",
    "noscript",
    "style",
    "textarea",
    "pre",
    "code",
    "annotation",
    "annotation-xml",
];

/// Skipped elements whose contents the HTML parser reads as plain text, so a tag inside
/// them is no tag.
const RAW_TEXT_ELEMENTS: [&str; 4] = ["script", "noscript", "style", "textarea"];

/// One string of text as MathJax sees it, with the way back to the HTML it came from.
#[derive(Debug, Default)]
pub(crate) struct TextRun {
    /// The text with entities decoded and `<br>` as a newline.
    pub(crate) text: String,
    pieces: Vec<Piece>,
}

/// A stretch of a run's text and the HTML it was read from.
#[derive(Debug)]
struct Piece {
    /// Where the piece starts in the run's text.
    text_start: usize,
    /// Where it came from in the HTML.
    source: Range<usize>,
    /// The text is the HTML byte for byte, so positions inside it map one to one.
    verbatim: bool,
}

impl TextRun {
    /// The HTML offset where the run's text position `at` starts.
    pub(crate) fn source_start(&self, at: usize) -> usize {
        let index = self.pieces.partition_point(|piece| piece.text_start <= at) - 1;
        self.source_offset(index, at)
    }

    /// The HTML offset just past the run's text before position `at`.
    pub(crate) fn source_end(&self, at: usize) -> usize {
        let index = self.pieces.partition_point(|piece| piece.text_start < at) - 1;
        self.source_offset(index, at)
    }

    fn source_offset(&self, index: usize, at: usize) -> usize {
        let piece = &self.pieces[index];
        if piece.verbatim {
            piece.source.start + (at - piece.text_start)
        } else if at == piece.text_start {
            piece.source.start
        } else {
            piece.source.end
        }
    }

    fn push_verbatim(&mut self, html: &str, source: Range<usize>) {
        if let Some(last) = self.pieces.last_mut()
            && last.verbatim
            && last.source.end == source.start
        {
            last.source.end = source.end;
        } else {
            self.pieces.push(Piece {
                text_start: self.text.len(),
                source: source.clone(),
                verbatim: true,
            });
        }
        self.text.push_str(&html[source]);
    }

    fn push_read_as(&mut self, text: &str, source: Range<usize>) {
        self.pieces.push(Piece {
            text_start: self.text.len(),
            source,
            verbatim: false,
        });
        self.text.push_str(text);
    }
}

/// The strings of `html` that MathJax would search for maths, in order.
pub(crate) fn text_runs(html: &str) -> Vec<TextRun> {
    let mut runs = Vec::new();
    let mut run = TextRun::default();
    let mut at = 0;
    while at < html.len() {
        let rest = &html[at..];
        if let Some(comment) = comment_len(rest) {
            run.push_read_as("", at..at + comment);
            at += comment;
        } else if let Some(tag) = Tag::parse(rest) {
            let end = at + tag.len;
            match (tag.name.as_str(), tag.closing) {
                ("br", false) => run.push_read_as("\n", at..end),
                ("wbr", false) => run.push_read_as("", at..end),
                (name, closing) => {
                    finish(&mut runs, std::mem::take(&mut run));
                    at = if !closing && SKIPPED_ELEMENTS.contains(&name) {
                        end + skipped_content_len(&html[end..], name)
                    } else {
                        end
                    };
                    continue;
                }
            }
            at = end;
        } else if let Some((decoded, len)) = entity(rest) {
            run.push_read_as(&decoded, at..at + len);
            at += len;
        } else {
            // A `<` or `&` that starts no markup is text, like any other character.
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let len = rest[first..]
                .find(['<', '&'])
                .map_or(rest.len(), |next| first + next);
            run.push_verbatim(html, at..at + len);
            at += len;
        }
    }
    finish(&mut runs, run);
    runs
}

fn finish(runs: &mut Vec<TextRun>, run: TextRun) {
    if !run.text.is_empty() {
        runs.push(run);
    }
}

/// The length of the comment `rest` starts with; an unclosed one runs to the end.
fn comment_len(rest: &str) -> Option<usize> {
    let body = rest.strip_prefix("<!--")?;
    Some(body.find("-->").map_or(rest.len(), |end| 4 + end + 3))
}

/// A start or end tag, or a `<!...>` / `<?...>` declaration (which has no name).
#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
    len: usize,
}

impl Tag {
    /// The tag `rest` starts with, if `<` starts one there as the HTML parser reads it.
    fn parse(rest: &str) -> Option<Tag> {
        let after = rest.strip_prefix('<')?;
        let (closing, name_start) = match after.as_bytes().first()? {
            b'/' => (true, 2),
            b'!' | b'?' => {
                let len = rest.find('>').map_or(rest.len(), |end| end + 1);
                return Some(Tag {
                    name: String::new(),
                    closing: false,
                    len,
                });
            }
            _ => (false, 1),
        };
        let name_len = rest[name_start..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(rest.len() - name_start);
        let name = &rest[name_start..name_start + name_len];
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        Some(Tag {
            name: name.to_ascii_lowercase(),
            closing,
            len: name_start + name_len + attributes_len(&rest[name_start + name_len..]),
        })
    }
}

/// The length of a tag's attributes up to and including its `>`; a quoted value may hold `>`.
fn attributes_len(rest: &str) -> usize {
    let mut quote = None;
    for (at, c) in rest.char_indices() {
        match (quote, c) {
            (None, '>') => return at + 1,
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if open == c => quote = None,
            _ => {}
        }
    }
    rest.len()
}

/// How far the contents of a skipped element `name` run, up to and including its end tag.
/// An unclosed one runs to the end, as it does in a browser.
fn skipped_content_len(rest: &str, name: &str) -> usize {
    let raw_text = RAW_TEXT_ELEMENTS.contains(&name);
    let mut depth = 1;
    let mut at = 0;
    while let Some(open) = rest[at..].find('<') {
        at += open;
        if !raw_text && let Some(comment) = comment_len(&rest[at..]) {
            at += comment;
            continue;
        }
        match Tag::parse(&rest[at..]) {
            Some(tag) if tag.name == name => {
                depth += if tag.closing {
                    -1
                } else {
                    i32::from(!raw_text)
                };
                at += tag.len;
                if depth == 0 {
                    return at;
                }
            }
            Some(tag) if !raw_text => at += tag.len,
            _ => at += 1,
        }
    }
    rest.len()
}

/// The character an entity `rest` starts with stands for, and the entity's length.
fn entity(rest: &str) -> Option<(String, usize)> {
    let body = rest.strip_prefix('&')?;
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .filter(|&end| end > 0 && body[end..].starts_with(';'))?;
    let reference = &rest[..name_len + 2];
    let decoded = html_escape::decode_html_entities(reference);
    (decoded != reference).then(|| (decoded.into_owned(), reference.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        text_runs(html).into_iter().map(|run| run.text).collect()
    }

    #[test]
    fn elements_split_runs_but_breaks_and_comments_do_not() {
        assert_eq!(
            texts("a<b>bold</b>c<br>d<!-- note -->e<wbr>f<br/>g"),
            ["a", "bold", "c\ndef\ng"]
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            texts("a &lt; b &amp;&nbsp;c &#92; &bogus; & d"),
            ["a < b &\u{a0}c \\ &bogus; & d"]
        );
    }

    #[test]
    fn skipped_elements_are_not_read() {
        assert_eq!(
            texts("a<code>x<b>y</b></code>b<PRE class=\"p\"><pre>in</pre>still</PRE>c"),
            ["a", "b", "c"]
        );
        assert_eq!(
            texts("a<script>if (1 <b) x = '</b>';</script>z"),
            ["a", "z"]
        );
        assert_eq!(texts("a<pre><!-- </pre> --></pre>b"), ["a", "b"]);
        assert_eq!(texts("a<style>p {}"), ["a"]);
    }

    #[test]
    fn quoted_attributes_may_hold_angle_brackets() {
        assert_eq!(texts(r#"a<img alt="x > y" src='z'>b"#), ["a", "b"]);
    }

    #[test]
    fn a_lone_angle_bracket_is_text() {
        assert_eq!(texts("1 < 2 <3 </ 4"), ["1 < 2 <3 </ 4"]);
    }

    #[test]
    fn positions_map_back_to_the_html() {
        let html = "x<i>a&lt;b<br>c</i>";
        let run = &text_runs(html)[1];
        assert_eq!(run.text, "a<b\nc");
        let lt = run.text.find('<').unwrap();
        assert_eq!(&html[run.source_start(lt)..run.source_end(lt + 1)], "&lt;");
        assert_eq!(
            &html[run.source_start(0)..run.source_end(run.text.len())],
            "a&lt;b<br>c"
        );
    }
}
