//! `regionpress import`: a Word document made in the
//! test with docx-rs (title, heading, lists, a table with merged cells, a
//! footnote, bold and italic, a link and a photo) imported into a site;
//! the Markdown read back with pulldown-cmark, the front matter with
//! serde_yaml, `check` asking for what is left, the built page read with
//! scraper. Old `.doc`/`.wps` files and damaged ones are refused.

use std::collections::BTreeSet;
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{Site, attrs, diagnostics, texts};
use docx_rs::{
    AbstractNumbering, Docx, Footnote, Hyperlink, HyperlinkType, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering,
    NumberingId, Paragraph, Pic, Run, Start, Style, StyleType, Table, TableCell, TableRow, VMergeType,
};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

const TITLE: &str = "甲片区联合开展安全生产主题党日活动";

/// A small PNG photo, made with the `image` crate.
fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(48, 32, |x, y| image::Rgb([200, (x * 5) as u8, (y * 7) as u8]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn text(s: &str) -> Run {
    Run::new().add_text(s)
}

fn cell(s: &str) -> TableCell {
    TableCell::new().add_paragraph(Paragraph::new().add_run(text(s)))
}

/// A manuscript as a correspondent writes one: `lead` is its first
/// paragraph (the date and the units are in it).
fn manuscript(lead: &str) -> Vec<u8> {
    let level =
        |format: &str, label: &str| Level::new(0, Start::new(1), NumberFormat::new(format), LevelText::new(label), LevelJc::new("left"));
    let table = Table::new(vec![
        TableRow::new(vec![cell("单位"), cell("参加人员").grid_span(2)]),
        TableRow::new(vec![cell("甲一项目部").vertical_merge(VMergeType::Restart), cell("党员"), cell("30")]),
        TableRow::new(vec![cell("").vertical_merge(VMergeType::Continue), cell("群众"), cell("12")]),
    ]);
    let note = Footnote::new().add_content(Paragraph::new().add_run(text("依据《安全生产法》第四条。")));
    let docx = Docx::new()
        .add_style(Style::new("Title", StyleType::Paragraph).name("Title"))
        .add_style(Style::new("Heading1", StyleType::Paragraph).name("heading 1"))
        .add_style(Style::new("Caption", StyleType::Paragraph).name("caption"))
        .add_abstract_numbering(AbstractNumbering::new(1).add_level(level("bullet", "•")))
        .add_abstract_numbering(AbstractNumbering::new(2).add_level(level("decimal", "%1.")))
        .add_numbering(Numbering::new(1, 1))
        .add_numbering(Numbering::new(2, 2))
        .add_paragraph(Paragraph::new().style("Title").add_run(text(TITLE)))
        .add_paragraph(
            Paragraph::new()
                .add_run(text(lead))
                .add_run(text("开展“"))
                .add_run(text("安全生产月").bold())
                .add_run(text("”主题党日活动，"))
                .add_run(text("共同学习").italic())
                .add_run(text("安全生产法规。"))
                .add_run(Run::new().add_footnote_reference(note)),
        )
        .add_paragraph(Paragraph::new().style("Heading1").add_run(text("活动内容")))
        .add_paragraph(Paragraph::new().numbering(NumberingId::new(1), IndentLevel::new(0)).add_run(text("重温入党誓词")))
        .add_paragraph(Paragraph::new().numbering(NumberingId::new(1), IndentLevel::new(0)).add_run(text("观看警示教育片")))
        .add_paragraph(Paragraph::new().numbering(NumberingId::new(2), IndentLevel::new(0)).add_run(text("现场观摩")))
        .add_paragraph(Paragraph::new().numbering(NumberingId::new(2), IndentLevel::new(0)).add_run(text("座谈交流")))
        .add_table(table)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_image(Pic::new(&photo()))))
        .add_paragraph(Paragraph::new().style("Caption").add_run(text("图为活动现场")))
        .add_paragraph(
            Paragraph::new()
                .add_run(text("详见"))
                .add_hyperlink(Hyperlink::new("https://intranet.example/news/1", HyperlinkType::External).add_run(text("公司新闻"))),
        );
    let mut out = Cursor::new(Vec::new());
    docx.build().pack(&mut out).unwrap();
    out.into_inner()
}

