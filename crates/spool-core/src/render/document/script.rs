//! Sub- and superscript text as Unicode's raised and lowered characters.
//!
//! iced's text spans cannot shift their baseline, so `x<sup>2</sup>` drawn as a smaller span
//! reads as `x2`. Unicode has real superscript and subscript forms for digits, `+ - = ( )`
//! and a few letters; a run made only of those is drawn as `x²` instead. Only the
//! "Superscripts and Subscripts" block (and Latin-1's `¹²³`) is used: common fonts cover
//! it, unlike the scattered modifier letters for the rest of the alphabet.

use super::Script;

impl Script {
    /// `text` written in this script's Unicode characters, or `None` when one of its
    /// characters has no such form (then the whole run keeps its ordinary characters, as a
    /// half-raised mixture reads worse than none). Spaces stay spaces.
    pub fn to_unicode(self, text: &str) -> Option<String> {
        text.chars().map(|c| self.char_form(c)).collect()
    }

    fn char_form(self, c: char) -> Option<char> {
        if c == ' ' {
            return Some(c);
        }
        match self {
            Script::Normal => Some(c),
            Script::Super => superscript(c),
            Script::Sub => subscript(c),
        }
    }
}

const SUPERSCRIPT_DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
const SUBSCRIPT_DIGITS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];

fn superscript(c: char) -> Option<char> {
    Some(match c {
        '0'..='9' => SUPERSCRIPT_DIGITS[c.to_digit(10)? as usize],
        '+' => '⁺',
        '-' | '−' => '⁻',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        'i' => 'ⁱ',
        'n' => 'ⁿ',
        _ => return None,
    })
}

fn subscript(c: char) -> Option<char> {
    Some(match c {
        '0'..='9' => SUBSCRIPT_DIGITS[c.to_digit(10)? as usize],
        '+' => '₊',
        '-' | '−' => '₋',
        '=' => '₌',
        '(' => '₍',
        ')' => '₎',
        'a' => 'ₐ',
        'e' => 'ₑ',
        'o' => 'ₒ',
        'x' => 'ₓ',
        'h' => 'ₕ',
        'k' => 'ₖ',
        'l' => 'ₗ',
        'm' => 'ₘ',
        'n' => 'ₙ',
        'p' => 'ₚ',
        's' => 'ₛ',
        't' => 'ₜ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_signs_have_both_forms() {
        assert_eq!(
            Script::Super.to_unicode("0123456789+-=()").as_deref(),
            Some("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")
        );
        assert_eq!(
            Script::Sub.to_unicode("0123456789+-=()").as_deref(),
            Some("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
        );
        // `&minus;` decodes to U+2212, which is a minus too.
        assert_eq!(Script::Super.to_unicode("−1").as_deref(), Some("⁻¹"));
    }

    #[test]
    fn letters_only_where_unicode_has_them() {
        assert_eq!(Script::Super.to_unicode("n").as_deref(), Some("ⁿ"));
        assert_eq!(Script::Super.to_unicode("i").as_deref(), Some("ⁱ"));
        assert_eq!(
            Script::Sub.to_unicode("aeoxhklmnpst").as_deref(),
            Some("ₐₑₒₓₕₖₗₘₙₚₛₜ")
        );
        assert_eq!(Script::Super.to_unicode("a"), None);
        assert_eq!(Script::Sub.to_unicode("i"), None);
        assert_eq!(Script::Sub.to_unicode("A"), None);
    }

    #[test]
    fn one_character_without_a_form_keeps_the_whole_run() {
        // e^(-iπ): π has no superscript.
        assert_eq!(Script::Super.to_unicode("-iπ"), None);
        assert_eq!(Script::Super.to_unicode("2nd"), None);
        assert_eq!(Script::Sub.to_unicode("max"), Some("ₘₐₓ".into()));
        assert_eq!(Script::Sub.to_unicode("min"), None);
    }

    #[test]
    fn spaces_stay_and_normal_text_is_unchanged() {
        assert_eq!(Script::Super.to_unicode("n + 1").as_deref(), Some("ⁿ ⁺ ¹"));
        assert_eq!(Script::Normal.to_unicode("x2 π").as_deref(), Some("x2 π"));
    }
}
