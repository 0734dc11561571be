//! Tests of the PDF export, typeset with the repository's own font (the
//! example site's `fonts/`: a GB 2312 subset of Noto Serif CJK SC), so that
//! they give the same files on every machine. Those that need poppler's
//! tools are `#[ignore]`d: `.ci/run` runs them.

use super::*;
use crate::document::{Block, Inline, Part};
use crate::export::sample::{sample_bulletin, sample_page};
use std::process::Command;

/// The example site's fonts folder.
fn repo_fonts_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
}

fn repo_fonts() -> Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| Fonts::load(Some(&repo_fonts_dir()), false)).clone()
}

#[test]
fn missing_glyphs_are_an_error_not_a_pdf_of_boxes() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = Fonts::load(Some(dir.path()), false);
    match pdf(&sample_bulletin(), &fonts) {
        Err(ExportError::MissingGlyphs { chars, count }) => {
            assert_eq!(chars.len(), 20);
            assert_eq!(&chars[..4], &['内', '部', '资', '料']);
            assert!(count > 100, "{count}");
        }
        other => panic!("expected MissingGlyphs, got {other:?}"),
    }
}

#[test]
fn the_document_date_is_read_strictly() {
    assert!(document_date("2026-04-05").is_ok());
    assert!(document_date("2026-13-05").is_err());
    assert!(document_date("2026-04").is_err());
    assert!(document_date("").is_err());
}

/// Writes `bytes` to `$REGIONPRESS_PDF_OUT/name` when set, to look at.
fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("REGIONPRESS_PDF_OUT") {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

#[test]
fn the_sample_bulletin_gives_the_same_pdf_twice() {
    let fonts = repo_fonts();
    let start = std::time::Instant::now();
    let a = pdf(&sample_bulletin(), &fonts).unwrap();
    eprintln!("first compile: {:?}", start.elapsed());
    let start = std::time::Instant::now();
    let b = pdf(&sample_bulletin(), &fonts).unwrap();
    eprintln!("second compile: {:?}", start.elapsed());
    assert!(a.starts_with(b"%PDF-"));
    assert!(a == b, "two exports of one document differ");
    // Fonts found anew, and exports made at once on several threads.
    let fresh = Fonts::load(Some(&repo_fonts_dir()), false);
    let parallel: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..3).map(|_| s.spawn(|| pdf(&sample_bulletin(), &fresh).unwrap())).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(parallel.iter().all(|p| *p == a), "an export on another thread differs");
    keep("bulletin.pdf", &a);
}

#[test]
fn the_sample_page_and_a_draft_compile() {
    let fonts = repo_fonts();
    let page = pdf(&sample_page(), &fonts).unwrap();
    assert!(page.starts_with(b"%PDF-"));
    keep("page.pdf", &page);
    let mut draft = sample_bulletin();
    draft.draft_mark = Some("待印发".into());
    let d = pdf(&draft, &fonts).unwrap();
    assert_ne!(d, pdf(&sample_bulletin(), &fonts).unwrap());
    keep("draft.pdf", &d);
}

