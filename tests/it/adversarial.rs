//! Hostile inputs under the size cap are checked and built in time linear
//! in their size and in bounded memory, and refused, where they must be,
//! with a located diagnostic: 100,000 nested brackets in front matter, a
//! 4 MB region file of 60,000 units, a 40 MB report made of one wide
//! table, and a 40 MB report naming 2,000 unknown units and modes.
//!
//! Each run's own CPU time and peak memory are read (`/proc`, Linux). The
//! bounds are generous, for the debug binary; CPU time rather than wall time
//! is bounded, since wall time grows with whatever else shares the machine
//! (a wide wall-time bound still catches a hang). The old behaviour took
//! from 36 s to past 200 s, or 6.6 GB, with the release binary
//! (docs/performance.md has the release figures).

use std::fmt::Write as _;
use std::fs;

use crate::common::measure::{Run, run};
use crate::common::{Site, copy_dir, fixture};

/// Generous bounds for one run of the debug binary: CPU time, wall time
/// (a hang uses no CPU) and peak memory.
const MAX_CPU_SECONDS: f64 = 60.0;
const MAX_SECONDS: f64 = 600.0;
const MAX_MIB: u64 = 1024;

fn site() -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("check-base"), &root);
    Site { tmp, root }
}

/// Asserts that `run` stayed within the bounds, and says what it cost.
fn assert_bounded(what: &str, run: &Run) {
    eprintln!("{what}: {:.2} s, CPU {:?} s, peak {:?} MiB (debug build)", run.seconds, run.cpu_seconds, run.peak_mib);
    assert!(run.seconds < MAX_SECONDS, "{what} took {:.1} s", run.seconds);
    if let Some(cpu) = run.cpu_seconds {
        assert!(cpu < MAX_CPU_SECONDS, "{what} took {cpu:.1} s of CPU time");
    }
    if let Some(mib) = run.peak_mib {
        assert!(mib < MAX_MIB, "{what} peaked at {mib} MiB");
    }
}

/// The diagnostics of `check --format json`.
fn diagnostics(run: &Run) -> Vec<serde_json::Value> {
    crate::common::json_diagnostics(&run.out.stdout)
}

/// Runs `check` (JSON) and `build` on the site, each bounded; returns
/// check's diagnostics and build's run.
fn check_and_build(site: &Site, what: &str) -> (Run, Vec<serde_json::Value>, Run) {
    let check = run(&site.root, &["check", "--format", "json", "--lang", "en"]);
    assert_bounded(&format!("{what}, check"), &check);
    let diags = diagnostics(&check);
    let build = run(&site.root, &["build", "--quiet", "--lang", "en"]);
    assert_bounded(&format!("{what}, build"), &build);
    (check, diags, build)
}

const FRONT: &str = "---\ntitle: 对抗输入\ndate: 2026-04-01\nregion: alpha\n";

#[test]
fn nested_brackets_in_front_matter_are_refused_at_the_first_too_deep_in_linear_time() {
    let site = site();
    let text = format!("{FRONT}tags: {}\n---\n\n正文\n", "[".repeat(100_000));
    fs::write(site.root.join("content/reports/2026/deep.md"), text).unwrap();
    let (check, diags, build) = check_and_build(&site, "100k nested brackets");
    assert_eq!(check.out.status.code(), Some(1));
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["code"], "yaml-too-deep");
    assert_eq!(d["path"], "content/reports/2026/deep.md");
    // `tags: ` is 6 characters; the 65th bracket is the first past the limit.
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(5), Some(6 + 65)));
    assert_eq!(build.out.status.code(), Some(1));
    assert!(!site.public().exists());
}

#[test]
fn nested_brackets_in_site_yaml_are_refused_in_linear_time() {
    let site = site();
    let config = fs::read_to_string(site.root.join("site.yaml")).unwrap();
    fs::write(site.root.join("site.yaml"), format!("{config}\nextra: {}\n", "{a: ".repeat(100_000))).unwrap();
    let check = run(&site.root, &["check", "--format", "json", "--lang", "en"]);
    assert_bounded("100k nested braces in site.yaml, check", &check);
    let diags = diagnostics(&check);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((diags[0]["code"].as_str(), diags[0]["path"].as_str()), (Some("yaml-too-deep"), Some("site.yaml")));
}

/// A region profile of about `mib` MiB: units with an unknown key each,
/// every tenth of an unknown kind. Returns the text and the unit count.
fn big_region(mib: usize) -> (String, usize) {
    let mut s = String::from("name: 大片区\nunits:\n");
    let mut i = 0;
    while s.len() < mib << 20 {
        let kind = if i % 10 == 0 { "projcet" } else { "project" };
        let _ = write!(s, "  - name: 第{i}项目部\n    kind: {kind}\n    members: {}\n    phone: 1\n", i % 50);
        i += 1;
    }
    (s, i)
}