fn import(site: &Site, file: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regionpress")).arg("import").arg(file).arg("--root").arg(&site.root).args(args).output().unwrap()
}

/// Writes `bytes` as `name` in the test's temporary folder (outside the site).
fn input(site: &Site, name: &str, bytes: &[u8]) -> PathBuf {
    let path = site.tmp.path().join(name);
    fs::write(&path, bytes).unwrap();
    path
}

/// The front matter (as YAML) and the body of a Markdown file.
fn split(md: &str) -> (serde_yaml::Value, String) {
    let rest = md.strip_prefix("---\n").expect("front matter");
    let (yaml, body) = rest.split_once("\n---\n").expect("closing ---");
    (serde_yaml::from_str(yaml).unwrap(), body.to_string())
}

/// What the body holds, read by pulldown-cmark.
#[derive(Default, Debug)]
struct Read {
    headings: Vec<(u8, String)>,
    /// (ordered, item text)
    items: Vec<(bool, String)>,
    /// Rows of cells.
    rows: Vec<Vec<String>>,
    notes: Vec<(String, String)>,
    images: Vec<(String, String)>,
    links: Vec<String>,
    strong: Vec<String>,
    emphasis: Vec<String>,
}

fn read(body: &str) -> Read {
    let mut r = Read::default();
    let mut stack: Vec<Tag> = Vec::new();
    let mut lists: Vec<bool> = Vec::new();
    let mut buf = String::new();
    for event in Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match event {
            Event::Start(tag) => {
                if let Tag::List(start) = &tag {
                    lists.push(start.is_some());
                }
                if matches!(
                    tag,
                    Tag::Heading { .. }
                        | Tag::Item
                        | Tag::TableCell
                        | Tag::FootnoteDefinition(_)
                        | Tag::Image { .. }
                        | Tag::Strong
                        | Tag::Emphasis
                ) {
                    buf.clear();
                }
                if matches!(tag, Tag::TableRow | Tag::TableHead) {
                    r.rows.push(Vec::new());
                }
                stack.push(tag);
            }
            Event::Text(t) => buf.push_str(&t),
            Event::FootnoteReference(_) => {}
            Event::End(end) => {
                let tag = stack.pop().unwrap();
                match (tag, end) {
                    (Tag::Heading { level, .. }, _) => r.headings.push((level as u8, buf.clone())),
                    (Tag::Item, _) => r.items.push((*lists.last().unwrap(), buf.clone())),
                    (Tag::List(_), _) => {
                        lists.pop();
                    }
                    (Tag::TableCell, _) => r.rows.last_mut().unwrap().push(buf.clone()),
                    (Tag::FootnoteDefinition(label), _) => r.notes.push((label.to_string(), buf.clone())),
                    (Tag::Image { dest_url, .. }, _) => r.images.push((dest_url.to_string(), buf.clone())),
                    (Tag::Link { dest_url, .. }, _) => r.links.push(dest_url.to_string()),
                    (Tag::Strong, TagEnd::Strong) => r.strong.push(buf.clone()),
                    (Tag::Emphasis, TagEnd::Emphasis) => r.emphasis.push(buf.clone()),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    r
}

/// `check --format json --lang en`: (code, the field a `missing-field` names) of each error in `file`.
fn check_errors(site: &Site, file: &str) -> Vec<(String, Option<String>)> {
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["check", "--format", "json", "--lang", "en", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["path"] == file && d["severity"] == "error")
        .map(|d| {
            let code = d["code"].as_str().unwrap().to_string();
            // The field a missing-field or unfinished error asks for (its first `quoted` word).
            let field = matches!(code.as_str(), "missing-field" | "unfinished")
                .then(|| d["message"].as_str().unwrap().split('`').nth(1).unwrap_or_default().to_string());
            (code, field)
        })
        .collect()
}

/// True for the codes by which `check` asks for what a writer has to
/// fill in: a missing required field, or a figure or
/// unit still missing (`unfinished`).
fn asks_to_fill(code: &str) -> bool {
    matches!(code, "missing-field" | "unfinished")
}

/// Adds front matter lines before the closing `---` of `path`.
fn fill(path: &Path, lines: &str) {
    let md = fs::read_to_string(path).unwrap();
    let (fm, body) = md.strip_prefix("---\n").unwrap().split_once("\n---\n").unwrap();
    fs::write(path, format!("---\n{fm}\n{lines}---\n{body}")).unwrap();
}

#[test]
fn a_word_manuscript_becomes_a_report_that_builds() {
    let site = Site::new("basic");
    let docx = input(&site, "稿件.docx", &manuscript("2026年5月12日，甲一项目部与甲监理站联合"));
    let out = import(&site, &docx, &["--region", "alpha"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rel = format!("content/reports/2026/2026-05-12-{}.md", regionpress::scaffold::file_slug(TITLE));
    let path = site.root.join(&rel);
    let (fm, body) = split(&fs::read_to_string(&path).unwrap());

    assert_eq!(fm["title"].as_str(), Some(TITLE));
    assert_eq!(fm["date"].as_str(), Some("2026-05-12"));
    assert_eq!(fm["region"].as_str(), Some("alpha"));
    let units: Vec<&str> = fm["units"].as_sequence().unwrap().iter().map(|u| u.as_str().unwrap()).collect();
    assert_eq!(units, ["甲一项目部", "甲监理站"]);
    // No figure is invented.
    for key in ["participants", "mode", "hosts"] {
        assert!(fm.get(key).is_none(), "{key} was filled in: {fm:?}");
    }

    let r = read(&body);
    assert_eq!(r.headings, [(2, "活动内容".to_string())]);
    let items: Vec<(bool, &str)> = r.items.iter().map(|(o, t)| (*o, t.as_str())).collect();
    assert_eq!(items, [(false, "重温入党誓词"), (false, "观看警示教育片"), (true, "现场观摩"), (true, "座谈交流")]);
    assert_eq!(r.rows, [vec!["单位", "参加人员", ""], vec!["甲一项目部", "党员", "30"], vec!["", "群众", "12"]]);
    assert_eq!(r.notes, [("1".to_string(), "依据《安全生产法》第四条。".to_string())]);
    assert_eq!(r.strong, ["安全生产月"]);
    assert_eq!(r.emphasis, ["共同学习"]);
    assert_eq!(r.links, ["https://intranet.example/news/1"]);
    assert_eq!(r.images.len(), 1);
    let (src, alt) = &r.images[0];
    assert_eq!(alt, "图为活动现场");
    let photo_path = path.parent().unwrap().join(src);
    let img = image::open(&photo_path).unwrap_or_else(|e| panic!("{}: {e}", photo_path.display()));
    assert_eq!((img.width(), img.height()), (48, 32));

    // What is left is what `check` asks for; once filled in, the page builds.
    for (code, field) in check_errors(&site, &rel) {
        assert!(asks_to_fill(&code), "{code}");
        assert!(field.is_none_or(|f| ["participants", "mode", "hosts"].contains(&f.as_str())), "{code}");
    }
    fill(&path, "mode: 活动共办\nhosts: [甲一项目部]\nparticipants: 42\n");
    assert_eq!(check_errors(&site, &rel), []);
    site.build_ok(&[]);
    let slug = rel.rsplit('/').next().unwrap().trim_end_matches(".md");
    let page = site.html(&format!("reports/{slug}/index.html"));
    let cells = texts(&page, "main table td, main table th");
    assert_eq!(cells, ["单位", "参加人员", "", "甲一项目部", "党员", "30", "", "群众", "12"]);
    let img = page.select(&scraper::Selector::parse("main img").unwrap()).next().expect("the photo is on the page");
    assert_eq!(img.value().attr("alt"), Some("图为活动现场"));
    let src = crate::common::percent_decode(img.value().attr("src").unwrap());
    assert!(site.public().join(src.trim_start_matches('/')).is_file(), "{src}");
    assert_eq!(texts(&page, "main strong"), ["安全生产月"]);
    assert!(!attrs(&page, "main a[href='https://intranet.example/news/1']", "href").is_empty());
}

#[test]
fn check_asks_for_exactly_what_the_import_left_to_fill_in() {
    let site = Site::new("basic");
    // No date with its year, and no region given.
    let docx = input(&site, "稿件.docx", &manuscript("5月12日，甲一项目部"));
    let opts = regionpress::import::ImportOptions {
        root: site.root.clone(),
        file: docx,
        region: None,
        kind: regionpress::import::Kind::Report,
        date: None,
        force: false,
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        lang: None,
    };
    let done = regionpress::import::import(&opts).unwrap();
    let rel = done.summary.written.clone();
    assert_eq!(rel, format!("content/reports/2026/{}.md", regionpress::scaffold::file_slug(TITLE)));
    assert_eq!(done.summary.date_without_year.as_deref(), Some("5月12日"));
    let to_fill: BTreeSet<String> = done
        .summary
        .to_fill
        .iter()
        .filter_map(|f| match f {
            regionpress::messages::import::ToFill::Field(k) => Some(k.to_string()),
            _ => None,
        })
        .collect();
    assert!(to_fill.contains("date") && to_fill.contains("region"), "{to_fill:?}");
    let asked: BTreeSet<String> = check_errors(&site, &rel)
        .into_iter()
        .filter_map(|(code, field)| {
            assert!(asks_to_fill(&code), "{code}");
            field
        })
        .collect();
    assert!(asked.contains("date") && asked.contains("region"), "{asked:?}");
    assert!(asked.is_subset(&to_fill), "check asks for {asked:?}, the import named {to_fill:?}");
    let values = [
        ("date", "2026-05-12"),
        ("region", "alpha"),
        ("mode", "活动共办"),
        ("hosts", "[甲一项目部]"),
        ("participants", "25"),
        ("units", "[甲监理站]"),
    ];
    let lines: String = values.iter().filter(|(k, _)| to_fill.contains(*k)).map(|(k, v)| format!("{k}: {v}\n")).collect();
    fill(&site.root.join(&rel), &lines);
    assert_eq!(check_errors(&site, &rel), []);
    site.build_ok(&[]);
}

#[test]
fn a_class_gets_its_lecturer_from_the_text() {
    let site = Site::new("basic");
    let docx = input(&site, "党课.docx", &manuscript("主讲人：公司党委书记 张明。2026年6月3日，甲一项目部"));
    let out = import(&site, &docx, &["--region", "alpha", "--kind", "class"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rel = format!("content/classes/2026/2026-06-03-{}.md", regionpress::scaffold::file_slug(TITLE));
    let (fm, _) = split(&fs::read_to_string(site.root.join(&rel)).unwrap());
    assert_eq!(fm["lecturer"].as_str(), Some("张明"));
    assert_eq!(fm["lecturer_title"].as_str(), Some("公司党委书记"));
    assert!(fm.get("audience").is_none());
    // What the import could not read, `check` asks for.
    let asked: Vec<(String, Option<String>)> =
        ["audience", "duration"].iter().map(|k| ("unfinished".to_string(), Some(k.to_string()))).collect();
    assert_eq!(check_errors(&site, &rel), asked);
}

#[test]
fn old_doc_and_wps_files_are_refused_with_a_save_as_docx_message() {
    let site = Site::new("basic");
    let before = crate::common::snapshot(&site.root.join("content"));
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 504]);
    for name in ["旧稿.doc", "旧稿.wps"] {
        let file = input(&site, name, &ole);
        let out = import(&site, &file, &["--region", "alpha"]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8(out.stderr).unwrap();
        let found = diagnostics(&stderr);
        assert_eq!(found.len(), 1, "{stderr}");
        assert_eq!((found[0].1.as_str(), found[0].2.as_str()), ("error", "import-old-format"));
        assert_eq!(found[0].0, file.display().to_string());
    }
    // With an unknown region too: both are told at once, the usage error's status (2).
    let out = import(&site, &site.tmp.path().join("旧稿.doc"), &["--region", "alpah"]);
    assert_eq!(out.status.code(), Some(2));
    let codes: BTreeSet<String> = diagnostics(&String::from_utf8(out.stderr).unwrap()).into_iter().map(|d| d.2).collect();
    assert_eq!(codes, BTreeSet::from(["import-old-format".to_string(), "unknown-region".to_string()]));
    assert_eq!(crate::common::snapshot(&site.root.join("content")), before);
}

#[test]
fn damaged_and_foreign_files_are_clear_errors() {
    let site = Site::new("basic");
    let before = crate::common::snapshot(&site.root.join("content"));
    let mut good = manuscript("2026年5月12日");
    good.truncate(good.len() / 2);
    let mut no_word = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut no_word);
        zip.start_file("hello.txt", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, b"hi").unwrap();
        zip.finish().unwrap();
    }
    let cases: [(&str, Vec<u8>); 4] = [
        ("truncated.docx", good),
        ("garbage.docx", b"PK\x03\x04 this is no archive".to_vec()),
        ("other.docx", no_word.into_inner()),
        ("notes.docx", "会议记录".as_bytes().to_vec()),
    ];
    for (name, bytes) in cases {
        let file = input(&site, name, &bytes);
        let out = import(&site, &file, &["--region", "alpha"]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        let codes: Vec<String> = diagnostics(&stderr).into_iter().map(|d| d.2).collect();
        assert_eq!(codes, ["import-unreadable"], "{name}: {stderr}");
    }
    // A file that is not there: exit status 2, as for every I/O problem.
    let out = import(&site, &site.tmp.path().join("nothing.docx"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(diagnostics(&String::from_utf8(out.stderr).unwrap())[0].2, "io");
    assert_eq!(crate::common::snapshot(&site.root.join("content")), before);
}

#[test]
fn nothing_is_replaced_without_force_and_unknown_regions_are_named() {
    let site = Site::new("basic");
    let docx = input(&site, "稿件.docx", &manuscript("2026年5月12日，甲一项目部"));
    assert!(import(&site, &docx, &["--region", "alpha"]).status.success());
    let rel = format!("content/reports/2026/2026-05-12-{}.md", regionpress::scaffold::file_slug(TITLE));
    let path = site.root.join(&rel);
    fs::write(&path, "edited by the writer").unwrap();
    let out = import(&site, &docx, &["--region", "alpha"]);
    // Exit status 2, as `new` over an existing file.
    assert_eq!(out.status.code(), Some(2));
    let found = diagnostics(&String::from_utf8(out.stderr).unwrap());
    // The Markdown and its photo, both refused at once.
    let refused: Vec<(&str, &str)> = found.iter().map(|d| (d.0.as_str(), d.2.as_str())).collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(refused.contains(&(rel.as_str(), "import-exists")), "{refused:?}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "edited by the writer");
    assert!(import(&site, &docx, &["--region", "alpha", "--force"]).status.success());
    assert!(fs::read_to_string(&path).unwrap().starts_with("---\n"));

    let out = import(&site, &docx, &["--region", "alpah"]);
    // A usage error, as `new --region alpah`.
    assert_eq!(out.status.code(), Some(2));
    let new = Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["new", "report", "--region", "alpah", "标题", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    assert_eq!(new.status.code(), Some(2));
    let found = diagnostics(&String::from_utf8(out.stderr).unwrap());
    assert_eq!((found[0].0.as_str(), found[0].2.as_str()), ("--region", "unknown-region"));
}

/// A document LibreOffice wrote (styles named as LibreOffice names them,
/// its list numbering, a floating photo with a description, a footnote):
/// `examples/manuscript/guiyang-report.docx`.
#[test]
fn a_manuscript_saved_by_libreoffice_imports_whole() {
    let site = Site::new("basic");
    let docx = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/manuscript/guiyang-report.docx");
    let out = import(&site, &docx, &["--region", "alpha"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let folder = site.root.join("content/reports/2026");
    let md = fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).find(|p| p.to_string_lossy().contains("2026-11-20-")).unwrap();
    let (fm, body) = split(&fs::read_to_string(&md).unwrap());
    assert_eq!(fm["title"].as_str(), Some("贵阳片区开展“党建+交通安全”进村寨宣传活动"));
    assert_eq!(fm["date"].as_str(), Some("2026-11-20"));
    assert_eq!(fm["author"].as_str(), Some("杨帆"));
    let r = read(&body);
    assert_eq!(r.headings, [(2, "一、活动内容".to_string()), (2, "二、收集的意见及办理".to_string())]);
    assert_eq!(r.items.len(), 3);
    assert!(r.items.iter().all(|(ordered, _)| *ordered), "{:?}", r.items);
    assert_eq!(r.rows.len(), 4);
    assert_eq!(r.rows[2], ["围挡处扬尘较大", "", "立即整改"]);
    assert_eq!(r.notes, [("1".to_string(), "见《贵阳片区区域化党建工作要点（2026年）》第三部分。".to_string())]);
    assert_eq!(r.strong, ["党建+交通安全"]);
    let (src, alt) = &r.images[0];
    assert_eq!(alt, "党员志愿者在龙井村向村民讲解施工路段绕行线路");
    assert!(image::open(folder.join(src)).is_ok());
}

#[test]
fn the_date_option_gives_the_year_the_text_leaves_out() {
    let site = Site::new("basic");
    let docx = input(&site, "稿件.docx", &manuscript("5月12日，甲一项目部"));
    let out = import(&site, &docx, &["--region", "alpha", "--date", "2026-05-12", "--lang", "en"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rel = format!("content/reports/2026/2026-05-12-{}.md", regionpress::scaffold::file_slug(TITLE));
    let (fm, _) = split(&fs::read_to_string(site.root.join(&rel)).unwrap());
    assert_eq!(fm["date"].as_str(), Some("2026-05-12"));
    // A date that is no day is refused by the command line (exit status 2).
    let out = import(&site, &docx, &["--region", "alpha", "--date", "2026-02-30", "--force"]);
    assert_eq!(out.status.code(), Some(2));
}

// The to-fill comment in the site's language or --lang.

#[test]
fn the_to_fill_comment_follows_the_language_and_check_reads_it() {
    let site = Site::new("basic");
    let docx = input(&site, "稿件.docx", &manuscript("2026年5月12日，甲一项目部"));
    let opts = regionpress::import::ImportOptions {
        root: site.root.clone(),
        file: docx.clone(),
        region: Some("alpha".into()),
        kind: regionpress::import::Kind::Report,
        date: None,
        force: false,
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        lang: Some(regionpress::language::Language::En),
    };
    let rel = regionpress::import::import(&opts).unwrap().summary.written;
    let md = fs::read_to_string(site.root.join(&rel)).unwrap();
    let comment = md.lines().find(|l| l.starts_with("# ")).unwrap_or_else(|| panic!("no comment in {md}"));
    let listed = comment.strip_prefix(regionpress::content::unfinished::IMPORT_TO_FILL_EN).unwrap_or_else(|| panic!("{comment}"));
    let listed: BTreeSet<String> = listed.split(", ").map(str::to_string).collect();
    assert!(!listed.is_empty() && listed.iter().all(|k| k.is_ascii()), "{listed:?}");
    // check asks for each field listed, and only those, as for the Chinese comment.
    let asked: BTreeSet<String> = check_errors(&site, &rel).into_iter().filter_map(|(_, field)| field).collect();
    assert!(!asked.is_empty() && asked.is_subset(&listed), "check asks for {asked:?}, the import listed {listed:?}");
    // Without --lang, the site's language (Chinese here) is used.
    let out = import(&site, &docx, &["--region", "alpha", "--force"]);
    assert_eq!(out.status.code(), Some(0));
    let md = fs::read_to_string(site.root.join(&rel)).unwrap();
    assert!(md.lines().any(|l| l.starts_with(regionpress::content::unfinished::IMPORT_TO_FILL)), "{md}");
}
