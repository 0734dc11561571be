//! Hostile content: every string a writer controls (front-matter titles,
//! summaries, tags, unit names, region profiles, lecturers, material titles,
//! Markdown bodies with raw HTML) is escaped or sanitized wherever it lands.
//! The output is parsed with an HTML parser (and the feeds with an XML
//! parser), and no script element, event handler or script URL may come
//! from content.

use std::fs;
use std::path::Path;

use crate::common::{Site, texts};
use scraper::{Html, Selector};

const TITLE: &str =
    r#"=HYPERLINK("http://evil")<script>alert("t")</script><img src=x onerror=alert(1)>"' onmouseover='x' {{ 1 + 1 }} {% raw %}"#;
const ATTR: &str = r#"" onmouseover="alert(1)" x=""#;

fn hostile_site(trusted: bool) -> Site {
    let site = Site::new("basic");
    if trusted {
        site.set_config("markdown: { raw_html: trusted }\n");
    }
    let yaml = |s: &str| serde_json::to_string(s).unwrap(); // JSON strings are YAML strings
    site.write(
        "content/regions/evil.yaml",
        &format!(
            "name: {}\nshort_name: {}\nleader: {}\nsummary: {}\ndescription: |\n  <script>alert('desc')</script>\n  <img src=x onerror=alert(2)> [x](javascript:alert(3))\nbrand:\n  name: {}\n  slogan: {}\n  feature: {}\n  color: \"#123456\"\nunits:\n  - name: {}\n    kind: project\n",
            yaml(&format!("{TITLE}片区")),
            yaml(ATTR),
            yaml("<b onclick=x>组长</b>"),
            yaml("<script>alert('summary')</script>"),
            yaml("<svg onload=alert(1)>"),
            yaml(ATTR),
            yaml("</style><script>alert(1)</script>"),
            yaml("<svg/onload=alert('unit')>项目部"),
        ),
    );
    site.write(
        "content/reports/2026/2026-05-20-evil.md",
        &format!(
            "---\ntitle: {}\ndate: 2026-05-20\nregion: [evil, alpha]\nunits: [{}]\ntags: [{}, {}, {}]\nsummary: {}\nauthor: {}\nslug: {}\n---\n\n{}",
            yaml(TITLE),
            yaml("<svg/onload=alert('unit')>项目部"),
            yaml("<b onclick=x>标签</b>"),
            yaml("javascript:alert(1)"),
            yaml(ATTR),
            yaml("摘要 <script>alert('summary')</script> <a href=\"javascript:alert(1)\">x</a>"),
            yaml(ATTR),
            yaml("\"><script>alert(1)</script>"),
            BODY
        ),
    );
    // The file the body's raw `<img src=x …>` names: a link to a missing
    // file is an error of its own, and these tests are about what the
    // page lets through.
    for dir in ["classes/2026", "reports/2026", "pages"] {
        site.write(&format!("content/{dir}/x"), "x");
    }
    site.write(
        "content/classes/2026/2026-05-21-evil.md",
        &format!(
            "---\ntitle: {}\ndate: 2026-05-21\nregion: evil\nlecturer: {}\nlecturer_title: {}\nmaterials:\n  - {{ title: {}, url: {} }}\n---\n\n{}",
            yaml(TITLE),
            yaml("<iframe src=javascript:alert(1)>"),
            yaml(ATTR),
            yaml("<script>alert('material')</script>"),
            yaml("https://intranet.example/v/\"><script>alert(1)</script>"),
            BODY
        ),
    );
    site.write("content/pages/evil.md", &format!("---\ntitle: {}\n---\n\n{BODY}", yaml(TITLE)));
    site
}

const BODY: &str = r#"<script>alert("body")</script>

<a href="javascript:alert(1)" onclick="alert(2)">a</a> <img src=x onerror=alert(3)>

<svg><script>alert(4)</script></svg> <iframe src="https://evil.example/"></iframe>

<form action="javascript:alert(5)"><button formaction="javascript:alert(6)">b</button></form>

<div style="background:url(javascript:alert(7))" onmouseover="alert(8)">d</div>

