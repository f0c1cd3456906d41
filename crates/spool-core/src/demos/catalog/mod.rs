//! The demos themselves, one file each, named after their ids.

mod async_gather;
mod barrier;
mod blocking_in_async;
pub mod cpu_bound;
mod deadlock;
mod event;
mod io_bound;
mod lock_contention;
pub(crate) mod process_memory;
pub mod process_vs_thread;
pub(crate) mod queue_pipe;
mod race_condition;
mod semaphore;
mod threads_join;

use super::Demo;

pub(super) static ALL: &[&dyn Demo] = &[
    &threads_join::ThreadsJoin,
    &race_condition::RaceCondition,
    &lock_contention::LockContention,
    &semaphore::SemaphoreDemo,
    &barrier::BarrierDemo,
    &event::EventDemo,
    &async_gather::AsyncGather,
    &blocking_in_async::BlockingInAsync,
    &io_bound::IoBound,
    &cpu_bound::CpuBound,
    &process_memory::ProcessMemory,
    &queue_pipe::QueuePipe,
    &process_vs_thread::ProcessVsThread,
    &deadlock::Deadlock,
];
