//! `spool study`: a terminal study session.

use std::io::{BufRead, Write};
use std::time::Instant;

use spool_core::app::{Spool, StudyCard, StudySession, held_back_notice};
use spool_core::render::html::to_plain_text;
use spool_core::scheduler::{DayClock, Grade};
use spool_core::store::CardAnswer;

#[derive(clap::Args)]
pub struct Args {
    /// Deck to study, with its subdecks (default: all decks)
    #[arg(long)]
    deck: Option<String>,
    /// Grade on SM-2's own 0-5 quality scale instead of the four buttons
    #[arg(long)]
    sm2_scale: bool,
}

/// What the person typed at a prompt.
enum Input {
    Line(String),
    Quit,
}

fn prompt(
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    text: &str,
) -> anyhow::Result<Input> {
    print!("{text} ");
    std::io::stdout().flush()?;
    match lines.next() {
        None => Ok(Input::Quit),
        Some(line) => {
            let line = line?.trim().to_string();
            Ok(if line == "q" {
                Input::Quit
            } else {
                Input::Line(line)
            })
        }
    }
}

fn show_header(session: &StudySession, card: &StudyCard) {
    let left = session.remaining();
    let drill = if card.drill {
        "  (same-day drill: this answer does not reschedule)"
    } else {
        ""
    };
    println!(
        "\n── New {} · Learning {} · Due {} ──{drill}",
        left.new, left.learning, left.review
    );
}

fn button_legend(card: &StudyCard, sm2_scale: bool) -> String {
    if sm2_scale {
        return "Grade 0-5 (0 blackout … 5 perfect), u undo, @ suspend, q quit:".into();
    }
    let buttons: Vec<String> = card
        .buttons()
        .iter()
        .enumerate()
        .map(|(i, b)| format!("{} {} ({})", i + 1, b.grade.label(), b.label()))
        .collect();
    format!("{}  ·  u undo, @ suspend, q quit:", buttons.join("   "))
}

/// The answer typed at the grade prompt: a button's number, or with `sm2_scale` a quality
/// from 0 to 5. `None` when the input is neither.
fn answer_of(
    spool: &Spool,
    card: &StudyCard,
    input: &str,
    sm2_scale: bool,
    duration_ms: u32,
) -> anyhow::Result<Option<CardAnswer>> {
    let Ok(number) = input.parse::<u8>() else {
        return Ok(None);
    };
    Ok(if sm2_scale {
        (number <= 5)
            .then(|| spool.quality_answer(&card.card, number, duration_ms))
            .transpose()?
    } else {
        Grade::from_key(number).map(|grade| card.answer(grade, duration_ms))
    })
}

pub fn run(spool: &mut Spool, args: Args) -> anyhow::Result<()> {
    let mut session = StudySession::start(spool, args.deck.as_deref())?;
    let _checkpointer = spool.spawn_checkpointer()?;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut answered = 0u64;
    while let Some(card) = session.current_card(spool)? {
        show_header(&session, &card);
        println!("{}\n", to_plain_text(&card.faces.question));
        if let Some(demo) = &card.demo {
            println!("(live demo: spool demo run {demo})");
        }
        let shown_at = Instant::now();
        match prompt(
            &mut lines,
            "Enter shows the answer (u undo, @ suspend, q quit):",
        )? {
            Input::Quit => break,
            Input::Line(cmd) if cmd == "u" => {
                undo(spool, &mut session, &mut answered);
                continue;
            }
            Input::Line(cmd) if cmd == "@" => {
                session.suspend_current(spool)?;
                println!("Suspended.");
                continue;
            }
            Input::Line(_) => {}
        }
        println!("\n{}\n", to_plain_text(&card.faces.answer));
        loop {
            let Input::Line(cmd) = prompt(&mut lines, &button_legend(&card, args.sm2_scale))?
            else {
                return finish(answered);
            };
            if cmd == "u" {
                undo(spool, &mut session, &mut answered);
                break;
            }
            if cmd == "@" {
                session.suspend_current(spool)?;
                println!("Suspended.");
                break;
            }
            let elapsed = u32::try_from(shown_at.elapsed().as_millis()).unwrap_or(u32::MAX);
            let Some(answer) = answer_of(spool, &card, &cmd, args.sm2_scale, elapsed)? else {
                let range = if args.sm2_scale { "0 to 5" } else { "1 to 4" };
                println!("{cmd:?} is not a grade: type {range}.");
                continue;
            };
            session.answer(spool, &answer)?;
            answered += 1;
            break;
        }
    }
    if session.current_card(spool)?.is_none() {
        println!("\nCongratulations! You have finished this deck for now.");
        if let Some(day) = session.next_due_day(spool)?
            && let Some(date) = DayClock::date_of_day(day)
        {
            println!("The next review is due on {date}.");
        }
        let held_back = session.new_cards_held_back(spool)?;
        if held_back > 0 {
            println!("{}", held_back_notice(held_back));
        }
    }
    finish(answered)
}

fn undo(spool: &mut Spool, session: &mut StudySession, answered: &mut u64) {
    match session.undo(spool) {
        Ok(_) => {
            *answered = answered.saturating_sub(1);
            println!("Undone.");
        }
        Err(e) => println!("{e}."),
    }
}

fn finish(answered: u64) -> anyhow::Result<()> {
    println!("\n{answered} answers recorded.");
    Ok(())
}
