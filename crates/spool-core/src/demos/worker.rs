//! The child side of the process demos: `spool demo-worker <role>` talks to its parent over
//! stdin and stdout, one line per message. The CLI only dispatches here.

use std::fmt;
use std::io::{BufRead, Write};
use std::str::FromStr;

use super::DemoError;
use super::catalog::{process_memory, process_vs_thread, queue_pipe};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerRole {
    /// Receives a value, changes its own copy, reports it, and stays alive until stdin closes.
    Memory,
    /// Copies every line from stdin to stdout, in order, until stdin closes.
    Relay,
    /// Does one tiny I/O-bound task and exits.
    Task,
}

impl WorkerRole {
    const ALL: [WorkerRole; 3] = [WorkerRole::Memory, WorkerRole::Relay, WorkerRole::Task];

    pub fn name(self) -> &'static str {
        match self {
            WorkerRole::Memory => "memory",
            WorkerRole::Relay => "relay",
            WorkerRole::Task => "task",
        }
    }
}

impl fmt::Display for WorkerRole {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

impl FromStr for WorkerRole {
    type Err = DemoError;

    fn from_str(name: &str) -> Result<WorkerRole, DemoError> {
        WorkerRole::ALL
            .into_iter()
            .find(|role| role.name() == name)
            .ok_or_else(|| DemoError::UnknownWorkerRole(name.to_owned()))
    }
}

/// Plays `role` with `input` and `output` standing for this process's stdin and stdout.
pub fn serve(role: WorkerRole, input: impl BufRead, output: impl Write) -> Result<(), DemoError> {
    match role {
        WorkerRole::Memory => process_memory::serve_child(input, output),
        WorkerRole::Relay => queue_pipe::serve_child(input, output),
        WorkerRole::Task => process_vs_thread::serve_child(input, output),
    }
}

/// Reads the next line, failing if the parent closed the pipe before sending it.
pub(crate) fn read_request<T: serde::de::DeserializeOwned>(
    mut input: impl BufRead,
) -> Result<T, DemoError> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .map_err(DemoError::io("read from the parent process"))?;
    if line.is_empty() {
        return Err(DemoError::WorkerProtocol(
            "the parent closed the pipe before sending a request".into(),
        ));
    }
    serde_json::from_str(&line)
        .map_err(|err| DemoError::WorkerProtocol(format!("bad request {line:?}: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for role in WorkerRole::ALL {
            assert_eq!(role.name().parse::<WorkerRole>().unwrap(), role);
        }
    }

    #[test]
    fn unknown_role_is_an_error() {
        let err = "juggle".parse::<WorkerRole>().unwrap_err();
        assert_eq!(err.to_string(), "no demo worker role called \"juggle\"");
    }

    #[test]
    fn a_request_missing_before_eof_is_reported() {
        let err = read_request::<u32>(&b""[..]).unwrap_err();
        assert!(matches!(err, DemoError::WorkerProtocol(_)));
    }
}
