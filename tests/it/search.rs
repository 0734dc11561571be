//! Integration tests of the search index and page: run the real binary on
//! the fixture site, then read the index files back the way `search.js`
//! does (manifest, shard by token hash, varint postings, document files).

use std::fs;
use std::path::Path;

use crate::common::*;
use regionpress::search::shard::hash;
use regionpress::search::tokenize::is_unigram;
use serde_json::Value;

/// One posting as the browser decodes it.
#[derive(Debug)]
struct Hit {
    doc: u64,
    title: bool,
    weight: u8,
}

fn varint(b: &[u8], p: &mut usize) -> u64 {
    let (mut v, mut shift) = (0u64, 0);
    loop {
        let byte = b[*p];
        *p += 1;
        v |= ((byte & 0x7f) as u64) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            return v;
        }
    }
}

/// The postings of `token`, read from the files like the browser does.
fn lookup(public: &Path, token: &str) -> Option<Vec<Hit>> {
    postings(public, token).map(|p| p.0)
}

/// The postings of `token` and whether they were stored as a bitmap.
fn postings(public: &Path, token: &str) -> Option<(Vec<Hit>, bool)> {
    let manifest: Value = serde_json::from_slice(&fs::read(public.join("search/index.json")).unwrap()).unwrap();
    let docs = manifest["docs"].as_u64().unwrap();
    let shard = format!("search/s/{}.bin", hash(token) as u64 % manifest["shards"].as_u64().unwrap());
    read_postings(&public.join(shard), token, docs)
}

fn read_postings(file: &Path, token: &str, docs: u64) -> Option<(Vec<Hit>, bool)> {
    let b = fs::read(file).unwrap();
    let mut p = 0;
    let n = varint(&b, &mut p);
    for _ in 0..n {
        let len = varint(&b, &mut p) as usize;
        let tok = std::str::from_utf8(&b[p..p + len]).unwrap().to_string();
        p += len;
        let flags = varint(&b, &mut p);
        let (df, large, dense) = (flags >> 2, flags & 2 != 0, flags & 1 != 0);
        let bytes = varint(&b, &mut p) as usize;
        if tok != token {
            p += bytes;
            continue;
        }
        if large {
            // A stub: the postings are in a file of their own.
            let n = varint(&b, &mut p);
            let own = file.parent().unwrap().parent().unwrap().join(format!("t/{n}.bin"));
            let found = read_postings(&own, token, docs);
            assert_eq!(found.as_ref().map(|f| f.0.len() as u64), Some(df), "large token `{token}`");
            return found;
        }
        let end = p + bytes;
        let has_mask = !tok.starts_with('#') && !is_unigram(&tok);
        let ids: Vec<u64> = if dense {
            // A bitmap of all documents, then the weights in document order.
            let n = (docs as usize).div_ceil(8);
            let ids = (0..docs).filter(|&i| b[p + i as usize / 8] & (1 << (i % 8)) != 0).collect();
            p += n;
            ids
        } else {
            Vec::new()
        };
        assert!(!dense || ids.len() as u64 == df, "bitmap of `{token}` holds {} documents, df is {df}", ids.len());
        let (mut doc, mut hits) = (0u64, Vec::new());
        let mut bitmap_ids = ids.into_iter();
        for _ in 0..df {
            doc = if dense { bitmap_ids.next().unwrap_or_default() } else { doc + varint(&b, &mut p) };
            let w = b[p];
            p += 1 + has_mask as usize;
            hits.push(Hit { doc, title: w & 0x80 != 0, weight: w & 0x7f });
        }
        assert_eq!(p, end, "postings of `{token}` do not end where their length says");
        return Some((hits, dense));
    }
    None
}

fn doc(public: &Path, id: u64) -> Value {
    serde_json::from_slice(&fs::read(public.join(regionpress::search::shard::doc_path(id as usize).trim_start_matches('/'))).unwrap())
        .unwrap()
}

#[test]
fn the_index_finds_substrings_and_flags_titles() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    let public = site.public();
    // "安全" is in the safety report's title; "签约" only in its body.
    let hits = lookup(&public, "安全").expect("安全 indexed");
    let safety = hits.iter().find(|h| doc(&public, h.doc)["u"] == "/reports/2026-03-02-safety/").expect("safety report");
    assert!(safety.title && safety.weight >= 1);
    let body = lookup(&public, "签约").expect("签约 indexed");
    assert!(body.iter().any(|h| !h.title && doc(&public, h.doc)["u"] == "/reports/2026-03-02-safety/"));
    // One character, and a Latin word prefix.
    assert!(lookup(&public, "甲").is_some_and(|h| h.len() >= 3));
    assert!(lookup(&public, "20*").is_some());
    assert!(lookup(&public, "不存在").is_none());
    // Both encodings occur: a frequent token as a bitmap, a rare one as deltas.
    assert!(postings(&public, "甲").unwrap().1);
    assert!(!postings(&public, "签约").unwrap().1);
}

