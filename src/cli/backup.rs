//! `spool backup list|create|restore`

use std::io::Write;

use spool_core::app::{BackupInfo, BackupReason, Spool};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
    /// Print the result as JSON
    #[arg(long, global = true)]
    json: bool,
}

#[derive(clap::Subcommand)]
enum Action {
    /// List the collection's backups, newest first
    List,
    /// Back up the collection now
    Create,
    /// Replace the collection with a backup, after backing up its current state
    Restore {
        /// A backup's name as `spool backup list` shows it, or the path of a backup file
        backup: String,
    },
}

pub fn run(spool: &mut Spool, args: Args) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match args.action {
        Action::List => {
            let backups = spool.backups()?;
            if args.json {
                return super::print_json(&mut out, &backups);
            }
            if backups.is_empty() {
                writeln!(out, "No backups yet in {}", spool.backup_folder().display())?;
            }
            for backup in &backups {
                writeln!(out, "{}", describe(backup))?;
            }
        }
        Action::Create => {
            let made = spool
                .back_up(BackupReason::Requested)?
                .expect("a requested backup is always made");
            if args.json {
                return super::print_json(&mut out, &made);
            }
            writeln!(out, "Backed up to {}", made.path.display())?;
        }
        Action::Restore { backup } => {
            let restored = spool.restore(&backup)?;
            if args.json {
                return super::print_json(&mut out, &restored);
            }
            writeln!(out, "Restored {}", describe(&restored.restored))?;
            writeln!(
                out,
                "The collection as it was is kept in {}",
                restored.previous_state.name
            )?;
        }
    }
    Ok(())
}

fn describe(backup: &BackupInfo) -> String {
    format!(
        "{}  {}  {:.1} MB",
        backup.name,
        backup.made_at.format("%Y-%m-%d %H:%M:%S"),
        backup.size_bytes as f64 / 1e6
    )
}
