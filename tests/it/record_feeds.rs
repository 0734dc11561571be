//! Problems and decisions in the Atom feeds and the dashboard CSV: the
//! example site built on a fixed date, its feeds' record
//! entries and its CSV's record columns each checked against what the
//! built record pages (`/problems/<id>/`: regions, deadline, history)
//! say, computed here; and a company-wide record kept out of the region
//! feeds of the regional fixture.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::*;
use scraper::{Html, Selector};

/// The build date of the example: after the last step of most records,
/// before the deadline of some.
const DATE: &str = "2026-12-01";
const ATOM: &str = "http://www.w3.org/2005/Atom";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example built once on [`DATE`] into a temporary folder.
fn example() -> &'static PathBuf {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let tmp = tempfile::tempdir().unwrap();
            let public = tmp.path().join("public");
            let out = Command::new(env!("CARGO_BIN_EXE_regionpress"))
                .args(["build", "--date", DATE, "--root"])
                .arg(repo())
                .arg("--output")
                .arg(&public)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            (tmp, public)
        })
        .1
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// "2026年11月30日" as "2026-11-30" (sorts as dates do).
fn iso(display: &str) -> String {
    let (y, rest) = display.split_once('年').unwrap();
    let (m, rest) = rest.split_once('月').unwrap();
    let d = rest.trim_end_matches('日');
    format!("{y}-{:0>2}-{:0>2}", m, d)
}

/// A record as its built page shows it.
#[derive(Debug, Clone)]
struct Shown {
    id: String,
    title: String,
    regions: Vec<String>,
    deadline: Option<String>,
    /// (date, status id, status name), oldest first.
    steps: Vec<(String, String, String)>,
}

impl Shown {
    /// Its last step on or before `day`.
    fn step_on(&self, day: &str) -> Option<&(String, String, String)> {
        self.steps.iter().rev().find(|s| s.0.as_str() <= day)
    }
}

/// Every record page of the site built into `public`, by id.
fn shown_records(public: &Path) -> BTreeMap<String, Shown> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(public.join("problems")).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let id = entry.file_name().to_string_lossy().to_string();
        let doc = Html::parse_document(&fs::read_to_string(entry.path().join("index.html")).unwrap());
        let title = texts(&doc, "h1").join("");
        let regions = attrs(&doc, ".problem-facts a.badge-region", "href")
            .iter()
            .map(|h| h.trim_start_matches("/regions/").trim_end_matches('/').to_string())
            .collect();
        let mut deadline = None;
        for div in doc.select(&sel(".problem-facts > div")) {
            let dt: String = div.select(&sel("dt")).flat_map(|e| e.text()).collect();
            if dt.trim() == "办结时限" {
                let dd: String = div.select(&sel("dd")).next().unwrap().text().next().unwrap_or("").trim().to_string();
                deadline = (dd != "无" && dd.contains('年')).then(|| iso(&dd));
            }
        }
        let steps = doc
            .select(&sel("li.timeline-step"))
            .map(|li| {
                let date = li.select(&sel("time")).next().unwrap().value().attr("datetime").unwrap().to_string();
                let badge = li.select(&sel(".problem-status")).next().unwrap();
                let class = badge.value().classes().find(|c| c.starts_with("problem-status-")).unwrap();
                let name: String = badge.text().collect();
                (date, class.trim_start_matches("problem-status-").to_string(), name.trim().to_string())
            })
            .collect();
        out.insert(id.clone(), Shown { id, title: title.trim().to_string(), regions, deadline, steps });
    }
    assert!(!out.is_empty(), "the site has records");
    out
}

/// The child `tag` of an Atom element.
fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, tag: &str) -> roxmltree::Node<'a, 'i> {
    n.children().find(|c| c.has_tag_name((ATOM, tag))).unwrap_or_else(|| panic!("no {tag}"))
}

/// A feed's entries: (link, title, updated).
fn feed_entries(path: &Path) -> Vec<(String, String, String)> {
    let xml = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .map(|e| {
            (
                child(e, "link").attribute("href").unwrap().to_string(),
                child(e, "title").text().unwrap_or("").to_string(),
                child(e, "updated").text().unwrap().to_string(),
            )
        })
        .collect()
}

