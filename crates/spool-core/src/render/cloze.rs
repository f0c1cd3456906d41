//! Cloze deletions: `{{c1::answer}}`, `{{c1::answer::hint}}`, and `{{c1,2::answer}}` for
//! one deletion on several cards (Anki 26.05). A deletion whose text starts with
//! `image-occlusion:` is a mask of an Image Occlusion note and renders as Anki's mask
//! element, which [`super::occlusion`] draws.

use std::collections::BTreeSet;

use super::occlusion;

/// Highest cloze number that makes a card. Real notes use a handful; a larger number is a
/// typo or a hostile file, and would make card numbers other apps cannot read back.
pub const MAX_CLOZE_NUMBER: u32 = 500;

struct Deletion<'a> {
    start: usize,
    end: usize,
    /// The cards this deletion is hidden on; 0, which Anki gives image occlusion's text
    /// labels, is on no card and always shown.
    ords: Vec<u32>,
    answer: &'a str,
    hint: Option<&'a str>,
}

impl Deletion<'_> {
    fn is_on(&self, ord: u32) -> bool {
        self.ords.contains(&ord)
    }
}

/// The numbers of `{{c1,2::`: digits separated by commas, each at most [`MAX_CLOZE_NUMBER`].
fn cloze_numbers(digits: &str) -> Option<Vec<u32>> {
    digits
        .split(',')
        .map(|number| {
            let valid = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
            valid
                .then(|| number.parse().ok())
                .flatten()
                .filter(|n| *n <= MAX_CLOZE_NUMBER)
        })
        .collect()
}

fn deletions(text: &str) -> Vec<Deletion<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find("{{c") {
        let start = from + offset;
        let body_start = start + 3;
        let numbers_len = text[body_start..]
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b',')
            .count();
        let after_numbers = body_start + numbers_len;
        let parsed = (numbers_len > 0 && text[after_numbers..].starts_with("::"))
            .then(|| {
                text[after_numbers + 2..]
                    .find("}}")
                    .map(|len| (after_numbers + 2, len))
            })
            .flatten();
        let Some((content_start, len)) = parsed else {
            from = body_start;
            continue;
        };
        let content = &text[content_start..content_start + len];
        let (answer, hint) = match content.split_once("::") {
            Some((answer, hint)) => (answer, Some(hint)),
            None => (content, None),
        };
        let end = content_start + len + 2;
        if let Some(ords) = cloze_numbers(&text[body_start..after_numbers]) {
            found.push(Deletion {
                start,
                end,
                ords,
                answer,
                hint,
            });
        }
        from = end;
    }
    found
}

/// The cloze numbers (1-based) used in `text`; each makes one card.
pub fn ordinals(text: &str) -> BTreeSet<u32> {
    deletions(text)
        .into_iter()
        .flat_map(|d| d.ords)
        .filter(|ord| *ord > 0)
        .collect()
}

/// The answers of cloze `ord`, as a type-in card expects them typed: deletions of one number
/// joined by ", ", or the one answer when they all hide the same text, as Anki does.
pub fn answers(text: &str, ord: u32) -> String {
    let mut answers: Vec<&str> = deletions(text)
        .into_iter()
        .filter(|d| d.is_on(ord))
        .map(|d| d.answer)
        .collect();
    if answers.windows(2).all(|pair| pair[0] == pair[1]) {
        answers.truncate(1);
    }
    answers.join(", ")
}

/// Renders `text` for cloze `ord`: the active deletion is hidden on the question and
/// highlighted on the answer; the others show their answers. Text without deletion `ord`
/// renders empty, as in Anki: shown whole, it would be the answer on the question.
pub fn render(text: &str, ord: u32, answer_side: bool) -> String {
    let deletions = deletions(text);
    if !deletions.iter().any(|d| d.is_on(ord)) {
        return String::new();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for d in deletions {
        out.push_str(&text[last..d.start]);
        if let Some(shape) = d.answer.strip_prefix(occlusion::CLOZE_PREFIX) {
            out.push_str(&occlusion::mask_element(shape, &d.ords, ord, answer_side));
        } else if !d.is_on(ord) {
            out.push_str(d.answer);
        } else if answer_side {
            out.push_str(&format!("<span class=cloze>{}</span>", d.answer));
        } else {
            out.push_str(&format!(
                "<span class=cloze>[{}]</span>",
                d.hint.unwrap_or("...")
            ));
        }
        last = d.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_numbers_are_not_deletions() {
        assert_eq!(
            ordinals("{{c500::ok}} {{c501::no}} {{c4294967295::no}} {{c99999999999::no}}").len(),
            1
        );
    }

    #[test]
    fn one_deletion_can_be_on_several_cards() {
        let text = "{{c1,3::Rust}} and {{c2::Go}} {{c1,,2::bad}} {{c,1::bad}}";
        assert_eq!(ordinals(text).into_iter().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(
            render(text, 3, false),
            "<span class=cloze>[...]</span> and Go {{c1,,2::bad}} {{c,1::bad}}"
        );
        assert_eq!(answers(text, 1), "Rust");
    }

    #[test]
    fn the_answers_of_one_number_are_joined() {
        let text = "{{c1::Tokyo}} and {{c2::Osaka::city}} and {{c1::Kyoto}}";
        assert_eq!(answers(text, 1), "Tokyo, Kyoto");
        assert_eq!(answers(text, 2), "Osaka");
        assert_eq!(answers(text, 3), "");
        assert_eq!(answers("{{c1::foo}} {{c1::foo}} {{c1::foo}}", 1), "foo");
    }

    #[test]
    fn finds_ordinals() {
        let text = "{{c1::a}} {{c3::b::hint}} {{c1::c}} {{c::x}} {{c0::y}} {{c2::unclosed";
        assert_eq!(ordinals(text).into_iter().collect::<Vec<_>>(), [1, 3]);
    }

    #[test]
    fn hints_and_other_deletions() {
        let text = "{{c1::Rust}} has {{c2::ownership::a concept}}";
        assert_eq!(
            render(text, 2, false),
            "Rust has <span class=cloze>[a concept]</span>"
        );
        assert_eq!(
            render(text, 1, false),
            "<span class=cloze>[...]</span> has ownership"
        );
        assert_eq!(
            render(text, 1, true),
            "<span class=cloze>Rust</span> has ownership"
        );
    }

    #[test]
    fn text_without_the_cards_number_shows_nothing() {
        assert_eq!(render("{{c1::Paris}} is in France", 2, false), "");
        assert_eq!(render("{{c1::Paris}} is in France", 2, true), "");
        assert_eq!(render("no deletions at all", 1, false), "");
    }

    #[test]
    fn multibyte_text_is_safe() {
        assert_eq!(
            render("日本{{c1::語}}です", 1, true),
            "日本<span class=cloze>語</span>です"
        );
        assert_eq!(ordinals("{{c漢::x}}").len(), 0);
    }
}
