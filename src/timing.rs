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
    // User and system time so far, in clock ticks (fields 14 and 15 of /proc/self/stat).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let ticks: u64 = after_name.split_whitespace().skip(11).take(2).filter_map(|v| v.parse::<u64>().ok()).sum();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field =
        |name: &str| status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok());
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!(" (memory {} MB, peak {} MB, CPU {:.2} s)", rss / 1024, peak / 1024, ticks as f64 / 100.0),
        _ => String::new(),
    }
}

#[cfg(not(target_os = "linux"))]
fn memory() -> String {
    String::new()
}
