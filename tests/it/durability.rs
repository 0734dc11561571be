//! Nothing lost: a build killed with SIGKILL at any moment leaves the
//! previous `public/` or the new one, complete, never a mix, and the next
//! run cleans up; `build` and `check` never touch the sources.
//!
//! The tests that stop a build at a named point need the pause points of
//! `regionpress::output::pause_point`, compiled only with the `test-hooks`
//! feature: `cargo test --features test-hooks` (as `.ci/run` does) runs
//! them, a plain `cargo test` lists them as ignored.

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{KillOnDrop, Site, leftovers};

/// Every file under `dir` (hidden leftovers beside it are not inside it):
/// relative path -> hash of the bytes.
fn tree(dir: &Path) -> BTreeMap<String, u64> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let mut h = DefaultHasher::new();
            fs::read(e.path()).unwrap().hash(&mut h);
            (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), h.finish())
        })
        .collect()
}

fn build_cmd(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_regionpress"));
    c.arg("build").arg("--root").arg(root).arg("--quiet");
    c
}

/// Makes a change visible in many output files (a new report appears in
/// lists, feeds, tags and the home page).
fn change_content(site_root: &Path) {
    let p = site_root.join("content/reports/2026/2026-07-01-new.md");
    fs::write(p, "---\ntitle: 新增的报道\ndate: 2026-07-01\nregion: alpha\ntags: [新标签]\n---\n\n新内容。\n").unwrap();
}

/// The expected new output, built into a separate folder from a copy.
fn expected_new(site: &Site) -> BTreeMap<String, u64> {
    let other = site.tmp.path().join("expected");
    crate::common::copy_dir(&site.root, &other);
    let _ = fs::remove_dir_all(other.join("public"));
    let out = build_cmd(&other).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    tree(&other.join("public"))
}

#[cfg(unix)]
#[test]
#[cfg_attr(not(feature = "test-hooks"), ignore = "needs the pause points: cargo test --features test-hooks")]
fn a_build_killed_at_each_stage_leaves_old_or_new_output_whole() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    let old = tree(&site.public());
    change_content(&site.root);
    let new = expected_new(&site);
    assert_ne!(old, new);

    for (point, expect_new) in [("staging-ready", false), ("rendering", false), ("before-swap", false), ("swapped", true)] {
        let mut child = build_cmd(&site.root).env("REGIONPRESS_PAUSE_AT", point).stderr(Stdio::piped()).spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), format!("paused at {point}"));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = tree(&site.public());
        let expected = if expect_new { &new } else { &old };
        assert!(now == *expected, "killed at `{point}`: public/ is not the {} site", if expect_new { "new" } else { "old" });
        assert!(!leftovers(&site.root).is_empty(), "killed at `{point}`: expected a leftover staging folder");

        // The next run cleans up and finishes the job.
        let out = build_cmd(&site.root).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(tree(&site.public()), new, "rebuild after a kill at `{point}`");
        assert_eq!(leftovers(&site.root), Vec::<String>::new());
        // Back to the old output for the next round.
        fs::remove_file(site.root.join("content/reports/2026/2026-07-01-new.md")).unwrap();
        site.build_ok(&[]);
        assert_eq!(tree(&site.public()), old);
        change_content(&site.root);
    }
}

#[cfg(unix)]
#[test]
fn builds_killed_after_random_delays_never_leave_a_mix() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    crate::common::generate_corpus(&root, 400, 40);
    let first = build_cmd(&root).output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let site_a = tree(&root.join("public"));
    let site = Site { tmp, root: root.clone() };
    set_new_report(&root, true);
    let site_b = expected_new(&site);
    assert_ne!(site_a, site_b);

    // The content always asks for the site that public/ does not hold, so
    // every kill lands between two different complete outputs.
    let mut current = site_a.clone();
    let mut interrupted = 0;
    for delay_ms in [0u64, 30, 100, 200, 350, 500, 700, 1000, 1400, 2000] {
        let wants_b = current == site_a;
        set_new_report(&root, wants_b);
        let target = if wants_b { &site_b } else { &site_a };
        let mut child = build_cmd(&root).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        let now = tree(&root.join("public"));
        assert!(now == current || now == *target, "killed after {delay_ms} ms: public/ is a mix of two builds");
        if now == current {
            interrupted += 1;
        }
        current = now;
    }
    assert!(interrupted > 0, "no kill landed before the swap: the delays are too long for this machine");
    let out = build_cmd(&root).output().unwrap();
    assert!(out.status.success());
    let expected = if root.join("content/reports/zz-new.md").exists() { &site_b } else { &site_a };
    assert_eq!(&tree(&root.join("public")), expected);
    assert_eq!(leftovers(&root), Vec::<String>::new());
}

