//! Review before publishing: on a site that requires
//! review, a report in 待审 is left out of a default build and listed by
//! `check --pending` under its reviewer; `build --drafts` publishes it with
//! the banner; an unknown state is a located error with a hint; a site
//! without the option publishes as before.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;
use scraper::Html;

const APPROVED: &str = "---\ntitle: 甲片区联合安全检查\ndate: 2026-03-02\nregion: alpha\nhosts: [甲一项目部]\nunits: [甲监理站]\nparticipants: 20\nreview: 已审\nreviewed_by: 张明\nreviewed_on: 2026-03-04\n---\n\n甲片区联合安全检查。\n";
const PENDING: &str = "---\ntitle: 甲片区通讯员培训\ndate: 2026-03-10\nregion: alpha\nunits: [甲一项目部]\nparticipants: 15\nreview: 待审\nreviewer: 王强\n---\n\n甲片区举办通讯员培训。\n";

/// A small site in a temporary folder: one region, an approved report and
/// one in 待审, and the example's fonts; `review` is appended to site.yaml.
fn site(review: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    write("site.yaml", &format!("title: 审核测试\nbase_url: https://intranet.example/\nlanguage: zh-CN\n{review}"));
    write(
        "content/regions/alpha.yaml",
        "name: 甲片区\nshort_name: 甲\nunits:\n  - { name: 甲一项目部, kind: project, members: 30 }\n  - { name: 甲监理站, kind: supervisor, members: 5 }\n",
    );
    write("content/reports/2026/2026-03-02-approved.md", APPROVED);
    write("content/reports/2026/2026-03-10-pending.md", PENDING);
    // Its issued issues are typeset with the example's font, as on a
    // machine without Chinese system fonts.
    crate::common::add_fonts(&root);
    (tmp, root)
}

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regionpress")).args(args).arg("--root").arg(root).output().unwrap()
}

fn list_titles(root: &Path) -> Vec<String> {
    let doc = Html::parse_document(&fs::read_to_string(root.join("public/reports/index.html")).unwrap());
    texts(&doc, "main h2 a, main h3 a")
}

const REQUIRED: &str = "review:\n  required: true\n";

