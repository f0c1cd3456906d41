//! Card HTML with its maths typeset: each formula replaced by an image of it, or by its
//! source marked as an error when it cannot be typeset.

use std::fmt::Write;

use html_escape::{encode_double_quoted_attribute, encode_text};

use crate::anki_mathjax::as_stored;
use crate::cache::MathCache;
use crate::delimiters::{MathSpan, maths_in};
use crate::{MathError, Overhang, Typeset};

/// Whether `html` holds any formula MathJax would typeset.
pub fn has_maths(html: &str) -> bool {
    !maths_in(&as_stored(html)).is_empty()
}

/// `html` with every formula MathJax would typeset replaced, all else left as it is.
///
/// A formula becomes `<img class="math inline">` (or `math display`, centred on a line of
/// its own as MathJax sets display maths) naming its SVG in the cache; one that cannot be
/// typeset becomes `<span class="math-error">` holding its source, for the caller to style.
/// Maths is set in `colour`, which should be the text colour of the face.
pub fn typeset_html(html: &str, cache: &MathCache, colour: [u8; 3]) -> String {
    let html = as_stored(html);
    let spans = maths_in(&html);
    if spans.is_empty() {
        return html.into_owned();
    }
    let mut out = String::with_capacity(html.len() + spans.len() * 160);
    let mut copied = 0;
    for span in &spans {
        out.push_str(&html[copied..span.source.start]);
        match cache.typeset(&span.latex, span.display, colour) {
            Ok(typeset) => write_image(&mut out, span, &typeset),
            Err(error) => write_error(&mut out, span, &error),
        }
        copied = span.source.end;
    }
    out.push_str(&html[copied..]);
    out
}

fn write_image(out: &mut String, span: &MathSpan, typeset: &Typeset) {
    let (kind, block_start, block_end) = if span.display {
        (
            "display",
            r#"<span class="math-display" style="display:block;text-align:center;margin:1em 0">"#,
            "</span>",
        )
    } else {
        ("inline", "", "")
    };
    let Overhang {
        top,
        right,
        bottom,
        left,
    } = typeset.overhang_em;
    let _ = write!(
        out,
        r#"{block_start}<img class="math {kind}" src="{name}" alt="{alt}" style="width:{width:.3}em;height:{height:.3}em;vertical-align:{depth:.3}em"#,
        name = typeset.name,
        alt = encode_double_quoted_attribute(&span.latex),
        width = typeset.width_em + left + right,
        height = typeset.height_em + top + bottom,
        depth = -typeset.depth_em,
    );
    // Where ink reaches past the formula's box, the image is larger than the box; negative
    // margins keep the room the text around it makes to the box alone.
    if !typeset.overhang_em.is_none() {
        let _ = write!(
            out,
            ";margin:{:.3}em {:.3}em {:.3}em {:.3}em",
            -top, -right, -bottom, -left
        );
    }
    let _ = write!(out, r#"">{block_end}"#);
}

fn write_error(out: &mut String, span: &MathSpan, error: &MathError) {
    let delimiters = if span.display {
        [r"\[", r"\]"]
    } else {
        [r"\(", r"\)"]
    };
    let _ = write!(
        out,
        r#"<span class="math-error" title="{title}">{open}{latex}{close}</span>"#,
        title = encode_double_quoted_attribute(&error.to_string()),
        open = delimiters[0],
        latex = encode_text(&span.latex),
        close = delimiters[1],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLACK: [u8; 3] = [0, 0, 0];

    /// The `src` of every image in `html`.
    fn sources(html: &str) -> Vec<&str> {
        html.split(r#"src=""#)
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect()
    }

    fn style_number(html: &str, property: &str) -> f32 {
        let start = html.find(&format!("{property}:")).unwrap() + property.len() + 1;
        let len = html[start..].find("em").unwrap();
        html[start..start + len].parse().unwrap()
    }

    #[test]
    fn inline_maths_becomes_a_sized_image_and_the_text_around_it_stays() {
        let cache = MathCache::new();
        let html = typeset_html(r"<b>Area</b> is \(\pi r^2\), &amp; more", &cache, BLACK);
        let (before, rest) = html.split_once("<img").unwrap();
        assert_eq!(before, "<b>Area</b> is ");
        assert!(rest.ends_with(">, &amp; more"), "{html}");
        assert!(html.contains(r#"class="math inline""#), "{html}");
        assert!(html.contains(r#"alt="\pi r^2""#), "{html}");
        let [name] = sources(&html).try_into().unwrap();
        assert!(cache.svg(name).is_some());
        assert!(style_number(&html, "width") > 1.0);
        assert!(style_number(&html, "vertical-align") <= 0.0);
    }

    #[test]
    fn display_maths_is_centred_on_its_own_line() {
        let cache = MathCache::new();
        let html = typeset_html(r"a \[\frac{1}{2}\] b", &cache, BLACK);
        assert!(
            html.starts_with(
                r#"a <span class="math-display" style="display:block;text-align:center;margin:1em 0"><img class="math display""#
            ),
            "{html}"
        );
        assert!(html.ends_with("</span> b"), "{html}");
    }

    #[test]
    fn entities_in_maths_are_read_as_characters() {
        let cache = MathCache::new();
        let escaped = typeset_html(r"\(a &lt; b\)", &cache, BLACK);
        let plain = typeset_html(r"\(a < b\)", &cache, BLACK);
        assert_eq!(sources(&escaped), sources(&plain));
        assert!(!escaped.contains("math-error"), "{escaped}");
    }

    #[test]
    fn a_broken_formula_shows_its_source_as_an_error() {
        let cache = MathCache::new();
        let html = typeset_html(r"x \(a < \frac{b}\) y", &cache, BLACK);
        let start = html.find(r#"<span class="math-error" title=""#).unwrap();
        assert_eq!(&html[..start], "x ");
        assert!(html.ends_with(r#">\(a &lt; \frac{b}\)</span> y"#), "{html}");
        // An unclosed brace hides the closing delimiter, so this is no formula at all, as
        // it is none to MathJax.
        let unclosed = r"x \(\frac{\) y";
        assert_eq!(typeset_html(unclosed, &cache, BLACK), unclosed);
    }

    #[test]
    fn code_and_pre_keep_their_delimiters() {
        let cache = MathCache::new();
        let html = r"<code>\(x\)</code><pre>\[y\]</pre>";
        assert_eq!(typeset_html(html, &cache, BLACK), html);
    }

    #[test]
    fn html_without_maths_is_unchanged() {
        let cache = MathCache::new();
        let html = r#"<div class="x">a \ b ( c ) &nbsp; <img src="d.png"></div>"#;
        assert_eq!(typeset_html(html, &cache, BLACK), html);
    }

    #[test]
    fn anki_editor_elements_are_typeset() {
        let cache = MathCache::new();
        let html = typeset_html(
            r#"<anki-mathjax>x</anki-mathjax> and <anki-mathjax block="true">y</anki-mathjax>"#,
            &cache,
            BLACK,
        );
        assert!(html.contains(r#"class="math inline""#), "{html}");
        assert!(html.contains(r#"class="math display""#), "{html}");
        assert!(!html.contains("anki-mathjax"), "{html}");
    }
}
