//! Integration tests of the regional pages (bulletins, dashboard, showcases,
//! feeds, sitemap) on `tests/fixtures/regional`, whose answers were worked out
//! by hand:
//!
//! - east: reports 2025-11-05 (10 people), 2025-12-10 (20), the joint report
//!   2026-01-15 with west (30), 2026-03-20 (5); a draft in 2026-02 that must
//!   count nowhere; a class 2026-01-20; units 东一 (3 reports), 东二 (2),
//!   东三 (never named).
//! - west: the joint report, 2026-02-08 (8), two reports on 2026-03-02 (0 and
//!   2 people), a class 2026-04-09; units 西一, 西二.
//! - north: no units, no content.
//!
//! Targets: 1 activity a month, 1 class a quarter, coverage 0.5. Content spans
//! 2025-11 to 2026-04, so 2025 counts 2 months and 2026 counts 4.

use std::fs;

use crate::common::*;
use scraper::{Html, Selector};

fn built() -> Site {
    let site = Site::new("regional");
    site.build_ok(&[]);
    site
}

fn h1(doc: &Html) -> String {
    texts(doc, "h1").join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn figures(doc: &Html) -> Vec<String> {
    texts(doc, ".bulletin-figures .stat dd")
}

#[test]
fn bulletin_numbers_restart_each_year_and_months_without_reports_have_no_issue() {
    let site = built();
    let title = |url: &str| h1(&site.html(&format!("bulletins/{url}/index.html")));
    assert_eq!(title("east/2025-11"), "东片区区域信息简报 第1期（总第1期）");
    assert_eq!(title("east/2025-12"), "东片区区域信息简报 第2期（总第2期）");
    assert_eq!(title("east/2026-01"), "东片区区域信息简报 第1期（总第3期）");
    // February 2026 has only a draft: no issue, and March is the second of the year.
    assert!(!site.public().join("bulletins/east/2026-02").exists());
    assert_eq!(title("east/2026-03"), "东片区区域信息简报 第2期（总第4期）");
    assert_eq!(title("west/2026-04"), "西片区区域信息简报 第4期（总第4期）");
    assert_eq!(title("all/2026-04"), "区域化党建信息简报（公司版） 第4期（总第6期）");
    // North has no report or class: no issue at all.
    assert!(!site.public().join("bulletins/north").exists());
    let doc = site.html("bulletins/east/2026-03/index.html");
    assert_eq!(texts(&doc, "title"), ["东片区区域信息简报 2026年第2期（总第4期） · 区域测试站"]);
}

#[test]
fn a_joint_report_counts_in_both_regions_and_once_company_wide() {
    let site = built();
    // activities, participants, units involved / all units, classes
    let east = site.html("bulletins/east/2026-01/index.html");
    assert_eq!(figures(&east), ["1", "30", "1 / 3", "1"]);
    let west = site.html("bulletins/west/2026-01/index.html");
    assert_eq!(figures(&west), ["1", "30", "1 / 2", "0"]);
    // Company-wide: regions active first; the joint report once, units of both regions.
    let all = site.html("bulletins/all/2026-01/index.html");
    assert_eq!(figures(&all), ["2", "1", "30", "2 / 5", "1"]);
    for doc in [&east, &west] {
        assert!(attrs(doc, ".bulletin-item-title a", "href").contains(&"/reports/2026-01-15-joint/".to_string()));
    }
    // One column per region, each listing the joint report.
    assert_eq!(texts(&all, ".bulletin-column-title"), ["【东片区】", "【西片区】"]);
    let items = attrs(&all, ".bulletin-column .bulletin-item-title a", "href");
    assert_eq!(items, ["/reports/2026-01-15-joint/", "/classes/2026-01-20-east-class/", "/reports/2026-01-15-joint/"]);
    let march = site.html("bulletins/all/2026-03/index.html");
    assert_eq!(figures(&march), ["2", "3", "7", "2 / 5", "0"]);
}

#[test]
fn an_issue_groups_reports_by_mode_and_links_its_neighbours() {
    let site = built();
    let doc = site.html("bulletins/west/2026-03/index.html");
    // Columns: the modes in site.yaml order (资源共享 before 作风共抓), the
    // items in full text, listed in 本期要目 in the same order.
    assert_eq!(texts(&doc, ".bulletin-column-title"), ["【资源共享】", "【作风共抓】"]);
    assert_eq!(texts(&doc, ".bulletin-text p"), ["同一天的另一篇报道。", "西片区作风建设。"]);
    assert_eq!(attrs(&doc, ".bulletin-contents a", "href"), ["#item-1", "#item-2"]);
    assert_eq!(attrs(&doc, ".bulletin-item", "id"), ["item-1", "item-2"]);
    assert_eq!(attrs(&doc, "a[rel=prev]", "href"), ["/bulletins/west/2026-02/"]);
    assert_eq!(attrs(&doc, "a[rel=next]", "href"), ["/bulletins/west/2026-04/"]);
    assert!(attrs(&doc, ".bulletin-links a", "href").contains(&"/bulletins/all/2026-03/".to_string()));
    // The first issue has no previous one; classes are listed.
    let first = site.html("bulletins/east/2025-11/index.html");
    assert!(attrs(&first, "a[rel=prev]", "href").is_empty());
    let with_class = site.html("bulletins/east/2026-01/index.html");
    assert_eq!(texts(&with_class, ".bulletin-column-title").last().map(String::as_str), Some("【区域党课】"));
    assert_eq!(attrs(&with_class, ".bulletin-column:last-of-type .bulletin-item-title a", "href"), ["/classes/2026-01-20-east-class/"]);
    // The editor's note: headline, editor, Markdown with a resolved link.
    assert_eq!(texts(&with_class, ".bulletin-headline"), ["开年第一期"]);
    assert_eq!(texts(&with_class, ".bulletin-signoff"), ["责任编辑：东片区办公室"]);
    assert_eq!(attrs(&with_class, ".bulletin-note a", "href"), ["/reports/2026-01-15-joint/"]);
    // The company-wide note too.
    let all = site.html("bulletins/all/2026-03/index.html");
    assert_eq!(texts(&all, ".bulletin-note p"), ["三月，各片区持续发力。"]);
}

#[test]
fn an_issue_shows_its_fields_the_note_over_the_region_over_the_site() {
    let site = Site::new("regional");
    site.set_config(
        "bulletin:\n  name: \"{region}工作简报\"\n  marking: 内部资料\n  columns: [作风共抓, resources]\n  report_to: [公司党委]\n  \
         send_to: 各片区\n  copies: 30\n  reviewer: 王审\n  signer: 李签\n",
    );
    let east = fs::read_to_string(site.root.join("content/regions/east.yaml")).unwrap();
    site.write("content/regions/east.yaml", &format!("{east}bulletin:\n  unit: 东片区推进办\n  marking: \"\"\n"));
    site.write("content/bulletins/west/2026-03.md", "---\ncopies: 45\nfull_text: false\nissue_to: [各成员单位]\n---\n");
    site.build_ok(&[]);
    let west = site.html("bulletins/west/2026-03/index.html");
    assert_eq!(texts(&west, ".bulletin-title"), ["西片区工作简报"]);
    assert_eq!(texts(&west, ".bulletin-marking"), ["内部资料"]);
    assert_eq!(texts(&west, ".bulletin-unit"), ["西片区"]);
    // The columns in the order given: 作风共抓 before 资源共享; summaries, not the full text.
    assert_eq!(texts(&west, ".bulletin-column-title"), ["【作风共抓】", "【资源共享】"]);
    assert!(texts(&west, ".bulletin-text").is_empty());
    assert_eq!(texts(&west, ".bulletin-summary").len(), 2);
    assert_eq!(texts(&west, ".bulletin-distribution p"), ["报：公司党委", "送：各片区", "发：各成员单位"]);
    assert_eq!(texts(&west, ".bulletin-copies"), ["（共印45份）"]);
    assert_eq!(texts(&west, ".bulletin-signoff span"), ["审核：王审", "签发：李签"]);
    // The same name on the index and in the feed, with the region's name.
    assert!(texts(&site.html("bulletins/index.html"), ".issue-card-masthead").contains(&"西片区工作简报".to_string()));
    // East: its own unit, no marking (an empty one over the site's), the site's print run.
    let east = site.html("bulletins/east/2026-01/index.html");
    assert_eq!(texts(&east, ".bulletin-unit"), ["东片区推进办"]);
    assert!(texts(&east, ".bulletin-marking").is_empty());
    assert_eq!(texts(&east, ".bulletin-copies"), ["（共印30份）"]);
    // The company's issue: the site title as {region}, a column per region.
    let all = site.html("bulletins/all/2026-03/index.html");
    assert_eq!(texts(&all, ".bulletin-title"), ["区域测试站工作简报"]);
    assert_eq!(texts(&all, ".bulletin-unit"), ["区域测试站"]);
}

#[test]
fn bad_bulletin_fields_are_located_errors() {
    let site = Site::new("regional");
    site.set_config("bulletin:\n  copies: many\n  unti: 办公室\n");
    let east = fs::read_to_string(site.root.join("content/regions/east.yaml")).unwrap();
    site.write("content/regions/east.yaml", &format!("{east}bulletin:\n  columns: [组织共健]\n  sender: 某\n"));
    site.write("content/bulletins/west/2026-03.md", "---\nfull_text: 是\n---\n");
    let out = site.build(&["--lang", "en"]);
    assert!(!out.status.success());
    let found = diagnostics(&String::from_utf8_lossy(&out.stderr));
    let lines = fs::read_to_string(site.root.join("site.yaml")).unwrap().lines().count();
    let expect = [
        ("content/bulletins/west/2026-03.md:2:12".to_string(), "error", "wrong-type"),
        ("content/regions/east.yaml:17:13".to_string(), "error", "unknown-column"),
        ("content/regions/east.yaml:18:3".to_string(), "warning", "unknown-field"),
        (format!("site.yaml:{}:3", lines - 1), "error", "wrong-type"),
        (format!("site.yaml:{lines}:3"), "error", "config-unknown-key"),
    ];
    for (at, severity, code) in expect {
        assert!(found.iter().any(|(a, s, c)| a == &at && s == severity && c == code), "{at} {code} not in {found:#?}");
    }
}

#[test]
fn the_bulletin_index_lists_every_issue_by_year_and_region() {
    let site = built();
    let doc = site.html("bulletins/index.html");
    assert_eq!(texts(&doc, ".issue-year h2"), ["2026 年 共 10 期", "2025 年 共 4 期"]);
    let row = Selector::parse("#y2026 tbody tr").unwrap();
    let cell = Selector::parse("td").unwrap();
    let rows: Vec<Vec<String>> =
        doc.select(&row).map(|r| r.select(&cell).take(4).map(|c| c.text().collect::<String>().trim().to_string()).collect()).collect();
    assert_eq!(rows[0], ["第1期", "第2期", "第3期", "第4期"], "company-wide");
    assert_eq!(rows[1], ["第1期", "—", "第2期", "—"], "east");
    assert_eq!(rows[2], ["第1期", "第2期", "第3期", "第4期"], "west");
    assert_eq!(rows[3], ["—", "—", "—", "—"], "north");
    let latest = attrs(&doc, ".latest-issues .issue-card-title a", "href");
    assert_eq!(latest[..3], ["/bulletins/all/2026-04/", "/bulletins/west/2026-04/", "/bulletins/all/2026-03/"]);
}

#[test]
fn quarterly_bulletins_number_quarters() {
    let site = Site::new("regional");
    site.set_config("bulletin_period: quarter\n");
    let out = site.build_ok(&["--lang", "en"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The monthly note no longer matches an issue: a warning that says why.
    assert!(stderr.contains("content/bulletins/east/2026-01.md: warning[note-period-mismatch]"), "{stderr}");
    let title = |url: &str| h1(&site.html(&format!("bulletins/{url}/index.html")));
    assert_eq!(title("east/2025-q4"), "东片区区域信息简报 第1期（总第1期）");
    assert_eq!(title("east/2026-q1"), "东片区区域信息简报 第1期（总第2期）");
    assert_eq!(title("west/2026-q2"), "西片区区域信息简报 第2期（总第2期）");
    assert_eq!(title("all/2026-q2"), "区域化党建信息简报（公司版） 第2期（总第3期）");
    assert_eq!(figures(&site.html("bulletins/east/2026-q1/index.html")), ["2", "35", "2 / 3", "1"]);
    assert_eq!(figures(&site.html("bulletins/west/2026-q1/index.html")), ["4", "40", "2 / 2", "0"]);
    assert!(!site.public().join("bulletins/east/2026-01").exists());
    let period = site.html("bulletins/east/2026-q1/index.html");
    assert!(texts(&period, ".bulletin-imprint").join(" ").contains("2026年第一季度"));
    assert_links_resolve(&site.public(), Some("/"));
}

#[test]
fn the_showcase_shows_figures_charts_units_and_the_latest_issue() {
    let site = built();
    let doc = site.html("regions/east/index.html");
    // reports, classes, participants, units, party members, bulletin issues (the draft counts nowhere).
    assert_eq!(texts(&doc, ".stats-region .stat dd"), ["4", "1", "65", "3", "45", "4"]);
    // The 24-month chart ends with the site's latest month.
    let svg_title = texts(&doc, "svg.chart-columns > title");
    assert_eq!(svg_title, ["东片区 · 2024年5月至2026年4月每月活动数"]);
    assert_eq!(texts(&doc, "svg.chart-columns > desc").len(), 1);
    let months = Selector::parse(".chart-panel-wide .chart-table tbody tr").unwrap();
    let rows: Vec<(String, String)> = doc
        .select(&months)
        .map(|r| {
            let t: Vec<String> = r.children().filter_map(scraper::ElementRef::wrap).map(|c| c.text().collect()).collect();
            (t[0].clone(), t[1].clone())
        })
        .collect();
    assert_eq!(rows.len(), 24);
    assert_eq!(rows[0].0, "2024年5月");
    let nonzero: Vec<&str> = rows.iter().filter(|r| r.1 != "0").map(|r| r.0.as_str()).collect();
    assert_eq!(nonzero, ["2025年11月", "2025年12月", "2026年1月", "2026年3月"]);
    // The mode mix: the joint report counts for both of its modes.
    let counts = texts(&doc, ".chart-panel:not(.chart-panel-wide) .chart-table td.num");
    assert_eq!(counts, ["1", "20%", "1", "20%", "1", "20%", "0", "0%", "1", "20%", "1", "20%"]);
    assert!(texts(&doc, "svg.chart-hbar > title")[0].contains("共建模式分布"));
    // Member units: reports naming each, last activity; 东三 never named.
    let units = Selector::parse(".units tbody tr").unwrap();
    let unit_rows: Vec<Vec<String>> = doc
        .select(&units)
        .map(|r| r.children().filter_map(scraper::ElementRef::wrap).map(|c| c.text().collect::<String>().trim().to_string()).collect())
        .collect();
    assert_eq!(unit_rows[0][3..], ["3", "2026年3月20日"]);
    assert_eq!(unit_rows[1][3..], ["2", "2026年1月15日"]);
    assert_eq!(unit_rows[2][3..], ["0", "—"]);
    assert_eq!(attrs(&doc, ".region-side .issue-card-title a", "href"), ["/bulletins/east/2026-03/"]);
    assert_eq!(attrs(&doc, "link[type='application/atom+xml']", "href")[1], "/regions/east/atom.xml");
    // A light brand colour gets dark text.
    let west = fs::read_to_string(site.public().join("regions/west/index.html")).unwrap();
    assert!(west.contains("--accent: #ffd54f; --on-accent: #1a1a1a"));
}

#[test]
fn region_cards_are_ordered_and_coloured() {
    let site = built();
    let doc = site.html("regions/index.html");
    assert_eq!(texts(&doc, ".region-card-title"), ["东片区", "西片区", "北片区"]);
    let styles = attrs(&doc, ".region-card", "style");
    assert_eq!(styles[0], "--accent: #b71c1c; --on-accent: #ffffff");
    assert_eq!(styles[1], "--accent: #ffd54f; --on-accent: #1a1a1a");
}

fn dashboard_rows(doc: &Html) -> Vec<Vec<String>> {
    dashboard_rows_of(doc, ".dashboard-table tbody tr")
}

#[test]
fn the_dashboard_checks_targets_in_their_periods_and_ranks_by_the_committee_total() {
    let site = built();
    let doc = site.html("dashboard/2026/index.html");
    let rows = dashboard_rows(&doc);
    // rank, region, activities, participants, classes, modes, coverage, issues, strip, activity index, periods below target
    // Targets are judged per month (activities) and per quarter (classes),
    // over the months January to April that have content: the second
    // quarter is under way and not judged.
    assert_eq!(rows[0][..8], ["1", "西片区", "4 ▼低于目标", "40", "1 ▼低于目标", "5/6", "100% 2/2", "4"]);
    assert_eq!(rows[1][..8], ["2", "东片区", "2 ▼低于目标", "35", "1", "3/6", "67% 2/3", "2"]);
    assert_eq!(rows[2][..8], ["3", "北片区", "0 ▼低于目标", "0", "0 ▼低于目标", "0/6", "—", "0"]);
    assert_eq!(rows.iter().map(|r| r[9].as_str()).collect::<Vec<_>>(), ["83.3", "62.5", "0"]);
    let shortfalls = |i: usize| texts(&doc, &format!(".dashboard-table tbody tr:nth-child({i}) .shortfall-list li"));
    assert_eq!(shortfalls(1), ["4月 活动 0/1", "一季度 党课 0/1"]);
    assert_eq!(shortfalls(2), ["2月 活动 0/1", "4月 活动 0/1"]);
    // The month strip: one cell per month with its count.
    let strips = texts(&doc, ".strip-cell svg text");
    assert_eq!(strips[..4], ["1", "1", "2", "0"]);
    assert_eq!(
        texts(&doc, ".target-list li"),
        ["每月活动 1 项（本年度计入的月份共 4 项）", "每季度党课 1 次（本年度计入的月份共 2 次）", "成员单位覆盖率 50%"]
    );
    // Sortable by script, sorted without it.
    assert_eq!(attrs(&doc, "table[data-sortable] th[data-sort]", "data-sort").len(), 10);
    assert!(!attrs(&doc, "script[src^='/sortable.js']", "src").is_empty());
    // No assessment in 2026: no assessment table.
    assert!(texts(&doc, ".assessment-table").is_empty());
    // /dashboard/ is the latest year, pointing to its canonical URL.
    let latest = site.html("dashboard/index.html");
    assert_eq!(dashboard_rows(&latest), rows);
    assert_eq!(attrs(&latest, "link[rel=canonical]", "href"), ["https://intranet.example/dashboard/2026/"]);
    // 2025: ranked by the committee's total (weights 0.5 each); north was not assessed.
    let y2025 = site.html("dashboard/2025/index.html");
    let assessed: Vec<Vec<String>> = dashboard_rows_of(&y2025, ".assessment-table tbody tr");
    assert_eq!(assessed[0], ["1", "东片区", "87.75", "—", "—/90", "—/85.5", "先进区域", ""]);
    assert_eq!(assessed[1], ["2", "西片区", "81", "—", "—/80", "—/82", "=1+1", ""]);
    assert_eq!(assessed[2], ["3", "北片区", "—", "未参评"]);
    assert_eq!(dashboard_rows(&y2025).iter().map(|r| r[1].as_str()).collect::<Vec<_>>(), ["东片区", "西片区", "北片区"]);
    assert_eq!(attrs(&y2025, ".year-jump a", "href"), ["/dashboard/2026/", "/dashboard/2025/"]);
}

fn dashboard_rows_of(doc: &Html, selector: &str) -> Vec<Vec<String>> {
    let row = Selector::parse(selector).unwrap();
    doc.select(&row)
        .map(|r| {
            r.children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| c.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
                .collect()
        })
        .collect()
}

#[test]
fn a_sites_own_sortable_js_is_linked_with_its_own_hash() {
    assert_own_script_wins(&Site::new("regional"), "sortable.js", &["dashboard/index.html", "dashboard/2026/index.html"]);
}

#[test]
fn the_dashboard_csv_has_a_bom_the_same_figures_and_no_formulas() {
    let site = built();
    let bytes = fs::read(site.public().join("dashboard/2025.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf", "UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"));
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 4);
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}: {:?}", rows[0]));
    let get = |r: usize, name: &str| rows[r][col(name)].as_str();
    assert_eq!(rows.iter().skip(1).map(|r| r[col("区域代码")].as_str()).collect::<Vec<_>>(), ["east", "west", "north"]);
    assert_eq!(get(1, "活动数"), "2");
    assert_eq!(get(1, "活动目标"), "2");
    assert_eq!(get(1, "参与人次"), "30");
    assert_eq!(get(1, "党课目标"), "1");
    assert_eq!(get(1, "参与成员单位"), "2");
    assert_eq!(get(1, "成员单位总数"), "3");
    assert_eq!(get(1, "单位覆盖率"), "0.667");
    assert_eq!(get(1, "11月"), "1");
    assert_eq!(get(1, "项目管控效益好·组织考核"), "90");
    assert_eq!(get(1, "项目管控效益好·自评"), "");
    assert_eq!(get(1, "组织考核总分"), "87.75");
    assert_eq!(get(1, "活动指数"), "58.3");
    // The fourth quarter began before the site's first content: not judged.
    assert_eq!(get(1, "低于目标"), "");
    assert_eq!(get(2, "未达标周期"), "11月 活动 0/1 / 12月 活动 0/1");
    // A cell that would start a formula gets an apostrophe.
    assert_eq!(get(2, "荣誉"), "'=1+1");
    assert_eq!(get(3, "单位覆盖率"), "", "no units, no coverage");
    let y2026 = String::from_utf8(fs::read(site.public().join("dashboard/2026.csv")).unwrap()[3..].to_vec()).unwrap();
    let rows = parse_csv(&y2026);
    assert_eq!(rows[1][..4], ["1", "西片区", "west", "4"]);
}

#[test]
fn feeds_are_valid_atom_with_absolute_urls() {
    let site = built();
    // The 2025 assessment's awards are the year's honours: one more entry
    // in the site's feed and in east's.
    for (path, count) in [("atom.xml", 10), ("regions/east/atom.xml", 5), ("bulletins/atom.xml", 14)] {
        let bytes = fs::read(site.public().join(path)).unwrap();
        let feed = feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom, "{path}");
        assert_eq!(feed.entries.len(), count, "{path}");
        for e in &feed.entries {
            assert!(e.links.iter().all(|l| l.href.starts_with("https://intranet.example/")), "{path}: {:?}", e.links);
            assert!(e.title.is_some() && e.updated.is_some());
        }
    }
    let bytes = fs::read(site.public().join("bulletins/atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(&bytes[..]).unwrap();
    let first = &feed.entries[0];
    assert_eq!(first.title.as_ref().unwrap().content, "区域化党建信息简报（公司版） 2026年第4期（总第6期）");
    assert_eq!(first.links[0].href, "https://intranet.example/bulletins/all/2026-04/");
    let content = first.content.as_ref().and_then(|c| c.body.clone()).unwrap();
    assert!(content.contains("https://intranet.example/classes/2026-04-09-west-class/"), "{content}");
}

#[test]
fn the_sitemap_lists_every_regional_page_with_its_last_date() {
    let site = built();
    let text = fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut entries = std::collections::BTreeMap::new();
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let child = |name: &str| url.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).map(str::to_string);
        let loc = child("loc").unwrap().trim_start_matches("https://intranet.example").to_string();
        entries.insert(loc, child("lastmod"));
    }
    let lastmod = |u: &str| entries.get(u).unwrap_or_else(|| panic!("{u} missing from the sitemap")).clone();
    assert_eq!(lastmod("/bulletins/east/2026-03/").as_deref(), Some("2026-03-20"));
    assert_eq!(lastmod("/bulletins/all/2026-04/").as_deref(), Some("2026-04-09"));
    assert_eq!(lastmod("/bulletins/").as_deref(), Some("2026-04-09"));
    assert_eq!(lastmod("/dashboard/2025/").as_deref(), Some("2025-12-10"));
    assert_eq!(lastmod("/dashboard/").as_deref(), Some("2026-04-09"));
    assert_eq!(lastmod("/regions/east/").as_deref(), Some("2026-03-20"));
    assert_eq!(lastmod("/").as_deref(), Some("2026-04-09"));
    // Every page that shows content has a date (north has none to show), and
    // every HTML page of the site is listed.
    let undated: Vec<&String> = entries.iter().filter(|(_, d)| d.is_none()).map(|(u, _)| u).collect();
    assert_eq!(undated, ["/regions/north/", "/regions/north/reports/"]);
    for e in walkdir::WalkDir::new(site.public()).into_iter().filter_map(|e| e.ok()) {
        let rel = e.path().strip_prefix(site.public()).unwrap().to_string_lossy().replace('\\', "/");
        // The search page has no content of its own; search pages stay out of sitemaps.
        if let Some(dir) = rel.strip_suffix("index.html").filter(|d| *d != "search/") {
            assert!(entries.contains_key(&format!("/{dir}")), "/{dir} missing from the sitemap");
        }
    }
}

