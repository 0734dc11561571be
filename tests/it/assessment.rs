//! The 四好 assessment as `site.yaml` defines it, and targets
//! judged in their own periods. The example site's dashboard ranks by the
//! committee's weighted total with the activity index shown apart; a
//! misspelt criterion, a stray key and a score over the maximum fail
//! `check` at their line; a region without a class in a quarter is
//! flagged for that quarter on the dashboard, its region page and the CSV.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{Site, copy_dir, diagnostics, fixture, texts};
use scraper::{Html, Selector};

fn rows(doc: &Html, css: &str) -> Vec<Vec<String>> {
    let row = Selector::parse(css).unwrap();
    doc.select(&row)
        .map(|r| {
            r.children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| c.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
                .collect()
        })
        .collect()
}

/// The dashboard CSV: a UTF-8 BOM (for Excel), then RFC 4180.
fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf", "UTF-8 BOM");
    crate::common::parse_csv(std::str::from_utf8(&bytes[3..]).unwrap())
}

fn build_example(out: &Path) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["build", "-q", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn number(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

#[test]
fn the_example_2025_dashboard_ranks_by_the_committees_weighted_total() {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    build_example(&public);
    let doc = Html::parse_document(&std::fs::read_to_string(public.join("dashboard/2025/index.html")).unwrap());
    let assessed = rows(&doc, ".assessment-table tbody tr");
    let regions: Vec<&str> = assessed.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(regions, ["成都片区", "重庆片区", "贵阳片区", "昆明片区", "南宁片区"]);
    // Committee totals (third cell) fall from first to last; 南宁's is the lowest.
    let totals: Vec<f64> = assessed.iter().map(|r| number(&r[2])).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    // site.yaml: weights 0.3, 0.2, 0.3, 0.2 of maximum 100; 成都's committee scores 94, 90, 96, 93.
    assert_eq!(assessed[0][2], "93.6");
    // Self and committee as one pair under each criterion: 成都 项目管控效益好 96 / 94.
    assert_eq!(assessed[0][4], "96/94");
    let sub = texts(&doc, ".assessment-table thead th.criterion .sub");
    assert_eq!(sub, ["自评/考核"; 4]);
    // The activity table follows the same order, and carries the activity index apart.
    let data = rows(&doc, ".dashboard-table tbody tr");
    assert_eq!(data.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(), regions);
    let heads = texts(&doc, ".dashboard-table thead th");
    let index_col = heads.iter().position(|h| h == "活动指数").expect("an activity index column");
    assert!(data.iter().all(|r| r[index_col].parse::<f64>().is_ok()));
    // Both figures are defined on the page.
    let definitions = texts(&doc, ".definitions li");
    assert!(definitions.iter().any(|d| d.starts_with("活动指数")), "{definitions:?}");
    assert!(definitions.iter().any(|d| d.starts_with("总分 = 100 × Σ")), "{definitions:?}");
    // The CSV carries every column in the same order.
    let csv = parse_csv(&std::fs::read(public.join("dashboard/2025.csv")).unwrap());
    let col = |name: &str| csv[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}: {:?}", csv[0]));
    assert_eq!(csv.iter().skip(1).map(|r| r[col("区域")].as_str()).collect::<Vec<_>>(), regions);
    assert_eq!(csv[1][col("项目管控效益好·自评")], "96");
    assert_eq!(csv[1][col("项目管控效益好·组织考核")], "94");
    assert_eq!(csv[1][col("组织考核总分")], "93.6");
    assert_eq!(csv[5][col("组织考核总分")], "86.5");
    assert_eq!(csv[5][col("荣誉")], "");
    assert!(!csv[1][col("活动指数")].is_empty());
    assert!(csv[5][col("未达标周期")].contains("一季度 党课 0/1"), "{:?}", csv[5]);
}

/// The check fixture's site with `assessment` written as its 2026 assessment.
fn check_site(assessment: &str) -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("check-base"), &root);
    let site = Site { tmp, root };
    site.write("content/assessments/2026.yaml", assessment);
    site
}

fn check(root: &Path, lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regionpress")).args(["check", "--lang", lang, "--root"]).arg(root).output().unwrap()
}

