//! Problems and decisions followed to the end: records
//! on their pages, overdue on a build dated after the deadline and not
//! before, closed records in the bulletin of their period, histories that
//! cannot be checked failing `check` at their line and column, and the
//! build date in the inputs fingerprint.

use std::process::{Command, Output};

use crate::common::{Site, texts};
use scraper::{Html, Selector};

/// The regional fixture (regions east, west, north; reports from 2025-11 to
/// 2026-03) with a problem file, a meeting report with a decision, and a
/// report advancing both.
fn site() -> Site {
    let site = Site::new("regional");
    site.write(
        "content/problems/east-power.yaml",
        "title: 东一项目施工用电增容\nregion: east\nraised_by: 东三街道\nunit: 东一项目部\ndeadline: 2026-03-31\nhistory:\n  - status: 提出\n    date: 2026-01-05\n  - status: 认领\n    date: 2026-01-10\n    note: 东一项目部认领\n",
    );
    site.write(
        "content/reports/2026-02-20-east-meeting.md",
        "---\ntitle: 东片区联席会\ndate: 2026-02-20\nregion: east\nmode: organization\nmeeting:\n  kind: 联席会\n  attendees: [东一项目部, 东二监理站]\n  topics: [台账更新]\ndecisions:\n  - id: east-ledger\n    title: 每月5日前由各单位更新台账\n    unit: 东二监理站\n    deadline: 2026-06-30\n---\n\n会议议定事项。\n",
    );
    site.write(
        "content/reports/2026-03-25-east-ledger-done.md",
        "---\ntitle: 东片区台账更新到位\ndate: 2026-03-25\nregion: east\nmode: organization\nadvances:\n  - id: east-ledger\n    status: 已办结\n    note: 全部单位按期更新\n  - east-power\n---\n\n台账更新到位。\n",
    );
    site
}

fn build_dated(site: &Site, date: &str) {
    let _ = std::fs::remove_dir_all(site.public());
    site.build_ok(&["--date", date]);
}

fn check(site: &Site, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regionpress")).arg("check").arg("--root").arg(&site.root).args(args).output().unwrap()
}

fn select_texts(doc: &Html, css: &str) -> Vec<String> {
    texts(doc, css)
}

/// The titles of the records the region page lists as overdue.
fn overdue_on_region(site: &Site) -> Vec<String> {
    let doc = site.html("regions/east/index.html");
    select_texts(&doc, ".region-problems tr.is-overdue th[scope=row] a")
}

/// The dashboard's overdue count of region `name` (its counts row).
fn dashboard_overdue(site: &Site, name: &str) -> usize {
    let doc = site.html("dashboard/index.html");
    let rows = Selector::parse(".dashboard-problems tbody tr").unwrap();
    let th = Selector::parse("th").unwrap();
    let td = Selector::parse("td").unwrap();
    let row = doc
        .select(&rows)
        .find(|r| r.select(&th).next().is_some_and(|h| h.text().collect::<String>().trim() == name))
        .unwrap_or_else(|| panic!("no dashboard row for {name}"));
    let cells: Vec<String> = row.select(&td).map(|c| c.text().collect::<String>().trim().to_string()).collect();
    cells[1].parse().unwrap()
}

#[test]
fn an_overdue_problem_shows_on_its_region_page_and_the_dashboard_only_after_its_deadline() {
    let site = site();
    build_dated(&site, "2026-04-01");
    assert_eq!(overdue_on_region(&site), ["东一项目施工用电增容"]);
    assert_eq!(dashboard_overdue(&site, "东片区"), 1);
    assert_eq!(dashboard_overdue(&site, "西片区"), 0);
    let list = site.html("problems/index.html");
    assert_eq!(select_texts(&list, ".problem-section-overdue tbody th a"), ["东一项目施工用电增容"]);
    // On its deadline it is not late yet.
    build_dated(&site, "2026-03-31");
    assert!(overdue_on_region(&site).is_empty());
    assert_eq!(dashboard_overdue(&site, "东片区"), 0);
    let list = site.html("problems/index.html");
    assert!(select_texts(&list, ".problem-section-overdue tbody th a").is_empty());
}

#[test]
fn a_closed_decision_appears_in_the_bulletin_of_the_period_it_was_closed_in() {
    let site = site();
    build_dated(&site, "2026-04-01");
    let march = site.html("bulletins/east/2026-03/index.html");
    let closed = select_texts(&march, ".bulletin-problems table[class=problem-table] tbody th a");
    assert!(closed.contains(&"每月5日前由各单位更新台账".to_string()), "{closed:?}");
    let closed_table = Selector::parse("#bulletin-closed-heading + .table-scroll tbody th a").unwrap();
    let in_closed: Vec<String> = march.select(&closed_table).map(|e| e.text().collect::<String>()).collect();
    assert_eq!(in_closed, ["每月5日前由各单位更新台账"]);
    // Not in the issue of the month before, where it was still open.
    let february = site.html("bulletins/east/2026-02/index.html");
    let in_feb: Vec<String> = february.select(&closed_table).map(|e| e.text().collect::<String>()).collect();
    assert!(in_feb.is_empty(), "{in_feb:?}");
}

