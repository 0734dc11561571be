//! Running the binary as one measured child: its exit, output, wall time,
//! its own CPU time and its own peak resident memory.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Instant;

/// What one run of the binary did, and what it cost.
pub struct Run {
    pub out: Output,
    pub seconds: f64,
    /// CPU time (user and system, all threads) of this process alone, as
    /// last sampled before it ended (None where `/proc` is missing). Unlike
    /// wall time, it does not grow when other work shares the machine, so
    /// bounds on hostile inputs are set on it.
    pub cpu_seconds: Option<f64>,
    /// Peak resident memory of this process alone (None where `/proc` is missing).
    pub peak_mib: Option<u64>,
}

/// Runs the binary with `args` on the site at `root`, measuring this one child.
pub fn run(root: &Path, args: &[&str]) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(args)
        .arg("--root")
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut stdout, mut stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).unwrap();
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut v).unwrap();
        v
    });
    let (status, peak_mib, cpu_seconds) = wait(child);
    let seconds = start.elapsed().as_secs_f64();
    let out = Output { status, stdout: out_reader.join().unwrap(), stderr: err_reader.join().unwrap() };
    Run { out, seconds, cpu_seconds, peak_mib }
}

/// Waits for `child`, reading its peak resident memory (`VmHWM`) every
/// 10 ms while it runs. Neither `wait4` nor `RUSAGE_CHILDREN` can be used:
/// a child's `ru_maxrss` starts from the parent's resident size (the
/// parent's memory is counted when the child executes the binary), and
/// this test holds tens of megabytes. Growth in a child's last 10 ms could
/// be missed; a bound of hundreds of megabytes is not reached that fast.
fn wait(mut child: std::process::Child) -> (std::process::ExitStatus, Option<u64>, Option<f64>) {
    let status_file = format!("/proc/{}/status", child.id());
    let stat_file = format!("/proc/{}/stat", child.id());
    let mut peak_kib: Option<u64> = None;
    let mut cpu: Option<f64> = None;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status, peak_kib.map(|k| k / 1024), cpu);
        }
        if let Some(seconds) = fs::read_to_string(&stat_file).ok().as_deref().and_then(cpu_seconds) {
            cpu = Some(seconds);
        }
        let hwm = fs::read_to_string(&status_file).ok().and_then(|s| {
            s.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
        });
        if let Some(kib) = hwm {
            peak_kib = Some(peak_kib.unwrap_or(0).max(kib));
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// User plus system time from a `/proc/<pid>/stat` line: fields 14 and 15,
/// counted after the command name's closing parenthesis (the name itself may
/// hold spaces), in clock ticks of `USER_HZ`, which Linux fixes at 100 for
/// user space on every architecture it reports it for.
fn cpu_seconds(stat: &str) -> Option<f64> {
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 1..)?.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}
