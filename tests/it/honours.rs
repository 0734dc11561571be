//! Honours (先进典型): the example site's honours pages,
//! region pages, search documents and region feeds, each checked against
//! an expectation computed here from the example's own source files
//! (`content/honours/*.yaml`, the assessments' `award`, the region
//! profiles, `site.yaml`); and the located errors of a bad honours file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::*;
use scraper::{ElementRef, Html, Selector};
use serde_yaml::Value;

/// One honour as the sources say, in the order a year page shows it.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    year: i32,
    level: usize,
    kind: usize,
    honour: String,
    name: String,
    region: String,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(path: &Path) -> Value {
    serde_yaml::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn levels() -> Vec<String> {
    let site = yaml(&repo().join("site.yaml"));
    site["honours"]["levels"].as_sequence().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

fn region_name(id: &str) -> String {
    yaml(&repo().join(format!("content/regions/{id}.yaml")))["name"].as_str().unwrap().to_string()
}

fn kind_rank(kind: &str) -> usize {
    match kind {
        "region" | "区域" => 0,
        "unit" | "单位" => 1,
        _ => 2,
    }
}

/// Every honour of the example, per year: the entries of its honours file,
/// then each assessment award that no entry already gives, sorted as the
/// year page lists them (level down, regions, units, people, each honour
/// in the order it first appears, then the file's order).
fn expected() -> BTreeMap<i32, Vec<Expected>> {
    let levels = levels();
    let mut years: BTreeMap<i32, Vec<Expected>> = BTreeMap::new();
    for entry in fs::read_dir(repo().join("content/honours")).unwrap() {
        let path = entry.unwrap().path();
        let year: i32 = path.file_stem().unwrap().to_str().unwrap().parse().unwrap();
        for e in yaml(&path)["honours"].as_sequence().unwrap() {
            let s = |k: &str| e[k].as_str().map(str::to_string);
            let region = s("region").unwrap();
            let kind = kind_rank(&s("kind").unwrap());
            let name = match kind {
                0 => s("name").unwrap_or_else(|| region_name(&region)),
                _ => s("name").or_else(|| s("unit")).unwrap(),
            };
            let level = levels.iter().position(|l| Some(l.clone()) == s("level")).unwrap();
            years.entry(year).or_default().push(Expected { year, level, kind, honour: s("honour").unwrap(), name, region });
        }
    }
    for entry in fs::read_dir(repo().join("content/assessments")).unwrap() {
        let path = entry.unwrap().path();
        let year: i32 = path.file_stem().unwrap().to_str().unwrap().parse().unwrap();
        for (id, scores) in yaml(&path)["regions"].as_mapping().unwrap() {
            let (id, Some(award)) = (id.as_str().unwrap(), scores["award"].as_str()) else { continue };
            let list = years.entry(year).or_default();
            if !list.iter().any(|h| h.kind == 0 && h.region == id && h.honour == award) {
                let name = region_name(id);
                list.push(Expected { year, level: 0, kind: 0, honour: award.into(), name, region: id.into() });
            }
        }
    }
    for list in years.values_mut() {
        let first: Vec<String> = list.iter().map(|h| h.honour.clone()).collect();
        let seen = |h: &str| first.iter().position(|x| x == h).unwrap();
        list.sort_by_key(|h| (std::cmp::Reverse(h.level), h.kind, seen(&h.honour)));
    }
    years
}

/// A level of a year page: its name and its honours' names under each honour title.
type Level = (String, Vec<(String, Vec<String>)>);

/// The example built once into a temporary folder.
fn example() -> &'static PathBuf {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let tmp = tempfile::tempdir().unwrap();
            let public = tmp.path().join("public");
            let out = Command::new(env!("CARGO_BIN_EXE_regionpress"))
                .args(["build", "--root"])
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

fn page(rel: &str) -> Html {
    Html::parse_document(&fs::read_to_string(example().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// The text of an element's own text nodes (not its children's), trimmed.
fn own_text(e: ElementRef<'_>) -> String {
    e.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect::<String>().trim().to_string()
}

fn text(e: ElementRef<'_>, css: &str) -> Vec<String> {
    e.select(&sel(css)).map(|x| x.text().collect::<String>().trim().to_string()).collect()
}

#[test]
fn the_year_page_lists_the_examples_honours_by_level_then_honour() {
    let levels = levels();
    for (year, honours) in expected() {
        // (level, [(honour, [names])]) as the sources say.
        let mut want: Vec<Level> = Vec::new();
        for h in &honours {
            if want.last().is_none_or(|l| l.0 != levels[h.level]) {
                want.push((levels[h.level].clone(), Vec::new()));
            }
            let groups = &mut want.last_mut().unwrap().1;
            match groups.last_mut() {
                Some(g) if g.0 == h.honour => g.1.push(h.name.clone()),
                _ => groups.push((h.honour.clone(), vec![h.name.clone()])),
            }
        }
        let doc = page(&format!("honours/{year}/index.html"));
        let got: Vec<Level> = doc
            .select(&sel("section.honour-level-panel"))
            .map(|level| {
                let heading = own_text(level.select(&sel("h2")).next().unwrap());
                let groups = level
                    .select(&sel("section.honour-group"))
                    .map(|g| (own_text(g.select(&sel("h3")).next().unwrap()), text(g, ".honour-name")))
                    .collect();
                (heading, groups)
            })
            .collect();
        assert_eq!(got, want, "{year}");
        // Each level's count is its honours.
        let counts: Vec<String> = doc.select(&sel("section.honour-level-panel > h2 .count")).map(|c| c.text().collect()).collect();
        let want_counts: Vec<String> = want.iter().map(|l| l.1.iter().map(|g| g.1.len()).sum::<usize>().to_string()).collect();
        assert_eq!(counts, want_counts, "{year}");
    }
    // The record of 成都's 先进区域 and the assessment's award are one
    // honour; 重庆's award, written only in the assessment, is listed too.
    let doc = page("honours/2025/index.html");
    let regions: Vec<String> = doc
        .select(&sel("li.honour"))
        .filter(|li| li.value().id().is_some_and(|id| id.starts_with("award-")))
        .map(|li| text(li, ".honour-name").concat())
        .collect();
    assert_eq!(regions, ["重庆片区"]);
    assert_eq!(doc.select(&sel("li.honour")).filter(|li| text(*li, ".honour-name") == ["成都片区"]).count(), 1);
}

#[test]
fn the_index_lists_every_year_with_its_counts_and_the_latest_year() {
    let all = expected();
    let doc = page("honours/index.html");
    let rows: Vec<Vec<String>> = doc.select(&sel("table.honour-years tbody tr")).map(|tr| text(tr, "th, td")).collect();
    let want: Vec<Vec<String>> = all
        .iter()
        .rev()
        .map(|(year, hs)| {
            let n = |k: usize| hs.iter().filter(|h| h.kind == k).count().to_string();
            // The example's files each give the date of the year's announcement.
            let file = yaml(&repo().join(format!("content/honours/{year}.yaml")));
            let d = file["date"].as_str().unwrap();
            let part = |i: usize| d.split('-').nth(i).unwrap().parse::<u32>().unwrap();
            let date = format!("{}年{}月{}日", part(0), part(1), part(2));
            vec![format!("{year}年度先进典型"), date, n(0), n(1), n(2), hs.len().to_string()]
        })
        .collect();
    assert_eq!(rows, want);
    let latest = *all.keys().last().unwrap();
    let names = text(doc.root_element(), "li.honour .honour-name");
    assert_eq!(names, all[&latest].iter().map(|h| h.name.clone()).collect::<Vec<_>>());
}

#[test]
fn a_region_shows_its_honours_on_its_showcase_and_its_honours_page() {
    let all = expected();
    for region in ["chengdu", "chongqing", "nanning"] {
        // Newest year first, each year as its page orders it.
        let mine: Vec<&Expected> = all.values().rev().flatten().filter(|h| h.region == region).collect();
        let showcase = page(&format!("regions/{region}/index.html"));
        let section = showcase.select(&sel("section.region-honours")).next().expect("a 先进典型 section");
        assert_eq!(text(section, "h2 .count"), [mine.len().to_string()]);
        let shown = text(section, ".honour-name");
        let want: Vec<String> = mine.iter().take(6).map(|h| h.name.clone()).collect();
        assert_eq!(shown, want, "{region}");
        let honours = page(&format!("regions/{region}/honours/index.html"));
        let years: Vec<(String, usize)> = honours
            .select(&sel("section.honour-year"))
            .map(|s| (s.value().id().unwrap().to_string(), text(s, ".honour-name").len()))
            .collect();
        let mut want_years: Vec<(String, usize)> = Vec::new();
        for h in &mine {
            match want_years.last_mut() {
                Some(last) if last.0 == format!("y{}", h.year) => last.1 += 1,
                _ => want_years.push((format!("y{}", h.year), 1)),
            }
        }
        assert_eq!(years, want_years, "{region}");
    }
}

#[test]
fn honours_are_search_documents_with_a_title_and_url() {
    let all = expected();
    let mut docs: Vec<(String, String)> = Vec::new();
    for entry in walkdir::WalkDir::new(example().join("search/d")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let d: serde_json::Value = serde_json::from_slice(&fs::read(entry.path()).unwrap()).unwrap();
            if d["k"] == "honour" {
                docs.push((d["u"].as_str().unwrap().to_string(), d["t"].as_str().unwrap().to_string()));
            }
        }
    }
    docs.sort();
    let mut want: Vec<String> = all.values().flatten().map(|h| format!("{} · {}（{}年度）", h.name, h.honour, h.year)).collect();
    want.sort();
    let mut titles: Vec<String> = docs.iter().map(|d| d.1.clone()).collect();
    titles.sort();
    assert_eq!(titles, want);
    // Each URL is an honour's place on its year page.
    for (url, title) in &docs {
        let (path, anchor) = url.split_once('#').unwrap();
        let doc = page(&format!("{}index.html", path.trim_start_matches('/')));
        let li = doc.select(&sel(&format!("li.honour[id=\"{anchor}\"]"))).next().unwrap_or_else(|| panic!("{url}"));
        assert!(title.starts_with(&text(li, ".honour-name").concat()), "{url}: {title}");
    }
}

#[test]
fn a_region_feed_has_an_entry_per_year_of_its_honours() {
    let all = expected();
    let xml = fs::read_to_string(example().join("regions/chengdu/atom.xml")).unwrap();
    let feed = roxmltree::Document::parse(&xml).unwrap();
    let atom = "http://www.w3.org/2005/Atom";
    let mut got: Vec<(i32, usize)> = Vec::new();
    for entry in feed.descendants().filter(|n| n.has_tag_name((atom, "entry"))) {
        let link = entry.children().find(|n| n.has_tag_name((atom, "link"))).unwrap().attribute("href").unwrap();
        let Some((_, year)) = link.split_once("/regions/chengdu/honours/#y") else { continue };
        let content = entry.children().find(|n| n.has_tag_name((atom, "content"))).unwrap().text().unwrap();
        let items = Html::parse_fragment(content).select(&sel("li")).count();
        got.push((year.parse().unwrap(), items));
    }
    let want: Vec<(i32, usize)> =
        all.iter().rev().map(|(y, hs)| (*y, hs.iter().filter(|h| h.region == "chengdu").count())).filter(|(_, n)| *n > 0).collect();
    assert!(!got.is_empty());
    // The feed holds the newest entries only: older years may have fallen
    // out of a full feed, newest first, never one in the middle.
    assert_eq!(got, want[..got.len()]);
    if got.len() < want.len() {
        let entries = feed.descendants().filter(|n| n.has_tag_name((atom, "entry"))).count();
        assert_eq!(entries, 20, "a year left out of a feed that is not full");
    }
}

#[test]
fn an_unknown_unit_level_region_or_report_is_a_located_error() {
    let site = Site::new("regional");
    site.write(
        "content/honours/2026.yaml",
        "date: 2026-06-30\nhonours:\n  - kind: person\n    name: 张三\n    region: east\n    unit: 东一项目布\n    honour: 优秀共产党员\n    level: 公司极\n    reports:\n      - reports/2026-03-20-east-evnt.md\n  - kind: unit\n    region: eest\n    unit: 东二监理站\n    honour: 先进基层党组织\n    level: 公司级\n  - kind: region\n    region: west\n    honour: 先进区域\n    level: 公司级\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["check", "--lang", "en", "--format", "json", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let found: Vec<(String, u64, u64, String, String)> = stdout
        .lines()
        .chain(String::from_utf8_lossy(&out.stderr).lines())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (s("path"), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap(), s("code"), s("hint"))
        })
        .collect();
    let honours = "content/honours/2026.yaml".to_string();
    let at = |l: u64, c: u64, code: &str, hint: &str| (honours.clone(), l, c, code.to_string(), hint.to_string());
    assert_eq!(
        found,
        [
            at(6, 11, "honour-unit", "did you mean `东一项目部`?"),
            at(8, 12, "honour-level", "did you mean `公司级`?"),
            at(10, 9, "honour-report", "did you mean `reports/2026-03-20-east-event.md`?"),
            at(12, 13, "unknown-region", "did you mean `east` or `west`?"),
        ],
        "{stdout}"
    );
    // The build refuses the same, and writes nothing.
    let build = site.build(&[]);
    assert_eq!(build.status.code(), Some(1));
    assert!(!site.public().exists());
}

#[test]
fn a_report_lists_the_honours_that_link_it() {
    // Report stem -> the recipients of the honours whose `reports` name it
    // (compared sorted: the order is the year pages', tested above).
    let mut want: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in fs::read_dir(repo().join("content/honours")).unwrap() {
        for e in yaml(&entry.unwrap().path())["honours"].as_sequence().unwrap() {
            let name =
                e["name"].as_str().or(e["unit"].as_str()).map(str::to_string).unwrap_or_else(|| region_name(e["region"].as_str().unwrap()));
            for r in e["reports"].as_sequence().into_iter().flatten() {
                let stem = Path::new(r.as_str().unwrap()).file_stem().unwrap().to_str().unwrap().to_string();
                want.entry(stem).or_default().push(name.clone());
            }
        }
    }
    assert!(want.len() > 5);
    for (stem, mut names) in want {
        let doc = page(&format!("reports/{stem}/index.html"));
        let mut got = text(doc.root_element(), ".report-honours li a");
        got.sort();
        names.sort();
        assert_eq!(got, names, "{stem}");
    }
    // A report no honour links shows no such section.
    let doc = page("reports/2025-01-10-nanning-mentor-pairs/index.html");
    assert_eq!(doc.select(&sel(".report-honours")).count(), 0);
}
