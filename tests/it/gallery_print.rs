//! The printed side of galleries and the cache: a bulletin
//! issue prints the first three photos of each item's gallery with their
//! captions (its page, its PDF and its Word file), from the processed
//! files, never the sources; and an image cache that cannot be written is
//! one clear diagnostic, not a damaged photo per photo.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{attrs, copy_dir, diagnostics, percent_decode, texts};
use scraper::Html;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The example's report with a gallery, and the captions of its first three photos.
const REPORT: &str = "/reports/2025-06-18-chengdu-safety-followup/";
const ISSUE: &str = "/bulletins/chengdu/2025-06/";

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example site built into `<tmp>/public`, its caches in `<tmp>/cache`.
fn built_example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    for part in ["content", "fonts"] {
        copy_dir(&manifest().join(part), &root.join(part));
    }
    fs::copy(manifest().join("site.yaml"), root.join("site.yaml")).unwrap();
    let out = tmp.path().join("public");
    let o = Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["build", "--quiet", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()])
        .env("REGIONPRESS_CACHE_DIR", tmp.path().join("cache"))
        .output()
        .unwrap();
    assert!(o.status.success(), "build failed:\n{}", String::from_utf8_lossy(&o.stderr));
    (tmp, out)
}

fn page(out: &Path, site_path: &str) -> Html {
    Html::parse_document(&fs::read_to_string(out.join(site_path.trim_start_matches('/')).join("index.html")).unwrap())
}

fn has_exif(bytes: &[u8]) -> bool {
    exif::Reader::new().read_from_container(&mut Cursor::new(bytes)).is_ok()
}

/// The captions of the report's gallery, in order, read from its page.
fn gallery_captions(out: &Path) -> Vec<String> {
    texts(&page(out, REPORT), ".gallery figcaption")
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().to_string(), data);
    }
    out
}

#[test]
fn an_issue_prints_the_first_three_photos_of_an_items_gallery_on_its_page_and_in_its_word_file() {
    let (_tmp, out) = built_example();
    let captions = gallery_captions(&out);
    assert_eq!(captions.len(), 9, "the example's report has nine photos");
    let p = page(&out, ISSUE);
    let item = attrs(&p, ".bulletin-item-title a", "href");
    assert!(item.iter().any(|h| h == REPORT), "{item:?}");
    // Three photos, the gallery's first three, their captions under them.
    assert_eq!(texts(&p, ".bulletin-gallery figcaption"), captions[..3]);
    let links = attrs(&p, ".bulletin-gallery a", "href");
    assert_eq!(links, vec![format!("{REPORT}#gallery-heading"); 3]);
    let imgs: Vec<_> = p.select(&scraper::Selector::parse(".bulletin-gallery img").unwrap()).collect();
    assert_eq!(imgs.len(), 3);
    let sources: Vec<Vec<u8>> =
        (1..=9).map(|i| fs::read(manifest().join(format!("content/reports/2025/2025-06-18-safety-{i}.jpg"))).unwrap()).collect();
    assert!(sources.iter().all(|s| has_exif(s)), "the example's sources carry EXIF (GPS)");
    for img in &imgs {
        assert_eq!(img.attr("loading"), Some("lazy"));
        assert!(img.attr("width").is_some() && img.attr("height").is_some());
        let set = img.attr("srcset").expect("a srcset");
        for file in std::iter::once(img.attr("src").unwrap()).chain(set.split(", ").map(|c| c.split(' ').next().unwrap())) {
            let bytes = fs::read(out.join(percent_decode(file).trim_start_matches('/'))).unwrap();
            assert!(!has_exif(&bytes), "{file} has EXIF");
            assert!(!sources.contains(&bytes), "{file} is a source");
        }
    }
    // An issue without a gallery among its items prints none.
    let other = page(&out, "/bulletins/chengdu/2025-05/");
    assert!(texts(&other, ".bulletin-gallery figcaption").is_empty());
    // The same build's Word file (one build of the example for both).
    the_word_file_has_the_three_photos_and_their_captions_side_by_side(&out, &captions, &p);
}

/// The Word file of the issue `p`: a table of one row, the three photos
/// with their captions under them.
fn the_word_file_has_the_three_photos_and_their_captions_side_by_side(out: &Path, captions: &[String], p: &Html) {
    let docx = attrs(p, ".bulletin-files a", "href").into_iter().find(|h| h.ends_with(".docx")).expect("a Word file");
    let parts = unzip(&fs::read(out.join(docx.trim_start_matches('/'))).unwrap());
    let xml = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let rels = String::from_utf8(parts["word/_rels/document.xml.rels"].clone()).unwrap();
    let rels = roxmltree::Document::parse(&rels).unwrap();
    let target =
        |id: &str| rels.descendants().find(|n| n.attribute("Id") == Some(id)).and_then(|n| n.attribute("Target")).map(String::from);
    let text = |n: roxmltree::Node| n.descendants().filter(|t| t.has_tag_name((W, "t"))).filter_map(|t| t.text()).collect::<String>();
    // The table whose cells are the photos: one row, three cells, each a
    // picture and then its caption.
    let table =
        doc.descendants().filter(|n| n.has_tag_name((W, "tbl"))).find(|t| text(*t).contains(&captions[0])).expect("a table of photos");
    let cells: Vec<_> = table.descendants().filter(|n| n.has_tag_name((W, "tc"))).collect();
    assert_eq!(cells.len(), 3);
    for (cell, caption) in cells.iter().zip(&captions[..3]) {
        let paragraphs: Vec<_> = cell.children().filter(|n| n.has_tag_name((W, "p"))).collect();
        assert_eq!(text(paragraphs[1]), *caption);
        let blip = paragraphs[0].descendants().find(|n| n.has_tag_name((A, "blip"))).expect("a picture");
        let media = target(blip.attribute((R, "embed")).unwrap()).expect("its relationship");
        let bytes = &parts[&format!("word/{media}")];
        let img = image::load_from_memory(bytes).expect("an image");
        assert!(img.width() >= 900, "the print file, not a thumbnail: {}", img.width());
        assert!(!has_exif(bytes));
    }
    // No caption beyond the third is printed.
    assert!(!text(doc.root_element()).contains(&captions[3]));
}

