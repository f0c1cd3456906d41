//! The one thread that touches the collection.
//!
//! Why a dedicated worker thread rather than an `Arc<Mutex<Spool>>` shared by tokio tasks:
//! a rusqlite connection is `Send` but not `Sync`, so every call needs exclusive access
//! anyway; a single thread runs requests strictly in the order the UI sent them (a grade is
//! written before the next card is read, with no lock ordering to reason about); and the UI
//! thread never holds or waits on anything. The UI hands the worker a closure and awaits the
//! reply inside an iced [`Task`](iced::Task), so a slow disk only delays that reply.

use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use iced::futures::channel::mpsc as stream_channel;
use iced::futures::{Stream, StreamExt, future, stream};
use spool_core::app::{Clock, Spool, StudySession};
use tokio::sync::oneshot;

/// What the worker owns: the collection, and the study session in progress, so a grade is
/// one job on state that never leaves the worker.
struct Worker {
    spool: Spool,
    study: Option<StudySession>,
}

type Job = Box<dyn FnOnce(&mut Worker) + Send>;

/// Why a request to the collection failed. Cloneable so it can travel in a `Message`.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Spool(Arc<spool_core::Error>),
    #[error("the collection worker stopped unexpectedly; restart Spool")]
    WorkerStopped,
    #[error("no study session is open")]
    NoStudySession,
}

impl From<spool_core::Error> for StoreError {
    fn from(error: spool_core::Error) -> Self {
        Self::Spool(Arc::new(error))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A piece of work for the worker, boxed so one `match` can choose between several.
pub type BoxedJob<T> = Box<dyn FnOnce(&mut Spool) -> spool_core::Result<T> + Send>;

/// What a job that reports progress sends back: its progress as it goes, then its result.
#[derive(Debug, Clone)]
pub enum Update<P, T> {
    Progress(P),
    Done(StoreResult<T>),
}

/// A handle to the collection worker. Cloning it is cheap; the worker stops (and closes the
/// collection, checkpointing it) when the last handle is dropped.
#[derive(Debug, Clone)]
pub struct Store {
    jobs: mpsc::Sender<Job>,
    path: PathBuf,
}

impl Store {
    /// Starts a worker that opens (or creates) the collection at `path`. Resolves once the
    /// collection is open, or with the reason it could not be.
    pub fn open(
        path: PathBuf,
        clock: impl Clock + 'static,
    ) -> impl Future<Output = StoreResult<Store>> {
        let (opened, on_open) = oneshot::channel();
        let (jobs, queue) = mpsc::channel::<Job>();
        let store = Store {
            jobs,
            path: path.clone(),
        };
        let spawned = std::thread::Builder::new()
            .name("spool-store".into())
            .spawn(move || {
                let spool = match Spool::open(&path, clock) {
                    Ok(spool) => spool,
                    Err(error) => {
                        let _ = opened.send(Err(StoreError::from(error)));
                        return;
                    }
                };
                // A failed checkpointer only means the log grows until the collection closes.
                let _checkpointer = spool.spawn_checkpointer().ok();
                if opened.send(Ok(())).is_err() {
                    return;
                }
                let mut worker = Worker { spool, study: None };
                for job in queue {
                    job(&mut worker);
                }
            });
        async move {
            spawned.map_err(|error| {
                StoreError::from(spool_core::Error::Io {
                    path: store.path.clone(),
                    error,
                })
            })?;
            on_open.await.map_err(|_| StoreError::WorkerStopped)??;
            Ok(store)
        }
    }

    /// Where the collection lives.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Runs `job` on the worker and resolves with its result.
    pub fn call<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Spool) -> spool_core::Result<T> + Send + 'static,
    ) -> impl Future<Output = StoreResult<T>> + Send + 'static {
        self.run(move |worker| Ok(job(&mut worker.spool)?))
    }

    /// Starts a study session on `deck` (every deck when `None`), in place of any other, and
    /// runs `job` on it.
    pub fn start_study<T: Send + 'static>(
        &self,
        deck: Option<String>,
        job: impl FnOnce(&mut StudySession, &mut Spool) -> spool_core::Result<T> + Send + 'static,
    ) -> impl Future<Output = StoreResult<T>> + Send + 'static {
        self.run(move |worker| {
            worker.study = None;
            let session = StudySession::start(&worker.spool, deck.as_deref())?;
            let session = worker.study.insert(session);
            Ok(job(session, &mut worker.spool)?)
        })
    }

    /// Runs `job` on the study session in progress.
    pub fn study<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut StudySession, &mut Spool) -> spool_core::Result<T> + Send + 'static,
    ) -> impl Future<Output = StoreResult<T>> + Send + 'static {
        self.run(move |worker| {
            let session = worker.study.as_mut().ok_or(StoreError::NoStudySession)?;
            Ok(job(session, &mut worker.spool)?)
        })
    }

    fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Worker) -> StoreResult<T> + Send + 'static,
    ) -> impl Future<Output = StoreResult<T>> + Send + 'static {
        let (reply, answer) = oneshot::channel();
        let sent = self.jobs.send(Box::new(move |worker| {
            let _ = reply.send(job(worker));
        }));
        async move {
            sent.map_err(|_| StoreError::WorkerStopped)?;
            answer.await.map_err(|_| StoreError::WorkerStopped)?
        }
    }

    /// Runs `job` on the worker, streaming the progress it reports, then its result. The
    /// stream always ends with exactly one [`Update::Done`], even if the worker dies.
    pub fn call_with_progress<P: Send + 'static, T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Spool, &mut dyn FnMut(P)) -> spool_core::Result<T> + Send + 'static,
    ) -> impl Stream<Item = Update<P, T>> + Send + 'static {
        let (updates, received) = stream_channel::unbounded();
        // If the job is never run, the sender is dropped with it and the fallback ends the stream.
        let _ = self.jobs.send(Box::new(move |worker| {
            let result = job(&mut worker.spool, &mut |progress| {
                let _ = updates.unbounded_send(Update::Progress(progress));
            });
            let _ = updates.unbounded_send(Update::Done(result.map_err(StoreError::from)));
        }));
        let worker_stopped =
            stream::once(future::ready(Update::Done(Err(StoreError::WorkerStopped))));
        let mut finished = false;
        received.chain(worker_stopped).take_while(move |update| {
            let before_end = !finished;
            finished |= matches!(update, Update::Done(_));
            future::ready(before_end)
        })
    }
}