#[test]
fn the_home_page_shows_the_latest_bulletins_and_the_years_figures() {
    let site = built();
    let doc = site.html("index.html");
    let links =
        attrs(&doc, "#latest-bulletins ~ ul a.entry-item-title, section[aria-labelledby=latest-bulletins] a.entry-item-title", "href");
    assert_eq!(links[..2], ["/bulletins/all/2026-04/", "/bulletins/west/2026-04/"]);
    // reports, classes, participants, regions, units, issues of 2026
    assert_eq!(texts(&doc, ".hero-stats .stat dd"), ["5", "2", "45", "3", "5", "10"]);
    let nav = texts(&doc, ".mainnav a");
    assert!(nav.contains(&"信息简报".to_string()) && nav.contains(&"考核看板".to_string()), "{nav:?}");
}

#[test]
fn modes_and_tags_are_paginated_newest_first_with_ties_broken_by_url() {
    let site = built();
    let links = |rel: &str| attrs(&site.html(rel), ".list-main .entry-title a", "href");
    // paginate_by: 2. Two reports share 2026-03-02: the URL breaks the tie.
    assert_eq!(links("tags/an-quan-sheng-chan/index.html"), ["/reports/2026-03-20-east-event/", "/reports/2026-03-02-west-conduct/"]);
    assert_eq!(links("tags/an-quan-sheng-chan/page/2/index.html"), ["/reports/a-same-day/", "/reports/2025-12-10-east-share/"]);
    assert_eq!(links("tags/an-quan-sheng-chan/page/3/index.html"), ["/reports/2025-11-05-east-start/"]);
    assert_eq!(texts(&site.html("tags/an-quan-sheng-chan/index.html"), "h1"), ["安全生产"]);
    assert_eq!(links("modes/resources/index.html"), ["/reports/a-same-day/", "/reports/2025-12-10-east-share/"]);
    assert_eq!(texts(&site.html("modes/resources/index.html"), "h1"), ["资源共享"]);
}