/// The record entries a feed must have, newest first: the records of
/// `region` (all with `None`) with a step on or before `day`, as
/// (id, title, day of the step), ties by id.
fn expected_entries(records: &BTreeMap<String, Shown>, region: Option<&str>, day: &str) -> Vec<(String, String, String)> {
    let mut want: Vec<(String, String, String)> = records
        .values()
        .filter(|r| region.is_none_or(|g| r.regions.iter().any(|x| x == g)))
        .filter_map(|r| r.step_on(day).map(|s| (r.id.clone(), format!("【{}】{}", s.2, r.title), s.0.clone())))
        .collect();
    want.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    want
}

/// The record entries of a feed, as (id, title, day).
fn record_entries(entries: &[(String, String, String)], base: &str) -> Vec<(String, String, String)> {
    entries
        .iter()
        .filter_map(|(link, title, updated)| {
            let id = link.strip_prefix(&format!("{base}/problems/"))?.trim_end_matches('/');
            Some((id.to_string(), title.clone(), updated[..10].to_string()))
        })
        .collect()
}

fn base_url() -> String {
    let site: serde_yaml::Value = serde_yaml::from_str(&fs::read_to_string(repo().join("site.yaml")).unwrap()).unwrap();
    site["base_url"].as_str().unwrap().trim_end_matches('/').to_string()
}

/// A feed holds its newest entries only: the record entries are the
/// newest of those expected, all of them unless the feed is full; and
/// the feed is newest first.
fn assert_feed_records(path: &Path, want: &[(String, String, String)]) {
    let entries = feed_entries(path);
    let got = record_entries(&entries, &base_url());
    assert!(got.len() <= want.len() && got[..] == want[..got.len()], "{}:\n got {got:?}\nwant {want:?}", path.display());
    if got.len() < want.len() {
        assert_eq!(entries.len(), 20, "{}: a record left out of a feed that is not full", path.display());
    }
    let days: Vec<&str> = entries.iter().map(|e| &e.2[..10]).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{}: not newest first: {days:?}", path.display());
    assert!(entries.len() <= 20);
}

#[test]
fn each_region_feed_has_its_records_with_their_status_and_link() {
    let public = example();
    let records = shown_records(public);
    let regions: Vec<String> =
        records.values().flat_map(|r| r.regions.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    assert!(regions.len() >= 3, "{regions:?}");
    for region in &regions {
        let want = expected_entries(&records, Some(region), DATE);
        assert!(!want.is_empty());
        assert_feed_records(&public.join(format!("regions/{region}/atom.xml")), &want);
    }
    // A hand-checked entry: the labour dispute closed on 2026-11-20 leads
    // Kunming's feed, linked to its page.
    let entries = feed_entries(&public.join("regions/kunming/atom.xml"));
    assert_eq!(
        entries[0],
        (
            format!("{}/problems/kunming-labour-dispute/", base_url()),
            "【已办结】昆楚高速扩容项目劳务班组工资纠纷调处".to_string(),
            "2026-11-20T00:00:00Z".to_string()
        )
    );
    // Another region's feed does not carry it.
    let chengdu = feed_entries(&public.join("regions/chengdu/atom.xml"));
    assert!(chengdu.iter().all(|e| !e.0.ends_with("/problems/kunming-labour-dispute/")));
}

#[test]
fn the_site_feed_has_the_newest_records_among_its_entries() {
    let public = example();
    let records = shown_records(public);
    let want = expected_entries(&records, None, DATE);
    assert_feed_records(&public.join("atom.xml"), &want);
    let got = record_entries(&feed_entries(&public.join("atom.xml")), &base_url());
    assert!(!got.is_empty());
}

/// Counts of region `region` as of `day`: open, overdue, closed, shelved.
fn counts(records: &BTreeMap<String, Shown>, region: &str, day: &str) -> [usize; 4] {
    let mut c = [0; 4];
    for r in records.values().filter(|r| r.regions.iter().any(|x| x == region)) {
        match r.step_on(day).map(|s| s.1.as_str()) {
            Some("raised" | "claimed" | "in-progress") => {
                c[0] += 1;
                c[1] += usize::from(r.deadline.as_deref().is_some_and(|d| d < day));
            }
            Some("closed") => c[2] += 1,
            Some(_) => c[3] += 1,
            None => {}
        }
    }
    c
}

#[test]
fn the_dashboard_csv_counts_each_regions_records_as_of_the_years_end() {
    let public = example();
    let records = shown_records(public);
    let mut nonzero = 0;
    for (year, day) in [(2025, "2025-12-31"), (2026, DATE)] {
        let bytes = fs::read(public.join(format!("dashboard/{year}.csv"))).unwrap();
        let rows = parse_csv(std::str::from_utf8(&bytes[3..]).unwrap());
        let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}: {:?}", rows[0]));
        let cols = ["难题事项未办结", "难题事项已逾期", "难题事项已办结", "难题事项已搁置"].map(col);
        assert_eq!(cols[0] + 3, cols[3], "four columns side by side");
        assert!(rows.len() > 2);
        for row in &rows[1..] {
            assert_eq!(row.len(), rows[0].len());
            let region = &row[col("区域代码")];
            let got = cols.map(|c| row[c].parse::<usize>().unwrap());
            let want = counts(&records, region, day);
            assert_eq!(got, want, "{year} {region}");
            nonzero += got.iter().sum::<usize>();
        }
    }
    // The example's records show in both years (a test that can fail).
    assert!(nonzero > 5, "{nonzero}");
    // 2026 has something overdue or not: either way the column is the
    // dashboard's, row for row.
    let doc = Html::parse_document(&fs::read_to_string(public.join("dashboard/2026/index.html")).unwrap());
    let mut shown: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for tr in doc.select(&sel(".dashboard-problems tbody tr")) {
        let name: String = tr.select(&sel("th")).flat_map(|e| e.text()).collect();
        shown.insert(name.trim().to_string(), tr.select(&sel("td")).map(|c| c.text().collect::<String>().trim().to_string()).collect());
    }
    let bytes = fs::read(public.join("dashboard/2026.csv")).unwrap();
    let rows = parse_csv(std::str::from_utf8(&bytes[3..]).unwrap());
    let at = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    for row in &rows[1..] {
        let on_page = &shown[&row[at("区域")]];
        let in_csv: Vec<String> =
            ["难题事项未办结", "难题事项已逾期", "难题事项已办结", "难题事项已搁置"].iter().map(|h| row[at(h)].clone()).collect();
        assert_eq!(on_page[..4], in_csv[..], "{}", row[at("区域")]);
    }
}