[md](javascript:alert(9)) [md2](JaVaScRiPt:alert(10)) [md3](java&#09;script:alert(11)) <javascript:alert(12)>

[ref][r] ![img](javascript:alert(13))

[r]: vbscript:alert(14)

## 标题 {#x}

<details open ontoggle="alert(15)"><summary>s</summary></details>

<math><mtext><table><mglyph><style><img src=x onerror=alert(16)></style></mglyph></table></mtext></math>
"#;

fn is_script_url(v: &str) -> bool {
    let v: String = v.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    v.starts_with("javascript:") || v.starts_with("vbscript:") || v.starts_with("data:text")
}

/// Problems in one HTML document: scripts that are not the theme's own,
/// handlers, script URLs, frames.
/// The theme's own scripts (`/theme.js`, `/sortable.js`, …): the only scripts a page may load.
fn theme_scripts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".js"))
        .map(|n| format!("/{n}"))
        .collect();
    out.sort();
    out
}

fn problems(doc: &Html) -> Vec<String> {
    let allowed = theme_scripts();
    let is_theme_script = |src: &str| allowed.iter().any(|a| src.split('?').next() == Some(a.as_str()));
    let mut out = Vec::new();
    for el in doc.select(&Selector::parse("*").unwrap()) {
        let v = el.value();
        if v.name() == "script" && (v.attr("src").is_none_or(|s| !is_theme_script(s)) || el.text().next().is_some()) {
            out.push(format!("script element: {}", el.html()));
        }
        // The theme's own search forms (header box, search page) submit `q` to the site's search page.
        let search_form = v.name() == "form"
            && v.attr("role") == Some("search")
            && v.attr("action").is_some_and(|a| a.ends_with("/search/") || a.ends_with("search/index.html"));
        if ["iframe", "object", "embed", "frame", "form", "base"].contains(&v.name()) && !search_form {
            out.push(format!("{} element", v.name()));
        }
        for (name, value) in v.attrs() {
            if name.to_ascii_lowercase().starts_with("on") {
                out.push(format!("handler {name}=\"{value}\" on <{}>", v.name()));
            }
            if ["href", "src", "action", "formaction", "xlink:href", "poster", "data"].contains(&name) && is_script_url(value) {
                out.push(format!("script URL {name}=\"{value}\" on <{}>", v.name()));
            }
        }
    }
    out
}

