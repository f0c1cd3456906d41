//! `deadlock`: threads taking two locks in opposite orders deadlock; a watchdog finds the cycle in
//! the wait-for graph, makes one thread back off, and then one global lock order prevents it.

use std::sync::Barrier;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex, MutexGuard};

use crate::demos::run::WAIT_SLICE;
use crate::demos::workers::{run_threads, worker_lane};
use crate::demos::{Demo, DemoError, DemoInfo, ParamSpec, Run, Unit};

pub(crate) struct Deadlock;

const WORKERS: ParamSpec = ParamSpec {
    name: "workers",
    description: "threads, each moving money between its account and the next one",
    unit: "threads",
    default: 2,
    min: 2,
    max: 6,
};
const CHECK_MS: ParamSpec = ParamSpec {
    name: "check-ms",
    description: "how often the watchdog looks for a cycle of waits",
    unit: "ms",
    default: 500,
    min: 10,
    max: 1000,
};
const HOLD_MS: ParamSpec = ParamSpec {
    name: "hold-ms",
    description: "how long a thread holds its first lock before reaching for the second",
    unit: "ms",
    default: 200,
    min: 10,
    max: 500,
};

static INFO: DemoInfo = DemoInfo {
    id: "deadlock",
    title: "Deadlock: detect, recover, prevent",
    concept: "Deadlocks",
    explanation: "Each thread moves money from its account to the next, so it needs two locks. Taken in \
        opposite orders, each thread holds one lock and waits forever for the other: a deadlock (a \
        barrier makes sure it happens every time). A watchdog spots the cycle of waits, tells one \
        thread to back off and release its lock, and the rest finish. Then every thread takes the \
        locks in one global order (A before B), and no cycle can form.",
    params: &[WORKERS, CHECK_MS, HOLD_MS],
};

const OPENING_BALANCE: i64 = 100;
const AMOUNT: i64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LockOrder {
    /// Own account first, then the next: around the ring, every lock is someone's second.
    Opposite,
    /// Lower letter first, whoever you are.
    Global,
}

impl LockOrder {
    fn name(self) -> &'static str {
        match self {
            LockOrder::Opposite => "opposite order",
            LockOrder::Global => "global order",
        }
    }

    /// The (first, second) lock worker `worker` of `workers` takes.
    fn locks(self, worker: usize, workers: usize) -> (usize, usize) {
        let (own, next) = (worker, (worker + 1) % workers);
        match self {
            LockOrder::Opposite => (own, next),
            LockOrder::Global => (own.min(next), own.max(next)),
        }
    }
}

fn lock_name(lock: usize) -> char {
    char::from(b'A' + lock as u8)
}

impl Demo for Deadlock {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let workers = run.count(&WORKERS);
        let events = run.events();
        for order in [LockOrder::Opposite, LockOrder::Global] {
            let plan: Vec<String> = (0..workers)
                .map(|worker| {
                    let (first, second) = order.locks(worker, workers);
                    format!(
                        "{} takes {} then {}",
                        worker_lane(worker),
                        lock_name(first),
                        lock_name(second)
                    )
                })
                .collect();
            events.log(format!("Locks in {}: {}", order.name(), plan.join("; ")));
            let bank = Bank::new(workers);
            let outcome = bank.run_transfers(run, order)?;
            events.count(
                format!("deadlocks detected ({})", order.name()),
                outcome.deadlocks,
            );
            events.count(
                format!("transfers done ({})", order.name()),
                outcome.transfers,
            );
            let money = outcome.money as f64;
            events.metric(
                format!("money in all accounts ({})", order.name()),
                money,
                Unit::Count,
            );
            events.log(format!(
                "   {}: {} deadlock(s), {} of {workers} transfers done, {} in the accounts (was {})",
                order.name(),
                outcome.deadlocks,
                outcome.transfers,
                outcome.money,
                OPENING_BALANCE * workers as i64
            ));
        }
        Ok(())
    }
}

struct PhaseOutcome {
    deadlocks: usize,
    transfers: usize,
    money: i64,
}

/// Accounts behind one lock each, and the wait-for graph the watchdog reads.
struct Bank {
    accounts: Vec<Mutex<i64>>,
    graph: Mutex<WaitFor>,
    graph_changed: Condvar,
}

/// Who holds which lock and who waits for which; kept so that any cycle in it is a real deadlock:
/// a holder is recorded only after taking its lock and removed before letting go.
struct WaitFor {
    holder: Vec<Option<usize>>,
    waiting: Vec<Option<Waiting>>,
    told_to_back_off: Vec<bool>,
    transfers_done: usize,
}

#[derive(Clone, Copy)]
struct Waiting {
    lock: usize,
    since: Instant,
}

/// A lock a worker holds, and since when, for the timeline.
struct Held<'a> {
    lock: usize,
    account: MutexGuard<'a, i64>,
    since: Instant,
}

