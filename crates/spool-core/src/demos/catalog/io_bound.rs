//! `io-bound`: downloads from a slow local server, done one after another, on threads, and as
//! async tasks. Waiting overlaps on threads and tasks alike.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::runtime::Builder;
use tokio::task::JoinSet;

use crate::demos::run::{WAIT_SLICE, runtime};
use crate::demos::workers::{run_workers, worker_lane};
use crate::demos::{Demo, DemoError, DemoInfo, ParamSpec, Run, Unit};

pub(crate) struct IoBound;

const DOWNLOADS: ParamSpec = ParamSpec {
    name: "downloads",
    description: "downloads per approach",
    unit: "downloads",
    default: 10,
    min: 1,
    max: 20,
};
const LATENCY_MS: ParamSpec = ParamSpec {
    name: "latency-ms",
    description: "how long the server waits before answering each download",
    unit: "ms",
    default: 200,
    min: 10,
    max: 400,
};

static INFO: DemoInfo = DemoInfo {
    id: "io-bound",
    title: "I/O-bound work: sequential, threads, async",
    concept: "I/O-bound work",
    explanation: "A small server on this computer (127.0.0.1) answers each download after a delay, like \
        a slow network. Downloading one after another waits for each delay in turn. Threads and async \
        tasks both overlap the waiting, so many downloads take about as long as one; the CPU is idle \
        throughout, which is what makes the work I/O-bound.",
    params: &[DOWNLOADS, LATENCY_MS],
};

/// Size of one simulated download.
const PAYLOAD_BYTES: usize = 32 * 1024;

impl Demo for IoBound {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let (downloads, latency) = (run.count(&DOWNLOADS), run.millis(&LATENCY_MS));
        let events = run.events();
        let runtime = runtime(Builder::new_multi_thread().worker_threads(1))?;
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .map_err(DemoError::io("open a local server"))?;
        let address = listener
            .local_addr()
            .map_err(DemoError::io("open a local server"))?;
        // Bounded: the server answers exactly the downloads this demo makes, then stops.
        runtime.spawn(serve(listener, 3 * downloads, latency));
        events.log(format!(
            "local server on {address}; every answer takes {latency:?}"
        ));

        events.log(format!("1. {downloads} downloads one after another"));
        let started = Instant::now();
        let mut verified = 0;
        for index in 0..downloads {
            let download_started = Instant::now();
            download_blocking(run, address, index)?;
            verified += 1;
            events.span_until_now(
                "main thread",
                download_started,
                format!("download {}", index + 1),
            );
        }
        let sequential = started.elapsed();
        report(run, "sequential", sequential, verified);

        events.log(format!("2. {downloads} downloads on {downloads} threads"));
        let started = Instant::now();
        let verified = run_workers(run, downloads, |index| {
            let download_started = Instant::now();
            download_blocking(run, address, index)?;
            events.span_until_now(worker_lane(index), download_started, "download");
            Ok(())
        })?;
        let threads = started.elapsed();
        report(run, "threads", threads, verified.len());

        events.log(format!(
            "3. {downloads} downloads as async tasks on one runtime thread"
        ));
        let started = Instant::now();
        let verified = run.block_on(&runtime, async {
            let mut tasks: JoinSet<Result<(), DemoError>> = (0..downloads)
                .map(|index| {
                    let events = events.clone();
                    async move {
                        let download_started = Instant::now();
                        download_async(address, index).await?;
                        events.span_until_now(
                            format!("task {}", index + 1),
                            download_started,
                            "download",
                        );
                        Ok(())
                    }
                })
                .collect();
            let mut verified = 0;
            while let Some(joined) = tasks.join_next().await {
                joined.map_err(|_| DemoError::Crashed(run.demo_id()))??;
                verified += 1;
            }
            Ok(verified)
        })?;
        let async_tasks = started.elapsed();
        report(run, "async tasks", async_tasks, verified);

        events.metric(
            "speed-up with threads",
            sequential.as_secs_f64() / threads.as_secs_f64(),
            Unit::Times,
        );
        events.metric(
            "speed-up with async",
            sequential.as_secs_f64() / async_tasks.as_secs_f64(),
            Unit::Times,
        );
        Ok(())
    }
}

fn report(run: &Run, approach: &str, took: Duration, verified: usize) {
    let events = run.events();
    events.millis(format!("{approach}: time"), took);
    events.count(format!("{approach}: verified downloads"), verified);
    events.log(format!(
        "   {approach}: {verified} downloads verified in {took:.2?}"
    ));
}

/// What download `index` must contain, so every download can be checked in full.
fn payload(index: usize) -> Vec<u8> {
    vec![(index % 251) as u8; PAYLOAD_BYTES]
}

fn check_payload(index: usize, received: &[u8]) -> Result<(), DemoError> {
    if received == payload(index) {
        Ok(())
    } else {
        Err(DemoError::WrongData(format!(
            "download {} came back wrong ({} bytes, expected {PAYLOAD_BYTES})",
            index + 1,
            received.len()
        )))
    }
}

/// Answers `requests` downloads, each after `latency`; each request is the download's index.
async fn serve(listener: TcpListener, requests: usize, latency: Duration) {
    let mut answers = JoinSet::new();
    for _ in 0..requests {
        let Ok((stream, _)) = listener.accept().await else {
            break;
        };
        answers.spawn(async move {
            let mut stream = BufReader::new(stream);
            let mut request = String::new();
            stream.read_line(&mut request).await?;
            let index: usize = request
                .trim()
                .parse()
                .map_err(|_| io::ErrorKind::InvalidData)?;
            tokio::time::sleep(latency).await;
            stream.get_mut().write_all(&payload(index)).await?;
            stream.get_mut().shutdown().await
        });
    }
    // A client that gave up (cancelled) only costs its own answer.
    while answers.join_next().await.is_some() {}
}

/// A blocking download whose reads time out every slice, so cancellation is noticed promptly.
fn download_blocking(run: &Run, address: SocketAddr, index: usize) -> Result<(), DemoError> {
    let failed = DemoError::io("download from the local server");
    let mut stream = TcpStream::connect(address).map_err(failed)?;
    stream.set_read_timeout(Some(WAIT_SLICE)).map_err(failed)?;
    writeln!(stream, "{index}").map_err(failed)?;
    let mut received = Vec::with_capacity(PAYLOAD_BYTES);
    let mut buffer = [0; 8192];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                run.check()?
            }
            Err(error) => return Err(failed(error)),
        }
    }
    check_payload(index, &received)
}

async fn download_async(address: SocketAddr, index: usize) -> Result<(), DemoError> {
    let failed = DemoError::io("download from the local server");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(failed)?;
    stream
        .write_all(format!("{index}\n").as_bytes())
        .await
        .map_err(failed)?;
    let mut received = Vec::with_capacity(PAYLOAD_BYTES);
    stream.read_to_end(&mut received).await.map_err(failed)?;
    check_payload(index, &received)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::testing::{metric, run_to_end};

    #[test]
    fn every_approach_downloads_everything_intact() {
        let events = run_to_end(&IoBound, &[("downloads", 4), ("latency-ms", 10)]);
        for approach in ["sequential", "threads", "async tasks"] {
            assert_eq!(
                metric(&events, &format!("{approach}: verified downloads")),
                4.0,
                "{approach}"
            );
        }
    }

    #[test]
    fn a_wrong_download_is_caught() {
        assert!(check_payload(2, &payload(2)).is_ok());
        assert!(check_payload(2, &payload(3)).is_err());
        assert!(check_payload(2, &payload(2)[1..]).is_err());
    }
}
