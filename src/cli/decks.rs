//! `spool decks`

use std::io::Write;

use serde::Serialize;
use spool_core::app::Spool;

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
    let label = |name: &str| {
        let depth = name.matches(spool_core::store::DECK_SEPARATOR).count();
        let short = name
            .rsplit(spool_core::store::DECK_SEPARATOR)
            .next()
            .unwrap_or(name);
        format!("{}{short}", "  ".repeat(depth))
    };
    let width = counts
        .iter()
        .map(|c| label(&c.name).chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{:width$}  {:>6} {:>6} {:>6} {:>6} {:>6}",
        "Deck", "New", "Learn", "Due", "Cards", "Notes"
    )?;
    for c in &counts {
        writeln!(
            out,
            "{:width$}  {:>6} {:>6} {:>6} {:>6} {:>6}",
            label(&c.name),
            c.new,
            c.learning,
            c.due,
            c.cards,
            c.notes
        )?;
    }
    Ok(())
}
