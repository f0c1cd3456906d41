//! `process-memory`: threads share the parent's memory; child processes each get their own copy.

use std::io::{self, BufRead, Write};
use std::time::Instant;

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

use crate::demos::process::{WorkerProcess, write_json};
use crate::demos::worker_protocol::{WorkerRole, read_request};
use crate::demos::workers::run_workers;
use crate::demos::{Demo, DemoError, DemoInfo, ParamSpec, Run, Unit};

pub(crate) struct ProcessMemory;

const CHILDREN: ParamSpec = ParamSpec {
    name: "children",
    description: "threads, then child processes",
    unit: "children",
    default: 3,
    min: 1,
    max: 8,
};
const HOLD_MS: ParamSpec = ParamSpec {
    name: "hold-ms",
    description: "how long the children stay alive after answering (to spot them in a process list)",
    unit: "ms",
    default: 500,
    min: 0,
    max: 3000,
};

static INFO: DemoInfo = DemoInfo {
    id: "process-memory",
    title: "Processes have separate memory",
    concept: "Processes",
    explanation: "Threads live inside one process and share its memory: when a thread changes a value, \
        the main thread sees the change. A child process gets its own memory, so it can only change \
        its own copy of the value; the parent's copy stays as it was. Each child has its own process \
        id (PID).",
    params: &[CHILDREN, HOLD_MS],
};

const START_VALUE: usize = 100;

/// How much worker `index` adds to its value.
fn addition(index: usize) -> usize {
    1000 * (index + 1)
}

#[derive(Debug, Serialize, Deserialize)]
struct MemoryRequest {
    value: usize,
    add: usize,
}

#[derive(Debug, Serialize, Deserialize)]
struct MemoryReport {
    pid: u32,
    received: usize,
    changed_to: usize,
}

impl Demo for ProcessMemory {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let (children, hold) = (run.count(&CHILDREN), run.millis(&HOLD_MS));
        let events = run.events();
        let parent_pid = std::process::id();
        events.metric("parent pid", f64::from(parent_pid), Unit::Pid);

        events.log(format!(
            "1. {children} threads each add to one shared value, starting at {START_VALUE}"
        ));
        let shared = Mutex::new(START_VALUE);
        run_workers(run, children, |index| {
            *shared.lock() += addition(index);
            events.log(format!(
                "   thread {} (in pid {parent_pid}) added {}",
                index + 1,
                addition(index)
            ));
            Ok(())
        })?;
        let after_threads = shared.into_inner();
        events.count("value after threads", after_threads);
        events.log(format!(
            "   the parent sees {after_threads}: threads changed the parent's memory"
        ));

        events.log(format!(
            "2. {children} child processes each get the value {START_VALUE} and add to it"
        ));
        let value = START_VALUE;
        let exe = run.spool_exe()?;
        let started = Instant::now();
        let mut processes = Vec::with_capacity(children);
        for index in 0..children {
            let mut process = WorkerProcess::start(exe, WorkerRole::Memory)?;
            events.metric("child pid", f64::from(process.pid()), Unit::Pid);
            process.send_json(&MemoryRequest {
                value,
                add: addition(index),
            })?;
            processes.push(process);
        }
        for process in &processes {
            let report: MemoryReport = process.recv_json(run.cancel_token())?;
            process.expect_pid(report.pid)?;
            events.count("child value", report.changed_to);
            events.log(format!(
                "   child pid {} got {}, changed its copy to {}",
                report.pid, report.received, report.changed_to
            ));
        }
        events.count("parent value", value);
        events.log(format!(
            "   parent pid {parent_pid} still has {value}: each child changed only its own copy"
        ));
        events.log(format!(
            "   the children stay alive for {hold:?}; look for them with ps"
        ));
        run.sleep(hold)?;
        for (index, process) in processes.into_iter().enumerate() {
            process.finish(run.cancel_token())?;
            events.span_until_now(format!("child {}", index + 1), started, "alive");
        }
        events.log("   all children have exited");
        Ok(())
    }
}

/// The child: change its own copy of the value, say so, then stay alive until the parent lets go.
pub(crate) fn serve_child(
    mut input: impl BufRead,
    mut output: impl Write,
) -> Result<(), DemoError> {
    let request: MemoryRequest = read_request(&mut input)?;
    let mut value = request.value;
    value += request.add;
    let report = MemoryReport {
        pid: std::process::id(),
        received: request.value,
        changed_to: value,
    };
    write_json(&mut output, &report)?;
    io::copy(&mut input, &mut io::sink()).map_err(DemoError::io("wait for the parent process"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_child_changes_its_own_copy_and_reports_its_pid() {
        let request = serde_json::to_string(&MemoryRequest {
            value: 100,
            add: 2000,
        })
        .unwrap();
        let mut output = Vec::new();
        serve_child(format!("{request}\n").as_bytes(), &mut output).unwrap();
        let report: MemoryReport = serde_json::from_slice(&output).unwrap();
        assert_eq!(
            (report.pid, report.received, report.changed_to),
            (std::process::id(), 100, 2100)
        );
    }
}
