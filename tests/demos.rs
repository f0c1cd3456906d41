//! End-to-end checks of the live concept demos: the process demos (which start the real `spool`
//! binary as `spool demo-worker`), cancellation of every demo, and the `spool demo` commands.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use spool_core::demos::{self, DemoError, DemoEvent, Outcome, RunContext, RunningDemo};

const SPOOL: &str = env!("CARGO_BIN_EXE_spool");
const PROCESS_DEMOS: [&str; 3] = ["process-memory", "queue-pipe", "process-vs-thread"];

fn context() -> RunContext {
    RunContext {
        spool_exe: Some(PathBuf::from(SPOOL)),
        ..RunContext::default()
    }
}

fn drain(running: &mut RunningDemo) -> Vec<DemoEvent> {
    let mut events = Vec::new();
    while let Some(event) = running.events().blocking_recv() {
        events.push(event);
    }
    events
}

fn run_to_end(id: &str, params: &[(&str, u32)]) -> Vec<DemoEvent> {
    let mut running = demos::spawn(id, params, context()).unwrap();
    let events = drain(&mut running);
    assert_eq!(running.wait().unwrap(), Outcome::Completed, "{id}");
    events
}

fn metric_values(events: &[DemoEvent], name: &str) -> Vec<f64> {
    events
        .iter()
        .filter_map(|event| event.metric_value(name))
        .collect()
}

fn metric(events: &[DemoEvent], name: &str) -> f64 {
    match metric_values(events, name)[..] {
        [value] => value,
        ref values => panic!(
            "metric {name:?} reported {} times: {values:?}",
            values.len()
        ),
    }
}

fn child_pids(events: &[DemoEvent]) -> Vec<u32> {
    metric_values(events, "child pid")
        .into_iter()
        .map(|pid| pid as u32)
        .collect()
}

/// Whether `pid` is a child of this test process that nobody has waited for (a zombie or a
/// process still running). Reaped children are gone from /proc, or the pid now belongs to
/// someone else's process.
fn is_unreaped_child(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // "pid (name) state ppid ...": the name may contain spaces, so count from the last ')'.
    let after_name = &stat[stat.rfind(')').unwrap() + 1..];
    let parent: u32 = after_name
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    parent == std::process::id()
}

fn assert_all_reaped(id: &str, pids: &[u32]) {
    let left: Vec<_> = pids
        .iter()
        .copied()
        .filter(|&pid| is_unreaped_child(pid))
        .collect();
    assert!(
        left.is_empty(),
        "{id} left child processes behind: {left:?}"
    );
}

#[test]
fn child_processes_change_only_their_own_copy() {
    let events = run_to_end("process-memory", &[("children", 3), ("hold-ms", 0)]);
    assert_eq!(
        metric(&events, "value after threads"),
        100.0 + 1000.0 + 2000.0 + 3000.0
    );
    assert_eq!(
        metric_values(&events, "child value"),
        vec![1100.0, 2100.0, 3100.0]
    );
    assert_eq!(metric(&events, "parent value"), 100.0);

    let parent = metric(&events, "parent pid") as u32;
    assert_eq!(parent, std::process::id());
    let pids = child_pids(&events);
    let distinct: std::collections::HashSet<_> = pids.iter().copied().chain([parent]).collect();
    assert_eq!(
        (pids.len(), distinct.len()),
        (3, 4),
        "pids {pids:?}, parent {parent}"
    );
    assert_all_reaped("process-memory", &pids);
}

#[test]
fn queue_and_pipe_deliver_every_item_in_order() {
    let events = run_to_end(
        "queue-pipe",
        &[
            ("items", 60),
            ("capacity", 2),
            ("produce-ms", 0),
            ("consume-ms", 0),
        ],
    );
    for transport in ["channel", "pipe"] {
        assert_eq!(
            metric(&events, &format!("{transport}: received")),
            60.0,
            "{transport}"
        );
        assert_eq!(
            metric(&events, &format!("{transport}: in order")),
            60.0,
            "{transport}"
        );
    }
    assert_all_reaped("queue-pipe", &child_pids(&events));
}

#[test]
fn every_tiny_task_runs_on_its_own_process_and_thread() {
    let events = run_to_end("process-vs-thread", &[("tasks", 6), ("io-ms", 1)]);
    assert_eq!(metric(&events, "processes: tasks done"), 6.0);
    assert_eq!(metric(&events, "threads: tasks done"), 6.0);
    let pids = child_pids(&events);
    assert_eq!(
        pids.iter().collect::<std::collections::HashSet<_>>().len(),
        6
    );
    assert_all_reaped("process-vs-thread", &pids);
}

#[test]
fn process_demos_without_the_program_path_say_so() {
    for id in PROCESS_DEMOS {
        let mut running = demos::spawn(id, &[], RunContext::default()).unwrap();
        drain(&mut running);
        let error = running.wait().unwrap_err();
        assert!(
            matches!(error, DemoError::MissingExecutable { demo } if demo == id),
            "{id}: {error}"
        );
    }
}