#[test]
fn the_class_archive_goes_by_year_and_month_with_lecturer_pages() {
    let site = built();
    let doc = site.html("classes/index.html");
    assert_eq!(texts(&doc, ".archive-year > h2"), ["2026 年 2 次"]);
    // The year is in each month's heading for screen readers, so that the
    // 10月 sections of two years are not landmarks of one name.
    assert_eq!(texts(&doc, ".archive-month h3"), ["2026 年 4月", "2026 年 1月"]);
    assert_eq!(texts(&doc, ".archive-month h3 .visually-hidden"), ["2026 年", "2026 年"]);
    let lecturer = site.html("classes/lecturers/wang-lao-shi/index.html");
    assert_eq!(attrs(&lecturer, ".list-main .entry-title a", "href"), ["/classes/2026-01-20-east-class/"]);
    let class = site.html("classes/2026-01-20-east-class/index.html");
    let facts = texts(&class, ".facts").join(" ");
    assert!(facts.contains("40 人") && facts.contains("60 分钟"), "{facts}");
}

#[test]
fn every_link_resolves_including_under_relative_urls() {
    let site = built();
    assert!(assert_links_resolve(&site.public(), Some("/")) > 300);
    let rel = Site::new("regional");
    rel.set_config("relative_urls: true\n");
    rel.build_ok(&[]);
    assert_links_resolve(&rel.public(), None);
}

