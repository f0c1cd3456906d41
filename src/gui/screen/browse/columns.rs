//! The browser's columns: what each shows and sorts by, and how wide each is. The
//! question takes the width the others leave; the others can be dragged wider or narrower,
//! and in a narrow table (a small window, a large interface scale) Created, then Ease, then
//! Interval give way so the question stays readable.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use iced::{Fill, Length};
use spool_core::app::CardRow;

/// Room between two cells, which is also where a column's edge is dragged.
pub const CELL_SPACING: f32 = 8.0;
/// The least width the question keeps before another column gives way.
const MIN_QUESTION_WIDTH: f32 = 180.0;
/// The narrowest and widest a dragged column can be.
const DRAGGED_WIDTHS: std::ops::RangeInclusive<f32> = 48.0..=600.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Question,
    Deck,
    Due,
    Interval,
    Ease,
    Created,
}

impl Column {
    pub const ALL: [Column; 6] = [
        Column::Question,
        Column::Deck,
        Column::Due,
        Column::Interval,
        Column::Ease,
        Column::Created,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Question => "Question",
            Column::Deck => "Deck",
            Column::Due => "Due",
            Column::Interval => "Interval",
            Column::Ease => "Ease",
            Column::Created => "Created",
        }
    }

    pub fn compare(self, a: &CardRow, b: &CardRow) -> Ordering {
        match self {
            Column::Question => a.question.to_lowercase().cmp(&b.question.to_lowercase()),
            Column::Deck => a.deck.cmp(&b.deck),
            // New cards have no due date and sort after every scheduled one.
            Column::Due => (a.due.is_none(), &a.due).cmp(&(b.due.is_none(), &b.due)),
            Column::Interval => a.interval.cmp(&b.interval),
            Column::Ease => a.ease.total_cmp(&b.ease),
            Column::Created => a.created.cmp(&b.created),
        }
    }

    pub fn cell(self, row: &CardRow) -> String {
        match self {
            Column::Question => row.question.clone(),
            Column::Deck => row.deck.replace(spool_core::store::DECK_SEPARATOR, " › "),
            Column::Due => row.due.clone().unwrap_or_else(|| "new".into()),
            Column::Interval => format!("{}d", row.interval),
            Column::Ease => format!("{:.0}%", row.ease * 100.0),
            Column::Created => chrono::DateTime::from_timestamp(row.created, 0)
                .map(|at| at.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        }
    }
}

/// Each column's width but the question's, which fills the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Widths(BTreeMap<Column, f32>);

impl Default for Widths {
    fn default() -> Self {
        Widths(BTreeMap::from([
            (Column::Deck, 200.0),
            (Column::Due, 100.0),
            (Column::Interval, 72.0),
            (Column::Ease, 72.0),
            (Column::Created, 100.0),
        ]))
    }
}

impl Widths {
    /// The width of `column`; `None` for the question, which fills.
    pub fn of(&self, column: Column) -> Option<f32> {
        self.0.get(&column).copied()
    }

    pub fn length(&self, column: Column) -> Length {
        self.of(column).map_or(Fill, Length::Fixed)
    }

    /// Sets a dragged column's width, within reason; the question's cannot be set.
    pub fn set(&mut self, column: Column, width: f32) {
        if let Some(current) = self.0.get_mut(&column) {
            *current = width.clamp(*DRAGGED_WIDTHS.start(), *DRAGGED_WIDTHS.end());
        }
    }

    /// The columns a table `width` wide shows.
    pub fn visible(&self, width: f32) -> Vec<Column> {
        let mut shown = Column::ALL.to_vec();
        for dropped in [Column::Created, Column::Ease, Column::Interval] {
            if self.question_width(&shown, width) >= MIN_QUESTION_WIDTH {
                break;
            }
            shown.retain(|column| *column != dropped);
        }
        shown
    }

    /// What the question gets of a table `width` wide showing `columns`.
    fn question_width(&self, columns: &[Column], width: f32) -> f32 {
        let others: f32 = columns.iter().filter_map(|&column| self.of(column)).sum();
        let gaps = CELL_SPACING * columns.len().saturating_sub(1) as f32;
        width - others - gaps
    }

    /// How wide a cell of `column` is in a table `width` wide showing `columns`.
    pub fn cell_width(&self, column: Column, columns: &[Column], width: f32) -> f32 {
        self.of(column)
            .unwrap_or_else(|| self.question_width(columns, width))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_tables_drop_the_least_needed_columns_first() {
        let widths = Widths::default();
        assert_eq!(widths.visible(900.0), Column::ALL);
        let narrow = widths.visible(560.0);
        assert!(!narrow.contains(&Column::Created), "{narrow:?}");
        assert!(narrow.contains(&Column::Question) && narrow.contains(&Column::Deck));
        let narrowest = widths.visible(300.0);
        assert_eq!(narrowest, [Column::Question, Column::Deck, Column::Due]);
    }

    #[test]
    fn the_question_fills_what_the_dragged_columns_leave() {
        let mut widths = Widths::default();
        let all = Column::ALL;
        let before = widths.cell_width(Column::Question, &all, 900.0);
        widths.set(Column::Deck, 260.0);
        assert_eq!(widths.of(Column::Deck), Some(260.0));
        assert_eq!(
            widths.cell_width(Column::Question, &all, 900.0),
            before - 60.0
        );
        widths.set(Column::Deck, 5.0);
        assert_eq!(
            widths.of(Column::Deck),
            Some(48.0),
            "never too narrow to grab"
        );
        widths.set(Column::Question, 10.0);
        assert_eq!(
            widths.of(Column::Question),
            None,
            "the question still fills"
        );
    }
}