/// Exit code and stderr of `check` in both languages, the temporary folder redacted.
fn both_languages(site: &Site) -> String {
    let shown = |o: &Output| {
        let stderr = String::from_utf8_lossy(&o.stderr).replace(&site.root.display().to_string(), "[ROOT]");
        format!("exit: {}\n{stderr}", o.status.code().unwrap_or(-1))
    };
    format!("=== zh-CN\n{}\n=== en\n{}", shown(&check(&site.root, "zh-CN")), shown(&check(&site.root, "en")))
}

/// The (location, code) of each error `check` prints in English.
fn errors(site: &Site) -> Vec<(String, String)> {
    let out = check(&site.root, "en");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    diagnostics(&String::from_utf8_lossy(&out.stderr)).into_iter().filter(|d| d.1 == "error").map(|d| (d.0, d.2)).collect()
}

const FULL: &str =
    "    市场开拓形象好: { 自评: 90, 组织考核: 88 }\n    工作联动效果好: 90\n    主题活动作用好: { 自评: 92, 组织考核: 91 }\n";

#[test]
fn a_misspelt_criterion_fails_check_at_its_line_with_the_nearest_name() {
    let site = check_site(&format!("regions:\n  alpha:\n    项目管控效益号: {{ 自评: 95, 组织考核: 94 }}\n{FULL}"));
    assert_eq!(errors(&site), [("content/assessments/2026.yaml:3:5".to_string(), "unknown-criterion".to_string())]);
    let out = both_languages(&site);
    assert!(out.contains("did you mean `项目管控效益好`?"), "{out}");
    insta::assert_snapshot!("misspelt-criterion", out);
}

#[test]
fn a_stray_key_fails_check_at_its_line() {
    // A weight written among the scores, at the region and inside a criterion.
    let site = check_site(&format!("regions:\n  alpha:\n    项目管控效益好: {{ 自评: 95, 组织考核: 94 }}\n{FULL}    权重: 0.3\n"));
    assert_eq!(errors(&site), [("content/assessments/2026.yaml:7:5".to_string(), "unknown-criterion".to_string())]);
    insta::assert_snapshot!("stray-key", both_languages(&site));
    let inner = check_site(&format!("regions:\n  alpha:\n    项目管控效益好:\n      组织考核: 94\n      权重: 0.3\n{FULL}"));
    assert_eq!(errors(&inner), [("content/assessments/2026.yaml:5:7".to_string(), "score-field".to_string())]);
}

#[test]
fn a_score_over_the_maximum_fails_check_at_the_score() {
    let site = check_site(&format!("regions:\n  alpha:\n    项目管控效益好: {{ 自评: 120, 组织考核: 94 }}\n{FULL}"));
    assert_eq!(errors(&site), [("content/assessments/2026.yaml:3:20".to_string(), "score-range".to_string())]);
    insta::assert_snapshot!("score-over-maximum", both_languages(&site));
    // The maximum is the criterion's own: 30 for a criterion of 30 points.
    site.write(
        "site.yaml",
        "title: 检查测试站点\nbase_url: https://intranet.example/\nassessment:\n  total: sum\n  criteria:\n    - { name: 项目管控效益好, weight: 1, max: 30 }\n",
    );
    site.write("content/assessments/2026.yaml", "regions:\n  alpha:\n    项目管控效益好: 31\n");
    assert_eq!(errors(&site), [("content/assessments/2026.yaml:3:14".to_string(), "score-range".to_string())]);
}

#[test]
fn a_missing_criterion_and_an_unknown_region_fail_check() {
    let site = check_site("regions:\n  alpha:\n    项目管控效益好: 94\n  alpah:\n    项目管控效益好: 80\n");
    let found = errors(&site);
    let missing = found.iter().filter(|d| d.1 == "missing-criterion").count();
    assert_eq!(missing, 3, "{found:?}");
    assert!(found.contains(&("content/assessments/2026.yaml:4:3".to_string(), "unknown-region".to_string())), "{found:?}");
    // An empty region lacks every criterion.
    site.write("content/assessments/2026.yaml", "regions:\n  alpha: {}\n");
    let found = errors(&site);
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found.iter().all(|d| d.0 == "content/assessments/2026.yaml:2:3" && d.1 == "missing-criterion"), "{found:?}");
}

