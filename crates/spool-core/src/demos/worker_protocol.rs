//! What a process demo's parent and its `spool demo-worker` child agree on: the roles a
//! child can play, and how the child reads the parent's request line. Both sides use it, so
//! neither depends on the other.

use std::fmt;
use std::io::BufRead;
use std::str::FromStr;

use super::DemoError;

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
