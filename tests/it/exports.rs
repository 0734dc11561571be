//! The PDF and Word files of bulletin issues, as a user gets them: made by
//! `build` beside every issued issue of the example site and linked from
//! its pages, byte-identical from build to build, reused from the export
//! cache, refused with one clear error when no font has the text's
//! Chinese characters, and written on demand by `regionpress export`.
//! The files are read back as files: DOCX unzipped and its XML parsed; PDF
//! read with poppler in the tests `.ci/run` runs (`--ignored`).

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{attrs, copy_dir, diagnostics, snapshot, texts};
use scraper::Html;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the example site (settings, content, fonts) in a temporary folder.
fn example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    for part in ["content", "fonts"] {
        copy_dir(&manifest().join(part), &root.join(part));
    }
    fs::copy(manifest().join("site.yaml"), root.join("site.yaml")).unwrap();
    (tmp, root)
}

/// Runs `regionpress <args>` with the export cache at `cache`.
fn run(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regionpress")).args(args).env("REGIONPRESS_CACHE_DIR", cache).output().unwrap()
}

fn build(root: &Path, out: &Path, cache: &Path) -> Output {
    run(&["build", "--quiet", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()], cache)
}

fn build_ok(root: &Path, out: &Path, cache: &Path) {
    let o = build(root, out, cache);
    assert!(o.status.success(), "build failed:\n{}", String::from_utf8_lossy(&o.stderr));
}

fn page(out: &Path, site_path: &str) -> Html {
    let file = out.join(site_path.trim_start_matches('/')).join("index.html");
    Html::parse_document(&fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
}

/// The site paths of every issue page listed on `/bulletins/`.
fn issue_pages(out: &Path) -> Vec<String> {
    let index = page(out, "/bulletins/");
    let mut urls = attrs(&index, ".issue-table td a, .issue-card-title a", "href");
    urls.sort();
    urls.dedup();
    urls
}

/// The parts of a DOCX file.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().to_string(), data);
    }
    out
}

/// The text of each paragraph of the body of a DOCX file, in order.
fn docx_paragraphs(bytes: &[u8]) -> Vec<String> {
    let parts = unzip(bytes);
    let xml = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let body = doc.descendants().find(|n| n.has_tag_name((W, "body"))).unwrap();
    body.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| p.descendants().filter(|n| n.has_tag_name((W, "t"))).filter_map(|t| t.text()).collect::<String>())
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// Asserts that `wanted` occur among `have` in this order, each within
/// one entry of `have` (a paragraph, a line).
fn assert_in_order(have: &[String], wanted: &[String]) {
    let mut at = 0;
    for w in wanted {
        match have[at..].iter().position(|h| h.contains(w.as_str())) {
            Some(i) => at += i,
            None => panic!("`{w}` is not found after entry {at} of\n{have:#?}"),
        }
    }
}

/// What the issue page shows, in reading order: name, number, item
/// titles, distribution lines.
fn page_texts(p: &Html) -> Vec<String> {
    let mut t = texts(p, ".bulletin-title");
    t.extend(texts(p, ".bulletin-number"));
    t.extend(texts(p, ".bulletin-item-title"));
    t.extend(texts(p, ".bulletin-distribution p").into_iter().map(|l| l.replace(' ', "")));
    t
}

#[test]
fn every_issued_issue_of_the_example_gets_a_pdf_and_a_docx_linked_from_its_page() {
    let (tmp, root) = example();
    let (out, cache) = (tmp.path().join("public"), tmp.path().join("cache"));
    build_ok(&root, &out, &cache);
    let mut issued = 0;
    for url in issue_pages(&out) {
        let p = page(&out, &url);
        let open = !texts(&p, ".bulletin-status").is_empty();
        let links = attrs(&p, ".bulletin-files a", "href");
        let mut segments = url.trim_end_matches('/').rsplit('/');
        let (period, series) = (segments.next().unwrap(), segments.next().unwrap());
        let names: Vec<String> = ["pdf", "docx"].iter().map(|ext| format!("{series}-{period}.{ext}")).collect();
        if open {
            // An open issue may still change: no file, no link.
            assert!(links.is_empty(), "{url}: {links:?}");
            assert!(names.iter().all(|n| !out.join(url.trim_start_matches('/')).join(n).exists()), "{url}");
            continue;
        }
        issued += 1;
        assert_eq!(links, names.iter().map(|n| format!("{url}{n}")).collect::<Vec<_>>(), "{url}");
        assert_eq!(texts(&p, ".bulletin-files a"), vec!["下载PDF", "下载Word"]);
        let saved = attrs(&p, ".bulletin-files a", "download");
        assert!(saved[0].starts_with(&texts(&p, ".bulletin-title")[0]) && saved[0].ends_with(".pdf"), "{saved:?}");
        let dir = out.join(url.trim_start_matches('/'));
        let pdf = fs::read(dir.join(&names[0])).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{url}");
        // The Word file says what the page says, in the same order.
        let docx = fs::read(dir.join(&names[1])).unwrap();
        assert_in_order(&docx_paragraphs(&docx), &page_texts(&p));
    }
    assert!(issued >= 10, "the example has {issued} issued issues");
    // The bulletin index's cards link the files of the issues they show.
    let index = page(&out, "/bulletins/");
    for href in attrs(&index, ".issue-card-files a", "href") {
        assert!(out.join(href.trim_start_matches('/')).is_file(), "{href}");
    }
}