#[test]
fn a_4_mb_region_file_of_many_units_is_checked_in_linear_time() {
    let site = site();
    let (text, units) = big_region(4);
    fs::write(site.root.join("content/regions/big.yaml"), text).unwrap();
    let (check, diags, build) = check_and_build(&site, "4 MB region file");
    assert_eq!(check.out.status.code(), Some(1));
    // Every unit's unknown key, and every tenth unit's kind, located on its own line.
    let kinds: Vec<&serde_json::Value> = diags.iter().filter(|d| d["code"] == "unit-kind").collect();
    let keys: Vec<&serde_json::Value> = diags.iter().filter(|d| d["code"] == "unknown-field").collect();
    assert_eq!((kinds.len(), keys.len()), (units.div_ceil(10), units));
    let last = units - 1 - (units - 1) % 10;
    let line = 3 + 4 * last + 1;
    assert!(kinds.iter().any(|d| d["line"] == line as u64 && d["column"] == 11), "unit {last} not at line {line}");
    assert_eq!(keys[units - 1]["line"], (3 + 4 * (units - 1) + 3) as u64);
    assert_eq!(build.out.status.code(), Some(1));
}

#[test]
fn a_40_mb_wide_table_is_refused_at_the_mark_past_the_limit_in_bounded_memory() {
    let site = site();
    let cols = 1000;
    let mut text = format!("{FRONT}---\n\n|{}|\n|{}|\n", vec!["列"; cols].join("|"), vec!["-"; cols].join("|"));
    let row = format!("|{}|\n", vec!["a"; cols].join("|"));
    while text.len() < 40 << 20 {
        text.push_str(&row);
    }
    fs::write(site.root.join("content/reports/2026/table.md"), &text).unwrap();
    let (check, diags, build) = check_and_build(&site, "40 MB wide table");
    assert_eq!(check.out.status.code(), Some(1));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "markdown-too-complex");
    // The body starts with the blank line 6 (1 mark); the header (line 7)
    // has 1,001 bars and a line break, the delimiter row 1,001 bars, 1,000
    // dashes and a line break, each row 1,002 marks: 995 rows take the
    // count to 999,995, and the 6th mark of line 1,004 is its 6th bar.
    assert_eq!((diags[0]["line"].as_u64(), diags[0]["column"].as_u64()), (Some(1004), Some(11)));
    assert_eq!(build.out.status.code(), Some(1));
    assert!(!site.public().exists());
}

#[test]
fn a_table_just_under_the_mark_limit_is_built_in_bounded_memory() {
    // 990,000 cells, 18 MB (40 MB took 50 s to build with the debug binary).
    let site = site();
    let cols = 1000;
    let cell = "主题党日活动";
    let mut text = format!("{FRONT}---\n\n|{}|\n|{}|\n", vec!["列"; cols].join("|"), vec!["-"; cols].join("|"));
    let row = format!("|{}|\n", vec![cell; cols].join("|"));
    for _ in 0..990 {
        text.push_str(&row);
    }
    assert!(text.len() > 17 << 20);
    fs::write(site.root.join("content/reports/2026/table.md"), &text).unwrap();
    let (check, diags, build) = check_and_build(&site, "table under the limit");
    assert!(check.out.status.success(), "{diags:?}");
    assert!(build.out.status.success(), "{}", String::from_utf8_lossy(&build.out.stderr));
    // The page is written whole (it is too large to parse here in time).
    let page = fs::metadata(site.public().join("reports/table/index.html")).unwrap().len();
    assert!(page > 17 << 20, "page is {page} bytes");
}

#[test]
fn a_40_mb_report_with_2000_unknown_units_and_modes_is_checked_in_linear_time() {
    let site = site();
    let mut text = String::from(FRONT);
    text.push_str("units:\n");
    for k in 0..2000 {
        let _ = writeln!(text, "  - 未知单位{k}");
    }
    let modes: Vec<String> = (0..2000).map(|k| format!("模式{k}")).collect();
    let _ = write!(text, "mode: [{}]\n---\n\n", modes.join(", "));
    let para = "甲片区联合开展安全生产主题党日活动，党员干部深入一线，".repeat(8) + "\n\n";
    while text.len() < 40 << 20 {
        text.push_str(&para);
    }
    fs::write(site.root.join("content/reports/2026/units.md"), &text).unwrap();
    let (check, diags, build) = check_and_build(&site, "2,000 unknown units and modes");
    assert_eq!(check.out.status.code(), Some(1));
    let units: Vec<&serde_json::Value> = diags.iter().filter(|d| d["code"] == "unknown-unit").collect();
    let modes: Vec<&serde_json::Value> = diags.iter().filter(|d| d["code"] == "unknown-mode").collect();
    assert_eq!((units.len(), modes.len()), (2000, 2000));
    // Each located at its own value: unit k on line 6 + k, column 5;
    // every mode on line 2,006, after the one before.
    for (k, d) in units.iter().enumerate() {
        assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(6 + k as u64), Some(5)), "unit {k}");
    }
    let columns: Vec<u64> = modes.iter().map(|d| d["column"].as_u64().unwrap()).collect();
    assert!(modes.iter().all(|d| d["line"] == 2006));
    assert!(columns.windows(2).all(|w| w[0] < w[1]), "modes not located one after another");
    assert_eq!(build.out.status.code(), Some(1));
}