#[test]
fn a_pending_report_is_not_published_by_a_default_build() {
    let (_tmp, root) = site(REQUIRED);
    let out = run(&root, &["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(root.join("public/reports/2026-03-02-approved/index.html").is_file());
    assert!(!root.join("public/reports/2026-03-10-pending").exists());
    let titles = list_titles(&root);
    assert!(titles.contains(&"甲片区联合安全检查".to_string()), "{titles:?}");
    assert!(!titles.iter().any(|t| t.contains("通讯员培训")), "{titles:?}");
    let approved = Html::parse_document(&fs::read_to_string(root.join("public/reports/2026-03-02-approved/index.html")).unwrap());
    assert!(texts(&approved, ".review-banner").is_empty(), "an approved page has no banner");
}

#[test]
fn check_pending_lists_what_awaits_whom() {
    let (_tmp, root) = site(REQUIRED);
    let out = run(&root, &["check", "--pending"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines.iter().position(|l| *l == "审核人 王强：").unwrap_or_else(|| panic!("{stdout}"));
    let item: Vec<&str> = lines[at + 1].trim().split('\t').collect();
    assert_eq!(item, ["content/reports/2026/2026-03-10-pending.md", "待审", "甲片区通讯员培训"]);
    assert!(!stdout.contains("2026-03-02-approved"), "{stdout}");
}

#[test]
fn build_drafts_publishes_a_pending_report_with_its_banner() {
    let (_tmp, root) = site(REQUIRED);
    let out = run(&root, &["build", "--drafts"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = Html::parse_document(&fs::read_to_string(root.join("public/reports/2026-03-10-pending/index.html")).unwrap());
    let banner = texts(&doc, ".review-banner strong");
    assert_eq!(banner, ["待审"]);
    let whole = texts(&doc, ".review-banner").join("");
    assert!(whole.contains("审核人：王强"), "{whole}");
}

#[test]
fn a_site_without_the_option_publishes_as_before() {
    let (_tmp, root) = site("");
    let out = run(&root, &["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(root.join("public/reports/2026-03-10-pending/index.html").is_file());
    assert!(list_titles(&root).contains(&"甲片区通讯员培训".to_string()));
}

#[test]
fn a_link_to_a_pending_report_is_an_error_of_its_own() {
    let (_tmp, root) = site(REQUIRED);
    let linking = APPROVED.replace("甲片区联合安全检查。", "见[培训](@/reports/2026/2026-03-10-pending.md)。");
    fs::write(root.join("content/reports/2026/2026-03-02-approved.md"), linking).unwrap();
    let out = run(&root, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let found = diagnostics(&String::from_utf8_lossy(&out.stderr));
    assert!(
        found.iter().any(|d| d.2 == "link-to-unreviewed" && d.0.starts_with("content/reports/2026/2026-03-02-approved.md:")),
        "{found:?}"
    );
}

#[test]
fn an_unknown_review_state_is_a_located_error_with_a_hint() {
    let (_tmp, root) = site(REQUIRED);
    fs::write(root.join("content/reports/2026/2026-03-10-pending.md"), PENDING.replace("review: 待审", "review: 待审核")).unwrap();
    let out = run(&root, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let found: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let d = found.iter().find(|d| d["code"] == "review-state").unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(d["path"], "content/reports/2026/2026-03-10-pending.md");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(7), Some(9)));
    assert_eq!(d["severity"], "error");
    assert!(d["hint"].as_str().unwrap().contains("待审"), "{d}");
}

#[test]
fn init_requires_review_and_a_new_report_starts_as_a_first_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_regionpress");
    assert!(Command::new(bin).args(["init", "mysite"]).current_dir(tmp.path()).output().unwrap().status.success());
    let site = tmp.path().join("mysite");
    let config: serde_yaml::Value = serde_yaml::from_str(&fs::read_to_string(site.join("site.yaml")).unwrap()).unwrap();
    assert_eq!(config["review"]["required"].as_bool(), Some(true));
    let out = Command::new(bin).args(["new", "report", "--region", "chengdu", "片区联合学习"]).current_dir(&site).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    let created = said.trim().trim_start_matches("已创建 ").split('：').next().unwrap().to_string();
    let text = fs::read_to_string(site.join(&created)).unwrap();
    let (head, _) = text.trim_start_matches("---\n").split_once("\n---\n").unwrap();
    let front: serde_yaml::Value = serde_yaml::from_str(head).unwrap();
    assert_eq!(front["review"].as_str(), Some("初稿"));
    // Filled in (the template is refused until it is), it is still a first draft.
    let filled = head.replace("hosts: []", "hosts: [成都1号项目部]").replace("participants: 0", "participants: 20");
    fs::write(site.join(&created), format!("---\n{filled}\n---\n\n片区联合学习。\n")).unwrap();
    let out = run(&site, &["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The starter report (approved) is published; the new first draft is not.
    let titles = list_titles(&site);
    assert!(titles.contains(&"片区召开区域化党建工作启动会".to_string()), "{titles:?}");
    assert!(!titles.contains(&"片区联合学习".to_string()), "{titles:?}");
}

#[test]
fn check_pending_in_json_is_one_object_a_line() {
    let (_tmp, root) = site(REQUIRED);
    let out = run(&root, &["check", "--pending", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect();
    let pending: Vec<&serde_json::Value> = lines.iter().filter_map(|l| l.get("pending")).collect();
    assert_eq!(pending.len(), 1, "{lines:?}");
    assert_eq!(pending[0]["reviewer"], "王强");
    assert_eq!(pending[0]["file"], "content/reports/2026/2026-03-10-pending.md");
    assert_eq!(pending[0]["state"], "pending");
}

#[test]
fn serve_previews_a_pending_report_with_its_banner_but_not_a_draft() {
    let (_tmp, root) = site(REQUIRED);
    fs::write(
        root.join("content/reports/2026/2026-03-12-draft.md"),
        APPROVED.replace("title: 甲片区联合安全检查", "title: 草稿\ndraft: true"),
    )
    .unwrap();
    let mut dev = regionpress::serve::DevSite::new(&root, false, "http://127.0.0.1:1111/");
    dev.rebuild(None).unwrap();
    let files = dev.files();
    let page = files.get("reports/2026-03-10-pending/index.html").expect("the pending report is previewed");
    let doc = Html::parse_document(std::str::from_utf8(page).unwrap());
    assert_eq!(texts(&doc, ".review-banner strong"), ["待审"]);
    let list = Html::parse_document(std::str::from_utf8(&files["reports/index.html"]).unwrap());
    let titles = texts(&list, "main h2 a, main h3 a");
    assert!(titles.contains(&"甲片区通讯员培训".to_string()), "{titles:?}");
    assert!(!files.contains_key("reports/2026-03-12-draft/index.html"), "a draft needs --drafts");
}

#[test]
fn an_issued_issue_keeps_its_record_when_its_note_goes_back_to_review() {
    let (_tmp, root) = site(REQUIRED);
    let out = run(&root, &["bulletin", "issue", "alpha", "2026-03", "--date", "2026-04-02"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The note gets a 编者按 in 待审 after the issue went out; without its
    // copies the issue still keeps its record: issued, number and items.
    fs::remove_dir_all(root.join("content/bulletins/alpha/2026-03.issued")).unwrap();
    let note = root.join("content/bulletins/alpha/2026-03.md");
    let text = fs::read_to_string(&note).unwrap().replacen("---\n", "---\ntitle: 待审的标题\nreview: 待审\n", 1) + "\n待审的按语。\n";
    fs::write(&note, text).unwrap();
    let out = run(&root, &["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = Html::parse_document(&fs::read_to_string(root.join("public/bulletins/alpha/2026-03/index.html")).unwrap());
    let dates = page
        .select(&scraper::Selector::parse(".bulletin-date time").unwrap())
        .filter_map(|t| t.value().attr("datetime"))
        .collect::<Vec<_>>();
    assert_eq!(dates, ["2026-04-02"], "the issue is still issued on its date");
    assert!(page.select(&scraper::Selector::parse("article.bulletin-open").unwrap()).next().is_none());
    assert!(texts(&page, ".bulletin-headline, .bulletin-note").is_empty(), "the note awaiting review is not shown");
}