#[test]
fn bad_criteria_in_site_yaml_and_two_targets_for_one_thing_fail_check() {
    let site = check_site("regions: {}\n");
    site.set_config("targets:\n  classes_per_quarter: 1\n  classes_per_year: 4\nassessment:\n  criteria:\n    - { name: 甲, weight: 0 }\n");
    let found = errors(&site);
    assert_eq!(
        found,
        [("site.yaml:5:3".to_string(), "config-targets".to_string()), ("site.yaml:8:15".to_string(), "config-assessment".to_string())]
    );
}

/// A region with one report a month and no class in the first quarter.
fn quarterly_site(classes: &[&str]) -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let site = Site { tmp, root };
    site.write(
        "site.yaml",
        "title: 季度目标\nbase_url: https://intranet.example/\ntargets:\n  activities_per_quarter: 3\n  classes_per_quarter: 1\n",
    );
    site.write("content/regions/alpha.yaml", "name: 甲片区\nunits:\n  - { name: 甲一项目部, kind: project }\n");
    site.write("content/regions/beta.yaml", "name: 乙片区\n");
    for m in 1..=12 {
        let report = format!("---\ntitle: 活动{m}\ndate: 2025-{m:02}-10\nregion: alpha\n---\n\n正文。\n");
        site.write(&format!("content/reports/2025/r{m}.md"), &report);
    }
    site.write("content/reports/2025/beta.md", "---\ntitle: 乙的活动\ndate: 2025-02-10\nregion: beta\n---\n\n正文。\n");
    for (i, date) in classes.iter().enumerate() {
        let class = format!("---\ntitle: 党课{i}\ndate: {date}\nregion: alpha\nlecturer: 李华\n---\n\n正文。\n");
        site.write(&format!("content/classes/2025/c{i}.md"), &class);
    }
    site
}

#[test]
fn a_region_without_a_class_in_q1_is_flagged_for_q1() {
    let site = quarterly_site(&["2025-05-10", "2025-08-10", "2025-11-10"]);
    site.build_ok(&[]);
    let doc = site.html("dashboard/2025/index.html");
    let alpha = rows(&doc, ".dashboard-table tbody tr").into_iter().position(|r| r[1] == "甲片区").unwrap();
    let flagged = texts(&doc, &format!(".dashboard-table tbody tr:nth-child({}) .shortfall-list li", alpha + 1));
    assert_eq!(flagged, ["一季度 党课 0/1"]);
    // The region page names the same period.
    let page = site.html("regions/alpha/index.html");
    assert_eq!(texts(&page, ".region-targets .shortfall-list li"), ["▼ 一季度 党课 0/1"]);
    // The CSV too.
    let csv = parse_csv(&std::fs::read(site.public().join("dashboard/2025.csv")).unwrap());
    let col = csv[0].iter().position(|h| h == "未达标周期").unwrap();
    let row = csv.iter().find(|r| r[2] == "alpha").unwrap();
    assert_eq!(row[col], "一季度 党课 0/1");
    // 乙: one report in February and nothing else: every quarter is short of both.
    let beta = csv.iter().find(|r| r[2] == "beta").unwrap();
    assert_eq!(beta[col].split(" / ").count(), 8, "{beta:?}");
}

#[test]
fn four_classes_in_q4_do_not_make_up_for_none_in_q1_to_q3() {
    let site = quarterly_site(&["2025-10-10", "2025-11-10", "2025-12-01", "2025-12-10"]);
    site.build_ok(&[]);
    let csv = parse_csv(&std::fs::read(site.public().join("dashboard/2025.csv")).unwrap());
    let col = csv[0].iter().position(|h| h == "未达标周期").unwrap();
    let row = csv.iter().find(|r| r[2] == "alpha").unwrap();
    assert_eq!(row[col], "一季度 党课 0/1 / 二季度 党课 0/1 / 三季度 党课 0/1");
    // A quarter under way is not judged: with content ending in November,
    // the fourth quarter is not flagged even without a class.
    let site = quarterly_site(&["2025-02-10", "2025-05-10", "2025-08-10"]);
    std::fs::remove_file(site.root.join("content/reports/2025/r12.md")).unwrap();
    site.build_ok(&[]);
    let csv = parse_csv(&std::fs::read(site.public().join("dashboard/2025.csv")).unwrap());
    let row = csv.iter().find(|r| r[2] == "alpha").unwrap();
    assert_eq!(row[col], "");
}
