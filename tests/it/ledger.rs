//! Hosts and participants: the ledger of a region's
//! member units per quarter, on the example site and on a fixture.
//!
//! The expectation is worked out here from the example's report files
//! (their front matter read with serde_yaml, the definition of
//! docs/pages.md applied), independently of `src/regional/ledger.rs`, and
//! compared with the table parsed from the built region page.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::*;
use scraper::{Html, Selector};

/// (year, quarter) -> unit -> [hosted, joined, participants hosted, participants joined].
type Ledger = BTreeMap<(i32, u32), BTreeMap<String, [u64; 4]>>;

fn strings(v: Option<&serde_yaml::Value>) -> Vec<String> {
    match v {
        Some(serde_yaml::Value::Sequence(s)) => s.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        Some(serde_yaml::Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The ledger of `region` computed from the report files of the site at `root`.
fn expected(root: &Path, region: &str) -> Ledger {
    let profile: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join(format!("content/regions/{region}.yaml"))).unwrap()).unwrap();
    let units: Vec<String> = profile["units"].as_sequence().unwrap().iter().map(|u| u["name"].as_str().unwrap().to_string()).collect();
    let site: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(root.join("site.yaml")).unwrap()).unwrap();
    let required = site["review"]["required"].as_bool().unwrap_or(false);
    let mut ledger = Ledger::new();
    for entry in walkdir::WalkDir::new(root.join("content/reports")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let front = text.split("\n---\n").next().unwrap().trim_start_matches("---\n");
        let f: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
        let approved = matches!(f["review"].as_str(), Some("已审" | "approved"));
        if f["draft"].as_bool() == Some(true) || (required && !approved) || !strings(f.get("region")).contains(&region.to_string()) {
            continue;
        }
        let date = f["date"].as_str().unwrap();
        let (year, month): (i32, u32) = (date[..4].parse().unwrap(), date[5..7].parse().unwrap());
        let quarter = ledger.entry((year, (month - 1) / 3 + 1)).or_insert_with(|| units.iter().map(|u| (u.clone(), [0; 4])).collect());
        let (hosts, joined) = (strings(f.get("hosts")), strings(f.get("units")));
        let people = f["participants"].as_u64().unwrap_or(0);
        for (unit, row) in quarter.iter_mut() {
            if hosts.contains(unit) {
                row[0] += 1;
                row[2] += people;
            } else if joined.contains(unit) {
                row[1] += 1;
                row[3] += people;
            }
        }
    }
    ledger
}

/// The ledger tables of a built region page.
fn shown(doc: &Html) -> Ledger {
    let boxes = Selector::parse("#ledger .table-scroll").unwrap();
    let rows = Selector::parse("tbody tr").unwrap();
    let (th, td) = (Selector::parse("th").unwrap(), Selector::parse("td").unwrap());
    let mut ledger = Ledger::new();
    for b in doc.select(&boxes) {
        let id = b.value().id().unwrap();
        let (year, q) = id.trim_start_matches("ledger-").split_once("-q").unwrap();
        let quarter = ledger.entry((year.parse().unwrap(), q.parse().unwrap())).or_default();
        for row in b.select(&rows) {
            let unit = row.select(&th).next().unwrap().text().collect::<String>().trim().to_string();
            let cells: Vec<u64> = row.select(&td).map(|c| c.text().collect::<String>().trim().parse().unwrap()).collect();
            quarter.insert(unit, cells.try_into().unwrap());
        }
    }
    ledger
}

#[test]
fn the_example_regions_ledger_matches_its_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(tmp.path().join("public"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for region in ["chengdu", "nanning"] {
        let page = std::fs::read_to_string(tmp.path().join(format!("public/regions/{region}/index.html"))).unwrap();
        let doc = Html::parse_document(&page);
        let want = expected(root, region);
        assert!(!want.is_empty());
        assert_eq!(shown(&doc), want, "{region}");
    }
    // The Q1 2026 ledger of Chengdu is the one its ledger report analyses:
    // 9 activities, each hosted by one unit, 2,410 participants, and the
    // units' activities (hosted and joined) 6, 5, 5, 4, 3, 4, 3.
    let q1 = &expected(root, "chengdu")[&(2026, 1)];
    assert_eq!(q1.values().map(|r| r[0]).sum::<u64>(), 9);
    assert_eq!(q1.values().map(|r| r[2]).sum::<u64>(), 2410);
    assert_eq!(q1.values().map(|r| r[0] + r[1]).collect::<Vec<_>>().iter().sum::<u64>(), 30);
    assert_eq!(q1["成都轨道交通集团建设指挥部"][0], 0, "the owner hosted nothing");
}

#[test]
fn an_unknown_host_fails_check_with_its_line_and_column() {
    let site = Site::new("regional");
    site.write(
        "content/reports/2026-03-25-east-hosted.md",
        "---\ntitle: 东片区联合活动\ndate: 2026-03-25\nregion: east\nmode: 活动共办\nhosts: [东一项目部, 东二监里站]\nunits: [东三街道]\nparticipants: 12\n---\n\n东片区联合活动。\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress")).args(["check", "--lang", "en", "--root"]).arg(&site.root).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let found = diagnostics(&stderr);
    let hosts: Vec<_> = found.iter().filter(|d| d.2 == "unknown-host").collect();
    assert_eq!(hosts.len(), 1, "{stderr}");
    // Line 6, the column of the second name (characters, not bytes).
    assert_eq!(hosts[0].0, "content/reports/2026-03-25-east-hosted.md:6:16");
    assert_eq!(hosts[0].1, "error");
    assert!(stderr.contains("did you mean `东二监理站`"), "{stderr}");
}