#[test]
fn every_demo_notices_cancellation_and_leaves_no_child_behind() {
    let context = context();
    context.shutdown.cancel();
    for demo in demos::registry() {
        let mut running = demos::spawn(demo.id(), &[], context.clone()).unwrap();
        let events = drain(&mut running);
        assert_eq!(running.wait().unwrap(), Outcome::Cancelled, "{}", demo.id());
        assert_all_reaped(demo.id(), &child_pids(&events));
    }
}

/// Cancels each demo while it runs: for process demos once a child exists. Whether the demo
/// was still running then is up to the scheduler, so either outcome is fine; what must hold is
/// that the run ends without an error and every child it started has been reaped.
#[test]
fn cancelling_a_running_demo_stops_it_cleanly() {
    for demo in demos::registry() {
        let mut running = demos::spawn(demo.id(), &[], context()).unwrap();
        let has_children = PROCESS_DEMOS.contains(&demo.id());
        let mut events = Vec::new();
        while let Some(event) = running.events().blocking_recv() {
            let is_child = matches!(&event, DemoEvent::Metric { name, .. } if name == "child pid");
            events.push(event);
            if is_child || !has_children {
                running.cancel();
            }
        }
        let outcome = running.wait();
        assert!(outcome.is_ok(), "{}: {outcome:?}", demo.id());
        assert_all_reaped(demo.id(), &child_pids(&events));
    }
}

#[test]
fn dropping_a_running_demo_cancels_and_reaps_it() {
    let mut running = demos::spawn("process-memory", &[("hold-ms", 3000)], context()).unwrap();
    let mut pids = Vec::new();
    while pids.len() < 3 {
        match running.events().blocking_recv() {
            Some(DemoEvent::Metric { name, value, .. }) if name == "child pid" => {
                pids.push(value as u32)
            }
            Some(_) => {}
            None => panic!("the demo ended before starting its children"),
        }
    }
    drop(running);
    assert_all_reaped("process-memory", &pids);
}

fn spool(args: &[&str]) -> Output {
    Command::new(SPOOL).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn cli_lists_every_demo() {
    let output = spool(&["demo", "list"]);
    assert!(output.status.success());
    let listed: Vec<String> = stdout(&output)
        .lines()
        .map(|line| line.split_whitespace().next().unwrap().to_owned())
        .collect();
    let registered: Vec<&str> = demos::registry().iter().map(|demo| demo.id()).collect();
    assert_eq!(listed, registered);
}

#[test]
fn cli_lists_demos_as_json_with_their_parameters() {
    let output = spool(&["demo", "list", "--json"]);
    assert!(output.status.success());
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), demos::registry().len());
    for (entry, demo) in listed.iter().zip(demos::registry()) {
        assert_eq!(entry["id"], demo.id());
        assert_eq!(entry["title"], demo.info().title);
        assert_eq!(entry["concept"], demo.info().concept);
        assert_eq!(
            entry["params"].as_array().unwrap().len(),
            demo.info().params.len()
        );
    }
}

#[test]
fn cli_runs_a_demo_as_json_lines() {
    let output = spool(&[
        "demo",
        "run",
        "threads-join",
        "--json",
        "--param",
        "workers=2",
        "--param",
        "steps=1",
        "--param",
        "step-ms=10",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let events: Vec<DemoEvent> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(metric(&events, "threads joined"), 2.0);
}

#[test]
fn cli_runs_a_process_demo_with_itself_as_the_worker() {
    let output = spool(&[
        "demo",
        "run",
        "process-memory",
        "--param",
        "children=2",
        "--param",
        "hold-ms=0",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("Processes have separate memory [process-memory, concept: Processes]\n"),
        "{text}"
    );
    assert!(
        text.contains("parameters: children=2 hold-ms=0\n"),
        "{text}"
    );
    assert!(text.contains("parent value = 100\n"), "{text}");
    assert!(text.contains("\nfinished in "), "{text}");
}

#[test]
fn cli_rejects_bad_input_with_one_line_naming_the_limit() {
    let cases = [
        (
            vec!["demo", "run", "threads-join", "--param", "workers=0"],
            "spool: workers must be between 1 and 16, got 0\n",
        ),
        (
            vec!["demo", "run", "threads-join", "--param", "workers=x"],
            "spool: workers must be a whole number, got x\n",
        ),
        (
            vec!["demo", "run", "threads-join", "--param", "threads=2"],
            "spool: demo threads-join has no parameter \"threads\"; its parameters are: workers, steps, step-ms\n",
        ),
    ];
    for (args, expected) in cases {
        let output = spool(&args);
        assert!(!output.status.success(), "{args:?}");
        assert_eq!(stderr(&output), expected);
        assert!(output.stdout.is_empty());
    }

    let output = spool(&["demo", "run", "juggling"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.starts_with("spool: no demo called \"juggling\"; the demos are: threads-join,"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1);
}

#[test]
fn worker_relay_copies_its_input() {
    let mut child = Command::new(SPOOL)
        .args(["demo-worker", "relay"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"1\n2\n3\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert_eq!(output.stdout, b"1\n2\n3\n");
}

#[test]
fn worker_rejects_an_unknown_role() {
    let output = spool(&["demo-worker", "juggle"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no demo worker role called \"juggle\""),
        "{}",
        stderr(&output)
    );
}