/// Adds or removes one report of the generated corpus (its region ids are
/// not known in advance: the first region file is used), approved, as the
/// corpus's site requires review.
fn set_new_report(root: &Path, present: bool) {
    let p = root.join("content/reports/zz-new.md");
    if !present {
        let _ = fs::remove_file(p);
        return;
    }
    let region = fs::read_dir(root.join("content/regions"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .min()
        .unwrap();
    let id = region.trim_end_matches(".yaml");
    fs::write(p, format!("---\ntitle: 新增的报道\ndate: 2026-07-01\nregion: {id}\nreview: 已审\nreviewed_by: 张明\n---\n\n新内容。\n"))
        .unwrap();
}

/// Every file and folder under the site's sources: path -> (kind, bytes hash,
/// permissions, modification time).
fn sources(root: &Path) -> BTreeMap<String, (bool, u64, u32, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    for top in ["content", "static", "themes", "site.yaml"] {
        for e in walkdir::WalkDir::new(root.join(top)).into_iter().filter_map(|e| e.ok()) {
            let meta = e.metadata().unwrap();
            let mut h = DefaultHasher::new();
            if meta.is_file() {
                fs::read(e.path()).unwrap().hash(&mut h);
            }
            #[cfg(unix)]
            let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions());
            #[cfg(not(unix))]
            let mode = meta.permissions().readonly() as u32;
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
            out.insert(rel, (meta.is_dir(), h.finish(), mode, meta.modified().unwrap()));
        }
    }
    out
}

#[test]
fn build_and_check_never_modify_the_sources() {
    let site = Site::new("basic");
    site.write("static/files/notice.txt", "通知");
    site.write("themes/default/templates/404.html", "<!doctype html><title>x</title><h1>{{ site.title }}</h1>");
    site.write("themes/default/static/extra.css", "body{}");
    let before = sources(&site.root);
    assert!(before.len() > 20);
    site.build_ok(&[]);
    site.build_ok(&["--drafts"]);
    for format in ["text", "json", "github"] {
        let out =
            Command::new(env!("CARGO_BIN_EXE_regionpress")).args(["check", "--format", format, "--root"]).arg(&site.root).output().unwrap();
        assert!(out.status.success());
    }
    // A failing build and check too.
    site.write("content/reports/2026/bad.md", "---\ntitle: 坏\ndate: 2026-13-45\nregion: nowhere\n---\n");
    let with_bad = sources(&site.root);
    assert_eq!(site.build(&[]).status.code(), Some(1));
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress")).args(["check", "--root"]).arg(&site.root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(sources(&site.root), with_bad);
    fs::remove_file(site.root.join("content/reports/2026/bad.md")).unwrap();
    let mut after = sources(&site.root);
    // Removing the bad file changed its folder's modification time, nothing else.
    let dir = "content/reports/2026".to_string();
    after.insert(dir.clone(), before[&dir]);
    assert_eq!(after, before);
}

/// Two builds started together into one output, 20 times, the content
/// changing between rounds: both exit 0 every time, each saying only that
/// it built (or that it waited for the other), and the output is always
/// the one whole site of the content, with nothing left beside it.
#[test]
fn two_builds_at_once_into_one_output_always_leave_one_whole_site() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    let old = tree(&site.public());
    change_content(&site.root);
    let new = expected_new(&site);
    fs::remove_file(site.root.join("content/reports/2026/2026-07-01-new.md")).unwrap();
    for round in 0..20 {
        let with_new = round % 2 == 0;
        if with_new {
            change_content(&site.root);
        } else {
            fs::remove_file(site.root.join("content/reports/2026/2026-07-01-new.md")).unwrap();
        }
        let children: Vec<_> =
            (0..2).map(|_| build_cmd(&site.root).arg("--lang").arg("en").stderr(Stdio::piped()).spawn().unwrap()).collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: {stderr}");
            assert!(stderr.lines().all(|l| l.starts_with("waiting for another build")), "round {round}: {stderr}");
        }
        let expected = if with_new { &new } else { &old };
        assert!(tree(&site.public()) == *expected, "round {round}: public/ is not the whole site of the content");
        assert_eq!(leftovers(&site.root), Vec::<String>::new(), "round {round}");
    }
}

/// A build that finds the output locked by another (here one paused just
/// before or just after its swap) says so and waits; when the other is
/// killed it takes the lock over, cleans up what the other left and
/// finishes: the output is whole at every moment.
#[cfg(unix)]
#[test]
#[cfg_attr(not(feature = "test-hooks"), ignore = "needs the pause points: cargo test --features test-hooks")]
fn a_build_waits_for_the_build_holding_the_output_and_takes_over_when_it_dies() {
    use std::sync::mpsc;
    let site = Site::new("basic");
    site.build_ok(&[]);
    let old = tree(&site.public());
    change_content(&site.root);
    let new = expected_new(&site);
    for (point, during) in [("before-swap", &old), ("swapped", &new)] {
        let mut first = KillOnDrop(build_cmd(&site.root).env("REGIONPRESS_PAUSE_AT", point).stderr(Stdio::piped()).spawn().unwrap());
        let first = &mut first.0;
        let mut line = String::new();
        BufReader::new(first.stderr.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), format!("paused at {point}"));

        let mut second = KillOnDrop(build_cmd(&site.root).arg("--lang").arg("en").stderr(Stdio::piped()).spawn().unwrap());
        let second = &mut second.0;
        let (tx, rx) = mpsc::channel();
        let stderr = second.stderr.take().unwrap();
        std::thread::spawn(move || {
            for l in BufReader::new(stderr).lines() {
                let _ = tx.send(l.unwrap());
            }
        });
        let waiting = rx.recv_timeout(Duration::from_secs(60)).unwrap();
        assert!(waiting.starts_with(&format!("waiting for another build (process {})", first.id())), "{waiting}");
        std::thread::sleep(Duration::from_millis(500));
        assert!(second.try_wait().unwrap().is_none(), "the second build did not wait");
        assert!(tree(&site.public()) == *during, "paused at `{point}`: public/ is not whole");

        first.kill().unwrap();
        first.wait().unwrap();
        let status = second.wait().unwrap();
        let rest: Vec<String> = rx.try_iter().collect();
        assert!(status.success(), "{rest:?}");
        assert!(tree(&site.public()) == new, "after `{point}`: public/ is not the new site");
        assert_eq!(leftovers(&site.root), Vec::<String>::new());
        // Back to the old output for the next round.
        fs::remove_file(site.root.join("content/reports/2026/2026-07-01-new.md")).unwrap();
        site.build_ok(&[]);
        change_content(&site.root);
    }
}
