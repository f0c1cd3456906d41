//! `spool search`

use std::io::Write;

use spool_core::app::Spool;
use spool_core::render::html::to_plain_text;

#[derive(clap::Args)]
pub struct Args {
    /// Query: words, "quoted phrases", deck:NAME, tag:NAME, note:TYPE, is:due|new|learn|review|suspended;
    /// prefix a term with - to negate it. Empty matches everything.
    #[arg(default_value = "")]
    query: String,
    /// Print notes with their fields and cards as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(spool: &Spool, args: Args) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let notes = spool.search(&args.query)?;
    if args.json {
        return super::print_json(&mut out, &notes);
    }
    for note in &notes {
        let first = note
            .fields
            .values()
            .next()
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let text = to_plain_text(first).replace('\n', " ");
        let short: String = text.chars().take(70).collect();
        let ellipsis = if text.chars().count() > 70 { "…" } else { "" };
        writeln!(out, "{:>6}  {:<32}  {short}{ellipsis}", note.id, note.deck)?;
    }
    eprintln!("{} notes", notes.len());
    Ok(())
}
