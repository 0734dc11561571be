//! Every link checked, whatever its form. Links that
//! start with `/` (to pages, regions, anchors, files), the sub-path
//! prefix of a `base_url` taken once and never doubled, raw HTML
//! `href`/`src`, links to pages a build does not publish, and images
//! without alt text. Diagnostics are read as JSON Lines, pages with an
//! HTML parser.

use std::process::{Command, Output};

use crate::common::Site;
use scraper::Selector;

/// The valid check site with an about page (headings 地址, `{#hotline}`)
/// and the report `content/reports/2026/links.md` (slug `links`) whose
/// body is `body`.
fn site_with(body: &str) -> Site {
    let site = Site::new("check-base");
    site.write("content/pages/about.md", "---\ntitle: 关于我们\n---\n\n## 地址\n\n成都市。\n\n## 热线 {#hotline}\n\n电话。\n");
    site.write(
        "content/reports/2026/links.md",
        &format!(
            "---\ntitle: 链接检查\ndate: 2026-03-05\nregion: alpha\nmode: 活动共办\nunits: [甲一项目部]\nparticipants: 12\nslug: links\n---\n\n{body}\n"
        ),
    );
    site
}

fn check(site: &Site, args: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_regionpress");
    Command::new(bin).arg("check").arg("--root").arg(&site.root).args(["--format", "json"]).args(args).output().unwrap()
}

/// (path, line, column, severity, code) of every diagnostic.
fn found(out: &Output) -> Vec<(String, u64, u64, String, String)> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"));
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (s("path"), v["line"].as_u64().unwrap(), v["column"].as_u64().unwrap(), s("severity"), s("code"))
        })
        .collect()
}

/// The hint of the first diagnostic with `code`.
fn hint_of(out: &Output, code: &str) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["code"] == code)
        .map(|v| v["hint"].as_str().unwrap_or_default().to_string())
        .unwrap_or_else(|| panic!("no {code}"))
}

const REPORT: &str = "content/reports/2026/links.md";
/// The file line of the body's first line (after the 9 lines of front matter and a blank line).
const BODY: u64 = 11;

#[test]
fn each_broken_link_fails_check_strict_at_its_line_and_column() {
    let cases: &[(&str, u64, &str)] = &[
        ("正文 [x](/reports/2026/no-such-page/)", 4, "broken-link"),
        ("正文 [关于](/about/#联系方式)", 4, "unknown-anchor"),
        ("正文 [片区](/regions/nosuch/)", 4, "unknown-region-link"),
        // Raw HTML: located at the value.
        ("正文 <img src=\"x.png\" alt=\"照片\">", 14, "missing-asset"),
        ("正文 <img src=\"/uploads/x.png\" alt=\"照片\">", 14, "missing-asset"),
        ("正文 <a href=\"/about/#nothing\">关于</a>", 13, "unknown-anchor"),
        ("正文 <a href=\"@/pages/nosuch.md\">关于</a>", 13, "broken-link"),
    ];
    for &(body, column, code) in cases {
        let site = site_with(body);
        let out = check(&site, &["--strict"]);
        assert_eq!(out.status.code(), Some(1), "{body}: {}", String::from_utf8_lossy(&out.stderr));
        let all = found(&out);
        assert_eq!(all, [(REPORT.to_string(), BODY, column, "error".to_string(), code.to_string())], "{body}");
    }
}