/// Runs a poppler tool on `pdf` (written to a temporary file) and gives
/// its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut command = Command::new(tool);
    command.args(args).arg(&path);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Asserts that `texts` occur in `haystack` in this order (whitespace
/// ignored, as lines wrap anywhere in Chinese).
fn assert_in_order(haystack: &str, texts: &[&str]) {
    let flat: String = haystack.chars().filter(|c| !c.is_whitespace()).collect();
    let mut at = 0;
    for t in texts {
        let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        match flat[at..].find(&t) {
            Some(i) => at += i + t.len(),
            None => panic!("`{t}` not found after byte {at} of:\n{flat}"),
        }
    }
}

#[test]
#[ignore = "needs poppler (pdfinfo, pdftotext, pdffonts): run by .ci/run"]
fn pdfinfo_pdftotext_and_pdffonts_see_an_a4_bulletin() {
    let bytes = pdf(&sample_bulletin(), &repo_fonts()).unwrap();
    let info = poppler("pdfinfo", &[], &bytes);
    let field = |name: &str| info.lines().find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_owned())).unwrap_or_default();
    assert_eq!(field("Title:"), "成都区域信息简报 2026年第3期（总第12期）");
    assert_eq!(field("Author:"), "中建某局成都区域党建工作推进小组办公室");
    assert_eq!(field("Subject:"), "2026年第二季度");
    assert!(field("Page size:").starts_with("595.276 x 841.89"), "{info}");
    assert_eq!(field("Tagged:"), "yes");
    let pages: usize = field("Pages:").parse().unwrap();
    assert!(pages >= 2);
    let text = poppler("pdftotext", &[], &bytes);
    assert_in_order(
        &text,
        &[
            "内部资料 注意保存",
            "成都区域信息简报",
            "第3期（总第12期）",
            "中建某局成都区域党建工作推进小组办公室",
            "2026年4月5日",
            "编者按",
            "本期要目",
            "天府新区项目部与社区党委开展联学共建",
            "联建共建",
            "天府新区项目部与社区党委开展联学共建",
            "锦江区项目党建联盟签约",
            "志愿服务",
            "“红色工匠”走进社区义务维修",
            "青年突击队助力春耕",
            "报：局党委，局党委组织部",
            "送：成都市委组织部，天府新区党工委",
            "发：区域内各项目部党支部",
            "共印40份",
        ],
    );
    // The page numbers, "— 1 —" (the spaces are gaps, not characters).
    for n in 1..=pages {
        assert_in_order(&text, &[&format!("—{n}—")]);
    }
    let fonts = poppler("pdffonts", &[], &bytes);
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        assert!(name.len() > 7 && name.as_bytes()[6] == b'+' && name[..6].chars().all(|c| c.is_ascii_uppercase()), "not a subset: {row}");
        // Columns from the right: object id, generation, then uni, sub, emb.
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "not embedded subset with unicode: {row}");
    }
}

#[test]
#[ignore = "needs poppler (pdfinfo, pdftotext, pdffonts): run by .ci/run"]
fn markup_in_the_text_prints_literally() {
    let hostile = "#set text(red) *粗体* $x^2$ [链接](#a) _斜_ \\ `代码` <标签> @引用 // 注释";
    let mut doc = sample_bulletin();
    if let Some(Part::Column { items, .. }) = doc.parts.iter_mut().find(|p| matches!(p, Part::Column { .. })) {
        items[0].title = hostile.into();
        items[0].blocks.insert(0, Block::Paragraph { content: vec![Inline::Text { text: hostile.into() }] });
    }
    let bytes = pdf(&doc, &repo_fonts()).unwrap();
    let text = poppler("pdftotext", &[], &bytes);
    assert_in_order(&text, &[hostile, hostile]);
}

/// The sample bulletin with its columns repeated to fill about ten pages,
/// every paragraph and title made different by `seed` (so that Typst's
/// caches do not serve one issue's lines to the next).
fn ten_page_bulletin(seed: u32) -> crate::document::Document {
    let mut doc = sample_bulletin();
    let columns: Vec<Part> = doc.parts.iter().filter(|p| matches!(p, Part::Column { .. })).cloned().collect();
    for k in 0..3 {
        for mut c in columns.iter().cloned() {
            if let Part::Column { items, .. } = &mut c {
                for i in items.iter_mut() {
                    i.title = format!("{}（第{}组）", i.title, seed * 10 + k);
                    for b in i.blocks.iter_mut() {
                        if let Block::Paragraph { content } = b {
                            content.insert(0, Inline::Text { text: format!("第{}次，", seed * 100 + k) });
                        }
                    }
                }
            }
            doc.parts.push(c);
        }
    }
    doc
}

#[test]
#[ignore = "needs system CJK fonts; a measurement: run with --nocapture (and --release)"]
fn a_ten_page_issue_compiles_quickly() {
    let fonts = repo_fonts();
    // Fonts are read on first use: the first run pays for it.
    let start = std::time::Instant::now();
    let first = pdf(&ten_page_bulletin(1), &fonts).unwrap();
    let cold = start.elapsed();
    let start = std::time::Instant::now();
    for seed in 2..5 {
        pdf(&ten_page_bulletin(seed), &fonts).unwrap();
    }
    let warm = start.elapsed() / 3;
    let pages = poppler("pdfinfo", &[], &first);
    eprintln!("cold (fonts read): {cold:?}; another issue: {warm:?}; {}", pages.lines().find(|l| l.starts_with("Pages")).unwrap_or(""));
}

/// The resident memory of this process in KiB (Linux), for the measurement below.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:").and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()))
        .unwrap_or(0)
}

