//! Integration tests of `regionpress build`: run the real binary on fixture
//! sites in temporary folders and inspect the output with HTML and XML parsers.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::*;
use scraper::Html;

#[test]
fn builds_the_fixture_site_with_its_pages() {
    let site = Site::new("basic");
    let out = site.build_ok(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("已生成网站："), "{stdout}");

    let report = site.html("reports/2026-03-02-safety/index.html");
    assert_eq!(texts(&report, "h1"), ["联合开展安全生产主题党日活动"]);
    // Chinese heading ids, GitHub style.
    assert_eq!(attrs(&report, ".content h2, article h2[id]", "id").iter().filter(|i| i.as_str() == "签约内容").count(), 1);
    assert!(attrs(&report, "h2", "id").contains(&"2020-年工作-计划".to_string()));
    // Internal link with anchor rewritten to the target URL.
    let hrefs = attrs(&report, "a", "href");
    assert!(hrefs.iter().any(|h| percent_decode(h) == "/reports/2025-11-20-study/#学习内容"), "{hrefs:?}");
    // Highlighted code with classes, image copied beside the page.
    assert!(!attrs(&report, "pre.code span", "class").is_empty());
    assert!(site.public().join("reports/2026-03-02-safety/site.svg").is_file());
    assert!(attrs(&report, "img", "src").contains(&"/reports/2026-03-02-safety/site.svg".to_string()));
    assert_eq!(attrs(&report, "img[alt='施工现场示意图']", "src"), ["/reports/2026-03-02-safety/site.svg"]);
    // Table rendered.
    assert_eq!(texts(&report, "table td").first().map(String::as_str), Some("甲一项目部"));

    // The class page lists its materials, and the PDF is copied.
    let class = site.html("classes/2026-02-15-class/index.html");
    assert!(attrs(&class, "a", "href").contains(&"/classes/2026-02-15-class/slides.pdf".to_string()));
    assert!(site.public().join("classes/2026-02-15-class/slides.pdf").is_file());
    assert!(attrs(&class, "a", "href").contains(&"/classes/lecturers/li-hua/".to_string()));

    // Free page, region page, logo, 404, feeds, sitemap, robots.
    assert_eq!(texts(&site.html("about/index.html"), "h1"), ["关于本站"]);
    let region = site.html("regions/alpha/index.html");
    assert!(texts(&region, "h1").iter().any(|t| t.contains("甲片区") || t.contains("甲先锋")));
    assert!(site.public().join("regions/alpha/alpha-logo.svg").is_file());
    for f in [
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "syntax.css",
        "theme.css",
        "regions/alpha/atom.xml",
        "tags/index.html",
        "modes/events/index.html",
    ] {
        assert!(site.public().join(f).is_file(), "{f} missing");
    }
}

#[test]
fn explicit_and_derived_slugs_and_summaries() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    assert!(site.public().join("reports/joint-research/index.html").is_file());
    let list = site.html("reports/index.html");
    let all = texts(&list, "main");
    // Front-matter summary, text before <!-- more -->, first paragraph.
    let body = all.join(" ");
    assert!(!body.contains("更多内容"), "text after <!-- more --> leaked into the list");
    let page2 = site.html("reports/page/2/index.html");
    let body2 = texts(&page2, "main").join(" ");
    assert!(body2.contains("这是写在文首信息里的摘要") || body.contains("这是写在文首信息里的摘要"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    assert!(!site.public().join("reports/2026-06-01-draft").exists());
    let sitemap = fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("draft"));
    site.build_ok(&["--drafts"]);
    assert!(site.public().join("reports/2026-06-01-draft/index.html").is_file());
}

