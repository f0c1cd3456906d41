//! The `spool` command line. Errors are reported here as one line each, via anyhow.

mod demo;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "spool", version, about = "Spaced-repetition flashcards with live concept demos")]
struct Cli {
    /// Collection file to use (default: the platform data directory's collection.spool)
    #[arg(long, global = true, value_name = "PATH")]
    collection: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run and list the live concept demos
    Demo(demo::DemoArgs),
    /// Internal: a child process used by the process demos
    #[command(hide = true)]
    DemoWorker(demo::WorkerArgs),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Demo(args)) => demo::run(args),
        Some(Command::DemoWorker(args)) => demo::worker(args),
        None => {
            use clap::CommandFactory;
            Cli::command().print_help().map_err(anyhow::Error::from)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("spool: {err:#}");
            ExitCode::FAILURE
        }
    }
}