impl Bank {
    fn new(accounts: usize) -> Bank {
        Bank {
            accounts: (0..accounts).map(|_| Mutex::new(OPENING_BALANCE)).collect(),
            graph: Mutex::new(WaitFor {
                holder: vec![None; accounts],
                waiting: vec![None; accounts],
                told_to_back_off: vec![false; accounts],
                transfers_done: 0,
            }),
            graph_changed: Condvar::new(),
        }
    }

    fn run_transfers(&self, run: &Run, order: LockOrder) -> Result<PhaseOutcome, DemoError> {
        let (workers, hold, check) = (
            self.accounts.len(),
            run.millis(&HOLD_MS),
            run.millis(&CHECK_MS),
        );
        // Opposite order only: everyone holds their first lock before anyone reaches for a
        // second, so the deadlock happens every time rather than now and then.
        let all_hold_one = (order == LockOrder::Opposite).then(|| Barrier::new(workers));
        let tasks = (0..workers).map(|worker| {
            let all_hold_one = all_hold_one.as_ref();
            move || self.transfer(run, worker, order, all_hold_one, hold)
        });
        let (deadlocks, _) = run_threads(run, tasks, || self.watch(run, check))?;
        let transfers = self.graph.lock().transfers_done;
        let money = self.accounts.iter().map(|account| *account.lock()).sum();
        Ok(PhaseOutcome {
            deadlocks,
            transfers,
            money,
        })
    }

    /// One worker's transfer from its own account to the next, retried after backing off.
    fn transfer(
        &self,
        run: &Run,
        worker: usize,
        order: LockOrder,
        mut all_hold_one: Option<&Barrier>,
        hold: Duration,
    ) -> Result<(), DemoError> {
        let events = run.events();
        let lane = worker_lane(worker);
        let (first, second) = order.locks(worker, self.accounts.len());
        loop {
            let Some(first) = self.acquire(run, worker, first)? else {
                continue;
            };
            events.log(format!("{lane} took lock {}", lock_name(first.lock)));
            match all_hold_one.take() {
                Some(barrier) => {
                    barrier.wait();
                }
                None => run.sleep(hold)?,
            }
            events.log(format!("{lane} reaches for lock {}", lock_name(second)));
            let Some(second) = self.acquire(run, worker, second)? else {
                events.log(format!(
                    "{lane} backs off: releases lock {} and waits for the others to finish",
                    lock_name(first.lock)
                ));
                self.release(run, worker, first);
                let mut graph = self.graph.lock();
                run.wait_while(&self.graph_changed, &mut graph, |graph| {
                    graph.transfers_done + 1 < self.accounts.len()
                })?;
                continue;
            };
            let (mut from, mut to) = if first.lock == worker {
                (first, second)
            } else {
                (second, first)
            };
            *from.account -= AMOUNT;
            *to.account += AMOUNT;
            events.log(format!(
                "{lane} moved {AMOUNT} from {} to {}",
                lock_name(from.lock),
                lock_name(to.lock)
            ));
            self.release(run, worker, to);
            self.release(run, worker, from);
            self.graph.lock().transfers_done += 1;
            self.graph_changed.notify_all();
            return Ok(());
        }
    }

    /// Takes `lock`, or `None` if the watchdog told this worker to back off while it waited.
    fn acquire(
        &self,
        run: &Run,
        worker: usize,
        lock: usize,
    ) -> Result<Option<Held<'_>>, DemoError> {
        let asked = Instant::now();
        self.graph.lock().waiting[worker] = Some(Waiting { lock, since: asked });
        self.graph_changed.notify_all();
        let lane = worker_lane(worker);
        let waiting_label = format!("waiting for lock {}", lock_name(lock));
        loop {
            if let Some(account) = self.accounts[lock].try_lock_for(WAIT_SLICE) {
                let since = Instant::now();
                let mut graph = self.graph.lock();
                graph.waiting[worker] = None;
                graph.holder[lock] = Some(worker);
                if since - asked >= WAIT_SLICE {
                    run.events().span(&lane, asked, since, waiting_label);
                }
                return Ok(Some(Held {
                    lock,
                    account,
                    since,
                }));
            }
            run.check()?;
            let mut graph = self.graph.lock();
            if graph.told_to_back_off[worker] {
                graph.told_to_back_off[worker] = false;
                graph.waiting[worker] = None;
                run.events().span_until_now(&lane, asked, waiting_label);
                return Ok(None);
            }
        }
    }

    fn release(&self, run: &Run, worker: usize, held: Held<'_>) {
        self.graph.lock().holder[held.lock] = None;
        drop(held.account);
        self.graph_changed.notify_all();
        run.events().span_until_now(
            worker_lane(worker),
            held.since,
            format!("holding lock {}", lock_name(held.lock)),
        );
    }

    /// Checks the wait-for graph every `interval` until every transfer is done, and makes one
    /// thread of each deadlock back off. Returns how many deadlocks it broke.
    fn watch(&self, run: &Run, interval: Duration) -> Result<usize, DemoError> {
        let mut deadlocks = 0;
        let mut next_check = Instant::now() + interval;
        let mut graph = self.graph.lock();
        while graph.transfers_done < self.accounts.len() {
            let due = Instant::now() >= next_check;
            if due {
                next_check += interval;
            }
            if due
                && !graph.told_to_back_off.contains(&true)
                && let Some(cycle) = graph.find_cycle()
            {
                deadlocks += 1;
                graph.report_deadlock(run, &cycle);
                // Any thread in the cycle would do; the last one backs off.
                let victim = cycle.iter().copied().max().unwrap_or_default();
                run.events().log(format!(
                    "watchdog: telling {} to back off",
                    worker_lane(victim)
                ));
                graph.told_to_back_off[victim] = true;
            }
            run.check()?;
            self.graph_changed.wait_for(&mut graph, WAIT_SLICE);
        }
        Ok(deadlocks)
    }
}