#[test]
fn a_company_wide_record_is_in_the_site_feed_only() {
    let site = Site::new("regional");
    site.write(
        "content/problems/all-ledger.yaml",
        "title: 统一各片区共建台账格式\nraised_by: 公司党委组织部\ndeadline: 2026-06-30\nhistory:\n  - status: 提出\n    date: 2026-04-02\n    note: 公司党委组织部提出\n",
    );
    site.write(
        "content/problems/west-road.yaml",
        "title: 西一项目便道修复\nregion: west\nunit: 西一项目部\nhistory:\n  - status: 提出\n    date: 2026-03-10\n  - status: 已办结\n    date: 2026-04-01\n    note: 便道修复完成\n",
    );
    site.build_ok(&["--date", "2026-05-01"]);
    let public = site.public();
    let links = |rel: &str| feed_entries(&public.join(rel)).into_iter().map(|e| e.0).collect::<Vec<_>>();
    let base = "https://intranet.example";
    let all = links("atom.xml");
    assert!(all.contains(&format!("{base}/problems/all-ledger/")), "{all:?}");
    assert!(all.contains(&format!("{base}/problems/west-road/")), "{all:?}");
    for region in ["east", "west", "north"] {
        let got = links(&format!("regions/{region}/atom.xml"));
        assert!(!got.iter().any(|l| l.ends_with("/problems/all-ledger/")), "{region}: {got:?}");
        assert_eq!(got.iter().any(|l| l.ends_with("/problems/west-road/")), region == "west", "{region}: {got:?}");
    }
    let west = feed_entries(&public.join("regions/west/atom.xml"));
    let road = west.iter().find(|e| e.0.ends_with("/problems/west-road/")).unwrap();
    assert_eq!(road.1, "【已办结】西一项目便道修复");
    assert_eq!(road.2, "2026-04-01T00:00:00Z");
    // The regional fixture's feeds were 10 and 5 entries (tests/it/regional.rs):
    // one more each for the records.
    assert_eq!(all.len(), 12);
    assert_eq!(links("regions/west/atom.xml").len(), feed_entries(&repo_fixture_west()).len() + 1);
}

/// West's feed of the regional fixture without records.
fn repo_fixture_west() -> PathBuf {
    static BUILT: OnceLock<Site> = OnceLock::new();
    let site = BUILT.get_or_init(|| {
        let site = Site::new("regional");
        site.build_ok(&["--date", "2026-05-01"]);
        site
    });
    site.public().join("regions/west/atom.xml")
}
