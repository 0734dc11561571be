//! YAML errors that point at the slip. Each slip of a
//! Chinese keyboard is one error (or, for Chinese quotation marks that
//! still read, one warning) on its own line and column, named in the
//! site's language; a region file that does not read still counts as a
//! known region, so that the reports naming it are not reported too.

use std::process::{Command, Output};

use crate::common::Site;

fn check(site: &Site, args: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_regionpress");
    Command::new(bin).arg("check").arg("--root").arg(&site.root).args(["--format", "json"]).args(args).output().unwrap()
}

/// (path, line, column, severity, code, message) of every diagnostic.
fn found(out: &Output) -> Vec<(String, u64, u64, String, String, String)> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"));
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (s("path"), v["line"].as_u64().unwrap(), v["column"].as_u64().unwrap(), s("severity"), s("code"), s("message"))
        })
        .collect()
}

/// The check site with `from` replaced by `to` in the file `rel`.
fn slipped(rel: &str, from: &str, to: &str) -> Site {
    let site = Site::new("check-base");
    let path = site.root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    site
}

const REGION: &str = "content/regions/alpha.yaml";
const REPORT: &str = "content/reports/2026/2026-03-02-safety.md";

/// The one error of the check, as (path, line, column, code, message).
fn one_error(site: &Site, args: &[&str]) -> (String, u64, u64, String, String) {
    let out = check(site, args);
    assert_eq!(out.status.code(), Some(1));
    let errors: Vec<_> = found(&out).into_iter().filter(|f| f.3 == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let (p, l, c, _, code, m) = errors.into_iter().next().unwrap();
    (p, l, c, code, m)
}

#[test]
fn a_tab_in_a_region_file_is_one_error_on_its_line_and_no_unknown_region() {
    let site = slipped(REGION, "summary:", "\tsummary:");
    let (path, line, column, code, message) = one_error(&site, &[]);
    assert_eq!((path.as_str(), line, column, code.as_str()), (REGION, 2, 1, "yaml-tab"));
    assert!(message.contains("制表符"), "{message}");
    // No warning either: the reports' units are not judged against a region that did not read.
    assert_eq!(found(&check(&site, &[])).iter().filter(|f| f.3 == "warning").count(), 0);
    let (_, _, _, _, english) = one_error(&site, &["--lang", "en"]);
    assert!(english.contains("tab character"), "{english}");
}

#[test]
fn a_full_width_colon_is_one_error_at_the_colon() {
    let site = slipped(REPORT, "title: ", "title：");
    let (path, line, column, code, message) = one_error(&site, &[]);
    assert_eq!((path.as_str(), line, column, code.as_str()), (REPORT, 2, 6, "yaml-fullwidth-colon"));
    assert!(message.contains("全角冒号"), "{message}");
    // In a region file too, inside a list item.
    let site = slipped(REGION, "    kind: supervisor", "    kind：supervisor");
    let (path, line, column, code, _) = one_error(&site, &[]);
    assert_eq!((path.as_str(), line, column, code.as_str()), (REGION, 12, 9, "yaml-fullwidth-colon"));
}

#[test]
fn every_other_slip_is_named_where_it_is() {
    // (file, text, its slip, where, code, words of the message)
    type Case<'a> = (&'a str, &'a str, &'a str, (u64, u64), &'a str, &'a str);
    let cases: &[Case<'_>] = &[
        (REPORT, "date: ", "date:", (3, 5), "yaml-missing-space", "缺少空格"),
        (REPORT, "date: ", "date:\u{3000}", (3, 6), "yaml-fullwidth-space", "全角空格"),
        (REGION, "  - name: 甲监理站", "\u{3000}\u{3000}- name: 甲监理站", (11, 1), "yaml-fullwidth-space", "全角空格"),
        (REPORT, "units: [甲一项目部]", "units: [甲一项目部，甲监理站]", (6, 14), "yaml-fullwidth-comma", "全角逗号"),
        (REPORT, "title: 联合开展安全生产主题党日活动", "title: “安全: 第一”", (2, 8), "yaml-chinese-quotes", "中文引号"),
    ];
    for &(file, from, to, (line, column), code, words) in cases {
        let site = slipped(file, from, to);
        let out = check(&site, &[]);
        let errors: Vec<_> = found(&out).into_iter().filter(|f| f.3 == "error").collect();
        assert_eq!(errors.len(), 1, "{to}: {errors:#?}");
        let e = &errors[0];
        assert_eq!((e.0.as_str(), e.1, e.2, e.4.as_str()), (file, line, column, code), "{to}");
        assert!(e.5.contains(words), "{}", e.5);
    }
}

