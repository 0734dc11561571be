//! A 50 MB report is handled: checked and built in time and memory that grow
//! linearly with it, its problems located by line; a file over the size limit
//! is refused before it is read.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::common::{Site, copy_dir, fixture};

/// About `mib` MiB of Markdown: sections with headings, paragraphs of
/// Chinese, lists and links to the headings. Returns the text and its line count.
fn big_report(mib: usize) -> (String, usize) {
    let mut s = String::from("---\ntitle: 五十兆的报道\ndate: 2026-04-01\nregion: alpha\n---\n\n");
    let para = "甲片区联合开展安全生产主题党日活动，党员干部深入一线，".repeat(8);
    let mut i = 0;
    while s.len() < mib << 20 {
        if i % 50 == 0 {
            let _ = write!(s, "## 第 {i} 节\n\n");
        } else if i % 7 == 0 {
            let _ = write!(s, "- 项目 {i}：**重点**工作，[回到本节](#第-{}-节)\n- 第二项\n\n", i - i % 50);
        } else {
            let _ = write!(s, "{para}（{i}）\n\n");
        }
        i += 1;
    }
    let lines = s.lines().count();
    (s, lines)
}

fn site_with(report: &str) -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("check-base"), &root);
    fs::write(root.join("content/reports/2026/big.md"), report).unwrap();
    Site { tmp, root }
}

/// Runs the binary on the site, with its peak memory (measured for this
/// child alone: `RUSAGE_CHILDREN` counted this test's own memory in).
fn run(root: &Path, args: &[&str]) -> (std::process::Output, f64, Option<u64>) {
    let r = crate::common::measure::run(root, args);
    (r.out, r.seconds, r.peak_mib)
}

#[test]
fn a_50_mb_report_is_checked_and_built() {
    let (mut text, lines) = big_report(50);
    text.push_str("\n[最后的坏链接](missing.md)\n");
    let site = site_with(&text);

    // check: the one problem at the very end is found at its line.
    let (out, check_s, check_mib) = run(&site.root, &["check", "--lang", "en"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let expected = format!("content/reports/2026/big.md:{}:1: error[broken-link]", lines + 2);
    assert!(stderr.starts_with(&expected), "{stderr}");
    insta::assert_snapshot!("50-mib-report", stderr);

    // build: the page is written whole.
    text.truncate(text.len() - "\n[最后的坏链接](missing.md)\n".len());
    fs::write(site.root.join("content/reports/2026/big.md"), &text).unwrap();
    let (out, build_s, build_mib) = run(&site.root, &["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = fs::metadata(site.public().join("reports/big/index.html")).unwrap().len();
    assert!(page > 50 << 20, "page is {page} bytes");

    eprintln!("50 MiB report: check {check_s:.1} s, {check_mib:?} MiB; build {build_s:.1} s, {build_mib:?} MiB (debug build)");
    // Linear, with a modest factor: text, events, HTML, the page and its feeds.
    for mib in [check_mib, build_mib].into_iter().flatten() {
        assert!(mib < 1024, "peak RSS {mib} MiB for a 50 MiB report");
    }
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let site = site_with("---\ntitle: 小\ndate: 2026-04-01\nregion: alpha\n---\n");
    // A sparse file: 65 MiB long, no disk used, and nothing should read it.
    let f = fs::File::create(site.root.join("content/reports/2026/huge.md")).unwrap();
    f.set_len(65 << 20).unwrap();
    let (out, _, _) = run(&site.root, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("file-too-large", String::from_utf8_lossy(&out.stderr));
}
