//! `spool demo`: list and run the live concept demos.

#[derive(clap::Args)]
pub struct DemoArgs {}

#[derive(clap::Args)]
pub struct WorkerArgs {}

pub fn run(_args: DemoArgs) -> anyhow::Result<()> {
    anyhow::bail!("demos are not available yet")
}

pub fn worker(_args: WorkerArgs) -> anyhow::Result<()> {
    anyhow::bail!("demo workers are not available yet")
}
