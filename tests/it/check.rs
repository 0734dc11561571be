//! `regionpress check`: every kind of bad input gets a located, translated
//! diagnostic. Each case in `tests/fixtures/invalid/<case>/` is laid over the
//! valid site `tests/fixtures/check-base/`, checked in Chinese (the site's
//! language) and in English, and the exact output is compared with a snapshot.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::common::{Site, copy_dir, fixture};

/// The valid base site with the files of `case` laid over it.
fn case_site(case: &str) -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("check-base"), &root);
    if !case.is_empty() {
        copy_dir(&fixture(&format!("invalid/{case}")), &root);
    }
    Site { tmp, root }
}

fn check(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regionpress")).arg("check").arg("--root").arg(root).args(args).output().unwrap()
}

/// Exit code and both streams, with the temporary folder replaced by `[ROOT]`.
fn shown(out: &Output, root: &Path) -> String {
    let redact = |s: &[u8]| String::from_utf8_lossy(s).replace(&root.display().to_string(), "[ROOT]");
    let mut text = format!("exit: {}\n", out.status.code().unwrap_or(-1));
    let stdout = redact(&out.stdout);
    if !stdout.is_empty() {
        text.push_str(&format!("--- stdout\n{stdout}"));
    }
    text.push_str(&format!("--- stderr\n{}", redact(&out.stderr)));
    text
}

/// Checks a site in both languages; one snapshot holds both outputs.
fn both_languages(root: &Path) -> String {
    let zh = check(root, &[]);
    let en = check(root, &["--lang", "en"]);
    assert_eq!(zh.status.code(), en.status.code());
    format!("=== zh-CN (the site's language)\n{}\n=== en\n{}", shown(&zh, root), shown(&en, root))
}

macro_rules! cases {
    ($($name:ident: $dir:literal,)*) => {$(
        #[test]
        fn $name() {
            let site = case_site($dir);
            insta::assert_snapshot!($dir, both_languages(&site.root));
        }
    )*};
}

cases! {
    missing_front_matter: "missing-front-matter",
    unterminated_front_matter: "unterminated-front-matter",
    yaml_syntax_error: "yaml-syntax",
    wrong_types: "wrong-types",
    missing_required_fields: "missing-field",
    unknown_region_and_mode: "unknown-region-mode",
    unit_not_in_region_is_a_warning: "unknown-unit",
    unknown_field_is_a_warning_with_suggestion: "unknown-field",
    two_files_with_one_url: "duplicate-url",
    duplicate_region_id_and_unit_name: "duplicate-region-unit",
    broken_link_and_anchor: "broken-link-anchor",
    link_to_a_draft: "link-to-draft",
    missing_cover_logo_material_and_image: "missing-assets",
    invalid_brand_colour: "invalid-color",
    assessment_for_unknown_region_and_out_of_range: "assessment",
    note_for_a_period_without_issue: "note-without-issue",
    file_that_is_not_utf8: "not-utf8",
    bom_and_crlf_are_accepted_with_right_line_numbers: "bom-crlf",
    empty_files: "empty-file",
    paths_outside_the_site_are_refused: "path-outside",
}

#[test]
fn a_valid_site_passes_even_when_strict() {
    let site = case_site("");
    let out = check(&site.root, &["--strict", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out, &site.root));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "checked 2 reports, classes and pages, and 1 regions: 0 error(s), 0 warning(s)\n");
    assert!(!site.root.join("public").exists(), "check wrote output");
}

#[test]
fn warnings_fail_only_with_strict() {
    let site = case_site("unknown-field");
    assert_eq!(check(&site.root, &[]).status.code(), Some(0));
    let strict = check(&site.root, &["--strict", "--lang", "en"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).ends_with("error: check failed: 0 error(s), 2 warning(s)\n"));
}

#[test]
fn json_prints_one_documented_object_per_diagnostic() {
    let site = case_site("wrong-types");
    let out = check(&site.root, &["--format", "json", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "json mode prints nothing else");
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["code", "column", "hint", "line", "message", "path", "severity"]);
        assert!(["error", "warning"].contains(&v["severity"].as_str().unwrap()));
    }
    insta::assert_snapshot!("wrong-types.json", shown(&out, &site.root));
}

