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
            eprintln!("{}{name}: {:.1} ms", self.prefix, self.last.elapsed().as_secs_f64() * 1000.0);
        }
        self.last = Instant::now();
    }
}