#[test]
fn every_published_page_and_region_is_a_document_newest_first() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    let public = site.public();
    let manifest: Value = serde_json::from_slice(&fs::read(public.join("search/index.json")).unwrap()).unwrap();
    let n = manifest["docs"].as_u64().unwrap();
    let docs: Vec<Value> = (0..n).map(|i| doc(&public, i)).collect();
    let kinds: Vec<&str> = docs.iter().map(|d| d["k"].as_str().unwrap()).collect();
    // 4 published reports, 1 class, 1 free page, 2 regions; the draft is left out.
    assert_eq!(kinds.iter().filter(|k| **k != "bulletin").count(), 8, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "region").count(), 2);
    assert!(kinds.contains(&"class") && kinds.contains(&"page"));
    assert!(!docs.iter().any(|d| d["u"].as_str().unwrap().contains("draft")));
    let dates: Vec<&str> = docs.iter().map(|d| d["d"].as_str().unwrap()).filter(|d| !d.is_empty()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    // Years are ranges of document ids.
    let years = manifest["years"].as_array().unwrap();
    assert_eq!(years[0][0], 2026);
    assert_eq!(years[0][1], 0);
    // Filter tokens: region alpha is region 0.
    let alpha = lookup(&public, "#r:0").unwrap();
    assert!(alpha.iter().all(|h| doc(&public, h.doc)["r"].as_array().unwrap().contains(&Value::from(0))));
}

#[test]
fn search_page_and_header_box_under_a_sub_path() {
    let site = Site::new("basic");
    site.build_ok(&["--base-url", "https://host.example/party/"]);
    let home = site.html("index.html");
    assert_eq!(attrs(&home, "form.site-search", "action"), ["/party/search/"]);
    assert_eq!(attrs(&home, "form.site-search input[type=search]", "name"), ["q"]);
    assert_eq!(attrs(&home, "label[for=site-search-q]", "for").len(), 1);
    let search = site.html("search/index.html");
    let scripts = attrs(&search, "script[src]", "src");
    assert!(scripts.iter().any(|s| s.starts_with("/party/search.js?v=")), "{scripts:?}");
    assert_eq!(attrs(&search, "#search-status", "aria-live"), ["polite"]);
    let regions = texts(&search, "#search-region option");
    assert_eq!(regions, ["全部区域", "甲片区", "乙片区"]);
    assert_eq!(texts(&search, "#search-year option"), ["全部年份", "2026", "2025"]);
    // The search page has its own form, not a second one in the header.
    assert!(attrs(&search, "form.site-search", "action").is_empty());
    assert!(site.public().join("search.js").is_file());
}

#[test]
fn a_sites_own_search_js_is_linked_with_its_own_hash() {
    assert_own_script_wins(&Site::new("basic"), "search.js", &["search/index.html"]);
}

#[test]
fn search_false_turns_search_off_entirely() {
    let site = Site::new("basic");
    site.set_config("search: false\n");
    site.build_ok(&[]);
    assert!(!site.public().join("search").exists());
    assert!(!site.public().join("search.js").exists());
    assert!(attrs(&site.html("index.html"), "form.site-search", "action").is_empty());
    assert_links_resolve(&site.public(), Some("/"));
}

#[test]
fn english_search_strings() {
    let site = Site::new("basic");
    site.set_config("language: en\n");
    site.build_ok(&[]);
    let search = site.html("search/index.html");
    assert_eq!(texts(&search, "h1"), ["Search"]);
    assert_eq!(attrs(&search, "#search", "data-results"), ["{n} results"]);
    let d: Value = serde_json::from_slice(&fs::read(site.public().join("search/d/0/0.json")).unwrap()).unwrap();
    assert!(d["dd"].as_str().unwrap().ends_with("2026"), "{d}");
}

#[test]
fn the_dev_server_keeps_its_search_index_current() {
    let site = Site::new("basic");
    let mut dev = regionpress::serve::DevSite::new(&site.root, false, "http://127.0.0.1:1111/");
    let manifest = |dev: &regionpress::serve::DevSite| -> Value {
        let files = dev.files();
        serde_json::from_slice(files.get("search/index.json").expect("search/index.json served")).unwrap()
    };
    dev.rebuild(None).unwrap();
    let first = manifest(&dev);
    assert!(dev.files().contains_key("search/d/0/0.json"));
    // A template change re-renders one page and indexes nothing: the index stays.
    site.write("themes/default/templates/404.html", "<!doctype html><title>x</title><h1>404</h1>");
    let r = dev.rebuild(None).unwrap();
    assert!(!r.removed.iter().any(|p| p.starts_with("/search/")), "{:?}", r.removed);
    assert_eq!(manifest(&dev)["version"], first["version"]);
    // A new report is indexed at once.
    site.write("content/reports/2026/new.md", "---\ntitle: 新增报道\ndate: 2026-07-01\nregion: alpha\n---\n\n在内网上共享台账。\n");
    dev.rebuild(None).unwrap();
    let after = manifest(&dev);
    assert!(after["docs"].as_u64() > first["docs"].as_u64());
    assert_ne!(after["version"], first["version"]);
    let files = dev.files();
    let urls: Vec<String> = (0..after["docs"].as_u64().unwrap())
        .map(|i| {
            serde_json::from_slice::<Value>(files.get(regionpress::search::shard::doc_path(i as usize).trim_start_matches('/')).unwrap())
                .unwrap()["u"]
                .to_string()
        })
        .collect();
    assert!(urls.iter().any(|u| u == "\"/reports/new/\""), "{urls:?}");
}

#[test]
fn bulletin_issues_are_documents() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(tmp.path().join("public"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = tmp.path().join("public");
    let manifest: Value = serde_json::from_slice(&fs::read(public.join("search/index.json")).unwrap()).unwrap();
    let bulletins: Vec<Value> = (0..manifest["docs"].as_u64().unwrap()).map(|i| doc(&public, i)).filter(|d| d["k"] == "bulletin").collect();
    assert!(!bulletins.is_empty());
    assert!(bulletins.iter().all(|d| d["u"].as_str().unwrap().starts_with("/bulletins/")));
    assert!(bulletins.iter().all(|d| public.join(d["u"].as_str().unwrap().trim_start_matches('/')).join("index.html").is_file()));
}
