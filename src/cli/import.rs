//! `spool import`

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::bail;
use indicatif::{ProgressBar, ProgressStyle};
use spool_core::app::{ImportFormat, ImportOptions, MisplacedOption, Spool};
use spool_core::import::{ColumnRole, Limits, Separator};
use spool_core::store::ImportProgress;

#[derive(clap::Args)]
pub struct Args {
    /// File to import: .apkg, .colpkg, Anki text export (.txt), .csv, .tsv or a Spool deck (.toml)
    file: PathBuf,
    /// File format (default: from the extension, else from the contents)
    #[arg(long, value_parser = super::format_parser(&ImportFormat::ALL, ImportFormat::name, ImportFormat::description))]
    format: Option<ImportFormat>,
    /// Deck for notes the file does not place in a deck (default: Default)
    #[arg(long, value_name = "NAME")]
    deck: Option<String>,
    /// Text files: note type for notes the file does not name one for (default: Basic)
    #[arg(long, value_name = "NAME")]
    notetype: Option<String>,
    /// CSV/TSV: the first row names the columns
    #[arg(long)]
    header: bool,
    /// CSV/TSV: what each column holds, e.g. front,back,tags. `tags`, `guid`, `notetype`,
    /// `deck` and `ignore` are roles; any other name is the next field
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    columns: Vec<String>,
    /// CSV/TSV column separator: tab, comma, semicolon or pipe (default: detected)
    #[arg(long, value_parser = parse_separator)]
    separator: Option<Separator>,
    /// Anki packages: give cards that already exist the package's scheduling (by default
    /// existing cards keep theirs, as in Anki)
    #[arg(long)]
    update_scheduling: bool,
    /// Print the summary as JSON
    #[arg(long)]
    json: bool,
    /// Packages: bytes all entries may expand to, against zip bombs
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_total_bytes)]
    max_package_bytes: u64,
    /// Packages: entries a package may have
    #[arg(long, value_name = "COUNT", default_value_t = Limits::default().max_entries)]
    max_entries: usize,
    /// Packages: how many times its compressed size one entry may expand to
    #[arg(long, value_name = "RATIO", default_value_t = Limits::default().max_compression_ratio)]
    max_compression_ratio: u64,
}

fn parse_separator(text: &str) -> Result<Separator, String> {
    Ok(match text.to_ascii_lowercase().as_str() {
        "tab" | "\t" | "\\t" => Separator::Tab,
        "comma" | "," => Separator::Comma,
        "semicolon" | ";" => Separator::Semicolon,
        "pipe" | "|" => Separator::Pipe,
        _ => {
            return Err(format!(
                "unknown separator {text:?}: use tab, comma, semicolon or pipe"
            ));
        }
    })
}

fn column_roles(names: &[String]) -> Vec<ColumnRole> {
    let mut next_field = 0;
    names
        .iter()
        .map(|name| match name.trim().to_ascii_lowercase().as_str() {
            "tags" => ColumnRole::Tags,
            "guid" => ColumnRole::Guid,
            "notetype" => ColumnRole::Notetype,
            "deck" => ColumnRole::Deck,
            "ignore" | "-" | "" => ColumnRole::Ignore,
            _ => {
                next_field += 1;
                ColumnRole::Field(next_field - 1)
            }
        })
        .collect()
}

/// The refusal of a misplaced option, in this command's flags.
fn flag_wording(option: MisplacedOption) -> &'static str {
    match option {
        MisplacedOption::CsvLayout => {
            "--header, --columns and --separator apply to CSV and TSV files only"
        }
        MisplacedOption::Notetype => "--notetype applies to text files only",
        MisplacedOption::UpdateScheduling => "--update-scheduling applies to Anki packages only",
        MisplacedOption::Deck => {
            "--deck does not apply to Spool deck files, which name their own deck"
        }
    }
}

/// A bar on stderr, drawn only when a person is watching it.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner().with_message("reading");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

fn show_progress(bar: &ProgressBar, progress: ImportProgress) {
    let unit = progress.stage.counted();
    if bar.length() != Some(progress.total) || bar.message() != unit {
        bar.set_style(
            ProgressStyle::with_template("{wide_bar} {pos}/{len} {msg}")
                .expect("the template is valid"),
        );
        bar.set_message(unit);
        bar.set_length(progress.total);
    }
    bar.set_position(progress.done);
}

pub fn run(spool: &mut Spool, args: Args) -> anyhow::Result<()> {
    if !args.file.is_file() {
        bail!("{}: no such file", args.file.display());
    }
    let format = match args.format {
        Some(format) => format,
        None => ImportFormat::detect(&args.file)?,
    };
    let options = ImportOptions {
        format: Some(format),
        deck: args.deck,
        notetype: args.notetype,
        has_header: args.header,
        columns: column_roles(&args.columns),
        separator: args.separator,
        update_scheduling: args.update_scheduling,
        limits: Limits {
            max_total_bytes: args.max_package_bytes,
            max_entries: args.max_entries,
            max_compression_ratio: args.max_compression_ratio,
            ..Limits::default()
        },
    };
    if let Some(option) = options.misplaced_option(format) {
        bail!("{}: {}", args.file.display(), flag_wording(option));
    }
    let bar = progress_bar();
    let result = spool.import_file(&args.file, &options, &mut |progress| {
        show_progress(&bar, progress)
    });
    bar.finish_and_clear();
    let report = result.map_err(|error| match error {
        // These already say which file.
        spool_core::Error::Import(_)
        | spool_core::Error::Io { .. }
        | spool_core::Error::DeckFile { .. } => anyhow::Error::from(error),
        other => anyhow::Error::from(other).context(args.file.display().to_string()),
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        super::print_json(&mut out, &report)?;
    } else {
        writeln!(out, "{report}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_are_roles_or_fields_in_order() {
        let names: Vec<String> = ["front", "Tags", "back", "-", "guid"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            column_roles(&names),
            [
                ColumnRole::Field(0),
                ColumnRole::Tags,
                ColumnRole::Field(1),
                ColumnRole::Ignore,
                ColumnRole::Guid
            ]
        );
    }
}