#[test]
fn english_sites_get_english_bulletin_titles() {
    let site = Site::new("regional");
    site.set_config("language: en\n");
    site.build_ok(&[]);
    assert_eq!(h1(&site.html("bulletins/east/2026-01/index.html")), "东片区 Bulletin No. 1 (No. 3 overall)");
    assert_eq!(texts(&site.html("dashboard/2026/index.html"), "h1"), ["Four-goods assessment dashboard 2026"]);
    let csv = fs::read_to_string(site.public().join("dashboard/2026.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}Rank,Region,Region id,Activities"), "{csv}");
}

#[test]
fn a_note_for_an_unknown_region_is_an_error_with_a_hint() {
    let site = Site::new("regional");
    site.write("content/bulletins/eats/2026-01.md", "---\ntitle: 错\n---\n\n正文\n");
    let out = site.build(&["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/bulletins/eats/2026-01.md: error[unknown-region]"), "{stderr}");
    assert!(stderr.contains("did you mean `east`?"), "{stderr}");
}

#[test]
fn a_note_for_a_period_without_an_issue_is_a_warning() {
    let site = Site::new("regional");
    site.write("content/bulletins/east/2026-02.md", "二月没有活动。\n");
    let out = site.build_ok(&["--lang", "en"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/bulletins/east/2026-02.md: warning[note-without-issue]"), "{stderr}");
    assert!(!site.public().join("bulletins/east/2026-02").exists());
}

#[test]
fn an_assessment_for_an_unknown_region_is_a_located_error() {
    let site = Site::new("regional");
    site.write("content/assessments/2026.yaml", "regions:\n  esat:\n    项目管控效益好: 90\n");
    let out = site.build(&["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/assessments/2026.yaml:2:3: error[unknown-region]"), "{stderr}");
    assert!(stderr.contains("`east`"), "{stderr}");
}

#[test]
fn an_unknown_anchor_in_a_note_is_a_located_error_in_the_sites_language() {
    let site = Site::new("regional");
    site.write("content/bulletins/east/2026-01.md", "---\ntitle: 开年第一期\n---\n\n见[联合攻关](@/reports/2026-01-15-joint.md#成果)。\n");
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let zh =
        "content/bulletins/east/2026-01.md:5:2: 错误[unknown-anchor]: `content/reports/2026-01-15-joint.md` 中没有 id 为 `#成果` 的标题";
    assert!(stderr.contains(zh), "{stderr}");
    let out = site.build(&["--lang", "en"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let en = "content/bulletins/east/2026-01.md:5:2: error[unknown-anchor]: `content/reports/2026-01-15-joint.md` has no heading with id `#成果`";
    assert!(stderr.contains(en), "{stderr}");
}

#[test]
fn free_pages_under_bulletin_and_dashboard_urls_are_reported_once_each() {
    let site = Site::new("regional");
    site.write("content/pages/bulletins/index.md", "---\ntitle: 占用简报首页\n---\n\n正文。\n");
    site.write("content/pages/bulletins/east.md", "---\ntitle: 占用简报\n---\n\n正文。\n");
    site.write("content/pages/dashboard/2026.md", "---\ntitle: 占用看板\n---\n\n正文。\n");
    let out = site.build(&["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // A page on a generated page's URL names it; elsewhere under the
    // reserved prefixes, the URL is reserved.
    for (file, url, why) in [
        ("bulletins/index.md", "/bulletins/", "is also claimed by the generated page `/bulletins/`"),
        ("bulletins/east.md", "/bulletins/east/", "is reserved for a built-in page"),
        ("dashboard/2026.md", "/dashboard/2026/", "is also claimed by the generated page `/dashboard/2026/`"),
    ] {
        let line = format!("content/pages/{file}:1: error[duplicate-url]: the URL `{url}` {why}");
        assert_eq!(stderr.matches(&line).count(), 1, "{line}\n{stderr}");
    }
    assert_eq!(stderr.matches("error[duplicate-url]").count(), 3, "{stderr}");
}

fn report_with_participants(site: &Site, name: &str, participants: &str) {
    site.write(
        &format!("content/reports/{name}.md"),
        &format!("---\ntitle: 人数 {name}\ndate: 2026-03-21\nregion: east\nmode: 活动共办\nparticipants: {participants}\n---\n\n正文。\n"),
    );
}

/// Regression: two reports with `participants: 18446744073709551615` made
/// the totals wrap around (the region showed a small number).
#[test]
fn participants_above_the_maximum_are_a_located_error() {
    let site = Site::new("regional");
    report_with_participants(&site, "huge-a", "18446744073709551615");
    report_with_participants(&site, "huge-b", "1000001");
    let out = site.build(&["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (file, value) in [("huge-a", "18446744073709551615"), ("huge-b", "1000001")] {
        let line = format!(
            "content/reports/{file}.md:6:15: error[count-range]: `participants` is {value}, more than the largest count accepted, 1000000"
        );
        assert!(stderr.contains(&line), "{line}\n{stderr}");
    }
    assert!(!site.public().exists());
}

#[test]
fn participants_at_the_maximum_are_summed_exactly() {
    let site = Site::new("regional");
    report_with_participants(&site, "big-a", "1000000");
    report_with_participants(&site, "big-b", "1000000");
    site.build_ok(&[]);
    let doc = site.html("regions/east/index.html");
    // reports, classes, participants (65 + 2,000,000), units, party members, bulletin issues.
    assert_eq!(texts(&doc, ".stats-region .stat dd")[2], "2000065");
}
