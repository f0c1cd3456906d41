//! `spool export`

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use spool_core::app::{ExportFormat, ExportOptions, Spool};

#[derive(clap::Args)]
pub struct Args {
    /// File to write: .apkg (Anki package), .csv or .tsv/.txt (Anki's plain-text note export)
    file: PathBuf,
    /// Export this deck and its subdecks (default: every deck)
    #[arg(long, value_name = "NAME")]
    deck: Option<String>,
    /// File format (default: from the extension)
    #[arg(long, value_parser = super::format_parser(&ExportFormat::ALL, ExportFormat::extension, ExportFormat::description))]
    format: Option<ExportFormat>,
    /// Packages: include scheduling and review history (default: all cards new)
    #[arg(long)]
    with_scheduling: bool,
    /// Print the summary as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(spool: &Spool, args: Args) -> anyhow::Result<()> {
    let format = match args.format {
        Some(format) => format,
        None => ExportFormat::from_extension(&args.file).with_context(|| {
            format!(
                "{}: cannot tell the format from the extension; use --format apkg, csv or tsv",
                args.file.display()
            )
        })?,
    };
    if args.with_scheduling && format != ExportFormat::Apkg {
        anyhow::bail!("--with-scheduling applies to .apkg exports only");
    }
    let options = ExportOptions {
        deck: args.deck,
        with_scheduling: args.with_scheduling,
    };
    let report = spool.export_file(&args.file, format, &options)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        super::print_json(&mut out, &report)?;
    } else {
        writeln!(out, "exported {report}")?;
    }
    Ok(())
}
