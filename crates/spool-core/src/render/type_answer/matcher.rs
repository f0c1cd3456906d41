//! The edits that turn what was typed into what was expected, found as Anki finds them: by
//! Ratcliff/Obershelp matching (Python's `difflib.SequenceMatcher`) as the Rust port Anki
//! builds on implements it, down to its handling of long expected texts.

use std::collections::HashMap;
use std::ops::Range;

/// Expected texts at least this long get the port's "popular characters" treatment.
const POPULARITY_MIN_LEN: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EditKind {
    /// The typed characters are the expected ones.
    Equal,
    /// The typed characters are not expected at all.
    Delete,
    /// The expected characters were not typed.
    Insert,
    /// The typed characters stand where other ones were expected.
    Replace,
}

/// One step from the typed text to the expected one, over character indices of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Edit {
    pub kind: EditKind,
    pub typed: Range<usize>,
    pub expected: Range<usize>,
}

/// A run of equal characters: `typed[typed_start..][..len] == expected[expected_start..][..len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Block {
    typed_start: usize,
    expected_start: usize,
    len: usize,
}

struct Matcher<'a> {
    typed: &'a [char],
    expected: &'a [char],
    /// Where each character that may start a match stands in `expected`, in order.
    positions: HashMap<char, Vec<usize>>,
}

impl<'a> Matcher<'a> {
    fn new(typed: &'a [char], expected: &'a [char]) -> Self {
        let mut positions: HashMap<char, Vec<usize>> = HashMap::new();
        for (index, &c) in expected.iter().enumerate() {
            positions.entry(c).or_default().push(index);
        }
        // Python drops the characters that are frequent in a long text, as noise. The port
        // Anki uses inverts that test and keeps only them, and what Anki shows follows it.
        if expected.len() >= POPULARITY_MIN_LEN {
            let popular_above = expected.len() / 100 + 1;
            positions.retain(|_, at| at.len() > popular_above);
        }
        Self {
            typed,
            expected,
            positions,
        }
    }

    /// The longest block within the given ranges; of equally long ones, the first in `typed`,
    /// then in `expected`.
    fn longest_block(&self, typed: Range<usize>, expected: Range<usize>) -> Block {
        let mut best = Block {
            typed_start: typed.start,
            expected_start: expected.start,
            len: 0,
        };
        // For each expected index, the length of the block ending there and at the previous
        // typed character.
        let mut ending_at: HashMap<usize, usize> = HashMap::new();
        for i in typed.clone() {
            let mut ending_next = HashMap::new();
            let candidates = self
                .positions
                .get(&self.typed[i])
                .map_or(&[][..], Vec::as_slice);
            for &j in candidates {
                if j < expected.start {
                    continue;
                }
                if j >= expected.end {
                    break;
                }
                let len = j
                    .checked_sub(1)
                    .and_then(|previous| ending_at.get(&previous))
                    .map_or(1, |len| len + 1);
                ending_next.insert(j, len);
                if len > best.len {
                    best = Block {
                        typed_start: i + 1 - len,
                        expected_start: j + 1 - len,
                        len,
                    };
                }
            }
            ending_at = ending_next;
        }
        // Characters left out of `positions` still join a block they touch.
        while best.typed_start > typed.start
            && best.expected_start > expected.start
            && self.typed[best.typed_start - 1] == self.expected[best.expected_start - 1]
        {
            best.typed_start -= 1;
            best.expected_start -= 1;
            best.len += 1;
        }
        while best.typed_start + best.len < typed.end
            && best.expected_start + best.len < expected.end
            && self.typed[best.typed_start + best.len]
                == self.expected[best.expected_start + best.len]
        {
            best.len += 1;
        }
        best
    }

