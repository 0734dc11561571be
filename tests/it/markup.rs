//! Clean markup of the example site, checked without a
//! browser: unique titles, feeds whose entries link absolutely (footnotes
//! included), a `favicon.ico` beside the SVG, each stylesheet and script
//! only on the pages that use it, unique ids, a heading in every section,
//! landmarks of distinct names, and no caption repeating a chart's
//! figcaption. The browser's side (axe-core, widths) is
//! `every_page_type_is_clean_in_a_real_browser` in tests/it/e2e.rs.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::copy_dir;
use scraper::{ElementRef, Html, Selector};

const BASE: &str = "https://intranet.example/party/";

/// The example site of the repository, built once under `BASE`.
fn example() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path().join("site");
            let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
            copy_dir(&repo.join("content"), &root.join("content"));
            crate::common::add_fonts(&root);
            fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_regionpress"))
                .args(["build", "--base-url", BASE, "--root"])
                .arg(&root)
                .output()
                .unwrap();
            assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
            (tmp, root.join("public"))
        })
        .1
}

/// Every HTML page of the example: its site path and document (scraper's
/// documents are not `Sync`: each test parses its own).
fn pages() -> Vec<(String, Html)> {
    let public = example();
    let mut out: Vec<(String, Html)> = walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(public).unwrap().to_string_lossy().replace('\\', "/");
            (rel, Html::parse_document(&fs::read_to_string(e.path()).unwrap()))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() > 200, "{} pages", out.len());
    out
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_page_has_a_title_of_its_own() {
    let mut seen: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let pages = pages();
    for (path, doc) in &pages {
        let title = doc.select(&sel("head > title")).next().map(text).unwrap_or_default();
        assert!(!title.is_empty(), "{path}: no title");
        seen.entry(title).or_default().push(path);
    }
    let shared: Vec<_> = seen.iter().filter(|(_, p)| p.len() > 1).collect();
    assert!(shared.is_empty(), "titles shared by several pages: {shared:#?}");
    // The bulletins' index and the tag 信息简报 have a title each.
    let titles: BTreeSet<&String> = seen.keys().collect();
    assert!(titles.iter().any(|t| t.starts_with("标签：信息简报")), "{titles:?}");
}

/// The `href`, `src` and `poster` values of an entry's HTML content.
fn links_of(html: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    let mut out = Vec::new();
    for e in doc.select(&sel("[href], [src], [poster]")) {
        for a in ["href", "src", "poster"] {
            if let Some(v) = e.value().attr(a) {
                out.push(v.to_string());
            }
        }
    }
    out
}

#[test]
fn feed_entries_link_only_absolutely_footnotes_included() {
    let public = example();
    let feeds: Vec<PathBuf> = walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.file_name().is_some_and(|n| n == "atom.xml"))
        .collect();
    assert!(feeds.len() >= 7, "{feeds:?}");
    let (mut links, mut fragments) = (0, 0);
    for feed in &feeds {
        let xml = fs::read_to_string(feed).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{}: {e}", feed.display()));
        for entry in doc.descendants().filter(|n| n.has_tag_name("entry")) {
            let permalink = entry.children().find(|n| n.has_tag_name("link")).and_then(|l| l.attribute("href")).unwrap();
            for part in entry.children().filter(|n| n.has_tag_name("content") || n.has_tag_name("summary")) {
                assert_eq!(part.attribute("type"), Some("html"));
                for link in links_of(part.text().unwrap_or_default()) {
                    links += 1;
                    assert!(
                        link.starts_with("https://") || link.starts_with("http://") || link.starts_with("mailto:"),
                        "{}: entry {permalink}: relative link `{link}`",
                        feed.display()
                    );
                    if let Some(page) = link.strip_suffix(link.rsplit('#').next().unwrap()).filter(|_| link.contains('#'))
                        && page.trim_end_matches('#') == permalink
                    {
                        fragments += 1;
                    }
                }
            }
        }
    }
    assert!(links > 20, "{links} links in the feeds");
    // The footnotes (`#1` in the page) point into their own page.
    assert!(fragments > 0, "no link into an entry's own page: the footnotes are gone from the example");
}

