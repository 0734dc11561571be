//! The Word file read back: unzipped with the `zip` crate, its parts
//! parsed with roxmltree.

use std::collections::BTreeMap;
use std::io::Read;

use roxmltree::{Document as Xml, Node};

use super::docx;
use super::styles::RED;
use crate::document::{Block, Document, Part};
use crate::export::sample::{sample_bulletin, sample_page};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().to_string(), data);
    }
    out
}

fn part(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(files.get(name).unwrap_or_else(|| panic!("{name} missing")).clone()).unwrap()
}

fn is(n: &Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

fn attr<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

fn style_of(p: &Node<'_, '_>) -> Option<String> {
    p.descendants().find(|n| is(n, "pStyle")).and_then(|n| attr(&n, "val")).map(str::to_string)
}

/// The text units of a paragraph: its `w:t` texts, a new unit at each tab,
/// a line break as `\n`.
fn units(p: &Node<'_, '_>) -> Vec<String> {
    let mut out = vec![String::new()];
    for n in p.descendants() {
        if is(&n, "t") {
            out.last_mut().unwrap().push_str(n.text().unwrap_or(""));
        } else if is(&n, "tab") && n.parent().is_some_and(|r| is(&r, "r")) {
            out.push(String::new());
        } else if is(&n, "br") {
            out.last_mut().unwrap().push('\n');
        }
    }
    out
}

/// The texts of the body in reading order, as `Document::texts` gives
/// them: a paragraph's units; a body table's row as one line, its cells
/// joined by a space; the 报尾's lines each on their own.
fn body_texts(xml: &str) -> Vec<String> {
    let doc = Xml::parse(xml).unwrap();
    let body = doc.descendants().find(|n| is(n, "body")).unwrap();
    let mut out = Vec::new();
    for child in body.children() {
        if is(&child, "p") {
            out.extend(units(&child));
        } else if is(&child, "tbl") {
            for row in child.children().filter(|n| is(n, "tr")) {
                let paragraphs: Vec<_> = row.descendants().filter(|n| is(n, "p")).collect();
                if paragraphs.iter().any(|p| style_of(p).as_deref() == Some("TableText")) {
                    out.push(paragraphs.iter().flat_map(units).collect::<Vec<_>>().join(" "));
                } else {
                    out.extend(paragraphs.iter().flat_map(units));
                }
            }
        }
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

/// `doc.texts()`, the late label (`补报`, not part of the texts) after
/// the titles of late items.
fn expected_texts(doc: &Document) -> Vec<String> {
    let mut texts = doc.texts();
    for p in &doc.parts {
        if let Part::Column { items, .. } = p {
            for i in items {
                if let Some(late) = &i.late {
                    let at = texts.iter().rposition(|t| *t == i.title).unwrap();
                    texts[at] = format!("{}（{late}）", i.title);
                }
            }
        }
    }
    texts
}

#[test]
fn body_texts_follow_the_documents_reading_order() {
    let doc = sample_bulletin();
    let files = unzip(&docx(&doc).unwrap());
    let texts = body_texts(&part(&files, "word/document.xml"));
    assert_eq!(texts, expected_texts(&doc));
    let masthead = doc.masthead.as_ref().unwrap();
    assert_eq!(texts[1], masthead.name);
    assert_eq!(texts.last(), doc.colophon.as_ref().unwrap().signoff.last());
}

#[test]
fn a_page_gives_its_title_block_and_body_in_order() {
    let doc = sample_page();
    let files = unzip(&docx(&doc).unwrap());
    let xml = part(&files, "word/document.xml");
    assert_eq!(body_texts(&xml), doc.texts());
    let parsed = Xml::parse(&xml).unwrap();
    let styles: Vec<_> = parsed.descendants().filter(|n| is(n, "p")).filter_map(|p| style_of(&p)).collect();
    assert_eq!(styles[0], "Title");
    let lines = doc.heading.as_ref().unwrap().lines.len();
    assert!(styles[1..=lines].iter().all(|s| s == "Subtitle"), "{styles:?}");
    let Part::Body { blocks } = &doc.parts[0] else { panic!("a page has a body") };
    for b in blocks {
        let style = match b {
            Block::Quote { .. } => "Quote",
            Block::Code { .. } => "Code",
            Block::Heading { level: 1, .. } => "Heading1",
            _ => continue,
        };
        assert!(styles.iter().any(|s| s == style), "{style} missing from {styles:?}");
    }
}

#[test]
fn the_page_is_a4_with_the_margins_of_gbt_9704() {
    let files = unzip(&docx(&sample_bulletin()).unwrap());
    let xml = part(&files, "word/document.xml");
    let doc = Xml::parse(&xml).unwrap();
    let sect = doc.descendants().find(|n| is(n, "sectPr")).unwrap();
    let size = sect.children().find(|n| is(n, "pgSz")).unwrap();
    assert_eq!((attr(&size, "w"), attr(&size, "h")), (Some("11906"), Some("16838")));
    let margins = sect.children().find(|n| is(n, "pgMar")).unwrap();
    // 37, 35, 28 and 26 mm in twips.
    let expected = [("top", "2098"), ("bottom", "1984"), ("left", "1587"), ("right", "1474")];
    for (side, twips) in expected {
        assert_eq!(attr(&margins, side), Some(twips), "{side}");
    }
}

/// A style's attribute in styles.xml, following `w:basedOn`, then the
/// document defaults, as Word resolves it.
fn style_value(styles: &str, id: &str, element: &str, attribute: &str) -> Option<String> {
    let doc = Xml::parse(styles).unwrap();
    let value = |node: Node<'_, '_>| node.descendants().find(|n| is(n, element)).and_then(|n| attr(&n, attribute)).map(str::to_string);
    let mut id = Some(id.to_string());
    while let Some(current) = id {
        let style = doc.descendants().find(|n| is(n, "style") && attr(n, "styleId") == Some(&current))?;
        if let Some(v) = value(style) {
            return Some(v);
        }
        id = style.children().find(|n| is(n, "basedOn")).and_then(|n| attr(&n, "val")).map(str::to_string);
    }
    value(doc.descendants().find(|n| is(n, "docDefaults"))?)
}

#[test]
fn the_masthead_is_large_red_xiaobiaosong_over_a_red_rule() {
    let bulletin = sample_bulletin();
    let masthead = bulletin.masthead.as_ref().unwrap();
    let files = unzip(&docx(&bulletin).unwrap());
    let (xml, styles) = (part(&files, "word/document.xml"), part(&files, "word/styles.xml"));
    let doc = Xml::parse(&xml).unwrap();
    let name = doc.descendants().find(|n| is(n, "p") && units(n) == [masthead.name.as_str()]).unwrap();
    let style = style_of(&name).unwrap();
    assert_eq!(style_value(&styles, &style, "color", "val").as_deref(), Some(RED));
    assert_eq!(style_value(&styles, &style, "rFonts", "eastAsia").as_deref(), Some("方正小标宋简体"));
    let size: u32 = style_value(&styles, &style, "sz", "val").unwrap().parse().unwrap();
    assert!(size >= 72, "the name is set large, not {size} half-points");
    let line = doc.descendants().find(|n| is(n, "p") && units(n).first() == Some(&masthead.unit)).unwrap();
    assert_eq!(units(&line)[1], masthead.date);
    let rule = line.descendants().find(|n| is(n, "pBdr")).unwrap().children().find(|n| is(n, "bottom")).unwrap();
    assert_eq!(attr(&rule, "color"), Some(RED));
    assert_eq!(style_value(&styles, "BodyText", "rFonts", "eastAsia").as_deref(), Some("仿宋_GB2312"));
}

#[test]
fn columns_and_items_are_headings_with_outline_levels() {
    let doc = sample_bulletin();
    let files = unzip(&docx(&doc).unwrap());
    let (xml, styles) = (part(&files, "word/document.xml"), part(&files, "word/styles.xml"));
    let parsed = Xml::parse(&xml).unwrap();
    let style_of_text = |text: &str| {
        // The last: an item's title is first met in the contents.
        let p = parsed.descendants().rfind(|n| is(n, "p") && units(n).concat().starts_with(text)).unwrap();
        style_of(&p).unwrap()
    };
    for p in &doc.parts {
        if let Part::Column { title, items } = p {
            assert_eq!(style_of_text(title), "Heading1");
            for i in items {
                assert_eq!(style_of_text(&i.title), "Heading2");
                for b in &i.blocks {
                    if let Block::Heading { content, .. } = b {
                        assert_eq!(style_of_text(&crate::document::inline_text(content)), "Heading3");
                    }
                }
            }
        }
    }
    for (level, outline) in [(1, "0"), (2, "1"), (3, "2")] {
        let id = format!("Heading{level}");
        assert_eq!(style_value(&styles, &id, "outlineLvl", "val").as_deref(), Some(outline));
    }
    assert_eq!(style_value(&styles, "Heading1", "rFonts", "eastAsia").as_deref(), Some("黑体"));
    assert_eq!(style_value(&styles, "Heading2", "rFonts", "eastAsia").as_deref(), Some("楷体_GB2312"));
}

#[test]
fn the_image_is_an_inline_picture_no_wider_than_the_text_block() {
    let mut bulletin = sample_bulletin();
    let mut bytes = std::io::Cursor::new(Vec::new());
    let png = image::RgbImage::from_pixel(120, 80, image::Rgb([200, 40, 40]));
    png.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bulletin.images[0].bytes = bytes.into_inner().into();
    bulletin.images[0].size = Some((120, 80));
    let files = unzip(&docx(&bulletin).unwrap());
    let media: Vec<_> = files.keys().filter(|k| k.starts_with("word/media/") && !k.ends_with('/')).collect();
    assert_eq!(media.len(), 1, "{media:?}");
    let png = image::load_from_memory(&files[media[0]]).unwrap();
    assert_eq!((png.width(), png.height()), (120, 80));
    let xml = part(&files, "word/document.xml");
    let doc = Xml::parse(&xml).unwrap();
    let extent = doc.descendants().find(|n| n.is_element() && n.tag_name().name() == "extent").unwrap();
    let (cx, cy): (u64, u64) = (extent.attribute("cx").unwrap().parse().unwrap(), extent.attribute("cy").unwrap().parse().unwrap());
    assert!(cx <= 156 * 36_000);
    assert_eq!(cx * 80, cy * 120, "the aspect ratio is kept");
}

#[test]
fn a_wide_photo_is_scaled_to_the_text_width() {
    let mut doc = sample_bulletin();
    let photo = image::RgbImage::from_pixel(3000, 2000, image::Rgb([10, 20, 30]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    photo.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
    doc.images[0].bytes = bytes.into_inner().into();
    doc.images[0].size = Some((3000, 2000));
    let files = unzip(&docx(&doc).unwrap());
    let media = files.iter().find(|(k, _)| k.starts_with("word/media/") && !k.ends_with('/')).unwrap().1;
    let png = image::load_from_memory(media).unwrap();
    assert_eq!((png.width(), png.height()), (1240, 826));
    let xml = part(&files, "word/document.xml");
    let parsed = Xml::parse(&xml).unwrap();
    let extent = parsed.descendants().find(|n| n.is_element() && n.tag_name().name() == "extent").unwrap();
    assert_eq!(extent.attribute("cx"), Some("5616000"));
    assert_eq!(extent.attribute("cy"), Some("3744000"));
}

#[test]
fn an_svg_leaves_its_caption_and_no_picture() {
    let mut doc = sample_bulletin();
    doc.images[0].bytes = br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec().into();
    doc.images[0].size = None;
    let files = unzip(&docx(&doc).unwrap());
    assert!(!files.keys().any(|k| k.starts_with("word/media/") && !k.ends_with('/')));
    assert_eq!(body_texts(&part(&files, "word/document.xml")), expected_texts(&doc));
}

#[test]
fn core_properties_carry_the_metadata_the_issue_date_and_the_language() {
    let doc = sample_bulletin();
    let files = unzip(&docx(&doc).unwrap());
    let xml = part(&files, "docProps/core.xml");
    let core = Xml::parse(&xml).unwrap();
    let text = |name: &str| core.descendants().find(|n| n.is_element() && n.tag_name().name() == name).and_then(|n| n.text());
    assert_eq!(text("title"), Some(doc.meta.title.as_str()));
    assert_eq!(text("creator"), Some(doc.meta.author.as_str()));
    assert_eq!(text("subject"), Some(doc.meta.subject.as_str()));
    assert_eq!(text("keywords"), Some(doc.meta.keywords.join(", ").as_str()));
    assert_eq!(text("language"), Some("zh-CN"));
    let date = format!("{}T00:00:00Z", doc.meta.date);
    assert_eq!(text("created"), Some(date.as_str()));
    assert_eq!(text("modified"), Some(date.as_str()));
    let styles = part(&files, "word/styles.xml");
    let styles = Xml::parse(&styles).unwrap();
    let lang = styles.descendants().find(|n| is(n, "rPrDefault")).unwrap().descendants().find(|n| is(n, "lang")).unwrap();
    assert_eq!((attr(&lang, "val"), attr(&lang, "eastAsia")), (Some("zh-CN"), Some("zh-CN")));
}

#[test]
fn the_footer_numbers_pages_odd_right_even_left() {
    let files = unzip(&docx(&sample_bulletin()).unwrap());
    let settings = part(&files, "word/settings.xml");
    assert!(Xml::parse(&settings).unwrap().descendants().any(|n| is(&n, "evenAndOddHeaders")));
    let mut aligns = Vec::new();
    for name in ["word/footer1.xml", "word/footer2.xml"] {
        let xml = part(&files, name);
        let footer = Xml::parse(&xml).unwrap();
        let instr: String = footer.descendants().filter(|n| is(n, "instrText")).filter_map(|n| n.text()).collect();
        assert_eq!(instr.trim(), "PAGE");
        let p = footer.descendants().find(|n| is(n, "p")).unwrap();
        assert_eq!(units(&p).concat(), "— 1 —");
        aligns.push(p.descendants().find(|n| is(n, "jc")).and_then(|n| attr(&n, "val")).unwrap().to_string());
    }
    aligns.sort();
    assert_eq!(aligns, ["left", "right"]);
}

#[test]
fn a_draft_shows_its_mark_at_the_top_and_in_every_header() {
    let mut doc = sample_bulletin();
    doc.draft_mark = Some("待印发".into());
    let files = unzip(&docx(&doc).unwrap());
    let texts = body_texts(&part(&files, "word/document.xml"));
    assert_eq!(texts[0], "待印发");
    let headers: Vec<_> = files.keys().filter(|k| k.starts_with("word/header")).cloned().collect();
    assert_eq!(headers.len(), 2);
    for h in headers {
        let xml = part(&files, &h);
        let parsed = Xml::parse(&xml).unwrap();
        let p = parsed.descendants().find(|n| is(n, "p")).unwrap();
        assert_eq!(units(&p), ["待印发"]);
    }
    let issued = unzip(&docx(&sample_bulletin()).unwrap());
    assert!(!issued.keys().any(|k| k.starts_with("word/header")));
}

#[test]
fn control_characters_are_dropped_so_the_file_stays_readable() {
    let mut doc = sample_bulletin();
    doc.meta.title = "简报\u{1}标题".into();
    if let Some(m) = &mut doc.masthead {
        m.name = "成都\u{8}区域信息简报".into();
    }
    let files = unzip(&docx(&doc).unwrap());
    let xml = part(&files, "word/document.xml");
    let texts = body_texts(&xml);
    assert_eq!(texts[1], "成都区域信息简报");
    let core = part(&files, "docProps/core.xml");
    let core = Xml::parse(&core).unwrap();
    let title = core.descendants().find(|n| n.tag_name().name() == "title").and_then(|n| n.text());
    assert_eq!(title, Some("简报标题"));
}

#[test]
fn lists_have_numberings_of_their_own_and_every_id_is_defined_once() {
    let bulletin = sample_bulletin();
    let files = unzip(&docx(&bulletin).unwrap());
    let numbering = part(&files, "word/numbering.xml");
    let numbering = Xml::parse(&numbering).unwrap();
    let ids = |element: &str, attribute: &str| -> Vec<String> {
        numbering.descendants().filter(|n| is(n, element)).filter_map(|n| attr(&n, attribute)).map(str::to_string).collect()
    };
    for (element, attribute) in [("abstractNum", "abstractNumId"), ("num", "numId")] {
        let mut all = ids(element, attribute);
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), count, "{element} ids repeat");
    }
    let defined = ids("num", "numId");
    let xml = part(&files, "word/document.xml");
    let doc = Xml::parse(&xml).unwrap();
    let mut used: Vec<_> = doc.descendants().filter(|n| is(n, "numId")).filter_map(|n| attr(&n, "val")).collect();
    used.sort_unstable();
    used.dedup();
    // The contents, and each list of the items.
    let lists: usize = bulletin
        .parts
        .iter()
        .map(|p| match p {
            Part::Contents { .. } => 1,
            Part::Column { items, .. } => items.iter().map(|i| count_lists(&i.blocks)).sum(),
            _ => 0,
        })
        .sum();
    assert!(lists >= 2, "the sample has a list");
    assert_eq!(used.len(), lists, "{used:?}");
    assert!(used.iter().all(|u| defined.iter().any(|d| d == u)), "{used:?} not all in {defined:?}");
}

#[test]
fn every_style_is_defined_once_and_every_paragraph_names_a_defined_style() {
    let files = unzip(&docx(&sample_bulletin()).unwrap());
    let styles = part(&files, "word/styles.xml");
    let styles = Xml::parse(&styles).unwrap();
    let mut ids: Vec<_> = styles.descendants().filter(|n| is(n, "style")).filter_map(|n| attr(&n, "styleId")).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "a style id repeats");
    let xml = part(&files, "word/document.xml");
    let doc = Xml::parse(&xml).unwrap();
    for p in doc.descendants().filter(|n| is(n, "p")) {
        let style = style_of(&p).unwrap_or_else(|| panic!("{:?} has no style", units(&p)));
        assert!(ids.contains(&style.as_str()), "{style} is not defined");
    }
}

#[test]
fn lists_nested_deeper_than_word_allows_stay_at_the_ninth_level() {
    let mut block = Block::Paragraph { content: vec![crate::document::Inline::Text { text: "最深".into() }] };
    for _ in 0..12 {
        block = Block::List { ordered: true, start: 1, items: vec![vec![block]] };
    }
    let mut doc = sample_page();
    doc.parts = vec![Part::Body { blocks: vec![block] }];
    let files = unzip(&docx(&doc).unwrap());
    let xml = part(&files, "word/document.xml");
    let parsed = Xml::parse(&xml).unwrap();
    let levels: Vec<u32> = parsed.descendants().filter(|n| is(n, "ilvl")).map(|n| attr(&n, "val").unwrap().parse().unwrap()).collect();
    assert_eq!(levels, [8]);
    let numbering = part(&files, "word/numbering.xml");
    let numbering = Xml::parse(&numbering).unwrap();
    assert!(numbering.descendants().filter(|n| is(n, "lvlOverride")).all(|n| attr(&n, "ilvl").unwrap().parse::<u32>().unwrap() <= 8));
    assert_eq!(body_texts(&xml), doc.texts());
}

fn count_lists(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::List { items, .. } => 1 + items.iter().map(|i| count_lists(i)).sum::<usize>(),
            Block::Quote { blocks } => count_lists(blocks),
            _ => 0,
        })
        .sum()
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let doc = sample_bulletin();
    let first = docx(&doc).unwrap();
    // Another document in between moves docx-rs's process-wide counters.
    docx(&sample_page()).unwrap();
    assert_eq!(first, docx(&doc).unwrap());
    let other = std::thread::spawn(move || docx(&doc).unwrap()).join().unwrap();
    assert_eq!(first, other);
}

