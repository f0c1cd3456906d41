//! `spool decks`

use std::io::Write;

use serde::Serialize;
use spool_core::app::Spool;
use spool_core::store::DeckCounts;

#[derive(clap::Args)]
pub struct Args {
    /// Print a JSON array of {name, notes, cards, new, learning, due}
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct DeckRow<'a> {
    name: &'a str,
    notes: u64,
    cards: u64,
    new: u64,
    learning: u64,
    due: u64,
}

/// Levels past this are drawn at this indent with their level number, so the listing of a
/// very deep tree grows with the number of decks, not with the square of its depth.
const MAX_INDENT_LEVELS: usize = 12;

/// A longer deck label pushes its own row's counts right rather than every row's.
const MAX_NAME_COLUMN: usize = 60;

/// The deck's own level name, indented by its depth.
fn label(deck: &DeckCounts) -> String {
    let (name, depth) = (deck.name.as_str(), deck.depth);
    let short = name
        .rsplit(spool_core::store::DECK_SEPARATOR)
        .next()
        .unwrap_or(name);
    let indent = "  ".repeat(depth.min(MAX_INDENT_LEVELS));
    if depth > MAX_INDENT_LEVELS {
        format!("{indent}[level {}] {short}", depth + 1)
    } else {
        format!("{indent}{short}")
    }
}

pub fn run(spool: &Spool, args: Args) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let counts = spool.deck_counts()?;
    if args.json {
        let rows: Vec<DeckRow<'_>> = counts
            .iter()
            .map(|c| DeckRow {
                name: &c.name,
                notes: c.notes,
                cards: c.cards,
                new: c.new,
                learning: c.learning,
                due: c.due,
            })
            .collect();
        return super::print_json(&mut out, &rows);
    }
    let labels: Vec<String> = counts.iter().map(label).collect();
    let width = labels
        .iter()
        .map(|label| label.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, MAX_NAME_COLUMN);
    writeln!(
        out,
        "{:width$}  {:>6} {:>6} {:>6} {:>6} {:>6}",
        "Deck", "New", "Learn", "Due", "Cards", "Notes"
    )?;
    for (c, label) in counts.iter().zip(&labels) {
        writeln!(
            out,
            "{:width$}  {:>6} {:>6} {:>6} {:>6} {:>6}",
            label, c.new, c.learning, c.due, c.cards, c.notes
        )?;
    }
    Ok(())
}
