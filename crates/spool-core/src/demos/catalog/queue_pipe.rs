//! `queue-pipe`: producer and consumer connected by a bounded channel between threads, then by a
//! pipe through a child process. Nothing is lost and the order is kept.

use std::io::{BufRead, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::demos::process::{WorkerProcess, write_line};
use crate::demos::run::WAIT_SLICE;
use crate::demos::worker_protocol::WorkerRole;
use crate::demos::workers::run_threads;
use crate::demos::{Demo, DemoError, DemoInfo, ParamSpec, Run, Unit};

pub(crate) struct QueuePipe;

const ITEMS: ParamSpec = ParamSpec {
    name: "items",
    description: "items to send",
    unit: "items",
    default: 20,
    min: 1,
    max: 200,
};
const CAPACITY: ParamSpec = ParamSpec {
    name: "capacity",
    description: "items the channel holds before the producer must wait",
    unit: "items",
    default: 4,
    min: 1,
    max: 64,
};
const PRODUCE_MS: ParamSpec = ParamSpec {
    name: "produce-ms",
    description: "time to produce one item",
    unit: "ms",
    default: 5,
    min: 0,
    max: 20,
};
const CONSUME_MS: ParamSpec = ParamSpec {
    name: "consume-ms",
    description: "time to handle one item",
    unit: "ms",
    default: 20,
    min: 0,
    max: 25,
};

static INFO: DemoInfo = DemoInfo {
    id: "queue-pipe",
    title: "Queues and pipes: producer and consumer",
    concept: "Queues and pipes",
    explanation: "A producer makes numbered items faster than a consumer can handle them. Between two \
        threads they travel through a bounded channel: when it is full, the producer waits. Between \
        two processes they travel through pipes: to a child process's stdin, and back from its stdout. \
        Either way every item arrives, in the order it was sent.",
    params: &[ITEMS, CAPACITY, PRODUCE_MS, CONSUME_MS],
};

/// A send that takes longer than this counts as the producer being held up by a full queue.
const BLOCKED_NOTICE: Duration = Duration::from_millis(1);

#[derive(Debug, Clone, Copy)]
struct Pace {
    items: usize,
    produce: Duration,
    consume: Duration,
}

impl Demo for QueuePipe {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let pace = Pace {
            items: run.count(&ITEMS),
            produce: run.millis(&PRODUCE_MS),
            consume: run.millis(&CONSUME_MS),
        };
        let capacity = run.count(&CAPACITY);
        let events = run.events();

        events.log(format!(
            "1. Threads: {} items through a channel that holds {capacity}",
            pace.items
        ));
        let received = through_channel(run, pace, capacity)?;
        report(run, "channel", &received, pace.items);

        events.log(format!(
            "2. Processes: {} items through a pipe to a child process and back",
            pace.items
        ));
        let received = through_pipe(run, pace)?;
        report(run, "pipe", &received, pace.items);
        Ok(())
    }
}

fn through_channel(run: &Run, pace: Pace, capacity: usize) -> Result<Vec<u32>, DemoError> {
    let (sender, receiver) = mpsc::sync_channel(capacity);
    let producer = move || {
        produce(run, "producer thread", pace, |item| {
            sender.send(item).map_err(|_| DemoError::Cancelled)
        })
    };
    let consumer = || {
        consume(run, "consumer thread", pace, || {
            loop {
                match receiver.recv_timeout(WAIT_SLICE) {
                    Ok(item) => return Ok(Some(item)),
                    Err(RecvTimeoutError::Timeout) => run.check()?,
                    Err(RecvTimeoutError::Disconnected) => return Ok(None),
                }
            }
        })
    };
    let (received, _) = run_threads(run, [producer], consumer)?;
    Ok(received)
}

fn through_pipe(run: &Run, pace: Pace) -> Result<Vec<u32>, DemoError> {
    let mut relay = WorkerProcess::start(run.spool_exe()?, WorkerRole::Relay)?;
    run.events()
        .metric("child pid", f64::from(relay.pid()), Unit::Pid);
    run.events()
        .log(format!("   the child process has pid {}", relay.pid()));
    let mut to_child = relay
        .take_input()
        .ok_or_else(|| DemoError::WorkerProtocol("relay has no input".into()))?;
    // The producer owns the child's stdin; when it is done, the pipe closes and the child exits.
    let producer = move || {
        produce(run, "producer (parent)", pace, |item| {
            write_line(&mut to_child, &item.to_string())
        })
    };
    let consumer = || {
        consume(run, "consumer (parent)", pace, || {
            let Some(line) = relay.recv_line(run.cancel_token())? else {
                return Ok(None);
            };
            line.parse().map(Some).map_err(|_| {
                DemoError::WorkerProtocol(format!("the relay sent {line:?}, not an item number"))
            })
        })
    };
    let (received, _) = run_threads(run, [producer], consumer)?;
    relay.finish(run.cancel_token())?;
    Ok(received)
}

fn produce(
    run: &Run,
    lane: &str,
    pace: Pace,
    mut send: impl FnMut(u32) -> Result<(), DemoError>,
) -> Result<(), DemoError> {
    for item in 0..pace.items as u32 {
        run.sleep(pace.produce)?;
        let sending = Instant::now();
        send(item)?;
        if sending.elapsed() >= BLOCKED_NOTICE {
            run.events()
                .span_until_now(lane, sending, "waiting: queue full");
        }
    }
    Ok(())
}

fn consume(
    run: &Run,
    lane: &str,
    pace: Pace,
    mut next: impl FnMut() -> Result<Option<u32>, DemoError>,
) -> Result<Vec<u32>, DemoError> {
    let mut received = Vec::with_capacity(pace.items);
    while let Some(item) = next()? {
        received.push(item);
        let started = Instant::now();
        run.sleep(pace.consume)?;
        run.events()
            .span_until_now(lane, started, format!("handling item {item}"));
        run.events().progress(received.len(), pace.items);
    }
    Ok(received)
}

fn report(run: &Run, transport: &str, received: &[u32], sent: usize) {
    let in_order = received
        .iter()
        .enumerate()
        .filter(|&(position, &item)| position == item as usize)
        .count();
    let events = run.events();
    events.count(format!("{transport}: received"), received.len());
    events.count(format!("{transport}: in order"), in_order);
    events.log(format!(
        "   {transport}: sent {sent}, received {}, {in_order} in their original place",
        received.len()
    ));
}

/// The child: copies every line from stdin to stdout as it comes, until stdin closes.
pub(crate) fn serve_child(input: impl BufRead, mut output: impl Write) -> Result<(), DemoError> {
    for line in input.lines() {
        write_line(
            &mut output,
            &line.map_err(DemoError::io("read from the parent process"))?,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::testing::idle_run;

    #[test]
    fn a_small_channel_delivers_everything_in_order() {
        let pace = Pace {
            items: 50,
            produce: Duration::ZERO,
            consume: Duration::ZERO,
        };
        let received = through_channel(&idle_run(), pace, 1).unwrap();
        assert_eq!(received, (0..50).collect::<Vec<u32>>());
    }

    #[test]
    fn the_relay_copies_lines_in_order() {
        let mut output = Vec::new();
        serve_child("1\n2\n3\n".as_bytes(), &mut output).unwrap();
        assert_eq!(output, b"1\n2\n3\n");
    }
}
