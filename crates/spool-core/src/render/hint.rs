//! Anki's `{{hint:Field}}`: a link that reveals the field when clicked. Anki does this with
//! a script; Spool runs none, so the link names the hint and the window redraws the face
//! with it revealed.

use super::link::HINT_SCHEME;

/// The hint's markup. `id` tells the hints of one face apart; `field` labels the link, as
/// in Anki.
pub fn hint(value: &str, field: &str, id: usize) -> String {
    if value.trim().is_empty() {
        return String::new();
    }
    let field = html_escape::encode_text(field);
    format!(
        "<a class=hint href=\"{HINT_SCHEME}{id}\">{field}</a>\
         <div id=\"hint{id}\" class=hint style=\"display: none\">{value}</div>"
    )
}

/// CSS that shows the hints `revealed` (their ids) in place of their links.
pub fn revealed_css(revealed: &[String]) -> String {
    revealed
        .iter()
        .filter(|id| id.chars().all(|c| c.is_ascii_digit()))
        .map(|id| {
            format!(
                "#hint{id} {{ display: block !important; }} \
                 a[href=\"{HINT_SCHEME}{id}\"] {{ display: none !important; }}\n"
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hint_is_a_link_with_its_field_hidden_behind_it() {
        let markup = hint("a <b>mnemonic</b>", "Extra", 3);
        assert_eq!(
            markup,
            "<a class=hint href=\"spool-hint:3\">Extra</a>\
             <div id=\"hint3\" class=hint style=\"display: none\">a <b>mnemonic</b></div>"
        );
    }

    #[test]
    fn an_empty_field_gives_no_hint_link() {
        assert_eq!(hint("  ", "Extra", 0), "");
    }

    #[test]
    fn revealing_shows_the_field_and_hides_the_link() {
        let css = revealed_css(&["3".into()]);
        assert!(
            css.contains("#hint3 { display: block !important; }"),
            "{css}"
        );
        assert!(
            css.contains("a[href=\"spool-hint:3\"] { display: none !important; }"),
            "{css}"
        );
    }

    #[test]
    fn a_revealed_id_cannot_inject_css() {
        assert_eq!(revealed_css(&["1}body{display:none".into()]), "");
    }
}