#[test]
fn lists_are_paginated_newest_first() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    // 4 published reports, paginate_by 2.
    let p1 = site.html("reports/index.html");
    let p2 = site.html("reports/page/2/index.html");
    assert!(!site.public().join("reports/page/3").exists());
    let links = |d: &Html| attrs(d, "main h2 a, main h3 a", "href");
    let mut order = links(&p1);
    order.extend(links(&p2));
    order.dedup();
    assert_eq!(
        order,
        ["/reports/2026-05-01-beta/", "/reports/joint-research/", "/reports/2026-03-02-safety/", "/reports/2025-11-20-study/"]
    );
}

#[test]
fn rebuilds_are_byte_identical() {
    let a = Site::new("basic");
    let b = Site::new("basic");
    a.build_ok(&[]);
    b.build_ok(&[]);
    let (sa, sb) = (snapshot(&a.public()), snapshot(&b.public()));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between two builds");
    }
}

#[test]
fn unchanged_files_keep_their_modification_time() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    let file = site.public().join("reports/2026-05-01-beta/index.html");
    let before = fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    site.build_ok(&[]);
    assert_eq!(fs::metadata(&file).unwrap().modified().unwrap(), before);
}

/// Every file under `dir`: relative path -> (modification time, length).
fn stamps(dir: &Path) -> std::collections::BTreeMap<String, (std::time::SystemTime, u64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), (m.modified().unwrap(), m.len()))
        })
        .collect()
}

