//! The child side of the process demos: `spool demo-worker <role>` talks to its parent over
//! stdin and stdout, one line per message. The CLI only dispatches here.

use std::io::{BufRead, Write};

use super::DemoError;
use super::catalog::{process_memory, process_vs_thread, queue_pipe};
pub use super::worker_protocol::WorkerRole;

/// Plays `role` with `input` and `output` standing for this process's stdin and stdout.
pub fn serve(role: WorkerRole, input: impl BufRead, output: impl Write) -> Result<(), DemoError> {
    match role {
        WorkerRole::Memory => process_memory::serve_child(input, output),
        WorkerRole::Relay => queue_pipe::serve_child(input, output),
        WorkerRole::Task => process_vs_thread::serve_child(input, output),
    }
}
