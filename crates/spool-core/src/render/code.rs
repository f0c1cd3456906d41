//! Syntax colouring for a face's code blocks: `<pre><code class="language-python">` (or
//! Rust) gets a `<span class="hl-keyword">` and the like around each token, which
//! [`CODE_CSS`] colours in both themes. HTML in, HTML out; everything outside such a block is
//! copied as it was.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::highlight::{Language, Token, tokens};
use super::tag::{Tag, raw_until_close, skip_element};

/// The look of highlighted code blocks and the colours of their tokens, light and
/// `.nightMode`. It comes after the reviewer's styles and before the note type's CSS, so a
/// note type can still restyle its code.
pub const CODE_CSS: &str = "
pre > code.language-python, pre > code.language-rust {
  display: block; text-align: left; white-space: pre-wrap;
  font-family: 'DejaVu Sans Mono', monospace; font-size: 0.8em; line-height: 1.4;
  padding: 12px 16px; border-radius: 8px;
  color: #24262a; background-color: #f4f2ed; border: 1px solid #dddad2;
}
code .hl-keyword { color: #8b3fa3; }
code .hl-string { color: #2d7a4b; }
code .hl-comment { color: #878a90; font-style: italic; }
code .hl-number { color: #b0602a; }
code .hl-call { color: #2d62a3; }
code .hl-type { color: #9a6414; }
.nightMode pre > code.language-python, .nightMode pre > code.language-rust,
.night_mode pre > code.language-python, .night_mode pre > code.language-rust {
  color: #e3e3e6; background-color: #1c1e22; border-color: #2a2c31;
}
.nightMode code .hl-keyword, .night_mode code .hl-keyword { color: #c792ea; }
.nightMode code .hl-string, .night_mode code .hl-string { color: #9fcf8a; }
.nightMode code .hl-comment, .night_mode code .hl-comment { color: #80848c; }
.nightMode code .hl-number, .night_mode code .hl-number { color: #f0a97a; }
.nightMode code .hl-call, .night_mode code .hl-call { color: #82aaff; }
.nightMode code .hl-type, .night_mode code .hl-type { color: #e5c07b; }
";

/// `html` with each `<pre><code class="language-X">` block of a language the lexer knows
/// rewritten as `<pre><code class="language-X">` holding one classed span per token. The
/// code's text is read as the browser would show it (entities decoded, `<br>` a line break,
/// other markup inside the block dropped) and escaped again, so a block highlighted twice
/// comes out the same. Blocks in other languages, and `<pre>` inside scripts, styles,
/// text areas and comments, are left as they were.
pub fn highlight_code_blocks(html: &str) -> Cow<'_, str> {
    if !html
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"<pre"))
    {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |end| end + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(close) = rest.find('>') else {
            break;
        };
        let tag_text = &rest[..=close];
        let tag = Tag::parse(&rest[1..close]);
        rest = &rest[close + 1..];
        out.push_str(tag_text);
        let Some(tag) = tag.filter(|tag| !tag.closing) else {
            continue;
        };
        match tag.name.as_str() {
            "script" | "style" | "textarea" => {
                let after = skip_element(rest, &tag.name);
                out.push_str(&rest[..rest.len() - after.len()]);
                rest = after;
            }
            "pre" => {
                let (inner, after) = raw_until_close(rest, "pre");
                match highlighted(inner) {
                    Some(block) => {
                        out.push_str(&block);
                        out.push_str("</pre>");
                    }
                    None => out.push_str(&rest[..rest.len() - after.len()]),
                }
                rest = after;
            }
            _ => {}
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The highlighted `<code>` element for the inside of a `<pre>`, if it is a `<code>` whose
/// class names a language the lexer knows.
fn highlighted(inner: &str) -> Option<String> {
    let after_open = inner.trim_start().strip_prefix('<')?;
    let end = after_open.find('>')?;
    let tag = Tag::parse(&after_open[..end]).filter(|tag| !tag.closing && tag.name == "code")?;
    let language = Language::from_class(&tag.attribute("class")?)?;
    let code = code_text(&after_open[end + 1..]);
    let mut out = String::with_capacity(code.len() * 2);
    let _ = write!(out, "<code class=\"language-{}\">", language.name());
    for (token, piece) in tokens(language, &code) {
        let escaped = html_escape::encode_text(piece);
        match class(token) {
            Some(class) => {
                let _ = write!(out, "<span class=\"{class}\">{escaped}</span>");
            }
            None => out.push_str(&escaped),
        }
    }
    out.push_str("</code>");
    Some(out)
}

/// The text a code block shows: markup dropped (the closing `</code>`, earlier
/// highlighting), `<br>` as a line break, entities decoded, blank lines at the ends trimmed.
/// A `<` that opens no tag, as in `a < b`, is text.
fn code_text(body: &str) -> String {
    let mut text = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        rest = &rest[open..];
        let Some(close) = rest.find('>') else {
            break;
        };
        match Tag::parse(&rest[1..close]) {
            Some(tag) => {
                if tag.name == "br" {
                    text.push('\n');
                }
                rest = &rest[close + 1..];
            }
            None => {
                text.push('<');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    html_escape::decode_html_entities(&text)
        .trim_end()
        .trim_start_matches('\n')
        .to_string()
}

/// The class of a token's span; plain text gets none.
fn class(token: Token) -> Option<&'static str> {
    Some(match token {
        Token::Plain => return None,
        Token::Keyword => "hl-keyword",
        Token::String => "hl-string",
        Token::Comment => "hl-comment",
        Token::Number => "hl-number",
        Token::Call => "hl-call",
        Token::Type => "hl-type",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_python_block_gets_keyword_string_and_comment_spans() {
        let html = highlight_code_blocks(
            "<pre><code class=\"language-python\">def f():  # hi\n    return 'a'\n</code></pre>",
        );
        assert_eq!(
            html,
            "<pre><code class=\"language-python\"><span class=\"hl-keyword\">def</span> \
             <span class=\"hl-call\">f</span>():  <span class=\"hl-comment\"># hi</span>\n    \
             <span class=\"hl-keyword\">return</span> <span class=\"hl-string\">'a'</span>\
             </code></pre>"
        );
    }

    #[test]
    fn a_rust_block_gets_type_and_macro_spans() {
        let html = highlight_code_blocks(
            "<pre><code class=\"lang-rs\">let v: Vec&lt;u8&gt; = vec![1];</code></pre>",
        );
        assert_eq!(
            html,
            "<pre><code class=\"language-rust\"><span class=\"hl-keyword\">let</span> v: \
             <span class=\"hl-type\">Vec</span>&lt;u8&gt; = <span class=\"hl-type\">vec</span>![\
             <span class=\"hl-number\">1</span>];</code></pre>"
        );
    }

    #[test]
    fn entities_are_decoded_before_lexing_and_escaped_again() {
        let html = highlight_code_blocks(
            "<pre><code class=\"language-python\">if a &lt; b &amp;&amp; c:<br>    s = \"&lt;b&gt;\"</code></pre>",
        );
        assert_eq!(
            html,
            "<pre><code class=\"language-python\"><span class=\"hl-keyword\">if</span> a &lt; b \
             &amp;&amp; c:\n    s = <span class=\"hl-string\">\"&lt;b&gt;\"</span></code></pre>"
        );
    }

    #[test]
    fn every_br_ends_a_line_and_blank_lines_at_the_ends_go() {
        let html = highlight_code_blocks(
            "<pre><code class=\"language-python\">\na<br>b<BR />c\n\n</code></pre>",
        );
        assert_eq!(
            html,
            "<pre><code class=\"language-python\">a\nb\nc</code></pre>"
        );
    }

    #[test]
    fn markup_inside_the_block_is_dropped_and_a_bare_less_than_is_text() {
        let html = highlight_code_blocks(
            "<pre><code class=\"language-python\"><b>x</b> = 1 < 2</code></pre>",
        );
        assert_eq!(
            html,
            "<pre><code class=\"language-python\">x = <span class=\"hl-number\">1</span> &lt; \
             <span class=\"hl-number\">2</span></code></pre>"
        );
    }

    #[test]
    fn highlighting_twice_changes_nothing() {
        let once = highlight_code_blocks(
            "<pre><code class=\"language-rust\">fn main() { println!(\"&amp;\"); }</code></pre>",
        )
        .into_owned();
        assert_eq!(highlight_code_blocks(&once), once);
    }

    #[test]
    fn blocks_without_a_known_language_are_left_as_they_were() {
        for html in [
            "<pre><code class=\"language-go\">func main() {}</code></pre>",
            "<pre><code>x = 1</code></pre>",
            "<pre>def f(): pass</pre>",
            "<code class=\"language-python\">def f(): pass</code>",
        ] {
            assert_eq!(highlight_code_blocks(html), html);
        }
    }

    #[test]
    fn text_outside_code_blocks_is_untouched() {
        let html = highlight_code_blocks(
            "<p class=x>a &amp; <b>def</b></p><PRE class=\"wide\"><CODE class=language-python>pass</CODE></PRE>\
             after &lt;pre&gt; <!-- <pre><code class=\"language-python\">if</code></pre> -->\
             <script>let s = '<pre><code class=\"language-rust\">fn</code></pre>';</script>",
        );
        assert_eq!(
            html,
            "<p class=x>a &amp; <b>def</b></p><PRE class=\"wide\"><code class=\"language-python\">\
             <span class=\"hl-keyword\">pass</span></code></pre>\
             after &lt;pre&gt; <!-- <pre><code class=\"language-python\">if</code></pre> -->\
             <script>let s = '<pre><code class=\"language-rust\">fn</code></pre>';</script>"
        );
    }

    #[test]
    fn html_without_pre_is_borrowed() {
        assert!(matches!(
            highlight_code_blocks("<code>def</code> & more"),
            Cow::Borrowed(_)
        ));
    }
}
