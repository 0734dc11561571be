//! Times the search index of a site on its own, in process, so that the
//! figure does not depend on what else the build or the machine is doing:
//!
//! ```sh
//! cargo run --release --example search_index -- SITE_DIR [RUNS]
//! ```
//!
//! Loads the site once, then builds the index (encoded, but not written)
//! RUNS times and prints the wall and CPU time of each run (CPU time from
//! `/proc/self/stat`, so Linux only), and the size of what would be written.
//! `bench/search.sh` runs it.

use std::path::PathBuf;
use std::time::Instant;

/// User plus system CPU seconds of this process so far (Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 here; 100 ticks a second.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: search_index SITE_DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let (graph, diags) = regionpress::load_site(&root, None, false);
    if diags.has_errors() {
        eprintln!("the site has errors; run `regionpress build` to see them");
        std::process::exit(1);
    }
    for run in 1..=runs {
        let (wall, cpu) = (Instant::now(), cpu_seconds());
        let index = match regionpress::search::build(&graph, &|_: &str, _: &[u8]| Ok(())) {
            Ok(stats) => stats,
            Err(e) => {
                eprintln!("error: {e:#}");
                std::process::exit(1);
            }
        };
        let (wall, cpu) = (wall.elapsed().as_secs_f64(), cpu_seconds() - cpu);
        println!(
            "run {run}: {:.2} s wall, {:.2} s cpu; {} documents, {} tokens, {} files, {:.1} MB",
            wall,
            cpu,
            index.docs,
            index.tokens,
            index.files,
            index.bytes as f64 / 1_048_576.0
        );
    }
}