#[test]
fn links_that_resolve_pass_and_hints_name_the_fix() {
    let site = site_with(
        "[关于](/about/) [热线](/about/#hotline) [地址](/about#地址) [片区](/regions/alpha/) [首页](/) [报道](/reports/) [本页](/reports/links/#小节)\n\n## 小节\n",
    );
    let out = check(&site, &["--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));

    let site = site_with("[关于](/about/#联系) [片区](/regions/alpah/) [x](/party/about/)");
    let out = check(&site, &[]);
    let codes: Vec<String> = found(&out).into_iter().map(|f| f.4).collect();
    assert_eq!(codes, ["unknown-anchor", "unknown-region-link", "broken-link"]);
    assert!(hint_of(&out, "unknown-region-link").contains("/regions/alpha/"));
    // On a site at the domain's root, a link copied from a sub-path site.
    assert!(hint_of(&out, "broken-link").contains("/party"), "{}", hint_of(&out, "broken-link"));
}

#[test]
fn a_sub_path_prefix_is_taken_once_never_doubled() {
    let site = site_with(
        "[甲](/party/about/) [乙](/about/) [丙](/party/about/#hotline) <a href=\"/party/regions/alpha/\">片区</a> <a href=\"@/pages/about.md\">关于</a>",
    );
    let cfg = std::fs::read_to_string(site.root.join("site.yaml"))
        .unwrap()
        .replace("https://intranet.example/", "https://intranet.example/party/");
    std::fs::write(site.root.join("site.yaml"), cfg).unwrap();
    let out = check(&site, &["--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    site.build_ok(&[]);
    let page = site.html("reports/links/index.html");
    let body = Selector::parse(".prose a").unwrap();
    let hrefs: Vec<&str> = page.select(&body).filter_map(|a| a.value().attr("href")).collect();
    for want in ["/party/about/", "/party/about/#hotline", "/party/regions/alpha/"] {
        assert!(hrefs.contains(&want), "{want} not in {hrefs:?}");
    }
    assert_eq!(hrefs.iter().filter(|h| **h == "/party/about/").count(), 3, "{hrefs:?}");
    assert!(hrefs.iter().all(|h| !h.contains("/party/party/")), "{hrefs:?}");
    // Built at another address (as the dev server does), the links written
    // with site.yaml's prefix still work, without it.
    std::fs::remove_dir_all(site.public()).unwrap();
    site.build_ok(&["--base-url", "http://127.0.0.1:1111/"]);
    let page = site.html("reports/links/index.html");
    let hrefs: Vec<&str> = page.select(&body).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(hrefs.iter().filter(|h| **h == "/about/").count(), 3, "{hrefs:?}");
    assert!(hrefs.contains(&"/regions/alpha/"), "{hrefs:?}");
}

#[test]
fn raw_html_links_are_rewritten_like_markdown_links() {
    let site = site_with("<p>材料：<a href=\"plan.pdf\">方案</a>，见<a\n  href=\"@/pages/about.md#hotline\">热线</a>。</p>");
    std::fs::write(site.root.join("content/reports/2026/plan.pdf"), b"%PDF-1.4\n").unwrap();
    let out = check(&site, &["--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    site.build_ok(&[]);
    let page = site.html("reports/links/index.html");
    let a = Selector::parse(".prose a").unwrap();
    let hrefs: Vec<&str> = page.select(&a).filter_map(|a| a.value().attr("href")).collect();
    assert!(hrefs.contains(&"/reports/links/plan.pdf"), "{hrefs:?}");
    assert!(hrefs.contains(&"/about/#hotline"), "{hrefs:?}");
    assert!(site.public().join("reports/links/plan.pdf").is_file());
}

#[test]
fn links_to_pages_a_build_does_not_publish_are_errors() {
    let site = site_with("[草稿](/draft/) [待审](/pending/)");
    site.write("content/pages/draft.md", "---\ntitle: 草稿\ndraft: true\n---\n\n草稿。\n");
    site.write("content/pages/pending.md", "---\ntitle: 待审页面\nreview: 待审\n---\n\n待审。\n");
    for page in [
        "content/reports/2026/links.md",
        "content/pages/about.md",
        "content/reports/2026/2026-03-02-safety.md",
        "content/classes/2026/2026-02-15-class.md",
    ] {
        let text = std::fs::read_to_string(site.root.join(page)).unwrap().replacen("---\n", "---\nreview: 已审\n", 1);
        std::fs::write(site.root.join(page), text).unwrap();
    }
    site.set_config("review:\n  required: true\n");
    let out = check(&site, &[]);
    let mine: Vec<(u64, u64, String)> =
        found(&out).into_iter().filter(|f| f.0 == REPORT && f.4.starts_with("link-to")).map(|f| (f.1, f.2, f.4)).collect();
    assert_eq!(mine, [(BODY + 1, 1, "link-to-draft".to_string()), (BODY + 1, 15, "link-to-unreviewed".to_string())]);
}

#[test]
fn images_without_alt_text_are_warnings() {
    let site = site_with("![](photo.pdf)\n\n<img src=\"photo.pdf\">\n\n![照片](photo.pdf) <img src=\"photo.pdf\" alt=\"\">");
    std::fs::write(site.root.join("content/reports/2026/photo.pdf"), b"%PDF-1.4\n").unwrap();
    let out = check(&site, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let all = found(&out);
    let warned: Vec<(u64, u64)> = all.iter().filter(|f| f.4 == "image-without-alt").map(|f| (f.1, f.2)).collect();
    assert_eq!(warned, [(BODY, 1), (BODY + 2, 1)], "{all:?}");
    assert_eq!(check(&site, &["--strict"]).status.code(), Some(1));
}

// Anchors into the pages templates make.

#[test]
fn anchors_into_generated_pages_are_checked_against_the_rendered_page() {
    let site = site_with("见[数字](/regions/alpha/#figures-heading)。\n\n见[甲](/regions/alpha/#没有这节)和[看板](/dashboard/#nope)。");
    let out = check(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    let errors: Vec<_> = found(&out).into_iter().filter(|f| f.3 == "error").collect();
    let at = |col| (REPORT.to_string(), BODY + 2, col, "error".to_string(), "unknown-anchor".to_string());
    assert_eq!(errors, vec![at(2), at(28)]);
    assert!(hint_of(&out, "unknown-anchor").contains("#figures-heading"), "{}", hint_of(&out, "unknown-anchor"));
    // build refuses the same links, writing nothing.
    let bin = env!("CARGO_BIN_EXE_regionpress");
    let build = Command::new(bin).arg("build").arg("--root").arg(&site.root).output().unwrap();
    assert_eq!(build.status.code(), Some(1), "{}", String::from_utf8_lossy(&build.stderr));
    assert!(!site.root.join("public").exists());
    // Each quotes its source line, as check does (a build has released the sources by then).
    let stderr = String::from_utf8_lossy(&build.stderr);
    let quoted = format!("{} | 见[甲](/regions/alpha/#没有这节)和[看板](/dashboard/#nope)。", BODY + 2);
    assert_eq!(stderr.lines().filter(|l| l.trim_start() == quoted).count(), 2, "{stderr}");
    // The anchor that passed is an id of the built page.
    site.write(
        REPORT,
        &std::fs::read_to_string(site.root.join(REPORT))
            .unwrap()
            .replace("见[甲](/regions/alpha/#没有这节)和[看板](/dashboard/#nope)。", ""),
    );
    let out = check(&site, &["--strict"]);
    assert_eq!(out.status.code(), Some(0), "{:?}", found(&out));
    let build = Command::new(bin).arg("build").arg("--root").arg(&site.root).output().unwrap();
    assert_eq!(build.status.code(), Some(0), "{}", String::from_utf8_lossy(&build.stderr));
    let html = scraper::Html::parse_document(&std::fs::read_to_string(site.root.join("public/regions/alpha/index.html")).unwrap());
    assert_eq!(html.select(&Selector::parse("#figures-heading").unwrap()).count(), 1);
}

/// `serve` refuses the same anchors as `check` and `build`, at the same
/// places, and serves the site again once they are mended.
#[test]
fn serve_checks_anchors_into_generated_pages_too() {
    use regionpress::serve::DevSite;
    let site = site_with("见[数字](/regions/alpha/#figures-heading)。");
    let mut dev = DevSite::new(&site.root, false, "http://127.0.0.1:1111/");
    dev.rebuild(None).unwrap();
    let report = site.root.join(REPORT);
    let good = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, good.replace("。\n", "。\n\n见[甲](/regions/alpha/#没有这节)和[看板](/dashboard/#nope)。\n")).unwrap();
    let errors = dev.rebuild(Some(std::slice::from_ref(&report))).unwrap_err().sorted();
    let located: Vec<(&str, usize, usize, &str)> = errors.iter().map(|d| (d.path.as_str(), d.line, d.column, d.code)).collect();
    let at = |col| (REPORT, BODY as usize + 2, col, "unknown-anchor");
    assert_eq!(located, [at(2), at(28)], "{errors:?}");
    std::fs::write(&report, good).unwrap();
    dev.rebuild(Some(std::slice::from_ref(&report))).unwrap();
    let page = dev.files().get("reports/links/index.html").cloned().expect("the report is served");
    let page = scraper::Html::parse_document(std::str::from_utf8(&page).unwrap());
    let hrefs: Vec<&str> = page.select(&Selector::parse("a[href]").unwrap()).filter_map(|a| a.value().attr("href")).collect();
    assert!(hrefs.contains(&"/regions/alpha/#figures-heading") && !hrefs.iter().any(|h| h.ends_with("#nope")), "{hrefs:?}");
}
