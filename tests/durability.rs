//! An answer is on disk before it is reported: `spool answer` runs under strace, and before
//! each acknowledgement on stdout the answer's WAL frames were written and then fsynced.
//!
//! `tests/crash.rs` kills the process, which loses only what the process held; this test is
//! about what a power cut would lose, which is whatever was not fsynced. It shows the order
//! of system calls, not a real power cut: that the disk honours fsync is the disk's part.

#![cfg(target_os = "linux")]

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// One system call from strace's log that matters here.
#[derive(Debug, PartialEq)]
enum Call {
    WriteWal,
    SyncWal,
    Acknowledge(i64),
}

/// Reads `strace -y -s 200` lines: `pwrite64(5</dir/c.spool-wal>, ...`, `fsync(5</dir/c.spool-wal>)`,
/// `write(1<pipe:[..]>, "{\"review_id\":3,...`.
fn parse_call(line: &str, wal: &str) -> Option<Call> {
    // strace pads the pid column, so the call starts after the first run of spaces.
    let call = line
        .split_once(' ')
        .map_or(line, |(_pid, rest)| rest.trim_start());
    let on_wal = call.contains(&format!("<{wal}>"));
    if on_wal && (call.starts_with("pwrite64(") || call.starts_with("write(")) {
        Some(Call::WriteWal)
    } else if on_wal && (call.starts_with("fsync(") || call.starts_with("fdatasync(")) {
        Some(Call::SyncWal)
    } else if call.starts_with("write(1<") {
        let id = call.split("review_id\\\":").nth(1)?;
        let digits: String = id.chars().take_while(char::is_ascii_digit).collect();
        Some(Call::Acknowledge(digits.parse().ok()?))
    } else {
        None
    }
}

fn card_ids(path: &Path) -> Vec<i64> {
    let raw = rusqlite::Connection::open(path).unwrap();
    let mut stmt = raw
        .prepare("SELECT id FROM cards ORDER BY id LIMIT 20")
        .unwrap();
    stmt.query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_acknowledged_answer_was_written_and_fsynced_first() {
    let strace = Command::new("strace").arg("-V").output();
    assert!(
        strace.is_ok_and(|out| out.status.success()),
        "this test needs strace (scripts/test installs it)"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.spool");
    common::success_stdout(&common::run_spool(&path, &["decks"]));
    let ids = card_ids(&path);
    assert!(ids.len() >= 10, "the built-in deck has cards to answer");

    let trace = dir.path().join("strace.log");
    let mut child = Command::new("strace")
        .args([
            "-f",
            "-y",
            "-s",
            "200",
            "-e",
            "trace=write,pwrite64,fsync,fdatasync",
            "-o",
        ])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_spool"))
        .arg("--collection")
        .arg(&path)
        .arg("answer")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for (i, id) in ids.iter().enumerate() {
        let quality = if i % 3 == 0 { 1 } else { 4 };
        writeln!(stdin, "{id} {quality}").unwrap();
    }
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let reported = String::from_utf8(output.stdout).unwrap().lines().count();
    assert_eq!(reported, ids.len(), "one acknowledgement per answer");

    let wal = format!("{}-wal", path.canonicalize().unwrap().display());
    let log = std::fs::read_to_string(&trace).unwrap();
    let calls: Vec<Call> = log
        .lines()
        .filter_map(|line| parse_call(line, &wal))
        .collect();
    let mut acknowledged = 0;
    let mut written = false;
    let mut synced_after_write = false;
    for call in &calls {
        match call {
            Call::WriteWal => {
                written = true;
                synced_after_write = false;
            }
            Call::SyncWal => synced_after_write = written,
            Call::Acknowledge(review) => {
                assert!(
                    written && synced_after_write,
                    "review {review} was reported before its WAL frames were fsynced:\n{log}"
                );
                acknowledged += 1;
                written = false;
                synced_after_write = false;
            }
        }
    }
    assert_eq!(
        acknowledged,
        ids.len(),
        "every acknowledgement is in the trace"
    );
}

#[test]
fn trace_lines_are_read_as_wal_writes_syncs_and_acknowledgements() {
    let wal = "/d/c.spool-wal";
    assert_eq!(
        parse_call(
            "7 pwrite64(5</d/c.spool-wal>, \"\\x37\"..., 4120, 32) = 4120",
            wal
        ),
        Some(Call::WriteWal)
    );
    assert_eq!(
        parse_call("7 fsync(5</d/c.spool-wal>) = 0", wal),
        Some(Call::SyncWal)
    );
    assert_eq!(parse_call("7 fsync(5</d/c.spool>) = 0", wal), None);
    assert_eq!(
        parse_call(
            "7 write(1<pipe:[9]>, \"{\\\"review_id\\\":12,\\\"card_id\\\":3}\\n\", 30) = 30",
            wal
        ),
        Some(Call::Acknowledge(12))
    );
}
