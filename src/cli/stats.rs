//! `spool stats`

use std::io::Write;

use spool_core::app::Spool;

#[derive(clap::Args)]
pub struct Args {
    /// Print the statistics as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(spool: &Spool, args: Args) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let stats = spool.stats()?;
    if args.json {
        return super::print_json(&mut out, &stats);
    }
    let c = &stats.cards;
    writeln!(out, "Notes       {}", stats.notes)?;
    writeln!(
        out,
        "Cards       {} new, {} learning, {} review, {} suspended",
        c.new, c.learning, c.review, c.suspended
    )?;
    writeln!(
        out,
        "Reviews     {} today, {} in the last 30 days",
        stats.reviews_today, stats.reviews_recent
    )?;
    match stats.retention_recent {
        Some(share) => writeln!(
            out,
            "Retention   {:.1}% of reviews in the last 30 days recalled",
            share * 100.0
        ),
        None => writeln!(out, "Retention   no reviews in the last 30 days"),
    }?;
    if let Some(ease) = stats.average_ease {
        writeln!(out, "Ease        {ease:.2} on average")?;
    }
    let week: Vec<String> = stats
        .due_forecast
        .iter()
        .take(7)
        .map(u64::to_string)
        .collect();
    writeln!(
        out,
        "Due         {} (today and the next 6 days)",
        week.join(" ")
    )?;
    let answers: Vec<String> = stats
        .answers_by_quality
        .iter()
        .enumerate()
        .map(|(q, n)| format!("{q}:{n}"))
        .collect();
    writeln!(
        out,
        "Answers     {} (by quality, last 30 days)",
        answers.join(" ")
    )?;
    Ok(())
}
