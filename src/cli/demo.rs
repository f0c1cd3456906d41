//! `spool demo`: list and run the live concept demos.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};
use spool_core::demos::worker::{self, WorkerRole};
use spool_core::demos::{self, DemoEvent, DemoInfo, Outcome, RunContext, Unit};

#[derive(Args)]
pub struct DemoArgs {
    #[command(subcommand)]
    command: DemoCommand,
}

#[derive(Subcommand)]
enum DemoCommand {
    /// List the demos: id, title and the concept each one teaches
    List {
        /// Print JSON, with each demo's explanation and parameters
        #[arg(long)]
        json: bool,
    },
    /// Run a demo and print what happens as it happens
    Run {
        /// The demo to run, as `spool demo list` names it
        id: String,
        /// Print every event (progress too) as one JSON object per line, instead of text
        #[arg(long)]
        json: bool,
        /// Set a parameter, for example `--param workers=8`; repeat for more
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
    },
}

#[derive(Args)]
pub struct WorkerArgs {
    /// What the child process does: memory, relay or task
    role: WorkerRole,
}

pub fn run(args: DemoArgs) -> anyhow::Result<()> {
    match args.command {
        DemoCommand::List { json } => list(json),
        DemoCommand::Run { id, json, params } => run_demo(&id, json, &params),
    }
}

pub fn worker(args: WorkerArgs) -> anyhow::Result<()> {
    worker::serve(args.role, io::stdin().lock(), io::stdout().lock())?;
    Ok(())
}

fn list(json: bool) -> anyhow::Result<()> {
    let infos: Vec<&DemoInfo> = demos::registry().iter().map(|demo| demo.info()).collect();
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &infos)?;
        writeln!(out)?;
        return Ok(());
    }
    let id_width = infos
        .iter()
        .map(|info| info.id.len())
        .max()
        .unwrap_or_default();
    let title_width = infos
        .iter()
        .map(|info| info.title.len())
        .max()
        .unwrap_or_default();
    for info in infos {
        writeln!(
            out,
            "{:id_width$}  {:title_width$}  {}",
            info.id, info.title, info.concept
        )?;
    }
    Ok(())
}

fn run_demo(id: &str, json: bool, assignments: &[String]) -> anyhow::Result<()> {
    let overrides = assignments
        .iter()
        .map(|assignment| parse_assignment(assignment))
        .collect::<Result<Vec<_>, _>>()?;
    let spool_exe =
        std::env::current_exe().context("cannot find the spool program to start demo workers")?;
    let context = RunContext {
        spool_exe: Some(spool_exe),
        ..RunContext::default()
    };
    let started = Instant::now();
    let mut running = demos::spawn(id, &overrides, context)?;
    let mut out = io::stdout().lock();
    if !json {
        let info = running.info();
        writeln!(
            out,
            "{} [{}, concept: {}]",
            info.title, info.id, info.concept
        )?;
        writeln!(out, "{}", info.explanation)?;
        let params: Vec<String> = running
            .params()
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        if !params.is_empty() {
            writeln!(out, "parameters: {}", params.join(" "))?;
        }
        writeln!(out)?;
    }
    while let Some(event) = running.events().blocking_recv() {
        if json {
            serde_json::to_writer(&mut out, &event)?;
            writeln!(out)?;
        } else if let Some(line) = describe(&event) {
            writeln!(out, "{line}")?;
        }
    }
    match running.wait()? {
        Outcome::Completed if json => Ok(()),
        Outcome::Completed => Ok(writeln!(
            out,
            "\nfinished in {:.2} s",
            started.elapsed().as_secs_f64()
        )?),
        Outcome::Cancelled => bail!("the demo was cancelled"),
    }
}

/// `name=value` from `--param`, with a whole-number value.
fn parse_assignment(assignment: &str) -> anyhow::Result<(&str, u32)> {
    let (name, value) = assignment.split_once('=').ok_or_else(|| {
        anyhow!("--param {assignment}: expected NAME=VALUE, for example workers=4")
    })?;
    let number = value
        .trim()
        .parse()
        .map_err(|_| anyhow!("{name} must be a whole number, got {value}"))?;
    Ok((name.trim(), number))
}

/// One line of text for `event`. Progress is left out: the narration already tells it.
fn describe(event: &DemoEvent) -> Option<String> {
    match event {
        DemoEvent::Log { at, text } => Some(format!("{} {text}", stamp(*at))),
        DemoEvent::Metric {
            at,
            name,
            value,
            unit,
        } => Some(format!(
            "{}   {name} = {}",
            stamp(*at),
            with_unit(*value, *unit)
        )),
        DemoEvent::Progress { .. } => None,
        DemoEvent::Span {
            worker,
            start,
            end,
            label,
        } => Some(format!(
            "{}   {worker} | {label}, {:.3}-{:.3}s",
            stamp(*end),
            start.as_secs_f64(),
            end.as_secs_f64()
        )),
    }
}

fn stamp(at: Duration) -> String {
    format!("[{:7.3}s]", at.as_secs_f64())
}

fn with_unit(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Count | Unit::Pid => format!("{value:.0}"),
        // Thread start-up is microseconds; three decimals keep it from reading as zero.
        Unit::Milliseconds if value < 1.0 => format!("{value:.3} ms"),
        Unit::Milliseconds => format!("{value:.1} ms"),
        Unit::Times => format!("{value:.2}×"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_split_into_name_and_number() {
        assert_eq!(parse_assignment("workers=8").unwrap(), ("workers", 8));
    }

    #[test]
    fn bad_assignments_say_what_is_wrong() {
        assert_eq!(
            parse_assignment("workers").unwrap_err().to_string(),
            "--param workers: expected NAME=VALUE, for example workers=4"
        );
        assert_eq!(
            parse_assignment("workers=-1").unwrap_err().to_string(),
            "workers must be a whole number, got -1"
        );
    }

    #[test]
    fn metrics_read_with_their_units() {
        assert_eq!(with_unit(12.0, Unit::Count), "12");
        assert_eq!(with_unit(3.26, Unit::Milliseconds), "3.3 ms");
        assert_eq!(with_unit(0.0312, Unit::Milliseconds), "0.031 ms");
        assert_eq!(with_unit(1.954, Unit::Times), "1.95×");
    }
}
