//! What can go wrong when starting or running a demo, in words the person watching understands.

use std::io;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("no demo called {id:?}; the demos are: {known}")]
    UnknownDemo { id: String, known: String },
    #[error("demo {demo} has no parameter {name:?}; its parameters are: {known}")]
    UnknownParam {
        demo: &'static str,
        name: String,
        known: String,
    },
    #[error("{name} must be between {min} and {max}, got {got}")]
    ParamOutOfRange {
        name: &'static str,
        min: u32,
        max: u32,
        got: u32,
    },
    #[error("demo {demo} starts child processes and needs the path of the spool program")]
    MissingExecutable { demo: &'static str },
    #[error("no demo worker role called {0:?}")]
    UnknownWorkerRole(String),
    #[error("the demo was cancelled")]
    Cancelled,
    #[error("could not {action}: {source}")]
    Io {
        action: &'static str,
        source: io::Error,
    },
    #[error("a demo worker process misbehaved: {0}")]
    WorkerProtocol(String),
    #[error("the demo received wrong data: {0}")]
    WrongData(String),
    #[error("demo {0} stopped unexpectedly; this is a bug in Spool")]
    Crashed(&'static str),
}

impl DemoError {
    /// Wraps an I/O error with what the demo was trying to do, for `map_err`.
    pub(crate) fn io(action: &'static str) -> impl Fn(io::Error) -> DemoError + Copy {
        move |source| DemoError::Io { action, source }
    }
}