#[test]
fn a_rebuild_without_changes_touches_nothing() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    let before = stamps(&site.public());
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&fs::metadata(site.public()).unwrap());
    std::thread::sleep(std::time::Duration::from_millis(50));
    let out = site.build_ok(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("其中 0 个有更新）"), "{stdout}");
    assert_eq!(stamps(&site.public()), before);
    // Not even swapped: the output folder is the same folder.
    #[cfg(unix)]
    assert_eq!(std::os::unix::fs::MetadataExt::ino(&fs::metadata(site.public()).unwrap()), inode);
    // Any input counts: a new static file, a changed option.
    site.write("static/notice.txt", "通知");
    let out = site.build_ok(&[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("其中 1 个有更新）"), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(fs::read_to_string(site.public().join("notice.txt")).unwrap(), "通知");
    let out = site.build_ok(&["--drafts"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("其中 0 个有更新）"));
    assert!(site.public().join("reports/2026-06-01-draft/index.html").is_file());
}

/// A folder of `content/` may be a symbolic link to another folder of
/// `content/`; the files behind it are inputs like any other, so editing
/// one builds again (it once left the fingerprint unchanged: "up to date").
#[cfg(unix)]
#[test]
fn an_edit_behind_a_linked_content_folder_is_built() {
    let site = Site::new("basic");
    fs::rename(site.root.join("content/pages"), site.root.join("content/shared-pages")).unwrap();
    std::os::unix::fs::symlink("shared-pages", site.root.join("content/pages")).unwrap();
    site.build_ok(&[]);
    assert!(
        texts(&site.html("about/index.html"), "p").iter().any(|t| t == "本站是区域化党建信息平台。"),
        "the page behind the link is built"
    );
    let about = site.root.join("content/shared-pages/about.md");
    fs::write(&about, fs::read_to_string(&about).unwrap().replace("信息平台。", "信息平台，每月更新。")).unwrap();
    let out = site.build_ok(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("其中 0 个有更新）"), "the edit was not built: {stdout}");
    let page = site.html("about/index.html");
    assert!(texts(&page, "p").iter().any(|t| t == "本站是区域化党建信息平台，每月更新。"), "{:?}", texts(&page, "p"));
}

/// The web pages a build reports (`共 M 个网页`) are those made from templates (HTML, feeds, the
/// sitemap): not copied files, and not the dashboard's CSV downloads.
#[test]
fn the_page_count_leaves_out_csv_downloads() {
    let site = Site::new("regional");
    let pages_in = |stdout: &str| -> usize {
        // `已生成网站：N 篇报道、党课和页面，共 M 个网页（…）`: M.
        let (head, _) = stdout.split_once(" 个网页").unwrap_or_else(|| panic!("{stdout}"));
        head.rsplit(' ').next().unwrap().parse().unwrap()
    };
    let out = site.build_ok(&[]);
    let files = snapshot(&site.public());
    let csv = files.keys().filter(|p| p.ends_with(".csv")).count();
    assert!(csv > 0, "the regional site has dashboard CSV files");
    // Every page is one HTML or XML file; no copied file of this site is either.
    let pages = files.keys().filter(|p| p.ends_with(".html") || p.ends_with(".xml")).count();
    assert_eq!(pages_in(&String::from_utf8_lossy(&out.stdout)), pages);
    // A build with nothing to do says the same.
    let again = site.build_ok(&[]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("其中 0 个有更新）"), "{stdout}");
    assert_eq!(pages_in(&stdout), pages);
}

#[test]
fn a_rebuild_repairs_hand_edits_and_drops_pages_of_deleted_files() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    let stray = site.public().join("about/index.html");
    assert!(stray.exists());
    fs::remove_file(site.root.join("content/pages/about.md")).unwrap();
    site.build_ok(&[]);
    assert!(!stray.exists(), "the page of a deleted file stays");
    let page = site.public().join("reports/2026-05-01-beta/index.html");
    let good = fs::read(&page).unwrap();
    fs::write(&page, "edited by hand").unwrap();
    let out = site.build_ok(&[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("其中 1 个有更新）"), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(fs::read(&page).unwrap(), good);
    // A public/ replaced by a copy is not trusted to the manifest: the copy
    // is compared byte for byte and still gives the same output.
    let copy = site.tmp.path().join("copy");
    crate::common::copy_dir(&site.public(), &copy);
    fs::remove_dir_all(site.public()).unwrap();
    fs::rename(&copy, site.public()).unwrap();
    fs::write(&page, "edited again").unwrap();
    site.build_ok(&[]);
    assert_eq!(fs::read(&page).unwrap(), good);
}

#[test]
fn a_failing_build_leaves_the_previous_output_untouched() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    let before = snapshot(&site.public());
    site.write(
        "content/reports/2026/bad.md",
        "---\ntitle: 坏\ndate: 2026-13-45\nregion: alpah\nmode: 活动共办\n---\n\n[x](@/reports/nope.md)\n",
    );
    let out = site.build(&["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Every problem, each located.
    assert!(stderr.contains("content/reports/2026/bad.md:3:7: error[invalid-date]"), "{stderr}");
    assert!(stderr.contains("content/reports/2026/bad.md:4:9: error[unknown-region]"), "{stderr}");
    assert!(stderr.contains("did you mean `alpha`?"), "{stderr}");
    assert!(stderr.contains("content/reports/2026/bad.md:8:1: error[broken-link]"), "{stderr}");
    assert_eq!(snapshot(&site.public()), before);
    let left = leftovers(&site.root);
    assert!(left.is_empty(), "staging directory left behind: {left:?}");
}

#[test]
fn two_files_claiming_one_url_is_an_error_naming_both() {
    let site = Site::new("basic");
    site.write("content/reports/2026/other.md", "---\ntitle: 重复\ndate: 2026-01-01\nregion: alpha\nslug: joint-research\n---\n\n正文\n");
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("duplicate-url"), "{stderr}");
    assert!(stderr.contains("2026-04-10-joint.md") && stderr.contains("other.md"), "{stderr}");
}

#[test]
fn links_to_drafts_and_unknown_anchors_are_errors() {
    let site = Site::new("basic");
    site.write("content/reports/2026/links.md", "---\ntitle: 链接\ndate: 2026-01-01\nregion: alpha\n---\n\n[d](2026-06-01-draft.md)\n\n[a](@/reports/2025/2025-11-20-study.md#没有)\n");
    let out = site.build(&["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("links.md:7:1: error[link-to-draft]"), "{stderr}");
    assert!(stderr.contains("links.md:9:1: error[unknown-anchor]"), "{stderr}");
}

#[test]
fn sub_path_base_url_links_resolve() {
    let site = Site::new("basic");
    site.build_ok(&["--base-url", "https://host.example/party/"]);
    let n = assert_links_resolve(&site.public(), Some("/party/"));
    assert!(n > 100, "only {n} links checked");
    let feed = fs::read_to_string(site.public().join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let links: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("link")).filter_map(|n| n.attribute("href")).collect();
    assert!(!links.is_empty());
    assert!(links.iter().all(|l| l.starts_with("https://host.example/party/")), "{links:?}");
}

#[test]
fn relative_urls_work_from_any_folder() {
    let site = Site::new("basic");
    site.set_config("relative_urls: true\n");
    site.build_ok(&[]);
    let n = assert_links_resolve(&site.public(), None);
    assert!(n > 100, "only {n} links checked");
}

#[test]
fn feeds_and_sitemap_are_valid_xml_with_absolute_urls() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    for f in ["atom.xml", "regions/alpha/atom.xml"] {
        let text = fs::read_to_string(site.public().join(f)).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "feed");
        assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
        let ids: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("id")).filter_map(|n| n.text()).collect();
        assert!(ids.iter().all(|i| i.starts_with("https://intranet.example/")), "{ids:?}");
    }
    let text = fs::read_to_string(site.public().join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("entry")).count(), 5, "4 reports and 1 class");
    let sitemap = fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(locs.contains(&"https://intranet.example/reports/joint-research/"));
    assert!(locs.iter().all(|l| l.starts_with("https://intranet.example/")));
}

#[test]
fn refuses_an_output_folder_that_would_destroy_sources() {
    let site = Site::new("basic");
    for bad in [site.root.clone(), site.root.join("content/out")] {
        let out = site.build(&["--output", bad.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", bad.display());
        let found = crate::common::diagnostics(&String::from_utf8_lossy(&out.stderr));
        assert_eq!(found.iter().map(|d| d.2.as_str()).collect::<Vec<_>>(), ["output-refused"]);
    }
    assert!(site.root.join("content/reports/2026/2026-03-02-safety.md").is_file());
}

#[test]
fn a_site_theme_overrides_single_templates_and_strings() {
    let site = Site::new("basic");
    site.write("themes/default/templates/404.html", "<!doctype html><title>x</title><h1>自定义 404 {{ site.title }}</h1>");
    site.build_ok(&[]);
    assert_eq!(texts(&site.html("404.html"), "h1"), ["自定义 404 测试站点"]);
    // Other templates still come from the built-in theme.
    assert_eq!(texts(&site.html("about/index.html"), "h1"), ["关于本站"]);
}

#[test]
fn english_ui_strings_are_shipped() {
    let site = Site::new("basic");
    site.set_config("language: en\n");
    site.build_ok(&[]);
    let home = site.html("index.html");
    assert_eq!(attrs(&home, "html", "lang"), ["en"]);
    let nav = texts(&home, "nav a").join(" ");
    assert!(nav.contains("Reports") || nav.contains("Home"), "{nav}");
}

#[test]
fn static_files_are_copied_and_site_static_wins() {
    let site = Site::new("basic");
    site.write("static/files/notice.txt", "通知");
    site.write("static/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.build_ok(&[]);
    assert_eq!(fs::read_to_string(site.public().join("files/notice.txt")).unwrap(), "通知");
    assert_eq!(fs::read_to_string(site.public().join("favicon.svg")).unwrap(), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
}

#[test]
fn the_example_site_builds_without_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(tmp.path().join("public"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.trim().is_empty(), "warnings:\n{stderr}");
    let public = tmp.path().join("public");
    assert!(assert_links_resolve(&public, Some("/")) > 1000);
}

/// What the benchmarks rely on: a seed gives the same files, byte for byte,
/// in every format; another seed gives another corpus.
#[test]
fn a_corpus_seed_always_gives_the_same_files() {
    use crate::common::corpus::{Format, Options, generate};
    let tmp = tempfile::tempdir().unwrap();
    // 30 regions: the last six are named after the first cities again. The
    // native site has 30 problem records and, for each of its three years,
    // an assessment and an honours file.
    for (format, files) in
        [(Format::Native, 1 + 30 + 120 + 12 + 30 + 2 * 3), (Format::Hugo, 1 + 5 + 2 + 120 + 12), (Format::Zola, 1 + 6 + 2 * 4 + 120 + 12)]
    {
        let opts = Options { reports: 120, classes: 12, regions: 30, seed: 11, format, photos_every: 0 };
        let [a, b, other] = ["a", "b", "other"].map(|n| tmp.path().join(format!("{format:?}-{n}")));
        generate(&a, &opts).unwrap();
        generate(&b, &opts).unwrap();
        generate(&other, &Options { seed: 12, ..opts.clone() }).unwrap();
        let first = snapshot(&a);
        assert_eq!(first.len(), files, "{format:?}: {:?}", first.keys().collect::<Vec<_>>());
        assert!(first == snapshot(&b), "{format:?}: one seed gave two different corpora");
        assert!(first != snapshot(&other), "{format:?}: two seeds gave the same corpus");
    }
}

/// The whole of a tiny corpus, pinned: it must come out the same on every
/// platform, and a change to the generator or to its random stream shows
/// here as a snapshot diff.
#[test]
fn a_tiny_generated_corpus_is_pinned() {
    let tmp = tempfile::tempdir().unwrap();
    let opts = crate::common::corpus::Options { reports: 3, classes: 1, regions: 2, ..Default::default() };
    let root = tmp.path().join("corpus");
    crate::common::corpus::generate(&root, &opts).unwrap();
    let files: Vec<String> =
        snapshot(&root).into_iter().map(|(path, bytes)| format!("==> {path} <==\n{}", String::from_utf8(bytes).unwrap())).collect();
    insta::assert_snapshot!(files.join("\n"));
}

#[test]
fn a_generated_corpus_of_300_reports_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    crate::common::generate_corpus(&root, 300, 40);
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress")).args(["build", "--root"]).arg(&root).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.trim().is_empty(), "diagnostics on a generated corpus:\n{stderr}");
    let reports =
        fs::read_dir(root.join("public/reports")).unwrap().filter_map(|e| e.ok()).filter(|e| e.path().join("index.html").is_file()).count();
    // The corpus's site requires review: a draft or a report not approved is not published.
    let withheld = walkdir::WalkDir::new(root.join("content/reports"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| fs::read_to_string(e.path()).unwrap())
        .filter(|text| text.contains("\ndraft: true\n") || !text.contains("\nreview: 已审\n"))
        .count();
    assert!(withheld > 0 && withheld < 30, "{withheld} reports not published");
    // Every published report has its page (plus reports/index.html's folder is not counted).
    assert_eq!(reports, 300 - withheld);
    assert_links_resolve(&root.join("public"), Some("/party/"));
    // A long list links a window of its pages, not all of them.
    let pages = fs::read_dir(root.join("public/reports/page")).unwrap().count() + 1;
    assert!(pages >= 10, "{pages} list pages");
    let html = Html::parse_document(&fs::read_to_string(root.join("public/reports/page/6/index.html")).unwrap());
    let sel = scraper::Selector::parse(".paginator li").unwrap();
    let items: Vec<String> = html.select(&sel).map(|li| li.text().collect::<String>().trim().to_string()).skip(1).collect();
    let last = pages.to_string();
    let numbers: Vec<&str> = items[..items.len() - 1].iter().map(|s| s.as_str()).collect();
    assert_eq!(numbers, ["1", "…", "4", "5", "6", "7", "8", "…", last.as_str()]);
}