#[test]
fn zip_entries_carry_no_clock_time() {
    let bytes = docx(&sample_bulletin()).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        assert_eq!(f.last_modified(), Some(zip::DateTime::default()), "{}", f.name());
    }
}

#[test]
fn the_font_table_names_chinese_fonts_with_fallbacks() {
    let files = unzip(&docx(&sample_bulletin()).unwrap());
    let xml = part(&files, "word/fontTable.xml");
    let fonts = Xml::parse(&xml).unwrap();
    let alt = |name: &str| {
        let font = fonts.descendants().find(|n| is(n, "font") && attr(n, "name") == Some(name)).unwrap();
        font.children().find(|n| is(n, "altName")).and_then(|n| attr(&n, "val")).map(str::to_string)
    };
    assert_eq!(alt("仿宋_GB2312").as_deref(), Some("仿宋"));
    assert_eq!(alt("方正小标宋简体").as_deref(), Some("宋体"));
}

#[test]
#[ignore = "needs poppler/libreoffice: run by .ci/run"]
fn libreoffice_converts_the_file_with_every_text_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bulletin.docx");
    std::fs::write(&input, docx(&sample_bulletin()).unwrap()).unwrap();
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .env("HOME", dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let pdf = dir.path().join("bulletin.pdf");
    assert!(pdf.exists());
    let text = std::process::Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().unwrap();
    // LibreOffice sets a space between Chinese and Latin runs, and breaks
    // lines: compare without white space.
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let text = squeeze(&String::from_utf8(text.stdout).unwrap());
    let mut at = 0;
    for t in expected_texts(&sample_bulletin()) {
        let t = squeeze(&t);
        let found = text[at..].find(&t).unwrap_or_else(|| panic!("{t} missing after byte {at} of {text}"));
        at += found + t.len();
    }
}

