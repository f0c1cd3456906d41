//! A face's whole page, laid out as Anki's reviewer lays it out: the note type's CSS, then
//! `<body class="card cardN">` (with Anki's night-mode classes in the dark theme) holding
//! the face's HTML, its code blocks syntax-coloured.
//!
//! Colouring happens here rather than in [`super::render_card`]: it is how a face looks, not
//! what it says, so [`super::CardFaces`] keeps the HTML its templates made, which the
//! terminal's study reads as plain text and the type-in check searches. The browser's
//! question column is built from the note's first field and meets neither. A face that `{{FrontSide}}`
//! quotes is coloured once, with the page that shows it.

use super::code::{CODE_CSS, highlight_code_blocks};
use super::hint::revealed_css;
use super::occlusion::draw_masks;
use super::sound::SOUND_BUTTON_CSS;

/// What a card's faces need from their note type to look as in Anki.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardStyle {
    /// The note type's CSS.
    pub css: String,
    /// The card's 1-based number within its note: `card1` is the first template, or the
    /// first cloze deletion.
    pub number: u32,
}

/// Anki's reviewer styles, which note types build on. `.nightMode.card` outranks a note
/// type's `.card`, as in Anki, so the dark theme is dark whatever the note type says.
const REVIEWER_CSS: &str = "
body { margin: 20px; overflow-wrap: break-word; }
img { max-width: 100%; }
.nightMode.card, .night_mode.card { color: #fcfcfc; background-color: #2c2c2c; }
.nightMode a, .night_mode a { color: #77ccff; }
code#typeans { font-family: 'DejaVu Sans Mono', monospace; white-space: pre-wrap; }
.typeGood { background-color: #aaffaa; color: black; }
.typeBad { background-color: #ffaaaa; color: black; }
.typeMissed { background-color: #cccccc; color: black; }
.math-error { color: #d00000; font-family: 'DejaVu Sans Mono', monospace; white-space: pre-wrap; }
";

/// The style of a note type that has none of its own (Spool's built-in deck, a note type
/// made elsewhere without CSS), so its cards read as a stock Anki card does.
const STOCK_CARD_CSS: &str = ".card { font-family: 'DejaVu Sans', arial, sans-serif; font-size: 20px; \
     line-height: 1.5; color: black; background-color: white; }";

/// The full HTML document for one face.
pub fn page(face_html: &str, style: &CardStyle, dark: bool, revealed_hints: &[String]) -> String {
    let css = if style.css.trim().is_empty() {
        STOCK_CARD_CSS
    } else {
        &style.css
    };
    let styles = [css, &revealed_css(revealed_hints)];
    let class = format!("card card{}", style.number);
    let masked = draw_masks(face_html, &style.css);
    document(&styles, &class, dark, &highlight_code_blocks(&masked))
}

/// A document of Anki's reviewer styles, then `styles` (a note type's, which may override
/// them), with `body` inside `<body class="{class}"><div id="qa">`.
pub(crate) fn document(styles: &[&str], class: &str, dark: bool, body: &str) -> String {
    let theme = if dark { " nightMode night_mode" } else { "" };
    let styles_len: usize = styles.iter().map(|css| css.len()).sum();
    let mut out = String::with_capacity(body.len() + styles_len + 1024);
    out.push_str("<!doctype html><html><head><meta charset=\"utf-8\"><style>");
    out.push_str(REVIEWER_CSS);
    out.push_str(CODE_CSS);
    out.push_str(SOUND_BUTTON_CSS);
    out.push_str("</style><style>");
    for css in styles {
        // A `</style>` inside the CSS would end the element early and spill the rest as text.
        out.push_str(&css.replace("</style", "<\\/style"));
    }
    out.push_str("</style></head><body class=\"");
    out.push_str(class);
    out.push_str(theme);
    out.push_str("\"><div id=\"qa\">");
    out.push_str(body);
    out.push_str("</div></body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(css: &str, number: u32) -> CardStyle {
        CardStyle {
            css: css.into(),
            number,
        }
    }

    #[test]
    fn the_body_names_the_card_as_anki_does() {
        let page = page("Hi", &style(".card { color: red }", 2), false, &[]);
        assert!(
            page.contains("<style>.card { color: red }</style>"),
            "{page}"
        );
        assert!(
            page.contains("<body class=\"card card2\"><div id=\"qa\">Hi</div></body>"),
            "{page}"
        );
    }

    #[test]
    fn the_dark_theme_adds_ankis_night_mode_classes() {
        let page = page("Hi", &style("", 1), true, &[]);
        assert!(
            page.contains("<body class=\"card card1 nightMode night_mode\">"),
            "{page}"
        );
    }

    #[test]
    fn a_note_type_without_css_gets_the_stock_card_style() {
        let page = page("Hi", &style(" ", 1), false, &[]);
        assert!(page.contains(STOCK_CARD_CSS), "{page}");
    }

    #[test]
    fn code_blocks_are_coloured_with_their_css_before_the_note_types() {
        let page = page(
            "<pre><code class=\"language-python\">pass</code></pre>",
            &style(".card { color: red }", 1),
            false,
            &[],
        );
        assert!(
            page.contains("<span class=\"hl-keyword\">pass</span>"),
            "{page}"
        );
        let code_css = page
            .find(".hl-keyword")
            .expect("the code CSS is in the page");
        assert!(
            code_css > page.find(".typeGood").expect("reviewer CSS"),
            "{page}"
        );
        assert!(
            code_css < page.find(".card { color: red }").expect("note CSS"),
            "{page}"
        );
    }

    #[test]
    fn revealed_hints_are_shown_over_the_note_types_css() {
        let page = page("", &style(".hint { color: red }", 1), false, &["2".into()]);
        let shown = page
            .find("#hint2 { display: block")
            .expect("the hint is revealed");
        assert!(
            shown > page.find(".hint { color: red }").expect("note CSS"),
            "{page}"
        );
    }

    #[test]
    fn css_cannot_close_its_style_element() {
        let page = page("", &style("a{}</style><b>leak</b>", 1), false, &[]);
        assert!(!page.contains("</style><b>leak"), "{page}");
    }
}
