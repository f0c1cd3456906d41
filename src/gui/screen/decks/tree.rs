//! Which rows of the deck tree show, given the decks the person collapsed.

use std::collections::BTreeSet;

use spool_core::store::{DeckCounts, DeckId, is_same_or_descendant};

/// One visible row of the deck tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeRow {
    /// Index into the deck list.
    pub index: usize,
    pub has_subdecks: bool,
    pub collapsed: bool,
}

/// The rows to draw: every deck except those under a collapsed one. `decks` is in tree
/// order (each deck followed by its subdecks), as the store lists them, so one pass does.
pub fn visible_rows(decks: &[DeckCounts], collapsed: &BTreeSet<DeckId>) -> Vec<TreeRow> {
    let mut rows = Vec::with_capacity(decks.len());
    let mut hidden_under: Option<&str> = None;
    for (index, deck) in decks.iter().enumerate() {
        if let Some(ancestor) = hidden_under {
            if is_same_or_descendant(&deck.name, ancestor) {
                continue;
            }
            hidden_under = None;
        }
        let has_subdecks = decks
            .get(index + 1)
            .is_some_and(|next| is_same_or_descendant(&next.name, &deck.name));
        let is_collapsed = has_subdecks && collapsed.contains(&deck.id);
        if is_collapsed {
            hidden_under = Some(&deck.name);
        }
        rows.push(TreeRow {
            index,
            has_subdecks,
            collapsed: is_collapsed,
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deck(id: DeckId, name: &str) -> DeckCounts {
        DeckCounts {
            id,
            name: name.into(),
            depth: name.matches("::").count(),
            notes: 0,
            cards: 0,
            new: 0,
            learning: 0,
            due: 0,
        }
    }

    fn tree() -> Vec<DeckCounts> {
        vec![
            deck(1, "A"),
            deck(2, "A::x"),
            deck(3, "A::x::deep"),
            deck(4, "A::y"),
            deck(5, "AB"),
            deck(6, "B"),
        ]
    }

    fn shown(collapsed: &[DeckId]) -> Vec<DeckId> {
        let decks = tree();
        visible_rows(&decks, &collapsed.iter().copied().collect())
            .into_iter()
            .map(|row| decks[row.index].id)
            .collect()
    }

    #[test]
    fn everything_shows_until_a_deck_is_collapsed() {
        assert_eq!(shown(&[]), [1, 2, 3, 4, 5, 6]);
        let rows = visible_rows(&tree(), &BTreeSet::new());
        let with_subdecks: Vec<bool> = rows.iter().map(|row| row.has_subdecks).collect();
        assert_eq!(with_subdecks, [true, true, false, false, false, false]);
    }

    #[test]
    fn a_collapsed_deck_hides_all_its_subdecks_and_only_them() {
        assert_eq!(shown(&[1]), [1, 5, 6], "AB is not under A");
        assert_eq!(shown(&[2]), [1, 2, 4, 5, 6]);
        assert_eq!(
            shown(&[3, 6]),
            [1, 2, 3, 4, 5, 6],
            "decks without subdecks have nothing to hide"
        );
    }

    #[test]
    fn subdecks_belong_to_their_parent_whatever_the_case() {
        let decks = vec![
            deck(1, "Spanish"),
            deck(2, "spanish::Verbs"),
            deck(3, "Swedish"),
        ];
        let rows = visible_rows(&decks, &BTreeSet::from([1]));
        let ids: Vec<DeckId> = rows.iter().map(|row| decks[row.index].id).collect();
        assert_eq!(ids, [1, 3]);
        assert!(rows[0].has_subdecks && rows[0].collapsed);
    }
}
