//! `spool answer`: answer cards by id, for scripts. Each answer is committed before its
//! line is printed, so a printed line means the answer is on disk.

use std::io::{BufRead, Write};

use anyhow::{Context, bail};
use spool_core::app::Spool;

#[derive(clap::Args)]
pub struct Args {
    /// CARD_ID QUALITY pairs (quality 0-5); with none, pairs are read from stdin, one per line
    #[arg(value_name = "CARD_ID QUALITY")]
    pairs: Vec<String>,
}

fn parse_pair(card: &str, quality: &str) -> anyhow::Result<(i64, u8)> {
    let card = card
        .parse()
        .with_context(|| format!("card id {card:?} is not a number"))?;
    let quality = quality
        .parse::<u8>()
        .ok()
        .filter(|q| *q <= 5)
        .with_context(|| {
            format!("quality {quality:?} is out of range: SM-2 grades go from 0 to 5")
        })?;
    Ok((card, quality))
}

fn answer(
    spool: &mut Spool,
    out: &mut impl Write,
    card: &str,
    quality: &str,
) -> anyhow::Result<()> {
    let (card_id, quality) = parse_pair(card, quality)?;
    let answered = spool.answer_card_with_quality(card_id, quality, 0)?;
    writeln!(
        out,
        "{}",
        serde_json::json!({
            "review_id": answered.review_id,
            "card_id": card_id,
            "quality": quality,
            "kind": answered.kind,
            "queue": answered.card.schedule.queue,
            "interval": answered.card.schedule.sm2.interval_days,
        })
    )?;
    out.flush()?;
    Ok(())
}

pub fn run(spool: &mut Spool, args: Args) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let _checkpointer = spool.spawn_checkpointer()?;
    if !args.pairs.is_empty() {
        if !args.pairs.len().is_multiple_of(2) {
            bail!("answers come in pairs: CARD_ID QUALITY");
        }
        for pair in args.pairs.chunks(2) {
            answer(spool, &mut out, &pair[0], &pair[1])?;
        }
        return Ok(());
    }
    for (number, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.context("cannot read stdin")?;
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [] => continue,
            [card, quality] => answer(spool, &mut out, card, quality),
            _ => Err(anyhow::anyhow!("expected CARD_ID QUALITY")),
        }
        .with_context(|| format!("stdin line {}", number + 1))?;
    }
    Ok(())
}
