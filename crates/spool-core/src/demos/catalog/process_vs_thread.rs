//! `process-vs-thread`: many tiny I/O-bound tasks, each on a new process or on a new thread. The
//! work is the same; creating a process costs far more than creating a thread.

use std::io::{BufRead, Write};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::demos::process::{WorkerProcess, write_json};
use crate::demos::worker_protocol::{WorkerRole, read_request};
use crate::demos::{Demo, DemoError, DemoInfo, ParamSpec, Run, Unit};

pub(crate) struct ProcessVsThread;

const TASKS: ParamSpec = ParamSpec {
    name: "tasks",
    description: "tiny tasks to run each way",
    unit: "tasks",
    default: 50,
    min: 1,
    max: 64,
};
const IO_MS: ParamSpec = ParamSpec {
    name: "io-ms",
    description: "how long each task waits, as if for a small read or write",
    unit: "ms",
    default: 2,
    min: 0,
    max: 50,
};

static INFO: DemoInfo = DemoInfo {
    id: "process-vs-thread",
    title: "Process or thread for tiny I/O tasks?",
    concept: "Processes vs threads",
    explanation: "Each task only waits a moment, like a small read or write. Giving every task its own \
        process means starting a whole program each time: new memory, loading, pipes. Giving it a \
        thread costs a fraction of that. For small I/O-bound tasks, processes are mostly overhead.",
    params: &[TASKS, IO_MS],
};

#[derive(Debug, Serialize, Deserialize)]
struct TaskRequest {
    io_ms: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct TaskReport {
    pid: u32,
}

/// Creation cost and total time of one way of running the tasks.
struct Tally {
    creating: Duration,
    total: Duration,
    done: usize,
}

impl Demo for ProcessVsThread {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let (tasks, io) = (run.count(&TASKS), run.millis(&IO_MS));
        let exe = run.spool_exe()?;
        let events = run.events();

        events.log(format!("1. {tasks} tasks, each in a new child process"));
        let processes = on_processes(run, exe, tasks, io)?;
        report(run, "processes", &processes, tasks);

        events.log(format!("2. {tasks} tasks, each on a new thread"));
        let threads = on_threads(run, tasks, io)?;
        report(run, "threads", &threads, tasks);

        let ratio = processes.creating.as_secs_f64()
            / threads.creating.as_secs_f64().max(f64::MIN_POSITIVE);
        events.metric("creation cost, process vs thread", ratio, Unit::Times);
        events.log(format!(
            "   starting a process cost about {ratio:.0}x as much as starting a thread"
        ));
        Ok(())
    }
}

fn on_processes(run: &Run, exe: &Path, tasks: usize, io: Duration) -> Result<Tally, DemoError> {
    let started = Instant::now();
    let mut creating = Duration::ZERO;
    let mut running = Vec::with_capacity(tasks);
    for _ in 0..tasks {
        run.check()?;
        let spawning = Instant::now();
        let process = start_task_process(exe, io)?;
        creating += spawning.elapsed();
        run.events()
            .metric("child pid", f64::from(process.pid()), Unit::Pid);
        running.push((spawning, process));
    }
    let mut done = 0;
    for (index, (spawned, process)) in running.into_iter().enumerate() {
        finish_task_process(process, run.cancel_token())?;
        done += 1;
        run.events()
            .span_until_now(format!("process {}", index + 1), spawned, "task");
    }
    Ok(Tally {
        creating,
        total: started.elapsed(),
        done,
    })
}

fn on_threads(run: &Run, tasks: usize, io: Duration) -> Result<Tally, DemoError> {
    thread::scope(|scope| {
        let started = Instant::now();
        let mut creating = Duration::ZERO;
        let mut running = Vec::with_capacity(tasks);
        for _ in 0..tasks {
            let spawning = Instant::now();
            let thread = thread::Builder::new()
                .spawn_scoped(scope, || simulated_io(io))
                .map_err(DemoError::io("start a thread"))?;
            creating += spawning.elapsed();
            running.push((spawning, thread));
        }
        let mut done = 0;
        for (index, (spawned, thread)) in running.into_iter().enumerate() {
            thread
                .join()
                .map_err(|_| DemoError::Crashed(run.demo_id()))?;
            run.check()?;
            done += 1;
            run.events()
                .span_until_now(format!("thread {}", index + 1), spawned, "task");
        }
        Ok(Tally {
            creating,
            total: started.elapsed(),
            done,
        })
    })
}

fn report(run: &Run, way: &str, tally: &Tally, tasks: usize) {
    let events = run.events();
    let per_task = tally.creating / tasks as u32;
    events.count(format!("{way}: tasks done"), tally.done);
    events.millis(format!("{way}: creation per task"), per_task);
    events.millis(format!("{way}: total"), tally.total);
    events.log(format!(
        "   {way}: {} tasks in {:.1?}; creating each took {per_task:.1?} on average",
        tally.done, tally.total
    ));
}

/// The tiny task itself: a short wait, as for a small read or write. Short enough not to need
/// cancellation: the longest is well below the time a cancelled demo may take to stop.
fn simulated_io(io: Duration) {
    thread::sleep(io);
}

fn start_task_process(exe: &Path, io: Duration) -> Result<WorkerProcess, DemoError> {
    let mut process = WorkerProcess::start(exe, WorkerRole::Task)?;
    process.send_json(&TaskRequest {
        io_ms: io.as_millis() as u64,
    })?;
    Ok(process)
}

fn finish_task_process(
    process: WorkerProcess,
    cancel: &CancellationToken,
) -> Result<(), DemoError> {
    let report: TaskReport = process.recv_json(cancel)?;
    process.expect_pid(report.pid)?;
    process.finish(cancel)
}

/// One tiny task in a new `spool demo-worker task` process, from start to exit.
pub fn task_in_process(
    spool_exe: &Path,
    io: Duration,
    cancel: &CancellationToken,
) -> Result<(), DemoError> {
    finish_task_process(start_task_process(spool_exe, io)?, cancel)
}

/// The same tiny task on a new thread, from start to join.
pub fn task_in_thread(io: Duration) -> Result<(), DemoError> {
    thread::Builder::new()
        .spawn(move || simulated_io(io))
        .map_err(DemoError::io("start a thread"))?
        .join()
        .map_err(|_| DemoError::Crashed(INFO.id))
}

/// The child: wait as the task asks, then report.
pub(crate) fn serve_child(
    mut input: impl BufRead,
    mut output: impl Write,
) -> Result<(), DemoError> {
    let request: TaskRequest = read_request(&mut input)?;
    simulated_io(Duration::from_millis(request.io_ms));
    write_json(
        &mut output,
        &TaskReport {
            pid: std::process::id(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_child_does_the_task_and_reports_its_pid() {
        let request = serde_json::to_string(&TaskRequest { io_ms: 1 }).unwrap();
        let mut output = Vec::new();
        serve_child(format!("{request}\n").as_bytes(), &mut output).unwrap();
        let report: TaskReport = serde_json::from_slice(&output).unwrap();
        assert_eq!(report.pid, std::process::id());
    }
}
