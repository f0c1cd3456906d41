//! `spool check`

use std::io::Write;

use spool_core::app::Spool;

#[derive(clap::Args)]
pub struct Args {
    /// Print the report as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(spool: &mut Spool, args: Args) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let report = spool.check()?;
    if args.json {
        super::print_json(&mut out, &report)?;
    } else {
        writeln!(out, "Database: {}", report.integrity)?;
        for fixed in &report.repaired {
            writeln!(out, "Repaired: {fixed}")?;
        }
        for problem in &report.unrepaired {
            writeln!(out, "Problem:  {problem}")?;
        }
        if report.is_clean() {
            writeln!(out, "No problems found.")?;
        }
    }
    anyhow::ensure!(
        report.unrepaired.is_empty(),
        "{} problems could not be repaired",
        report.unrepaired.len()
    );
    Ok(())
}
