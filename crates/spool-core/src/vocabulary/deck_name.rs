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

/// A list of decks in tree order: each deck right before its subdecks, siblings level by
/// level regardless of ASCII case (the case deck names are unique regardless of), so "A::B"
/// comes right under "A", before "A2" and "A B".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeOrder {
    /// Indexes into the names given, in tree order.
    pub order: Vec<usize>,
    /// For each position in `order`, the position of the nearest ancestor listed (a deck whose
    /// parent is missing hangs under its grandparent).
    pub parent: Vec<Option<usize>>,
}

/// Puts deck names in tree order. Work and memory grow with the names' total length, not with
/// its square, however deep the tree: a 3,000-level chain is as cheap as 3,000 siblings of
/// the same length.
pub fn tree_order(names: &[&str]) -> TreeOrder {
    let keys: Vec<Vec<u8>> = names.iter().map(|name| tree_key(name)).collect();
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]));
    // Subtrees are contiguous in this order, so the ancestors of each deck are a stack.
    let mut parent = Vec::with_capacity(order.len());
    let mut ancestors: Vec<usize> = Vec::new();
    for (position, &index) in order.iter().enumerate() {
        while let Some(&top) = ancestors.last() {
            if is_key_ancestor(&keys[order[top]], &keys[index]) {
                break;
            }
            ancestors.pop();
        }
        parent.push(ancestors.last().copied());
        ancestors.push(position);
    }
    TreeOrder { order, parent }
}

/// Byte that stands for each character of the separator in a sort key: names cannot contain
/// control characters, so it sorts before anything a level can hold.
const KEY_SEPARATOR: u8 = 0x01;

/// A name's sort key: ASCII-lowercased, each `::` replaced by two [`KEY_SEPARATOR`]s. The
/// key of `P::x` is the key of `P`, two separators and the key of `x`, so comparing keys
/// compares level by level.
fn tree_key(name: &str) -> Vec<u8> {
    let name = name.as_bytes();
    let mut key = Vec::with_capacity(name.len());
    let mut at = 0;
    while let Some(&byte) = name.get(at) {
        if byte == b':' && name.get(at + 1) == Some(&b':') {
            key.extend([KEY_SEPARATOR; 2]);
            at += 2;
        } else {
            key.push(byte.to_ascii_lowercase());
            at += 1;
        }
    }
    key
}

fn is_key_ancestor(ancestor: &[u8], key: &[u8]) -> bool {
    key.len() > ancestor.len() + 2
        && key.starts_with(ancestor)
        && key[ancestor.len()] == KEY_SEPARATOR
        && key[ancestor.len() + 1] == KEY_SEPARATOR
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_tree_order(names: &[&str]) -> Vec<(String, Option<String>)> {
        let tree = tree_order(names);
        tree.order
            .iter()
            .zip(&tree.parent)
            .map(|(&index, parent)| {
                let parent = parent.map(|position| names[tree.order[position]].to_string());
                (names[index].to_string(), parent)
            })
            .collect()
    }

    #[test]
    fn subdecks_follow_their_parent_before_its_next_sibling() {
        let names = ["A2", "b", "A B", "A::y", "A", "A::x::deep", "a::X"];
        let listed = in_tree_order(&names);
        let order: Vec<&str> = listed.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(order, ["A", "a::X", "A::x::deep", "A::y", "A B", "A2", "b"]);
        let parents: Vec<Option<&str>> = listed.iter().map(|(_, p)| p.as_deref()).collect();
        assert_eq!(
            parents,
            [None, Some("A"), Some("a::X"), Some("A"), None, None, None]
        );
    }

    #[test]
    fn a_missing_parent_leaves_the_nearest_ancestor() {
        let listed = in_tree_order(&["A::B::C", "A", "A::Bx"]);
        assert_eq!(
            listed,
            [
                ("A".to_string(), None),
                ("A::B::C".to_string(), Some("A".to_string())),
                ("A::Bx".to_string(), Some("A".to_string())),
            ]
        );
    }

    #[test]
    fn a_single_colon_stays_inside_its_level() {
        // "A:::B" is "A" then ":B", as splitting on the separator reads it.
        let listed = in_tree_order(&["A:::B", "A", "A:B"]);
        assert_eq!(
            listed,
            [
                ("A".to_string(), None),
                ("A:::B".to_string(), Some("A".to_string())),
                ("A:B".to_string(), None),
            ]
        );
    }

    #[test]
    fn a_deep_chain_keeps_every_parent() {
        let names: Vec<String> = (1..=500)
            .map(|depth| {
                (0..depth)
                    .map(|level| format!("L{level}"))
                    .collect::<Vec<_>>()
                    .join(DECK_SEPARATOR)
            })
            .rev()
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let tree = tree_order(&names);
        let depths: Vec<usize> = tree
            .order
            .iter()
            .map(|&i| names[i].matches("::").count())
            .collect();
        assert_eq!(depths, (0..500).collect::<Vec<_>>());
        assert_eq!(tree.parent[0], None);
        assert!(
            tree.parent[1..]
                .iter()
                .enumerate()
                .all(|(i, &p)| p == Some(i))
        );
    }

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
