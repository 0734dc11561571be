//! Phase timings for profiling a build or a dev-server rebuild: with
//! `REGIONPRESS_TIMING=1` in the environment, each phase's duration is
//! printed to stderr; otherwise marking a phase costs one branch.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Whether `REGIONPRESS_TIMING` asks for timings (and the counts printed
/// with them).
pub fn on() -> bool {
    std::env::var_os("REGIONPRESS_TIMING").is_some()
}

/// Times consecutive phases.
pub struct Phases {
    on: bool,
    prefix: &'static str,
    last: Instant,
}

impl Phases {
    /// Starts timing; `prefix` goes before each phase name (indentation, a scope).
    pub fn start(prefix: &'static str) -> Phases {
        Phases { on: on(), prefix, last: Instant::now() }
    }

    /// Ends the current phase, named `name`, and starts the next.
    pub fn mark(&mut self, name: &str) {
        if self.on {
            eprintln!("{}{name}: {:.1} ms{}", self.prefix, self.last.elapsed().as_secs_f64() * 1000.0, memory());
        }
        self.last = Instant::now();
    }
}

/// Durations summed by name, from any number of threads: where the time of
/// a parallel phase goes (rendering, by template). Off unless
/// `REGIONPRESS_TIMING` is set, when adding costs one branch.
pub struct Tally {
    on: bool,
    sums: Mutex<BTreeMap<String, (usize, Duration)>>,
}

impl Tally {
    /// An empty tally, on when the phases are timed.
    pub fn start() -> Tally {
        Tally { on: on(), sums: Mutex::new(BTreeMap::new()) }
    }

    /// A tally that records nothing (one page rendered on its own).
    pub fn off() -> Tally {
        Tally { on: false, sums: Mutex::new(BTreeMap::new()) }
    }

    /// Now, when the tally is on (what [`Tally::add`] measures from).
    pub fn now(&self) -> Option<Instant> {
        self.on.then(Instant::now)
    }

    /// Adds the time since `since` (from [`Tally::now`]) to the name
    /// `name` gives (called only when the tally is on).
    pub fn add(&self, name: impl FnOnce() -> String, since: Option<Instant>) {
        let Some(since) = since else { return };
        let spent = since.elapsed();
        let mut sums = self.sums.lock().unwrap_or_else(|e| e.into_inner());
        let e = sums.entry(name()).or_default();
        e.0 += 1;
        e.1 += spent;
    }

    /// Prints each name's count and summed time (thread time, not wall
    /// time), the largest first.
    pub fn print(&self, prefix: &str) {
        if !self.on {
            return;
        }
        let sums = self.sums.lock().unwrap_or_else(|e| e.into_inner());
        let mut rows: Vec<_> = sums.iter().collect();
        rows.sort_by_key(|row| std::cmp::Reverse(row.1.1));
        for (name, (n, d)) in rows {
            eprintln!("{prefix}{name}: {:.1} ms in {n} ({:.1} µs each)", d.as_secs_f64() * 1000.0, d.as_secs_f64() * 1e6 / *n as f64);
        }
    }
}

/// The process's resident memory now and at its peak (Linux only).
#[cfg(target_os = "linux")]
fn memory() -> String {
    // User and system time so far, of every thread.
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field =
        |name: &str| status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok());
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!(" (memory {} MB, peak {} MB, CPU {cpu:.2} s)", rss / 1024, peak / 1024),
        _ => String::new(),
    }
}

#[cfg(not(target_os = "linux"))]
fn memory() -> String {
    String::new()
}