#[test]
fn a_favicon_ico_is_beside_the_svg_and_every_page_links_both() {
    let bytes = fs::read(example().join("favicon.ico")).unwrap();
    // ICONDIR: reserved 0, type 1 (icon), the number of images; then 16 bytes an image.
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    assert_eq!((u16_at(0), u16_at(2)), (0, 1), "not an ICO file");
    let count = u16_at(4) as usize;
    assert!(count >= 1);
    let mut sizes = Vec::new();
    for i in 0..count {
        let dir = 6 + 16 * i;
        let side = |b: u8| if b == 0 { 256 } else { b as u32 };
        let (w, h) = (side(bytes[dir]), side(bytes[dir + 1]));
        let (len, at) = (u32_at(dir + 8) as usize, u32_at(dir + 12) as usize);
        assert!(at + len <= bytes.len(), "image {i} beyond the end of the file");
        // Each image is a PNG (ICO allows them since Windows Vista) that decodes to its stated size.
        let img = image::load_from_memory_with_format(&bytes[at..at + len], image::ImageFormat::Png).unwrap();
        assert_eq!((img.width(), img.height()), (w, h));
        sizes.push(w);
    }
    assert!(sizes.contains(&16) && sizes.contains(&32), "{sizes:?}");
    assert!(bytes.len() < 4096, "{} bytes", bytes.len());
    assert!(example().join("favicon.svg").is_file());
    for (path, doc) in &pages() {
        let icons: BTreeSet<String> =
            doc.select(&sel("head link[rel=icon]")).filter_map(|l| l.value().attr("href")).map(String::from).collect();
        let want: BTreeSet<String> = ["favicon.ico", "favicon.svg"].iter().map(|f| format!("/party/{f}")).collect();
        assert_eq!(icons, want, "{path}");
    }
}

/// Whether the page loads a stylesheet or script whose path ends in `file`.
fn loads(doc: &Html, file: &str) -> bool {
    doc.select(&sel("link[rel=stylesheet], script[src]"))
        .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
        .any(|u| u.split('?').next().unwrap_or_default().ends_with(file))
}

#[test]
fn each_stylesheet_and_script_loads_only_where_it_is_used() {
    let highlighted = sel("pre.code span[class^='hl-'], pre.code span[class*=' hl-']");
    let (mut with, mut without) = (0, 0);
    for (path, doc) in &pages() {
        let code = doc.select(&highlighted).next().is_some();
        assert_eq!(
            loads(doc, "/syntax.css"),
            code,
            "{path}: syntax.css loaded {} highlighted code",
            if code { "without" } else { "with no" }
        );
        if code {
            with += 1
        } else {
            without += 1
        }
        let search = doc.select(&sel("#search-results")).next().is_some();
        assert_eq!(loads(doc, "/search.js"), search, "{path}: search.js");
        let sortable = doc.select(&sel("th[data-sort]")).next().is_some();
        assert_eq!(loads(doc, "/sortable.js"), sortable, "{path}: sortable.js");
    }
    // The example has code in its writing guide and in reports; most pages have none.
    assert!(with >= 2 && without > 200, "{with} pages with highlighted code, {without} without");
}

#[test]
fn ids_are_unique_and_every_section_has_a_heading() {
    let headings = sel("h1, h2, h3, h4, h5, h6");
    for (path, doc) in &pages() {
        let mut ids = BTreeSet::new();
        for e in doc.select(&sel("[id]")) {
            let id = e.value().attr("id").unwrap();
            assert!(ids.insert(id), "{path}: id `{id}` twice");
        }
        for s in doc.select(&sel("section")) {
            assert!(s.select(&headings).next().is_some(), "{path}: a section without a heading: {}", &s.html()[..s.html().len().min(200)]);
        }
    }
}

/// The accessible name of a landmark as `aria-labelledby` or `aria-label` gives it.
fn landmark_name(doc: &Html, e: ElementRef) -> String {
    if let Some(ids) = e.value().attr("aria-labelledby") {
        let parts: Vec<String> = ids
            .split_whitespace()
            .map(|id| {
                doc.select(&sel(&format!("[id='{id}']"))).next().map(text).unwrap_or_else(|| panic!("aria-labelledby names no `{id}`"))
            })
            .collect();
        return parts.join(" ");
    }
    e.value().attr("aria-label").unwrap_or_default().to_string()
}

#[test]
fn no_two_landmarks_of_a_page_share_a_name() {
    // A section is a landmark (region) when it has a name; a box of role region too.
    let landmarks =
        sel("section[aria-labelledby], section[aria-label], [role=region], nav, [role=search], aside[aria-label], aside[aria-labelledby]");
    let mut checked = 0;
    for (path, doc) in &pages() {
        let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
        for e in doc.select(&landmarks) {
            let role = match e.value().name() {
                "nav" => "navigation",
                "aside" => "complementary",
                _ => e.value().attr("role").unwrap_or("region"),
            };
            *seen.entry((role.to_string(), landmark_name(doc, e))).or_default() += 1;
            checked += 1;
        }
        let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "{path}: landmarks of one name: {twice:?}");
    }
    assert!(checked > 1000, "{checked} landmarks");
}

#[test]
fn a_chart_table_has_no_caption_repeating_its_figcaption() {
    let mut tables = 0;
    for (path, doc) in &pages() {
        for t in doc.select(&sel("figure table")) {
            tables += 1;
            assert!(t.select(&sel("caption")).next().is_none(), "{path}: a caption in a figure's table");
            assert!(t.value().attr("aria-label").is_some_and(|l| !l.is_empty()), "{path}: a figure's table without a name");
        }
    }
    assert!(tables >= 10, "{tables} tables in figures");
}