/// `REGIONPRESS_DOCX_SAMPLES=DIR cargo test --lib write_the_samples -- --ignored`
/// writes the sample bulletin (issued and draft) and page into DIR, to
/// look at them (converted by LibreOffice, see `docs/exports.md`); without
/// the variable, into a temporary folder.
#[test]
#[ignore = "writes files for a look: set REGIONPRESS_DOCX_SAMPLES"]
fn write_the_samples() {
    let temp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("REGIONPRESS_DOCX_SAMPLES").map_or_else(|| temp.path().to_path_buf(), std::path::PathBuf::from);
    std::fs::create_dir_all(&dir).unwrap();
    let mut draft = sample_bulletin();
    draft.draft_mark = Some("待印发".into());
    for (name, doc) in [("bulletin", sample_bulletin()), ("draft", draft), ("page", sample_page())] {
        let path = dir.join(format!("{name}.docx"));
        std::fs::write(&path, docx(&doc).unwrap()).unwrap();
        assert!(!unzip(&std::fs::read(&path).unwrap()).is_empty());
    }
}

/// docx-rs lists hyperlinks from a hash map, whose order differs from map
/// to map: with many links, the relationships still come out in one
/// order (by id), so the bytes are the same every time.
#[test]
fn a_document_with_many_links_gives_the_same_bytes_every_time() {
    use crate::document::Inline;
    let mut doc = sample_page();
    let links = (0..12)
        .map(|i| Inline::Link {
            url: format!("https://intranet.example/r/{i}/"), content: vec![Inline::Text { text: format!("链接{i}") }]
        })
        .collect();
    doc.parts.push(Part::Body { blocks: vec![Block::Paragraph { content: links }] });
    let first = docx(&doc).unwrap();
    for _ in 0..8 {
        assert!(docx(&doc).unwrap() == first, "two exports of one document differ");
    }
    let files = unzip(&first);
    let rels = part(&files, "word/_rels/document.xml.rels");
    let rels = Xml::parse(&rels).unwrap();
    let ids: Vec<&str> = rels.descendants().filter(|n| n.has_tag_name("Relationship")).filter_map(|n| n.attribute("Id")).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    assert!(ids.iter().filter(|i| i.contains("Hyperlink")).count() >= 12, "{ids:?}");
}
