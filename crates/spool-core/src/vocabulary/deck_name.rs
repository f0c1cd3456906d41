//! Deck names: a tree spelled with `::` between levels, as in Anki.

use crate::error::{Error, Result};

/// Separates the levels of a deck name: `Parallel Programming::Threading`.
pub const DECK_SEPARATOR: &str = "::";

/// The deck notes go to when nothing names one, as in Anki.
pub const DEFAULT_DECK_NAME: &str = "Default";

/// Whether the deck named `name` is `ancestor` or under it; names compare regardless of case,
/// as deck names are unique regardless of case.
pub fn is_same_or_descendant(name: &str, ancestor: &str) -> bool {
    name.eq_ignore_ascii_case(ancestor)
        || (name.len() > ancestor.len() + DECK_SEPARATOR.len()
            && name.is_char_boundary(ancestor.len())
            && name[..ancestor.len()].eq_ignore_ascii_case(ancestor)
            && name[ancestor.len()..].starts_with(DECK_SEPARATOR))
}

/// Trims each level and rejects empty levels and control characters.
pub fn normalize_deck_name(name: &str) -> Result<String> {
    let invalid = |reason| Error::InvalidDeckName {
        name: name.to_string(),
        reason,
    };
    if name.chars().any(char::is_control) {
        return Err(invalid("deck names cannot contain control characters"));
    }
    let levels: Vec<&str> = name.split(DECK_SEPARATOR).map(str::trim).collect();
    if levels.iter().any(|level| level.is_empty()) {
        return Err(invalid(
            "every level of a deck name needs at least one character",
        ));
    }
    Ok(levels.join(DECK_SEPARATOR))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalized() {
        assert_eq!(normalize_deck_name(" A :: B ").unwrap(), "A::B");
        assert!(normalize_deck_name("A::::B").is_err());
        assert!(normalize_deck_name("").is_err());
        assert!(normalize_deck_name("A\nB").is_err());
    }

    #[test]
    fn descendants() {
        assert!(is_same_or_descendant("A::B", "A"));
        assert!(is_same_or_descendant("a::b", "A"));
        assert!(is_same_or_descendant("A", "a"));
        assert!(!is_same_or_descendant("AB", "A"));
        assert!(!is_same_or_descendant("A", "A::B"));
    }
}
