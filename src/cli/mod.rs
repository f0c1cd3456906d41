//! The `spool` command line. Errors are reported here as one line each, via anyhow.

mod answer;
mod backup;
mod check;
mod decks;
mod demo;
mod export;
mod import;
mod render;
mod search;
mod stats;
mod study;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use spool_core::app::{BackupReason, Spool, SystemClock, default_collection_path};

#[derive(Parser)]
#[command(
    name = "spool",
    version,
    about = "Spaced-repetition flashcards with live concept demos",
    long_about = "Spaced-repetition flashcards with live concept demos. Without a command, opens the desktop app."
)]
struct Cli {
    /// Collection file to use (default: collection.spool in the platform data directory,
    /// created with the built-in deck on first use)
    #[arg(long, global = true, value_name = "PATH")]
    collection: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// List decks with their note, card, new, learning and due counts
    Decks(decks::Args),
    /// Study in the terminal: Enter shows the answer, 1-4 grades, u undoes
    Study(study::Args),
    /// Answer cards by id from a script, one transaction each
    Answer(answer::Args),
    /// Find notes with an Anki-like query (words, deck:, tag:, is:due, is:new, ...)
    Search(search::Args),
    /// Draw a card face to a PNG file, as the window shows it
    Render(render::Args),
    /// Show collection statistics
    Stats(stats::Args),
    /// Check the collection for problems and repair what is safe to repair
    Check(check::Args),
    /// Import an Anki package, Anki text export, CSV/TSV file or Spool deck file
    Import(import::Args),
    /// Export notes to an Anki package (.apkg) or Anki's plain-text format (.csv, .tsv)
    Export(export::Args),
    /// List, make and restore backups of the collection
    Backup(backup::Args),
    /// Run and list the live concept demos
    Demo(demo::DemoArgs),
    /// Internal: a child process used by the process demos
    #[command(hide = true)]
    DemoWorker(demo::WorkerArgs),
}

/// The collection file the command line names, or the default one.
fn collection_path(path: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match path {
        Some(path) => Ok(path),
        None => default_collection_path().context("cannot find a place for the collection"),
    }
}

/// Opens the collection the command line names, or the default one.
fn open(path: Option<PathBuf>) -> anyhow::Result<Spool> {
    Ok(Spool::open(collection_path(path)?, SystemClock)?)
}

/// Runs a command that changes the collection. A command is a whole session, opened and
/// closed, so afterwards it backs up as a window does while open: when it changed
/// something and the newest backup is older than the interval. A failed backup is
/// reported; the command's own result stands.
fn change(
    path: Option<PathBuf>,
    command: impl FnOnce(&mut Spool) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut spool = open(path)?;
    let result = command(&mut spool);
    if let Err(error) = spool.back_up(BackupReason::Interval) {
        eprintln!("spool: warning: {error}");
    }
    result
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let collection = cli.collection;
    let named = collection.clone();
    let result = match cli.command {
        Some(Command::Decks(args)) => open(collection).and_then(|spool| decks::run(&spool, args)),
        Some(Command::Study(args)) => change(collection, |spool| study::run(spool, args)),
        Some(Command::Answer(args)) => change(collection, |spool| answer::run(spool, args)),
        Some(Command::Search(args)) => open(collection).and_then(|spool| search::run(&spool, args)),
        Some(Command::Render(args)) => open(collection).and_then(|spool| render::run(&spool, args)),
        Some(Command::Stats(args)) => open(collection).and_then(|spool| stats::run(&spool, args)),
        Some(Command::Check(args)) => change(collection, |spool| check::run(spool, args)),
        Some(Command::Import(args)) => change(collection, |spool| import::run(spool, args)),
        Some(Command::Backup(args)) => {
            open(collection).and_then(|mut spool| backup::run(&mut spool, args))
        }
        Some(Command::Export(args)) => open(collection).and_then(|spool| export::run(&spool, args)),
        Some(Command::Demo(args)) => demo::run(args),
        Some(Command::DemoWorker(args)) => demo::worker(args),
        None => collection_path(collection).and_then(spool::gui::run),
    };
    match result.map_err(|err| name_damage(err, named)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("spool: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// SQLite's word that the file is damaged, wherever in a command it came from, as the
/// collection's own error with its path and what to do; every other error is kept as it is.
fn name_damage(err: anyhow::Error, collection: Option<PathBuf>) -> anyhow::Error {
    let damaged = err
        .downcast_ref::<spool_core::Error>()
        .is_some_and(spool_core::Error::is_damage);
    match (damaged, collection_path(collection)) {
        (true, Ok(path)) => match err.downcast::<spool_core::Error>() {
            Ok(error) => error.in_collection(&path).into(),
            Err(err) => err,
        },
        _ => err,
    }
}

/// A `--format` parser over one of the core's format lists, so the names and their help
/// are defined once, beside the formats.
fn format_parser<F: Copy + Send + Sync + 'static>(
    formats: &'static [F],
    name: fn(F) -> &'static str,
    help: fn(F) -> &'static str,
) -> impl clap::builder::TypedValueParser<Value = F> {
    let values = formats
        .iter()
        .map(move |&format| clap::builder::PossibleValue::new(name(format)).help(help(format)));
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(values).map(move |chosen| {
        *formats
            .iter()
            .find(|&&format| name(format) == chosen)
            .expect("clap admits only the listed names")
    })
}

/// Writes a value as pretty JSON.
fn print_json(out: &mut impl std::io::Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A reader that went away (`spool search | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|e| e.io_error_kind())
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}
