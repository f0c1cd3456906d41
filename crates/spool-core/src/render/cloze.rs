//! Cloze deletions: `{{c1::answer}}` or `{{c1::answer::hint}}`.

use std::collections::BTreeSet;

/// Highest cloze number that makes a card. Real notes use a handful; a larger number is a
/// typo or a hostile file, and would make card numbers other apps cannot read back.
pub const MAX_CLOZE_NUMBER: u32 = 500;

struct Deletion<'a> {
    start: usize,
    end: usize,
    ord: u32,
    answer: &'a str,
    hint: Option<&'a str>,
}

fn deletions(text: &str) -> Vec<Deletion<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find("{{c") {
        let start = from + offset;
        let body_start = start + 3;
        let digits = text[body_start..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let after_digits = body_start + digits;
        let parsed = (digits > 0 && text[after_digits..].starts_with("::"))
            .then(|| {
                text[after_digits + 2..]
                    .find("}}")
                    .map(|len| (after_digits + 2, len))
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
        let ord = text[body_start..after_digits].parse().unwrap_or(0);
        let end = content_start + len + 2;
        if (1..=MAX_CLOZE_NUMBER).contains(&ord) {
            found.push(Deletion {
                start,
                end,
                ord,
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
    deletions(text).into_iter().map(|d| d.ord).collect()
}

/// The answers of cloze `ord`, as a type-in card expects them typed: deletions of one number
/// joined by ", ", or the one answer when they all hide the same text, as Anki does.
pub fn answers(text: &str, ord: u32) -> String {
    let mut answers: Vec<&str> = deletions(text)
        .into_iter()
        .filter(|d| d.ord == ord)
        .map(|d| d.answer)
        .collect();
    if answers.windows(2).all(|pair| pair[0] == pair[1]) {
        answers.truncate(1);
    }
    answers.join(", ")
}

/// Renders `text` for cloze `ord`: the active deletion is hidden on the question and
/// highlighted on the answer; the others show their answers.
pub fn render(text: &str, ord: u32, answer_side: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for d in deletions(text) {
        out.push_str(&text[last..d.start]);
        if d.ord != ord {
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
    fn multibyte_text_is_safe() {
        assert_eq!(
            render("日本{{c1::語}}です", 1, true),
            "日本<span class=cloze>語</span>です"
        );
        assert_eq!(ordinals("{{c漢::x}}").len(), 0);
    }
}