fn html_files(public: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn no_script_handler_or_script_url_comes_from_content() {
    let site = hostile_site(false);
    let out = site.build(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = site.public();
    let files = html_files(&public);
    assert!(files.len() > 20);
    let mut all = Vec::new();
    for f in &files {
        let doc = Html::parse_document(&fs::read_to_string(f).unwrap());
        for p in problems(&doc) {
            all.push(format!("{}: {p}", f.strip_prefix(&public).unwrap().display()));
        }
    }
    assert!(all.is_empty(), "content reached the page unescaped:\n{}", all.join("\n"));

    // Escaped, not dropped: the title reads back as the writer typed it, and
    // template syntax in content is text, never evaluated.
    let report = site.html("reports/script-alert-1-script/index.html");
    assert_eq!(texts(&report, "h1"), [TITLE]);
    let title_el = texts(&report, "title").join("");
    assert!(title_el.contains("{{ 1 + 1 }}"), "{title_el}");
    let region = site.html("regions/evil/index.html");
    assert!(texts(&region, "h1").join("").contains(&format!("{TITLE}片区")));
    let units = texts(&region, "main").join(" ");
    assert!(units.contains("<svg/onload=alert('unit')>项目部"), "{units}");
    let tags = site.html("tags/index.html");
    assert!(texts(&tags, "main a").iter().any(|t| t.contains("<b onclick=x>标签</b>")));
}

#[test]
fn feeds_and_sitemap_stay_well_formed_and_inert() {
    let site = hostile_site(false);
    // Characters XML 1.0 forbids even when escaped (a pasted backspace).
    site.write(
        "content/reports/2026/2026-05-22-control.md",
        "---\ntitle: \"退格\\b字符\\u000b\"\ndate: 2026-05-22\nregion: alpha\n---\n\n正文\u{b}里有控制字符。\n",
    );
    let out = site.build(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let atom = fs::read_to_string(site.public().join("atom.xml")).unwrap();
    assert!(atom.contains("退格字符"), "the report with control characters is in the feed, without them");
    for feed in ["atom.xml", "regions/evil/atom.xml", "sitemap.xml"] {
        let text = fs::read_to_string(site.public().join(feed)).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed} is not well-formed XML: {e}"));
        for node in doc.descendants().filter(|n| n.is_element()) {
            assert!(node.tag_name().namespace().is_none_or(|ns| ns == "http://www.w3.org/2005/Atom" || ns.contains("sitemaps")));
            if node.has_tag_name("title") && node.text().is_some_and(|t| t.starts_with("=HYPERLINK")) {
                assert!(node.text().unwrap().starts_with(TITLE), "{feed}: the title must round-trip as text");
            }
            // Entry content is escaped HTML: parse it and apply the page rules.
            if node.has_tag_name("content") {
                let inner = Html::parse_fragment(node.text().unwrap_or_default());
                let p = problems(&inner);
                assert!(p.is_empty(), "{feed}: {p:?}");
            }
        }
    }
}

#[test]
fn trusted_raw_html_is_passed_through_but_front_matter_is_still_escaped() {
    let site = hostile_site(true);
    let out = site.build(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = site.html("evil/index.html");
    // The body's raw HTML is the writer's own, as configured...
    assert!(page.select(&Selector::parse("main script").unwrap()).next().is_some(), "raw_html: trusted did not pass HTML through");
    // ...but front-matter strings are still text.
    assert_eq!(texts(&page, "h1"), [TITLE]);
    let report = site.html("reports/script-alert-1-script/index.html");
    assert!(report.select(&Selector::parse("h1 *").unwrap()).next().is_none(), "markup in the title became elements");
}

#[test]
fn script_urls_in_class_materials_are_refused() {
    let site = Site::new("basic");
    site.write(
        "content/classes/2026/2026-05-21-link.md",
        "---\ntitle: 链接\ndate: 2026-05-21\nregion: alpha\nlecturer: 李华\nmaterials:\n  - { title: 录像, url: \"javascript:alert(1)\" }\n---\n",
    );
    let out = site.build(&["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2026-05-21-link.md:7:24: error[unsafe-url]"), "{stderr}");
}

/// Regression: the Atom template printed a summary's HTML unescaped, so a
/// summary holding an image (`<img …>` is not closed) made the feed invalid XML.
#[test]
fn regression_summary_with_an_image_broke_the_atom_feed() {
    let site = Site::new("basic");
    site.write(
        "content/reports/2026/2026-05-30-photo.md",
        "---\ntitle: 图片摘要\ndate: 2026-05-30\nregion: alpha\n---\n\n现场照片：![现场](site.svg)<br>\n",
    );
    site.build_ok(&[]);
    let text = fs::read_to_string(site.public().join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("atom.xml is well-formed");
    let summary = doc.descendants().find(|n| n.has_tag_name("summary") && n.text().is_some_and(|t| t.contains("现场照片"))).unwrap();
    // HTML carried as text, escaped once, with absolute links like the content.
    assert!(
        summary.text().unwrap().contains("<img src=\"https://intranet.example/reports/2026-05-30-photo/site.svg\""),
        "{:?}",
        summary.text()
    );
}

/// A base URL with characters that mean something in HTML and XML. The
/// normalized form percent-encodes `"` and `<` (a URL may not hold them
/// raw) and keeps `&` and `'`, which every writer then escapes.
const HOSTILE_BASE: &str = "https://Intranet.example/p&q'r\"s<t";
const HOSTILE_BASE_NORMALIZED: &str = "https://intranet.example/p&q'r%22s%3Ct/";
const HOSTILE_BASE_PATH: &str = "/p&q'r%22s%3Ct/";

/// Every page, feed, the sitemap and robots.txt of a site built with
/// `base_url` (from site.yaml or `--base-url`) `HOSTILE_BASE`: the parsers
/// read back exactly the normalized URL, and no attribute was broken open.
fn assert_base_url_written_escaped(site: &Site) {
    let public = site.public();
    let files = html_files(&public);
    assert!(files.len() > 20);
    let scripts = theme_scripts();
    let linked = Selector::parse("[href], [src], [action]").unwrap();
    for f in &files {
        let doc = Html::parse_document(&fs::read_to_string(f).unwrap());
        let mut seen = 0;
        for el in doc.select(&linked) {
            let v = el.value();
            let url = v.attr("href").or(v.attr("src")).or(v.attr("action")).unwrap();
            // Site links carry the prefix, read back whole by the parser.
            if url.starts_with('/') {
                assert!(url.starts_with(HOSTILE_BASE_PATH), "{}: {url}", f.display());
                seen += 1;
            }
            if v.name() == "script" {
                let own = url.strip_prefix(HOSTILE_BASE_PATH).map(|s| format!("/{}", s.split('?').next().unwrap()));
                assert!(own.is_some_and(|s| scripts.contains(&s)), "{}: script {url}", f.display());
            }
            // No attribute was broken open: only ordinary names.
            for (name, _) in v.attrs() {
                assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}: attribute {name} on {}", f.display(), el.html());
            }
        }
        assert!(seen > 3, "{}", f.display());
    }
    for feed in ["atom.xml", "regions/alpha/atom.xml"] {
        let text = fs::read_to_string(public.join(feed)).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed} is not well-formed XML: {e}"));
        let own = doc.descendants().find(|n| n.has_tag_name("link") && n.attribute("rel") == Some("self")).unwrap();
        assert_eq!(own.attribute("href"), Some(format!("{HOSTILE_BASE_NORMALIZED}{feed}").as_str()));
        for content in doc.descendants().filter(|n| n.has_tag_name("content")) {
            let inner = Html::parse_fragment(content.text().unwrap_or_default());
            for a in inner.select(&Selector::parse("[href], [src]").unwrap()) {
                let url = a.value().attr("href").or(a.value().attr("src")).unwrap();
                assert!(!url.starts_with('/') && !url.contains("intranet.example/p&q'r\""), "{feed}: {url}");
            }
        }
    }
    let sitemap = fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed");
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(!locs.is_empty() && locs.iter().all(|l| l.starts_with(HOSTILE_BASE_NORMALIZED)), "{locs:?}");
    let robots = fs::read_to_string(public.join("robots.txt")).unwrap();
    let sitemap_lines: Vec<&str> = robots.lines().filter(|l| l.starts_with("Sitemap:")).collect();
    assert_eq!(sitemap_lines, [format!("Sitemap: {HOSTILE_BASE_NORMALIZED}sitemap.xml").as_str()]);
}

fn with_base_url(site: &Site, line: &str) {
    let path = site.root.join("site.yaml");
    let cfg = fs::read_to_string(&path).unwrap();
    let kept: String = cfg.lines().filter(|l| !l.starts_with("base_url:")).map(|l| format!("{l}\n")).collect();
    fs::write(path, format!("{kept}{line}")).unwrap();
}

#[test]
fn base_url_is_written_escaped_everywhere() {
    let site = Site::new("basic");
    with_base_url(&site, &format!("base_url: {}\n", serde_json::to_string(HOSTILE_BASE).unwrap()));
    site.build_ok(&[]);
    assert_base_url_written_escaped(&site);

    let site = Site::new("basic");
    site.build_ok(&["--base-url", HOSTILE_BASE]);
    assert_base_url_written_escaped(&site);
}

#[test]
fn protocol_relative_and_script_base_urls_are_refused() {
    for bad in ["//evil.example/", "/\\evil.example/", "javascript:alert(1)//", "https:///x/"] {
        let site = Site::new("basic");
        with_base_url(&site, &format!("base_url: {}\n", serde_json::to_string(bad).unwrap()));
        let out = site.build(&["--lang", "en"]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("site.yaml:4:11: error[config-base-url]"), "{bad}: {stderr}");
        assert!(!site.public().exists());

        let site = Site::new("basic");
        let out = site.build(&["--lang", "en", "--base-url", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--base-url: error[config-base-url]"), "{bad}");
    }
}
