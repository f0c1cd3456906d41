//! Turning note fields and templates into card faces.

pub mod cloze;
pub mod code;
pub mod field;
mod furigana;
pub mod highlight;
pub mod hint;
pub mod html;
pub mod line_breaks;
pub mod link;
pub mod media;
pub mod occlusion;
pub mod page;
pub mod sound;
mod tag;
pub mod template;
pub mod type_answer;

pub use link::CardLink;
pub use page::CardStyle;
pub use template::{CardFaces, SpecialFields, render_card};
pub use type_answer::{TypeAnswer, compare_answer};

/// `count` followed by `noun`, plural unless the count is one: "1 note", "2,500 notes".
pub fn counted(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", grouped(count))
    }
}

/// `count` with its digits grouped in threes: "1,234,567".
pub fn grouped(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_read_as_english() {
        assert_eq!(super::counted(0, "note"), "0 notes");
        assert_eq!(super::counted(1, "card"), "1 card");
        assert_eq!(super::counted(53, "media file"), "53 media files");
        assert_eq!(super::counted(2500, "note"), "2,500 notes");
    }

    #[test]
    fn digits_are_grouped_in_threes() {
        assert_eq!(super::grouped(0), "0");
        assert_eq!(super::grouped(999), "999");
        assert_eq!(super::grouped(1000), "1,000");
        assert_eq!(super::grouped(300_000), "300,000");
        assert_eq!(super::grouped(1_234_567), "1,234,567");
    }
}
