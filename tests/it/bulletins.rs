//! Issued bulletins on `tests/fixtures/regional` (east: issues 2025-11,
//! 2025-12, 2026-01 and 2026-03): `regionpress bulletin issue` records an
//! issue, builds take it from the record whatever content changes, late
//! reports join the next open issue as 补报, and records the site no longer
//! matches are located errors.

use std::fs;
use std::process::{Command, Output};

use crate::common::*;
use scraper::{Html, Selector};

fn run(site: &Site, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regionpress")).args(args).arg("--root").arg(&site.root).output().unwrap()
}

fn issue(site: &Site, args: &[&str]) -> Output {
    let mut all = vec!["bulletin", "issue"];
    all.extend_from_slice(args);
    run(site, &all)
}

fn issue_ok(site: &Site, args: &[&str]) {
    let out = issue(site, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn h1(doc: &Html) -> String {
    texts(doc, "h1").join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an issue page shows of its contents: its title and item links.
fn contents(site: &Site, issue: &str) -> (String, Vec<String>) {
    let doc = site.html(&format!("bulletins/{issue}/index.html"));
    (h1(&doc), attrs(&doc, ".bulletin-item-title a", "href"))
}

const BACK_DATED: &str =
    "---\ntitle: 东片区补报的活动\ndate: 2025-12-20\nregion: east\nmode: 组织共建\n---\n\n年底的活动，十一月才交稿。\n";

/// The feed entry of `url`: its `updated` and its content parsed as HTML.
fn feed_entry(site: &Site, url: &str) -> (String, Html) {
    let text = fs::read_to_string(site.public().join("bulletins/atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let entry = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .find(|e| e.children().any(|c| c.has_tag_name("link") && c.attribute("href").is_some_and(|h| h.ends_with(url))))
        .unwrap_or_else(|| panic!("no entry for {url}"));
    let child = |name: &str| entry.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or_default().to_string();
    (child("updated"), Html::parse_fragment(&child("content")))
}

#[test]
fn an_issued_issue_keeps_its_number_and_contents_and_a_back_dated_report_is_late() {
    let site = Site::new("regional");
    site.build_ok(&[]);
    issue_ok(&site, &["east", "2025-11", "--date", "2025-12-01"]);
    issue_ok(&site, &["east", "2025-12", "--date", "2026-01-05"]);
    issue_ok(&site, &["east", "2026-01", "--date", "2026-02-03", "--signer", "张三"]);
    site.build_ok(&[]);
    let before: Vec<_> = ["east/2025-12", "east/2026-01"].iter().map(|i| contents(&site, i)).collect();
    assert_eq!(before[1].0, "东片区区域信息简报 第1期（总第3期）");

    site.write("content/reports/2025-12-20-east-late.md", BACK_DATED);
    site.build_ok(&[]);
    let after: Vec<_> = ["east/2025-12", "east/2026-01"].iter().map(|i| contents(&site, i)).collect();
    assert_eq!(before, after, "issued issues do not change");
    // The open issue is numbered after the last issued one and carries the late report first.
    let (title, items) = contents(&site, "east/2026-03");
    assert_eq!(title, "东片区区域信息简报 第2期（总第4期）");
    assert_eq!(items.first().map(String::as_str), Some("/reports/2025-12-20-east-late/"));
    // On the page: the open issue is marked 待印发, its late item 补报 with its own date; an issued one is not.
    let page = site.html("bulletins/east/2026-03/index.html");
    let first = page.select(&Selector::parse(".bulletin-item").unwrap()).next().unwrap();
    let mark = first.select(&Selector::parse(".bulletin-late").unwrap()).next().map(|m| m.text().collect::<String>());
    let date = first.select(&Selector::parse("time").unwrap()).next().and_then(|t| t.value().attr("datetime"));
    assert_eq!((mark.as_deref(), date), (Some("补报"), Some("2025-12-20")));
    assert!(page.select(&Selector::parse("article.bulletin.bulletin-open").unwrap()).next().is_some());
    let issued = site.html("bulletins/east/2026-01/index.html");
    assert!(issued.select(&Selector::parse("article.bulletin-open, .bulletin-late").unwrap()).next().is_none());
    let date = issued.select(&Selector::parse(".bulletin-date time").unwrap()).next().and_then(|t| t.value().attr("datetime"));
    assert_eq!(date, Some("2026-02-03"), "an issued issue shows its issue date");
    let (_, content) = feed_entry(&site, "/bulletins/east/2026-03/");
    let li = Selector::parse("li").unwrap();
    let late: Vec<(String, String)> = content
        .select(&li)
        .filter(|l| l.select(&Selector::parse("span.late").unwrap()).next().is_some())
        .map(|l| {
            let mark = l.select(&Selector::parse("span.late").unwrap()).next().unwrap().text().collect::<String>();
            let date = l.select(&Selector::parse("time").unwrap()).next().unwrap().text().collect::<String>();
            (mark, date)
        })
        .collect();
    assert_eq!(late, [("补报".to_string(), "2025-12-20".to_string())]);
    // An issued issue was last updated the day it was issued.
    assert_eq!(feed_entry(&site, "/bulletins/east/2026-01/").0, "2026-02-03T00:00:00Z");

    // `check` says where the late report goes, as a note that fails nothing.
    let out = run(&site, &["check", "--strict"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let found = diagnostics(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(found, [("content/reports/2025-12-20-east-late.md:3:7".into(), "note".into(), "late-report".into())]);
    // As JSON, a `note`; on GitHub, a `::notice`.
    let out = run(&site, &["check", "--strict", "--format", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((json["severity"].as_str(), json["code"].as_str()), (Some("note"), Some("late-report")));
    let out = run(&site, &["check", "--strict", "--format", "github"]);
    assert!(out.status.success());
    let github = String::from_utf8_lossy(&out.stdout);
    assert!(github.starts_with("::notice file=content/reports/2025-12-20-east-late.md,line=3,col=7,title=late-report::"), "{github}");
    // A build succeeds and leaves the note to `check`.
    let out = site.build_ok(&[]);
    assert!(diagnostics(&String::from_utf8_lossy(&out.stderr)).is_empty());
}

#[test]
fn the_record_is_added_to_the_front_matter_and_the_body_is_kept() {
    let site = Site::new("regional");
    let note = site.root.join("content/bulletins/east/2026-01.md");
    let before = fs::read_to_string(&note).unwrap();
    issue_ok(&site, &["east", "2025-11", "--date", "2025-12-01"]);
    issue_ok(&site, &["east", "2025-12", "--date", "2026-01-05"]);
    issue_ok(&site, &["east", "2026-01", "--date", "2026-02-03"]);
    let after = fs::read_to_string(&note).unwrap();
    let close = before.find("\n---\n").unwrap() + 1;
    // Everything before the closing fence, the record, then the rest byte for byte.
    assert_eq!(&after[..close], &before[..close]);
    assert_eq!(&after[after.len() - (before.len() - close)..], &before[close..]);
    let record = &after[close..after.len() - (before.len() - close)];
    assert!(record.starts_with("issued:\n  date: 2026-02-03\n  number: 1\n  total: 3\n  items:\n"), "{record}");
    // A note file is made for an issue without one.
    let made = fs::read_to_string(site.root.join("content/bulletins/east/2025-11.md")).unwrap();
    assert_eq!(made, "---\nissued:\n  date: 2025-12-01\n  number: 1\n  total: 1\n  items:\n    - reports/2025-11-05-east-start.md\n---\n");
}

#[test]
fn the_command_refuses_an_issued_issue_a_future_date_and_a_gap() {
    let site = Site::new("regional");
    let refused = |args: &[&str]| {
        let out = issue(&site, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(stderr.contains("[issue-refused]"), "{stderr}");
        stderr
    };
    // A gap: 2025-11 is still open.
    assert!(refused(&["east", "2025-12", "--date", "2026-01-05"]).contains("east/2025-11"));
    assert!(refused(&["east", "2025-11", "--date", "2999-01-01"]).contains("2999-01-01"));
    refused(&["east", "2025-10"]);
    issue_ok(&site, &["east", "2025-11", "--date", "2025-12-01"]);
    let note = fs::read_to_string(site.root.join("content/bulletins/east/2025-11.md")).unwrap();
    assert!(refused(&["east", "2025-11", "--date", "2025-12-02"]).contains("2025-12-01"));
    assert_eq!(fs::read_to_string(site.root.join("content/bulletins/east/2025-11.md")).unwrap(), note, "unchanged");
}

#[test]
fn records_the_site_no_longer_matches_are_located_errors() {
    let site = Site::new("regional");
    site.write(
        "content/bulletins/east/2025-11.md",
        "---\nissued:\n  date: 2025-10-30\n  number: 1\n  total: 1\n  items:\n    - reports/2025-11-05-east-start.md\n    - reports/gone.md\n---\n",
    );
    site.write("content/bulletins/east/2025-12.md", "---\nissued:\n  date: 2999-01-01\n  number: 1\n  total: 2\n---\n");
    site.write("content/bulletins/west/2026-02.md", "---\nissued:\n  date: 2026-03-01\n  number: 2\n  total: 2\n---\n");
    site.write("content/bulletins/west/2026-03.md", "---\nissued:\n  date: 2026-04-01\n  number: 3\n---\n");
    site.write("content/bulletins/all/2026-s1.md", "---\nissued:\n  date: 2026-04-01\n  number: 2\n  total: 9\n---\n");
    let out = run(&site, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let mut found = diagnostics(&String::from_utf8_lossy(&out.stderr));
    found.retain(|d| d.1 == "error");
    let found: Vec<(&str, &str)> = found.iter().map(|d| (d.0.as_str(), d.2.as_str())).collect();
    assert_eq!(
        found,
        [
            ("content/bulletins/all/2026-s1.md:4:3", "issued-numbering"),
            ("content/bulletins/all/2026-s1.md:5:3", "issued-numbering"),
            ("content/bulletins/east/2025-11.md:3:3", "issued-date"),
            ("content/bulletins/east/2025-11.md:8:7", "bulletin-item-missing"),
            ("content/bulletins/east/2025-12.md:3:3", "issued-date"),
            ("content/bulletins/east/2025-12.md:4:3", "issued-number-duplicate"),
            ("content/bulletins/west/2026-02.md:4:3", "issued-number-gap"),
            ("content/bulletins/west/2026-03.md:2:1", "issued-numbering"),
        ]
    );
}

#[test]
fn a_supplement_is_numbered_by_its_file_and_issued_in_its_own_series() {
    let site = Site::new("regional");
    let items = "---\ntitle: 联合攻关专刊\nitems:\n  - reports/2026-01-15-joint.md\n---\n\n专刊按语。\n";
    site.write("content/bulletins/east/2026-s1.md", items);
    site.write("content/bulletins/east/2026-s2.md", items);
    // s1 is still open: issuing s2 would skip it.
    let out = issue(&site, &["east", "2026-s2", "--date", "2026-02-01"]);
    assert_eq!(out.status.code(), Some(1));
    issue_ok(&site, &["east", "2026-s1", "--date", "2026-02-01"]);
    let note = fs::read_to_string(site.root.join("content/bulletins/east/2026-s1.md")).unwrap();
    assert!(note.contains("issued:\n  date: 2026-02-01\n  number: 1\n  items:\n    - reports/2026-01-15-joint.md\n---\n"), "{note}");
    site.build_ok(&[]);
    let (title, items) = contents(&site, "east/2026-s1");
    assert_eq!(title, "东片区区域信息简报 增刊第1期");
    assert_eq!(items, ["/reports/2026-01-15-joint/"]);
    // The regular numbers are untouched by supplements.
    assert_eq!(contents(&site, "east/2026-03").0, "东片区区域信息简报 第2期（总第4期）");
    // The index lists both supplements under their year, the issued one with its date.
    let index = site.html("bulletins/index.html");
    assert_eq!(attrs(&index, ".issue-year .issue-card-title a", "href"), ["/bulletins/east/2026-s1/", "/bulletins/east/2026-s2/"]);
    assert_eq!(attrs(&index, ".issue-year .issue-card .issued time", "datetime"), ["2026-02-01"]);
}

/// The report of east's first issue with a gallery of four of the
/// example's photos, captioned `照片1` to `照片4` in `order`.
fn with_gallery(site: &Site, order: &[usize]) {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for i in 1..=4 {
        let src = manifest.join(format!("content/reports/2025/2025-06-18-safety-{i}.jpg"));
        fs::copy(src, site.root.join(format!("content/reports/photo-{i}.jpg"))).unwrap();
    }
    let gallery: String = order.iter().map(|i| format!("  - src: photo-{i}.jpg\n    caption: 照片{i}\n")).collect();
    let report = "content/reports/2025-11-05-east-start.md";
    let text = fs::read_to_string(site.root.join(report)).unwrap();
    let text = match text.find("gallery:\n") {
        Some(at) => format!("{}gallery:\n{gallery}---\n{}", &text[..at], text[at..].split_once("---\n").unwrap().1),
        None => text.replacen("tags: [安全生产]\n", &format!("tags: [安全生产]\ngallery:\n{gallery}"), 1),
    };
    site.write(report, &text);
}

/// The `issued.photos` of a note file's record.
fn recorded_photos(site: &Site, note: &str) -> Vec<String> {
    let text = fs::read_to_string(site.root.join(note)).unwrap();
    let yaml = text.trim_start_matches("---\n").split("\n---\n").next().unwrap();
    let v: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
    v["issued"]["photos"].as_sequence().map(|s| s.iter().map(|p| p.as_str().unwrap().to_string()).collect()).unwrap_or_default()
}

/// A diagnostic as `check --format json` gives it: (code, path, line, column).
type Found = (String, String, u64, u64);

/// The exit status of `check --format json`, and its diagnostics.
fn checked(site: &Site) -> (Option<i32>, Vec<Found>) {
    let out = run(site, &["check", "--format", "json"]);
    let found = json_diagnostics(&out.stdout)
        .into_iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("path"), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
        })
        .collect();
    (out.status.code(), found)
}

#[test]
fn an_issued_issue_keeps_the_photos_it_printed_and_check_says_what_the_gallery_would_change() {
    let site = Site::new("regional");
    with_gallery(&site, &[1, 2, 3, 4]);
    let note = "content/bulletins/east/2025-11.md";
    issue_ok(&site, &["east", "2025-11", "--date", "2025-12-01"]);
    // Without its copies (a record made before issues kept them), the
    // issue prints its items as they are now: only the record's photos stay.
    fs::remove_dir_all(site.root.join("content/bulletins/east/2025-11.issued")).unwrap();
    // The record names the three photos the issue printed, in order.
    assert_eq!(recorded_photos(&site, note), ["reports/photo-1.jpg", "reports/photo-2.jpg", "reports/photo-3.jpg"]);
    let printed = |site: &Site| {
        site.build_ok(&[]);
        let page = Html::parse_document(&fs::read_to_string(site.root.join("public/bulletins/east/2025-11/index.html")).unwrap());
        texts(&page, ".bulletin-gallery figcaption")
    };
    assert_eq!(printed(&site), ["照片1", "照片2", "照片3"]);
    assert!(checked(&site).1.iter().all(|d| d.0 != "issued-photos-changed"));
    // The writer puts photo 4 first: the issued issue still prints 1, 2, 3
    // and check notes, at the item's line of the record, what would change.
    with_gallery(&site, &[4, 1, 2, 3]);
    assert_eq!(printed(&site), ["照片1", "照片2", "照片3"]);
    let text = fs::read_to_string(site.root.join(note)).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    let (code, found) = checked(&site);
    assert_eq!(code, Some(0), "a note does not fail check: {found:?}");
    let notes: Vec<_> = found.iter().filter(|d| d.0 == "issued-photos-changed").collect();
    assert_eq!(notes, [&("issued-photos-changed".to_string(), note.to_string(), line_of("- reports/2025-11-05-east-start.md"), 7)]);
    // A printed photo taken out of the gallery is an error at its line of
    // the record, and the build refuses.
    with_gallery(&site, &[4, 1, 3]);
    let (code, found) = checked(&site);
    assert_eq!(code, Some(1));
    let missing: Vec<_> = found.iter().filter(|d| d.0 == "bulletin-photo-missing").collect();
    assert_eq!(missing, [&("bulletin-photo-missing".to_string(), note.to_string(), line_of("- reports/photo-2.jpg"), 7)]);
    assert_eq!(site.build(&[]).status.code(), Some(1));
}

/// The titles, dates and participants an issue page prints, item by item,
/// and whether each title links to a page.
fn printed_items(site: &Site, issue: &str) -> Vec<(String, String, bool)> {
    let page = site.html(&format!("bulletins/{issue}/index.html"));
    let item = Selector::parse(".bulletin-item").unwrap();
    let title = Selector::parse(".bulletin-item-title").unwrap();
    let link = Selector::parse(".bulletin-item-title a").unwrap();
    let body = Selector::parse(".bulletin-text, .bulletin-summary").unwrap();
    page.select(&item)
        .map(|i| {
            let t = i.select(&title).next().unwrap().text().collect::<String>().trim().to_string();
            let b = i.select(&body).next().map(|b| b.text().collect::<String>()).unwrap_or_default();
            (t, b.split_whitespace().collect::<Vec<_>>().join(" "), i.select(&link).next().is_some())
        })
        .collect()
}

#[test]
fn an_issued_issue_prints_its_items_as_issued_after_they_change_or_go() {
    let site = Site::new("regional");
    issue_ok(&site, &["east", "2025-11", "--date", "2025-12-01"]);
    issue_ok(&site, &["east", "2025-12", "--date", "2026-01-05"]);
    // The command keeps each item, byte for byte, beside the record.
    let report = "reports/2025-11-05-east-start.md";
    let copy = "content/bulletins/east/2025-11.issued/reports/2025-11-05-east-start.md";
    let original = fs::read(site.root.join("content").join(report)).unwrap();
    assert_eq!(fs::read(site.root.join(copy)).unwrap(), original);
    site.build_ok(&[]);
    let issued = printed_items(&site, "east/2025-11");
    let december = printed_items(&site, "east/2025-12");
    assert!(issued.iter().chain(&december).all(|i| i.2), "every item links to its page: {issued:?}");
    let figures = |site: &Site, issue: &str| texts(&site.html(&format!("bulletins/{issue}/index.html")), ".bulletin-figures");
    let issued_figures = figures(&site, "east/2025-11");

    // The writer retitles the report, changes its participants and adds a
    // paragraph; the December report is deleted.
    let text = String::from_utf8(original.clone()).unwrap();
    let edited = text
        .lines()
        .map(|l| match l {
            l if l.starts_with("title:") => "title: 改过的标题".to_string(),
            l if l.starts_with("participants:") => "participants: 999".to_string(),
            l => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n\n印发之后补写的一段。\n";
    site.write(&format!("content/{report}"), &edited);
    let december_item = fs::read_dir(site.root.join("content/bulletins/east/2025-12.issued/reports")).unwrap().next().unwrap().unwrap();
    let gone = format!("reports/{}", december_item.file_name().to_string_lossy());
    fs::remove_file(site.root.join("content").join(&gone)).unwrap();
    site.build_ok(&[]);

    // The report's own page follows the edit; the issued issues print what they printed.
    assert_eq!(h1(&site.html("reports/2025-11-05-east-start/index.html")), "改过的标题");
    assert_eq!(printed_items(&site, "east/2025-11"), issued);
    assert_eq!(figures(&site, "east/2025-11"), issued_figures, "the issue's figures are of the items as issued");
    let now = printed_items(&site, "east/2025-12");
    assert_eq!(now.iter().map(|i| (&i.0, &i.1)).collect::<Vec<_>>(), december.iter().map(|i| (&i.0, &i.1)).collect::<Vec<_>>());
    assert!(now.iter().all(|i| !i.2), "a deleted item is printed without a link to its page: {now:?}");
    // `check` says, at each item's line of its record, what the change would have changed.
    let (code, found) = checked(&site);
    assert_eq!(code, Some(0), "notes fail nothing: {found:?}");
    let notes: Vec<_> = found.iter().filter(|d| d.0 == "issued-item-changed").map(|d| (d.1.as_str(), d.2)).collect();
    let line_in = |note: &str, needle: &str| {
        let text = fs::read_to_string(site.root.join(note)).unwrap();
        text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
    };
    assert_eq!(
        notes,
        [
            ("content/bulletins/east/2025-11.md", line_in("content/bulletins/east/2025-11.md", report)),
            ("content/bulletins/east/2025-12.md", line_in("content/bulletins/east/2025-12.md", &gone)),
        ]
    );
    assert!(found.iter().all(|d| d.0 != "bulletin-item-missing"), "{found:?}");

    // A copy left with other bytes is never replaced: issuing refuses.
    site.write("content/bulletins/east/2026-01.issued/reports/2026-01-15-joint.md", "别的内容\n");
    let out = issue(&site, &["east", "2026-01", "--date", "2026-02-03"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2026-01.issued/reports/2026-01-15-joint.md"));
    assert_eq!(
        fs::read_to_string(site.root.join("content/bulletins/east/2026-01.issued/reports/2026-01-15-joint.md")).unwrap(),
        "别的内容\n"
    );
    assert!(!fs::read_to_string(site.root.join("content/bulletins/east/2026-01.md")).unwrap().contains("issued:"));
}

#[test]
fn an_issued_issue_keeps_its_note_and_fields_and_keep_adds_the_copies_an_old_record_lacks() {
    let site = Site::new("regional");
    site.write("site.yaml", &(fs::read_to_string(site.root.join("site.yaml")).unwrap() + "bulletin:\n  copies: 30\n"));
    issue_ok(&site, &["east", "2025-11", "--date", "2025-12-01"]);
    issue_ok(&site, &["east", "2025-12", "--date", "2026-01-05"]);
    issue_ok(&site, &["east", "2026-01", "--date", "2026-02-03"]);
    // The note's copy holds its headline, every field as printed and its body.
    let copy = "content/bulletins/east/2026-01.issued/note.md";
    let kept = fs::read_to_string(site.root.join(copy)).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(kept.trim_start_matches("---\n").split("\n---\n").next().unwrap()).unwrap();
    assert_eq!((yaml["title"].as_str(), yaml["copies"].as_u64(), yaml["unit"].as_str()), (Some("开年第一期"), Some(30), Some("东片区")));
    assert!(kept.ends_with("新年伊始，东西片区[联合攻关](@/reports/2026-01-15-joint.md)。\n"), "{kept}");
    site.build_ok(&[]);
    let shown = |site: &Site| {
        let page = site.html("bulletins/east/2026-01/index.html");
        (texts(&page, ".bulletin-headline"), texts(&page, ".bulletin-note .prose"), texts(&page, ".bulletin-copies"))
    };
    let issued = shown(&site);
    assert_eq!(issued.2.len(), 1, "the print run is printed: {issued:?}");

    // The headline and the 编者按 are edited, and the site prints 50 copies now.
    let note = "content/bulletins/east/2026-01.md";
    let text = fs::read_to_string(site.root.join(note)).unwrap().replace("开年第一期", "改过的标题").replace("新年伊始", "改过的按语");
    site.write(note, &text);
    site.write("site.yaml", &fs::read_to_string(site.root.join("site.yaml")).unwrap().replace("copies: 30", "copies: 50"));
    site.build_ok(&[]);
    assert_eq!(shown(&site), issued, "the issued issue keeps its note and fields");
    let open = site.html("bulletins/east/2026-03/index.html");
    assert!(texts(&open, ".bulletin-copies").iter().any(|t| t.contains("50")), "an open issue follows the settings");
    let (code, found) = checked(&site);
    assert_eq!(code, Some(0), "{found:?}");
    let line = text.lines().position(|l| l == "issued:").unwrap() as u64 + 1;
    let notes: Vec<_> = found.iter().filter(|d| d.0 == "issued-note-changed").map(|d| (d.1.as_str(), d.2)).collect();
    // The two issues before it keep their print run too.
    assert_eq!(notes, [("content/bulletins/east/2025-11.md", 2), ("content/bulletins/east/2025-12.md", 2), (note, line)]);
    let out = run(&site, &["--lang", "en", "check", "--format", "json"]);
    let message = json_diagnostics(&out.stdout).into_iter().find(|d| d["code"] == "issued-note-changed" && d["path"] == note).unwrap();
    let message = message["message"].as_str().unwrap().to_string();
    for key in ["`title`", "`text`", "`copies`"] {
        assert!(message.contains(key), "{message}");
    }
    assert!(!message.contains("`unit`"), "{message}");

    // A record without copies (made before they were kept) gets them from `bulletin keep`.
    let folder = site.root.join("content/bulletins/east/2025-12.issued");
    fs::remove_dir_all(&folder).unwrap();
    let out = run(&site, &["bulletin", "keep", "east", "2025-12"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> = walk_files(&folder);
    names.sort();
    assert_eq!(names, ["note.md", "reports/2025-12-10-east-share.md"]);
    // Run again, it adds nothing; an open issue is refused.
    let again = run(&site, &["--lang", "en", "bulletin", "keep", "east", "2025-12"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing to add"), "{}", String::from_utf8_lossy(&again.stdout));
    let refused = run(&site, &["bulletin", "keep", "east", "2026-03"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("[issue-refused]"));
}

/// The files under `dir`, relative to it, `/`-separated.
fn walk_files(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            out.extend(walk_files(&entry.path()).into_iter().map(|n| format!("{name}/{n}")));
        } else {
            out.push(name);
        }
    }
    out
}

#[test]
fn a_copies_folder_without_its_record_fails_the_build_and_the_output_stays_until_the_record_is_back() {
    let site = Site::new("regional");
    issue_ok(&site, &["east", "2025-11", "--date", "2025-12-01"]);
    let note = "content/bulletins/east/2025-11.md";
    let recorded = fs::read_to_string(site.root.join(note)).unwrap();
    site.build_ok(&[]);
    let before = snapshot(&site.public());
    let issued = contents(&site, "east/2025-11");
    let missing = |site: &Site| {
        let (code, found) = checked(site);
        let at: Vec<(String, u64)> = found.into_iter().filter(|d| d.0 == "issued-record-missing").map(|d| (d.1, d.2)).collect();
        (code, at)
    };
    let error = (Some(1), vec![("content/bulletins/east/2025-11.issued/note.md".to_string(), 0)]);

    // The note deleted: without its record the issue would lose its number.
    fs::remove_file(site.root.join(note)).unwrap();
    assert_eq!(missing(&site), error);
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[issued-record-missing]") && stderr.contains("git checkout -- content/bulletins/east/2025-11.md"), "{stderr}");
    assert_eq!(snapshot(&site.public()), before, "a failed build leaves the previous output as it was");

    // The record taken out of the note: the same.
    site.write(note, "---\ntitle: 十一月的简报\n---\n");
    assert_eq!(missing(&site), error);
    // Put back, the issue is as it was.
    site.write(note, &recorded);
    assert_eq!(missing(&site), (Some(0), vec![]));
    site.build_ok(&[]);
    assert_eq!(contents(&site, "east/2025-11"), issued);

    // An issue stopped between its copies and its record is issued again
    // (the copies are its own, so the error does not stand in the way).
    fs::remove_file(site.root.join(note)).unwrap();
    issue_ok(&site, &["east", "2025-11", "--date", "2025-12-01"]);
    assert_eq!(fs::read_to_string(site.root.join(note)).unwrap(), recorded);
    assert_eq!(missing(&site), (Some(0), vec![]));
}
