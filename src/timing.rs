//! Phase timings for profiling a build or a dev-server rebuild: with
//! `REGIONPRESS_TIMING=1` in the environment, each phase's duration is
//! printed to stderr; otherwise marking a phase costs one branch.

use std::time::Instant;

/// Times consecutive phases.
pub struct Phases {
    on: bool,
    prefix: &'static str,
    last: Instant,
}

impl Phases {
    /// Starts timing; `prefix` goes before each phase name (indentation, a scope).
    pub fn start(prefix: &'static str) -> Phases {
        Phases { on: std::env::var_os("REGIONPRESS_TIMING").is_some(), prefix, last: Instant::now() }
    }

    /// Ends the current phase, named `name`, and starts the next.
    pub fn mark(&mut self, name: &str) {
        if self.on {
            eprintln!("{}{name}: {:.1} ms{}", self.prefix, self.last.elapsed().as_secs_f64() * 1000.0, memory());
        }
        self.last = Instant::now();
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