#[test]
fn two_builds_give_byte_identical_files_and_a_rebuild_takes_them_from_the_cache() {
    let (tmp, root) = example();
    let cache = tmp.path().join("cache");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_ok(&root, &a, &cache);
    // A second build with an empty cache makes every file anew: the same bytes.
    build_ok(&root, &b, &tmp.path().join("cache-2"));
    let files = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        snapshot(dir).into_iter().filter(|(k, _)| k.ends_with(".pdf") && k.starts_with("bulletins") || k.ends_with(".docx")).collect()
    };
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() >= 20, "{:?}", fa.keys());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(fb[k] == *v, "{k} differs between two builds");
    }
    // Every cached file is replaced by a marker; after an edit elsewhere
    // the rebuild publishes the markers: it took every file from the
    // cache and typeset none.
    let cached: Vec<PathBuf> = fs::read_dir(cache.join("exports")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(cached.len(), fa.len(), "one cached file per exported file");
    for f in &cached {
        fs::write(f, b"cached").unwrap();
    }
    let about = root.join("content/pages/about.md");
    let text = fs::read_to_string(&about).unwrap();
    fs::write(&about, format!("{text}\n补充一句。\n")).unwrap();
    build_ok(&root, &a, &cache);
    for k in fa.keys() {
        assert_eq!(fs::read(a.join(k)).unwrap(), b"cached", "{k} was made again");
    }
}

#[test]
fn without_a_font_for_its_chinese_the_build_fails_once_and_keeps_the_output() {
    let (tmp, root) = example();
    let (out, cache) = (tmp.path().join("public"), tmp.path().join("cache"));
    build_ok(&root, &out, &cache);
    let before = snapshot(&out);
    // No fonts folder, no system fonts: nothing covers the text.
    let cfg = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), format!("{cfg}\nexports:\n  fonts: no-fonts-here\n  system_fonts: false\n")).unwrap();
    let o = build(&root, &out, &cache);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let found = diagnostics(&stderr);
    assert_eq!(found.iter().filter(|d| d.2 == "export-fonts").count(), 1, "{stderr}");
    assert!(found.iter().all(|d| d.2 == "export-fonts"), "{stderr}");
    assert!(stderr.contains("fonts-noto-cjk") && stderr.contains("no-fonts-here"), "the hint names the fix: {stderr}");
    assert_eq!(snapshot(&out), before, "the previous output is as it was");
}

/// The first issue page of the example whose page says it is open (待印发).
fn open_issue(out: &Path) -> (String, String) {
    for url in issue_pages(out) {
        if !texts(&page(out, &url), ".bulletin-status").is_empty() {
            let mut s = url.trim_end_matches('/').rsplit('/');
            let period = s.next().unwrap().to_string();
            return (s.next().unwrap().to_string(), period);
        }
    }
    panic!("the example has no open issue");
}