impl WaitFor {
    fn find_cycle(&self) -> Option<Vec<usize>> {
        let wanted: Vec<_> = self
            .waiting
            .iter()
            .map(|waiting| waiting.map(|waiting| waiting.lock))
            .collect();
        find_cycle(&self.holder, &wanted)
    }

    fn report_deadlock(&self, run: &Run, cycle: &[usize]) {
        let events = run.events();
        let waits = cycle.iter().filter_map(|&worker| self.waiting[worker]);
        if let Some(formed) = waits.map(|waiting| waiting.since).max() {
            events.millis("deadlock detected after", formed.elapsed());
        }
        let links: Vec<String> = cycle
            .iter()
            .map(|&worker| {
                let held = self
                    .holder
                    .iter()
                    .position(|holder| *holder == Some(worker))
                    .map_or('?', lock_name);
                let wants = self.waiting[worker].map_or('?', |waiting| lock_name(waiting.lock));
                format!("{} holds {held} and waits for {wants}", worker_lane(worker))
            })
            .collect();
        events.log(format!("watchdog: DEADLOCK: {}", links.join("; ")));
    }
}

/// A cycle in the wait-for graph, as the workers in it, starting from the lowest. Worker `w` waits
/// for `wanted[w]`, which is held by `holder[lock]`.
fn find_cycle(holder: &[Option<usize>], wanted: &[Option<usize>]) -> Option<Vec<usize>> {
    for start in 0..wanted.len() {
        let mut path = vec![start];
        let mut worker = start;
        while let Some(next) = wanted[worker].and_then(|lock| holder[lock]) {
            if let Some(position) = path.iter().position(|&seen| seen == next) {
                let mut cycle = path.split_off(position);
                let lowest = cycle
                    .iter()
                    .enumerate()
                    .min_by_key(|&(_, worker)| *worker)
                    .map_or(0, |(at, _)| at);
                cycle.rotate_left(lowest);
                return Some(cycle);
            }
            path.push(next);
            worker = next;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::testing::{metric, run_to_end};

    #[test]
    fn two_threads_waiting_on_each_other_form_a_cycle() {
        // Worker 0 holds lock 0 and wants lock 1; worker 1 holds lock 1 and wants lock 0.
        assert_eq!(
            find_cycle(&[Some(0), Some(1)], &[Some(1), Some(0)]),
            Some(vec![0, 1])
        );
    }

    #[test]
    fn a_chain_of_waits_without_a_cycle_is_not_a_deadlock() {
        // Worker 0 waits for worker 1, who waits for a free lock.
        assert_eq!(
            find_cycle(&[Some(0), Some(1), None], &[Some(1), Some(2), None]),
            None
        );
        assert_eq!(find_cycle(&[None, None], &[None, None]), None);
    }

    #[test]
    fn a_ring_is_found_from_whoever_waits_into_it() {
        // Worker 3 waits for lock 0 but holds nothing; workers 0, 1, 2 form the ring.
        let holder = [Some(0), Some(1), Some(2), None];
        let wanted = [Some(1), Some(2), Some(0), Some(0)];
        assert_eq!(find_cycle(&holder, &wanted), Some(vec![0, 1, 2]));
    }

    #[test]
    fn global_order_takes_the_lower_lock_first() {
        assert_eq!(LockOrder::Opposite.locks(1, 2), (1, 0));
        assert_eq!(LockOrder::Global.locks(1, 2), (0, 1));
        assert_eq!(LockOrder::Global.locks(3, 4), (0, 3));
    }

    #[test]
    fn the_deadlock_is_detected_and_recovered_and_global_order_has_none() {
        for workers in [2, 4] {
            let events = run_to_end(
                &Deadlock,
                &[("workers", workers), ("check-ms", 10), ("hold-ms", 10)],
            );
            let money = OPENING_BALANCE as f64 * f64::from(workers);
            for (order, deadlocks) in [("opposite order", 1.0), ("global order", 0.0)] {
                let reported = |name: &str| metric(&events, &format!("{name} ({order})"));
                assert_eq!(reported("deadlocks detected"), deadlocks, "{order}");
                assert_eq!(reported("transfers done"), f64::from(workers), "{order}");
                assert_eq!(reported("money in all accounts"), money, "{order}");
            }
        }
    }
}