    /// The blocks in order, adjacent ones merged, ending with an empty one at both ends.
    fn blocks(&self) -> Vec<Block> {
        let mut found = Vec::new();
        let mut pending = vec![(0..self.typed.len(), 0..self.expected.len())];
        while let Some((typed, expected)) = pending.pop() {
            let block = self.longest_block(typed.clone(), expected.clone());
            if block.len == 0 {
                continue;
            }
            if typed.start < block.typed_start && expected.start < block.expected_start {
                pending.push((
                    typed.start..block.typed_start,
                    expected.start..block.expected_start,
                ));
            }
            let (typed_end, expected_end) = (
                block.typed_start + block.len,
                block.expected_start + block.len,
            );
            if typed_end < typed.end && expected_end < expected.end {
                pending.push((typed_end..typed.end, expected_end..expected.end));
            }
            found.push(block);
        }
        found.sort();
        let mut merged: Vec<Block> = Vec::with_capacity(found.len() + 1);
        for block in found {
            match merged.last_mut() {
                Some(last)
                    if last.typed_start + last.len == block.typed_start
                        && last.expected_start + last.len == block.expected_start =>
                {
                    last.len += block.len;
                }
                _ => merged.push(block),
            }
        }
        merged.push(Block {
            typed_start: self.typed.len(),
            expected_start: self.expected.len(),
            len: 0,
        });
        merged
    }
}

/// The edits from `typed` to `expected`, covering both from start to end.
pub(super) fn edits(typed: &[char], expected: &[char]) -> Vec<Edit> {
    let mut edits = Vec::new();
    let (mut i, mut j) = (0, 0);
    for block in Matcher::new(typed, expected).blocks() {
        let kind = match (i < block.typed_start, j < block.expected_start) {
            (true, true) => Some(EditKind::Replace),
            (true, false) => Some(EditKind::Delete),
            (false, true) => Some(EditKind::Insert),
            (false, false) => None,
        };
        if let Some(kind) = kind {
            edits.push(Edit {
                kind,
                typed: i..block.typed_start,
                expected: j..block.expected_start,
            });
        }
        i = block.typed_start + block.len;
        j = block.expected_start + block.len;
        if block.len > 0 {
            edits.push(Edit {
                kind: EditKind::Equal,
                typed: block.typed_start..i,
                expected: block.expected_start..j,
            });
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    /// Each edit as (kind, typed text, expected text).
    fn spelled(typed: &str, expected: &str) -> Vec<(EditKind, String, String)> {
        let (typed, expected) = (chars(typed), chars(expected));
        edits(&typed, &expected)
            .into_iter()
            .map(|edit| {
                (
                    edit.kind,
                    typed[edit.typed].iter().collect(),
                    expected[edit.expected].iter().collect(),
                )
            })
            .collect()
    }

    fn edit(kind: EditKind, typed: &str, expected: &str) -> (EditKind, String, String) {
        (kind, typed.into(), expected.into())
    }

    #[test]
    fn equal_texts_are_one_equal_run() {
        assert_eq!(
            spelled("Madrid", "Madrid"),
            [edit(EditKind::Equal, "Madrid", "Madrid")]
        );
        assert!(spelled("", "").is_empty());
    }

    #[test]
    fn each_kind_of_difference() {
        use EditKind::*;
        assert_eq!(
            spelled("madird", "Madrid"),
            [
                edit(Replace, "m", "M"),
                edit(Equal, "ad", "ad"),
                edit(Insert, "", "r"),
                edit(Equal, "i", "i"),
                edit(Delete, "r", ""),
                edit(Equal, "d", "d"),
            ]
        );
        assert_eq!(spelled("abc", ""), [edit(Delete, "abc", "")]);
        assert_eq!(spelled("", "abc"), [edit(Insert, "", "abc")]);
    }

    #[test]
    fn the_longest_run_anchors_the_match() {
        use EditKind::*;
        // Python's difflib gives the same edits for these.
        assert_eq!(
            spelled("y ahora qe vamosa hacer", "¿Y ahora qué vamos a hacer?"),
            [
                edit(Replace, "y", "¿Y"),
                edit(Equal, " ahora q", " ahora q"),
                edit(Replace, "e", "ué"),
                edit(Equal, " vamos", " vamos"),
                edit(Insert, "", " "),
                edit(Equal, "a hacer", "a hacer"),
                edit(Insert, "", "?"),
            ]
        );
    }

    #[test]
    fn a_long_expected_text_matches_from_its_frequent_characters_only() {
        // Of these 200 characters only "abcd " occur more than 200 / 100 + 1 times, so the
        // "xyz" typed exactly is matched to nothing: Python's difflib would match it.
        let expected: String = format!("q xyz{}", "abcd ".repeat(40))
            .chars()
            .take(200)
            .collect();
        let found = spelled("xyz", &expected);
        assert_eq!(found, [edit(EditKind::Replace, "xyz", &expected)]);
    }
}