#[test]
fn export_writes_a_proof_of_an_open_issue_marked_daiyinfa_and_never_replaces_a_file() {
    let (tmp, root) = example();
    let (out, cache) = (tmp.path().join("public"), tmp.path().join("cache"));
    build_ok(&root, &out, &cache);
    let (series, period) = open_issue(&out);
    let file = tmp.path().join("proof.docx");
    let r = root.to_str().unwrap();
    let args = ["export", "bulletin", &series, &period, "--format", "docx", "-o", file.to_str().unwrap(), "--root", r];
    let o = run(&args, &cache);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let paragraphs = docx_paragraphs(&fs::read(&file).unwrap());
    assert_eq!(paragraphs[0], "待印发", "{paragraphs:?}");
    let p = page(&out, &format!("/bulletins/{series}/{period}/"));
    assert_in_order(&paragraphs, &page_texts(&p));
    // The file exists now: refused, and kept, unless --force.
    fs::write(&file, b"mine").unwrap();
    let o = run(&args, &cache);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(diagnostics(&String::from_utf8_lossy(&o.stderr)).iter().map(|d| d.2.as_str()).collect::<Vec<_>>(), ["export-refused"]);
    assert_eq!(fs::read(&file).unwrap(), b"mine");
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(run(&forced, &cache).status.success());
    assert_ne!(fs::read(&file).unwrap(), b"mine");
    // A PDF proof too, with the site's name for it in the current folder.
    let o = Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["export", "bulletin", &series, &period, "--root", r])
        .current_dir(tmp.path())
        .env("REGIONPRESS_CACHE_DIR", &cache)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(fs::read(tmp.path().join(format!("{series}-{period}.pdf"))).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn export_report_writes_a_page_and_names_the_nearest_slugs_when_none_matches() {
    let (tmp, root) = example();
    let cache = tmp.path().join("cache");
    let file = tmp.path().join("report.docx");
    let r = root.to_str().unwrap();
    let o =
        run(&["export", "report", "2026-08-07-chengdu-heat-care", "--format", "docx", "-o", file.to_str().unwrap(), "--root", r], &cache);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let paragraphs = docx_paragraphs(&fs::read(&file).unwrap());
    assert!(paragraphs[0].contains("职工之家"), "the title first: {paragraphs:?}");
    let o = run(&["export", "report", "2026-08-07-chengdu-heat-cares", "--root", r], &cache);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(diagnostics(&stderr).iter().map(|d| d.2.as_str()).collect::<Vec<_>>(), ["export-refused"]);
    assert!(stderr.contains("2026-08-07-chengdu-heat-care`"), "did you mean: {stderr}");
}

/// Runs a tool and gives its standard output.
fn tool(program: &str, args: &[&str]) -> String {
    let o = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(o.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// `Key: value` lines of pdfinfo.
fn pdfinfo(pdf: &Path) -> BTreeMap<String, String> {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
        .collect()
}

#[test]
#[ignore = "needs poppler-utils and LibreOffice Writer: .ci/run runs it (cargo test --test it -- --ignored exports::)"]
fn the_files_of_an_issued_issue_read_as_a_jianbao_in_pdf_readers_and_libreoffice() {
    let (tmp, root) = example();
    let (out, cache) = (tmp.path().join("public"), tmp.path().join("cache"));
    build_ok(&root, &out, &cache);
    let url = "/bulletins/chengdu/2026-08/";
    let p = page(&out, url);
    let dir = out.join(url.trim_start_matches('/'));
    let pdf = dir.join("chengdu-2026-08.pdf");
    // A4 pages, the metadata of the issue.
    let info = pdfinfo(&pdf);
    assert!(info["Page size"].starts_with("595.276 x 841.89"), "{info:?}");
    assert_eq!(info["Title"], format!("{} {}", texts(&p, ".bulletin-title")[0], "2026年第4期（总第12期）"));
    assert_eq!(info["Author"], texts(&p, ".bulletin-unit")[0]);
    assert_eq!(info["Subject"], "2026年8月");
    assert_eq!(info["Tagged"], "yes");
    assert!(info["CreationDate"].contains("2026"), "the date of issue: {info:?}");
    // The text in reading order, line by line; the page numbers.
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let lines: Vec<String> = text.lines().map(|l| l.split_whitespace().collect::<String>()).filter(|l| !l.is_empty()).collect();
    let mut wanted = vec![texts(&p, ".bulletin-marking")[0].replace(' ', "")];
    wanted.extend(page_texts(&p));
    assert_in_order(&lines, &wanted);
    assert!(lines.iter().any(|l| l == "—1—"), "{lines:?}");
    // Fonts: every one embedded, as a subset.
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let name = row.split_whitespace().next().unwrap();
        assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "not a subset: {row}");
        assert!(row.split_whitespace().rev().nth(3) == Some("yes"), "not embedded: {row}");
    }
    // LibreOffice opens the Word file and prints the same texts.
    let docx = dir.join("chengdu-2026-08.docx");
    let converted = tmp.path().join("converted");
    let profile = format!("-env:UserInstallation=file://{}", tmp.path().join("lo-profile").display());
    tool("soffice", &[&profile, "--headless", "--convert-to", "pdf", "--outdir", converted.to_str().unwrap(), docx.to_str().unwrap()]);
    let from_docx = converted.join("chengdu-2026-08.pdf");
    assert!(pdfinfo(&from_docx)["Page size"].starts_with("595"), "A4");
    let text = tool("pdftotext", &["-layout", from_docx.to_str().unwrap(), "-"]);
    let lines: Vec<String> = text.lines().map(|l| l.split_whitespace().collect::<String>()).filter(|l| !l.is_empty()).collect();
    assert_in_order(&lines, &page_texts(&p));
}