#[test]
fn chinese_quotes_that_read_are_a_warning() {
    let site = slipped(REPORT, "title: 联合开展安全生产主题党日活动", "title: “联合开展安全生产主题党日活动”");
    let out = check(&site, &[]);
    assert_eq!(out.status.code(), Some(0));
    let all = found(&out);
    assert_eq!(all.iter().map(|f| (f.1, f.2, f.3.as_str(), f.4.as_str())).collect::<Vec<_>>(), [(2, 8, "warning", "yaml-chinese-quotes")]);
    assert_eq!(check(&site, &["--strict"]).status.code(), Some(1));
}

// Slips in site.yaml and the record files.

#[test]
fn a_slip_in_site_yaml_is_one_error_on_its_line_and_column() {
    let site = slipped("site.yaml", "title: ", "title：");
    let (path, line, column, code, message) = one_error(&site, &[]);
    assert_eq!((path.as_str(), line, column, code.as_str()), ("site.yaml", 1, 6, "yaml-fullwidth-colon"));
    assert!(message.contains("全角冒号"), "{message}");
    std::fs::write(site.root.join("site.yaml"), "title: 站点\nbase_url: https://intranet.example/\nmodes:\n\t- { id: a, name: 甲 }\n")
        .unwrap();
    let (path, line, column, code, _) = one_error(&site, &[]);
    assert_eq!((path.as_str(), line, column, code.as_str()), ("site.yaml", 4, 1, "yaml-tab"));
    let (_, _, _, _, english) = one_error(&site, &["--lang", "en"]);
    assert!(english.contains("tab character"), "{english}");
}

#[test]
fn a_full_width_comma_in_a_site_yaml_list_is_named() {
    let site = Site::new("check-base");
    let text = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    std::fs::write(site.root.join("site.yaml"), format!("{text}bulletin:\n  report_to: [公司党委，公司党委组织部]\n")).unwrap();
    let lines = text.lines().count() as u64 + 2;
    let errors: Vec<_> = found(&check(&site, &[])).into_iter().filter(|f| f.4.starts_with("yaml-")).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].0.as_str(), errors[0].1, errors[0].4.as_str()), ("site.yaml", lines, "yaml-fullwidth-comma"));
}

#[test]
fn a_problem_file_that_does_not_read_is_one_error_not_a_cascade() {
    let site = Site::new("check-base");
    let problem = "title: 夜间施工噪声\nregion: alpha\nunit：甲一项目部\nhistory:\n  - status: 提出\n    date: 2026-02-01\n";
    std::fs::create_dir_all(site.root.join("content/problems")).unwrap();
    std::fs::write(site.root.join("content/problems/alpha-noise.yaml"), problem).unwrap();
    let report = site.root.join(REPORT);
    let text = std::fs::read_to_string(&report).unwrap();
    let advancing = text.replacen("participants: 120\n", "participants: 120\nadvances:\n  - id: alpha-noise\n    status: 已办结\n", 1);
    std::fs::write(&report, advancing).unwrap();
    let (path, line, column, code, _) = one_error(&site, &[]);
    assert_eq!((path.as_str(), line, column, code.as_str()), ("content/problems/alpha-noise.yaml", 3, 5, "yaml-fullwidth-colon"));
    // Mended, the same site passes: the error was the slip alone.
    std::fs::write(site.root.join("content/problems/alpha-noise.yaml"), problem.replace('：', ": ")).unwrap();
    let out = check(&site, &[]);
    assert_eq!(out.status.code(), Some(0), "{:#?}", found(&out));
}