#[test]
#[ignore = "needs poppler-utils: .ci/run runs it (cargo test --test it -- --ignored gallery_print::)"]
fn the_pdf_of_the_issue_prints_the_three_captions_after_the_items_text() {
    let (_tmp, out) = built_example();
    let captions = gallery_captions(&out);
    let p = page(&out, ISSUE);
    let pdf = attrs(&p, ".bulletin-files a", "href").into_iter().find(|h| h.ends_with(".pdf")).expect("a PDF");
    let o = Command::new("pdftotext").args(["-layout", out.join(pdf.trim_start_matches('/')).to_str().unwrap(), "-"]).output().unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    let flat: String = text.split_whitespace().collect();
    let mut at = flat.find("成都监理站党支部书记表示").expect("the item's last paragraph");
    for c in &captions[..3] {
        // Captions side by side may share lines: each is found whole in a
        // line or split over the columns' lines, so look for its start.
        let head: String = c.chars().take(6).collect();
        at += flat[at..].find(&head).unwrap_or_else(|| panic!("`{head}` not after the text:\n{text}"));
    }
    assert!(!flat.contains(&captions[3]), "the fourth photo is not printed");
}

/// `build` with the cache at `cache` and the system's temporary folder at `tmpdir`.
fn build_with(root: &Path, cache: &Path, tmpdir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["build", "--root", root.to_str().unwrap()])
        .env("REGIONPRESS_CACHE_DIR", cache)
        .env("TMPDIR", tmpdir)
        .output()
        .unwrap()
}

#[test]
fn an_unwritable_image_cache_is_one_warning_and_the_photos_are_processed_all_the_same() {
    let site = crate::common::Site::new("basic");
    let dir = site.root.join("content/reports/2026");
    let jpeg = |seed: u8| {
        let img = image::RgbImage::from_fn(640, 480, |x, y| image::Rgb([seed, (x % 256) as u8, (y % 256) as u8]));
        let mut b = Vec::new();
        img.write_to(&mut Cursor::new(&mut b), image::ImageFormat::Jpeg).unwrap();
        b
    };
    fs::write(dir.join("a.jpg"), jpeg(10)).unwrap();
    fs::write(dir.join("b.jpg"), jpeg(200)).unwrap();
    site.write(
        "content/reports/2026/cache.md",
        "---\ntitle: 缓存\ndate: 2026-03-05\nregion: alpha\nmode: 活动共办\ngallery:\n  - src: a.jpg\n  - src: b.jpg\n---\n\n正文。\n",
    );
    // A file where the cache's images folder should be: a folder even
    // root cannot write into.
    let cache = site.tmp.path().join("cache");
    fs::create_dir_all(&cache).unwrap();
    fs::write(cache.join("images"), "not a folder").unwrap();
    let tmpdir = site.tmp.path().join("tmp");
    fs::create_dir_all(&tmpdir).unwrap();
    let o = build_with(&site.root, &cache, &tmpdir);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    let found: Vec<_> = diagnostics(&stderr).into_iter().filter(|d| d.2.starts_with("image-")).collect();
    let shown = cache.join("images").display().to_string();
    assert_eq!(found, [(shown.clone(), "warning".to_string(), "image-cache-unwritable".to_string())], "{stderr}");
    assert!(stderr.contains("REGIONPRESS_CACHE_DIR"), "the hint says how to move it: {stderr}");
    let published = fs::read(site.public().join("reports/cache/a.jpg")).unwrap();
    assert!(image::load_from_memory(&published).is_ok());
    // Neither folder can be written: one error, not a damaged photo each;
    // the build fails and the output stays.
    fs::write(site.root.join("content/reports/2026/c.jpg"), jpeg(90)).unwrap();
    site.write(
        "content/reports/2026/cache.md",
        "---\ntitle: 缓存\ndate: 2026-03-05\nregion: alpha\nmode: 活动共办\ngallery:\n  - src: a.jpg\n  - src: c.jpg\n---\n\n正文。\n",
    );
    let not_a_folder = site.tmp.path().join("tmp-file");
    fs::write(&not_a_folder, "").unwrap();
    let o = build_with(&site.root, &cache, &not_a_folder);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    let found: Vec<_> = diagnostics(&stderr).into_iter().filter(|d| d.1 == "error").collect();
    assert_eq!(found, [(shown, "error".to_string(), "image-cache-unwritable".to_string())], "{stderr}");
    assert!(site.public().join("reports/cache/b.jpg").exists(), "the old output stays");
}
