//! The parent side of a `spool demo-worker` child process: line-based pipes both ways, waits that
//! honour cancellation, and a kill-and-reap on drop so no demo leaves a process behind.

use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::{self, JoinHandle};

use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio_util::sync::CancellationToken;

use super::DemoError;
use super::run::{WAIT_SLICE, check, sleep};
use super::worker_protocol::WorkerRole;

pub(crate) struct WorkerProcess {
    child: Child,
    input: Option<ChildStdin>,
    /// Lines the child wrote, read by a helper thread so the parent can wait for them in slices.
    output: Receiver<io::Result<String>>,
    reader: Option<JoinHandle<()>>,
}

impl WorkerProcess {
    /// Starts `<spool_exe> demo-worker <role>` with piped stdin and stdout.
    pub(crate) fn start(spool_exe: &Path, role: WorkerRole) -> Result<WorkerProcess, DemoError> {
        let mut child = Command::new(spool_exe)
            .args(["demo-worker", role.name()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(DemoError::io("start a child process"))?;
        let stdout = child.stdout.take();
        let (sender, output) = mpsc::channel();
        let mut process = WorkerProcess {
            input: child.stdin.take(),
            child,
            output,
            reader: None,
        };
        let stdout = stdout.ok_or_else(|| process.protocol_error("has no output pipe"))?;
        let reader = thread::Builder::new()
            .name(format!("pid {} output", process.pid()))
            .spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    if sender.send(line).is_err() {
                        break;
                    }
                }
            })
            .map_err(DemoError::io("start a pipe reader thread"))?;
        process.reader = Some(reader);
        Ok(process)
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Writes `message` as one JSON line to the child's stdin.
    pub(crate) fn send_json(&mut self, message: &impl Serialize) -> Result<(), DemoError> {
        let input = self
            .input
            .as_mut()
            .ok_or_else(|| DemoError::WorkerProtocol("input already closed".into()))?;
        write_json(input, message)
    }

    /// Checks that the child reported the process id the parent knows it by.
    pub(crate) fn expect_pid(&self, reported: u32) -> Result<(), DemoError> {
        if reported == self.pid() {
            Ok(())
        } else {
            Err(self.protocol_error(&format!("says its pid is {reported}")))
        }
    }

    /// Hands the child's stdin to someone else, such as a producer thread.
    pub(crate) fn take_input(&mut self) -> Option<ChildStdin> {
        self.input.take()
    }

    /// The next line the child wrote, or `None` once it closed its stdout.
    pub(crate) fn recv_line(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Option<String>, DemoError> {
        loop {
            match self.output.recv_timeout(WAIT_SLICE) {
                Ok(line) => {
                    return line
                        .map(Some)
                        .map_err(DemoError::io("read from a child process"));
                }
                Err(RecvTimeoutError::Timeout) => check(cancel)?,
                Err(RecvTimeoutError::Disconnected) => return Ok(None),
            }
        }
    }

    pub(crate) fn recv_json<T: DeserializeOwned>(
        &self,
        cancel: &CancellationToken,
    ) -> Result<T, DemoError> {
        let line = self
            .recv_line(cancel)?
            .ok_or_else(|| self.protocol_error("exited without answering"))?;
        serde_json::from_str(&line)
            .map_err(|err| self.protocol_error(&format!("sent {line:?}: {err}")))
    }

    /// Closes the child's stdin and waits for it to exit cleanly.
    pub(crate) fn finish(mut self, cancel: &CancellationToken) -> Result<(), DemoError> {
        self.input = None;
        loop {
            if let Some(status) = self
                .child
                .try_wait()
                .map_err(DemoError::io("wait for a child process"))?
            {
                return if status.success() {
                    Ok(())
                } else {
                    Err(self.protocol_error(&format!("exited with {status}")))
                };
            }
            sleep(cancel, WAIT_SLICE)?;
        }
    }

    fn protocol_error(&self, what: &str) -> DemoError {
        DemoError::WorkerProtocol(format!("child process {} {what}", self.pid()))
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        self.input = None;
        // Killing a child that already exited is harmless; waiting reaps it so no zombie stays.
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

pub(crate) fn write_line(output: &mut impl Write, line: &str) -> Result<(), DemoError> {
    writeln!(output, "{line}")
        .and_then(|()| output.flush())
        .map_err(DemoError::io("write to a pipe"))
}

/// Writes `message` as one JSON line: the message format between a demo and its child processes.
pub(crate) fn write_json(
    output: &mut impl Write,
    message: &impl Serialize,
) -> Result<(), DemoError> {
    let line =
        serde_json::to_string(message).map_err(|err| DemoError::WorkerProtocol(err.to_string()))?;
    write_line(output, &line)
}