#[test]
fn github_annotations_name_the_file_from_the_repository_root() {
    let site = case_site("wrong-types");
    // Run from the folder above the site with a relative --root, as CI does.
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .current_dir(site.tmp.path())
        .args(["check", "--root", "site", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("wrong-types.github", shown(&out, &site.root));
}

#[test]
fn build_reports_the_same_diagnostics() {
    let site = case_site("unknown-region-mode");
    let checked = check(&site.root, &[]);
    let built = Command::new(env!("CARGO_BIN_EXE_regionpress")).arg("build").arg("--root").arg(&site.root).output().unwrap();
    assert_eq!(built.status.code(), Some(1));
    let body = |o: &Output| {
        let s = String::from_utf8_lossy(&o.stderr).into_owned();
        s.lines().take_while(|l| !l.starts_with("错误：")).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(body(&built), body(&checked));
    assert!(!site.root.join("public").exists());
}

#[test]
fn a_missing_site_folder_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = check(&tmp.path().join("nowhere"), &[]);
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress")).args(["check", "--format", "xml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A control sequence in the path reaches the terminal as an escape.
    for command in ["check", "build"] {
        let out = Command::new(env!("CARGO_BIN_EXE_regionpress"))
            .args([command, "--root"])
            .arg(tmp.path().join("no\u{1b}[31mwhere"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(!out.stderr.contains(&0x1b), "{command}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("no\\x1b[31mwhere"), "{command}");
    }
}

#[test]
fn names_differing_only_in_case_are_a_warning() {
    let site = case_site("");
    let dir = site.root.join("content/reports/2026");
    fs::write(dir.join("Photo.JPG"), b"a").unwrap();
    fs::write(dir.join("photo.jpg"), b"b").unwrap();
    // On a case-insensitive file system the second write replaced the first: nothing to report.
    if fs::read_dir(&dir).unwrap().count() < 3 {
        return;
    }
    insta::assert_snapshot!("case-collision", both_languages(&site.root));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_content_is_reported_once() {
    let site = case_site("");
    std::os::unix::fs::symlink("..", site.root.join("content/reports/2026/loop")).unwrap();
    insta::assert_snapshot!("symlink-loop", both_languages(&site.root));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_content_is_dropped_with_a_warning() {
    let site = case_site("");
    let outside = site.tmp.path().join("secret.txt");
    fs::write(&outside, "root:x:0:0").unwrap();
    std::os::unix::fs::symlink(&outside, site.root.join("content/reports/2026/passwd.jpg")).unwrap();
    std::os::unix::fs::symlink("/etc", site.root.join("content/reports/etc")).unwrap();
    // A link that stays inside content/ is fine.
    std::os::unix::fs::symlink("../../regions/alpha-logo.svg", site.root.join("content/reports/2026/logo.svg")).unwrap();
    insta::assert_snapshot!("symlink-outside", both_languages(&site.root));
    let built = Command::new(env!("CARGO_BIN_EXE_regionpress")).arg("build").arg("--root").arg(&site.root).output().unwrap();
    assert_eq!(built.status.code(), Some(0));
    let published: Vec<String> = walkdir::WalkDir::new(site.root.join("public"))
        .into_iter()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n == "passwd.jpg" || n == "passwd")
        .collect();
    assert!(published.is_empty(), "{published:?}");
}

/// Regression: ANSI escape sequences in YAML values (here a region id and a
/// title in a file name) reached the terminal raw through diagnostics.
#[test]
fn control_characters_from_the_site_are_printed_escaped() {
    let site = case_site("");
    // A title that clears the screen, and a region id that sets the window title and turns text red.
    site.write(
        "content/reports/2026/esc.md",
        "---\ntitle: \"\\e[2J\\e[H清屏\"\ndate: 2026-05-02\nregion: \"\\e]0;owned\\a\\e[31malpha\\x9b0m\"\n---\n\n正文。\n",
    );
    for format in ["text", "github", "json"] {
        let out = check(&site.root, &["--lang", "en", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let controls: Vec<char> = text.chars().filter(|&c| c.is_control() && c != '\n').collect();
            assert!(controls.is_empty(), "{format} {stream}: {controls:?} in {text}");
        }
    }
    let stderr = String::from_utf8(check(&site.root, &["--lang", "en"]).stderr).unwrap();
    assert!(stderr.contains("error[unknown-region]: unknown region `\\x1b]0;owned\\x07\\x1b[31malpha\\u{9b}0m`"), "{stderr}");
}

/// A report saved by Notepad as "Unicode" (UTF-16LE with a byte-order mark).
#[test]
fn a_utf16_file_is_named_as_utf16() {
    let site = case_site("");
    let text = "---\ntitle: 标题\ndate: 2026-05-02\nregion: alpha\n---\n\n正文。\n";
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(site.root.join("content/reports/2026/utf16.md"), bytes).unwrap();
    let out = check(&site.root, &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "content/reports/2026/utf16.md:1:1: error[not-utf8]: the file is not valid UTF-8 text; it looks like UTF-16LE\n  = hint: save the file as UTF-8 (in Notepad or WPS: Save As, Encoding: UTF-8, not “Unicode”, which is UTF-16)\n"
        ),
        "{stderr}"
    );
}

/// Regression: a key written twice was located at its first occurrence
/// (the start of the mapping), not at the line to delete.
#[test]
fn a_duplicate_key_is_located_at_the_duplicate() {
    let site = case_site("");
    site.write("content/reports/2026/twice.md", "---\ntitle: 一\ndate: 2026-05-02\nregion: alpha\ntitle: 二\n---\n\n正文。\n");
    site.write("content/regions/beta.yaml", "name: 乙片区\nunits:\n  - name: 乙一\n    kind: project\n    members: 3\n    kind: company\n");
    site.write("site.yaml", "title: 检查测试站点\nbase_url: https://intranet.example/\nlanguage: en\nbase_url: /x/\n");
    let out = check(&site.root, &["--lang", "en", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let found: Vec<(String, u64, u64, String)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|v| {
            (
                v["path"].as_str().unwrap().into(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
                v["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expect = |p: &str, l: u64, c: u64, code: &str| (p.to_string(), l, c, code.to_string());
    assert_eq!(
        found,
        [
            expect("content/regions/beta.yaml", 6, 5, "yaml-syntax"),
            expect("content/reports/2026/twice.md", 5, 1, "yaml-syntax"),
            expect("site.yaml", 4, 1, "config-invalid"),
        ]
    );
}