#[test]
fn the_record_page_shows_its_history_in_order_with_the_reports_that_took_the_steps() {
    let site = site();
    build_dated(&site, "2026-04-01");
    let doc = site.html("problems/east-ledger/index.html");
    assert_eq!(select_texts(&doc, "h1"), ["每月5日前由各单位更新台账"]);
    let dates: Vec<String> = crate::common::attrs(&doc, ".timeline-step time", "datetime");
    assert_eq!(dates, ["2026-02-20", "2026-03-25"]);
    assert_eq!(select_texts(&doc, ".timeline-step .problem-status"), ["提出", "已办结"]);
    assert_eq!(
        crate::common::attrs(&doc, ".timeline-report a", "href"),
        ["/reports/2026-02-20-east-meeting/", "/reports/2026-03-25-east-ledger-done/"]
    );
    assert_eq!(crate::common::attrs(&doc, ".problem-facts a[href^='/reports/']", "href"), ["/reports/2026-02-20-east-meeting/"]);
    // The report links back to the records it advances.
    let report = site.html("reports/2026-03-25-east-ledger-done/index.html");
    assert_eq!(crate::common::attrs(&report, ".report-problems a", "href"), ["/problems/east-ledger/", "/problems/east-power/"]);
    let power = site.html("problems/east-power/index.html");
    assert_eq!(select_texts(&power, ".timeline-step .problem-status"), ["提出", "认领"]);
    assert_eq!(crate::common::attrs(&power, "#reports-heading ~ ul a", "href"), ["/reports/2026-03-25-east-ledger-done/"]);
}

#[test]
fn impossible_histories_fail_check_with_their_line_and_column() {
    let site = site();
    site.write(
        "content/problems/bad.yaml",
        "title: 错误的历史\nregion: eats\nunit: 东四项目部\ndeadline: 2026-03-31\nhistory:\n  - status: 提出\n    date: 2026-02-10\n  - status: 认领\n    date: 2026-02-01\n  - status: 搁置\n    date: 2026-02-15\n  - status: 已办结\n",
    );
    site.write(
        "content/problems/order.yaml",
        "title: 顺序颠倒\nregion: west\nhistory:\n  - { status: 提出, date: 2026-01-01 }\n  - { status: 推进中, date: 2026-01-05 }\n  - { status: 认领, date: 2026-01-09 }\n",
    );
    site.write(
        "content/reports/2026-03-28-west-link.md",
        "---\ntitle: 西片区推进\ndate: 2026-03-28\nregion: west\nadvances: [east-powr]\n---\n\n正文。\n",
    );
    let out = check(&site, &["--format", "json", "--date", "2026-03-01", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let found: Vec<(String, String, u64, u64, String)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["severity"] == "error")
        .map(|v| {
            let hint = v["hint"].as_str().unwrap_or_default().to_string();
            (
                v["path"].as_str().unwrap().into(),
                v["code"].as_str().unwrap().into(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
                hint,
            )
        })
        .collect();
    let codes: Vec<(&str, &str, u64, u64)> = found.iter().map(|(p, c, l, col, _)| (p.as_str(), c.as_str(), *l, *col)).collect();
    assert_eq!(
        codes,
        [
            ("content/problems/bad.yaml", "unknown-region", 2, 9),
            ("content/problems/bad.yaml", "problem-unit", 3, 7),
            ("content/problems/bad.yaml", "problem-step-date", 8, 13),
            ("content/problems/bad.yaml", "problem-shelved-reason", 10, 13),
            ("content/problems/bad.yaml", "problem-step-date", 12, 13),
            ("content/problems/order.yaml", "problem-step-order", 6, 15),
            ("content/reports/2026-03-28-west-link.md", "problem-unknown", 5, 12),
        ]
    );
    let hint_of = |code: &str| found.iter().find(|f| f.1 == code).map(|f| f.4.clone()).unwrap_or_default();
    assert!(hint_of("unknown-region").contains("`east`"), "{}", hint_of("unknown-region"));
    assert!(hint_of("problem-unknown").contains("`east-power`"), "{}", hint_of("problem-unknown"));
}

#[test]
fn overdue_records_are_notes_of_check_and_the_build_date_can_come_from_the_environment() {
    let site = site();
    let run = |date: &str| {
        Command::new(env!("CARGO_BIN_EXE_regionpress"))
            .args(["check", "--format", "json", "--root"])
            .arg(&site.root)
            .env("REGIONPRESS_DATE", date)
            .output()
            .unwrap()
    };
    let notes = |out: &Output| -> Vec<(String, u64)> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v["code"] == "problem-overdue")
            .map(|v| (v["path"].as_str().unwrap().to_string(), v["line"].as_u64().unwrap()))
            .collect()
    };
    let late = run("2026-04-01");
    assert_eq!(late.status.code(), Some(0), "{}", String::from_utf8_lossy(&late.stderr));
    assert_eq!(notes(&late), [("content/problems/east-power.yaml".to_string(), 5)]);
    assert!(notes(&run("2026-03-31")).is_empty());
    let bad = run("next tuesday");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("\"build-date\""));
}

#[test]
fn an_unchanged_site_built_on_a_new_day_is_rendered_again() {
    let site = site();
    site.build_ok(&["--date", "2026-03-31"]);
    let again = site.build_ok(&["--date", "2026-03-31"]);
    let said = String::from_utf8_lossy(&again.stdout).to_string() + &String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("其中 0 个有更新"), "{said}");
    site.build_ok(&["--date", "2026-04-01"]);
    assert_eq!(overdue_on_region(&site), ["东一项目施工用电增容"]);
}