#[test]
#[ignore = "needs system CJK fonts; a measurement: run with --nocapture"]
fn memory_stays_bounded_over_many_issues() {
    let fonts = repo_fonts();
    pdf(&ten_page_bulletin(0), &fonts).unwrap();
    let mut at_ten = 0;
    for seed in 1..=20 {
        pdf(&ten_page_bulletin(seed), &fonts).unwrap();
        if seed == 10 {
            at_ten = rss_kib();
        }
    }
    // Without eviction every issue kept about 1.8 MiB (17 MiB over ten).
    let growth = rss_kib().saturating_sub(at_ten) / 1024;
    eprintln!("the last ten issues grew the process by {growth} MiB");
    assert!(growth < 8, "{growth} MiB");
}

#[test]
fn the_world_holds_the_data_the_images_and_nothing_else() {
    use typst::World as _;
    use typst::syntax::package::PackageSpec;
    use typst::syntax::{RootedPath, VirtualPath, VirtualRoot};
    let fonts = Fonts::load(None, false);
    let doc = sample_bulletin();
    let today = document_date("2026-04-05").unwrap();
    let world = ExportWorld::new(&fonts, b"{}".to_vec(), &doc.images, today).unwrap();
    let id = |root: VirtualRoot, path: &str| RootedPath::new(root, VirtualPath::new(path).unwrap()).intern();
    assert_eq!(world.file(id(VirtualRoot::Project, "/data.json")).unwrap().as_slice(), b"{}");
    assert_eq!(world.file(id(VirtualRoot::Project, "/img-1.png")).unwrap().as_slice(), &doc.images[0].bytes[..]);
    assert!(world.file(id(VirtualRoot::Project, "/etc/passwd")).is_err());
    assert!(world.file(id(VirtualRoot::Project, "/img-2.png")).is_err());
    let package: PackageSpec = "@preview/example:0.1.0".parse().unwrap();
    let lib = id(VirtualRoot::Package(package), "/lib.typ");
    assert!(world.source(lib).is_err());
    assert!(world.file(lib).is_err());
    assert_eq!(world.today(None), Some(today));
    assert_eq!(world.source(world.main()).unwrap().text(), include_str!("bulletin.typ"));
}

#[test]
fn an_unreadable_image_is_a_typeset_error_naming_the_template_line() {
    let mut doc = sample_bulletin();
    doc.images[0].bytes = std::sync::Arc::from(&b"not a png"[..]);
    match pdf(&doc, &repo_fonts()) {
        Err(ExportError::Typeset(message)) => assert!(message.contains("bulletin.typ line"), "{message}"),
        other => panic!("expected a typeset error, got {:?}", other.map(|b| b.len())),
    }
}

#[test]
fn sparse_and_nested_documents_compile() {
    use crate::document::Image;
    let mut doc = sample_page();
    doc.lang = "en".into();
    doc.draft_mark = Some("DRAFT".into());
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="red"/></svg>"#;
    doc.images.push(Image { key: "img-2.svg".into(), size: None, bytes: std::sync::Arc::from(&svg[..]) });
    let text = |s: &str| vec![Inline::Text { text: s.into() }];
    doc.parts.push(Part::Body {
        blocks: vec![
            Block::Table { header: vec![], rows: vec![] },
            Block::Table { header: text("a").into_iter().map(|i| vec![i]).collect(), rows: vec![vec![], vec![text("b"), text("c")]] },
            Block::List {
                ordered: false,
                start: 1,
                items: vec![vec![Block::List { ordered: true, start: 7, items: vec![vec![], vec![Block::Quote { blocks: vec![] }]] }]],
            },
            Block::Image { key: "img-2.svg".into(), alt: String::new(), caption: None },
            Block::Paragraph {
                content: vec![
                    Inline::Link { url: String::new(), content: text("empty link") },
                    Inline::Link { url: "#top".into(), content: vec![] },
                ],
            },
            Block::Heading { level: 9, content: vec![] },
            Block::Paragraph { content: vec![] },
        ],
    });
    let bytes = pdf(&doc, &repo_fonts()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let mut empty = sample_bulletin();
    empty.parts.clear();
    empty.colophon = None;
    empty.marking = None;
    if let Some(m) = &mut empty.masthead {
        m.name = String::new();
    }
    assert!(pdf(&empty, &repo_fonts()).unwrap().starts_with(b"%PDF-"));
}
