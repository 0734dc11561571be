//! What a build reads and publishes from the site's folders: only regular
//! files inside the right folder (no secrets behind symbolic links, no
//! hidden files, no hang on a FIFO), and assets as data, never as
//! documents that run scripts (linked HTML refused, SVG images cleaned).
//! Each test reproduces an attack on a site's files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::Site;

const TOKEN: &str = "ghp_SECRETTOKEN0123456789";

/// `check --format json --lang en`: exit code and (path, line, code) of every diagnostic.
fn check(root: &Path) -> (Option<i32>, Vec<(String, u64, String)>) {
    let out = run(Command::new(env!("CARGO_BIN_EXE_regionpress")).args(["check", "--format", "json", "--lang", "en", "--root"]).arg(root));
    let found = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["path"].as_str().unwrap().to_string(), v["line"].as_u64().unwrap(), v["code"].as_str().unwrap().to_string())
        })
        .collect();
    (out.status.code(), found)
}

fn has(found: &[(String, u64, String)], path: &str, code: &str) -> bool {
    found.iter().any(|(p, _, c)| p == path && c == code)
}

/// Runs `cmd`, killing it and failing the test if it has not exited
/// within 30 seconds (a build reading a FIFO used to wait forever).
fn run(cmd: &mut Command) -> Output {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after 30 s: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn build(site: &Site) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_regionpress")).arg("build").arg("--root").arg(&site.root))
}

/// Every file of the output, by path under it (none without an output).
fn published(site: &Site) -> Vec<(String, PathBuf)> {
    if !site.public().exists() {
        return Vec::new();
    }
    walkdir::WalkDir::new(site.public())
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(site.public()).unwrap().to_string_lossy().replace('\\', "/"), e.into_path()))
        .collect()
}

/// The one published file whose name is `name`.
fn published_file(site: &Site, name: &str) -> Option<PathBuf> {
    published(site).into_iter().find(|(rel, _)| rel.rsplit('/').next() == Some(name)).map(|(_, p)| p)
}

fn no_output_holds_the_token(site: &Site) {
    for (rel, path) in published(site) {
        let bytes = fs::read(&path).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains(TOKEN), "{rel} holds the secret");
    }
}

/// Appends a Markdown line to the basic fixture's report of 2026-03-02.
fn append_to_report(site: &Site, line: &str) {
    let report = site.root.join("content/reports/2026/2026-03-02-safety.md");
    let text = fs::read_to_string(&report).unwrap();
    fs::write(report, format!("{text}\n{line}\n")).unwrap();
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo {}", path.display());
}

// --- Symbolic links and hidden files -------------------------------------

/// `cfg.txt -> ../../../.git/config` plus `[dl](cfg.txt)` would publish
/// the repository's configuration (a CI clone keeps its token there).
#[cfg(unix)]
#[test]
fn a_content_symlink_into_git_publishes_nothing() {
    let site = Site::new("basic");
    site.write(".git/config", &format!("[remote \"origin\"]\n\turl = https://x-access-token:{TOKEN}@example.com/r.git\n"));
    std::os::unix::fs::symlink("../../../.git/config", site.root.join("content/reports/2026/cfg.txt")).unwrap();
    // Unlinked, the link is skipped with a warning and the site builds.
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(0), "{found:?}");
    assert!(has(&found, "content/reports/2026/cfg.txt", "symlink-dropped"), "{found:?}");
    assert!(build(&site).status.success());
    no_output_holds_the_token(&site);
    // Linked, the page's link is an error: nothing is published.
    append_to_report(&site, "[dl](cfg.txt)");
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(1));
    assert!(has(&found, "content/reports/2026/2026-03-02-safety.md", "missing-asset"), "{found:?}");
    let out = build(&site);
    assert_eq!(out.status.code(), Some(1));
    no_output_holds_the_token(&site);
}

/// A content link must stay inside `content/`, not merely inside the site:
/// `site.yaml`, the output or a folder beside `content/` are not content.
#[cfg(unix)]
#[test]
fn a_content_symlink_out_of_content_is_dropped_with_a_warning() {
    let site = Site::new("basic");
    site.write("notes/secret.txt", TOKEN);
    std::os::unix::fs::symlink("../../../notes/secret.txt", site.root.join("content/reports/2026/notes.txt")).unwrap();
    std::os::unix::fs::symlink("../../../site.yaml", site.root.join("content/reports/2026/site.txt")).unwrap();
    std::os::unix::fs::symlink("missing.txt", site.root.join("content/reports/2026/gone.txt")).unwrap();
    // A link inside content/ is followed.
    std::os::unix::fs::symlink("../2026/site.svg", site.root.join("content/reports/2025/site.svg")).unwrap();
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(0), "{found:?}");
    for link in ["notes.txt", "site.txt", "gone.txt"] {
        assert!(has(&found, &format!("content/reports/2026/{link}"), "symlink-dropped"), "{link}: {found:?}");
    }
    append_to_report(&site, "[a](notes.txt) [b](site.txt) ![c](../2025/site.svg)");
    let (_, found) = check(&site.root);
    let missing: Vec<_> = found.iter().filter(|(_, _, c)| c == "missing-asset").collect();
    assert_eq!(missing.len(), 2, "{found:?}");
    assert!(!found.iter().any(|(p, _, _)| p.contains("2025/site.svg")), "{found:?}");
}

/// A symbolic link in `static/` is never dropped without a word: one
/// inside `static/` is published; one out of it is skipped with a
/// warning; hidden files and folders are never published.
#[cfg(unix)]
#[test]
fn static_symlinks_are_followed_inside_static_and_reported_outside() {
    let site = Site::new("basic");
    site.write("static/files/guide.txt", "指南");
    site.write(".git/config", TOKEN);
    site.write("static/.env", TOKEN);
    site.write("static/.well-known/secret.txt", TOKEN);
    std::os::unix::fs::symlink("files/guide.txt", site.root.join("static/guide.txt")).unwrap();
    std::os::unix::fs::symlink("../.git/config", site.root.join("static/config.txt")).unwrap();
    std::os::unix::fs::symlink("../site.yaml", site.root.join("static/site.txt")).unwrap();
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(0), "{found:?}");
    assert!(has(&found, "static/config.txt", "symlink-dropped"), "{found:?}");
    assert!(has(&found, "static/site.txt", "symlink-dropped"), "{found:?}");
    assert!(!found.iter().any(|(p, _, _)| p.starts_with("static/guide") || p.starts_with("static/files")), "{found:?}");
    let out = build(&site);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(fs::read_to_string(site.public().join("guide.txt")).unwrap(), "指南");
    let files: Vec<String> = published(&site).into_iter().map(|(rel, _)| rel).collect();
    for absent in ["config.txt", "site.txt", ".env", ".well-known/secret.txt"] {
        assert!(!files.iter().any(|f| f == absent), "{absent} published");
    }
    no_output_holds_the_token(&site);
}

/// The dev server checks a link again when it changes: retargeted at
/// `.git/config` while serving, it is not served (the fast path for edits
/// of files the last walk saw once read it through the link).
#[cfg(unix)]
#[test]
fn a_content_symlink_retargeted_while_serving_is_checked_again() {
    let site = Site::new("basic");
    site.write(".git/config", TOKEN);
    site.write("content/reports/2026/notes.txt", "公开说明");
    let link = site.root.join("content/reports/2026/dl.txt");
    std::os::unix::fs::symlink("notes.txt", &link).unwrap();
    append_to_report(&site, "[dl](dl.txt)");
    let mut dev = regionpress::serve::DevSite::new(&site.root, false, "http://127.0.0.1:1111/");
    dev.rebuild(None).unwrap();
    let served = |dev: &regionpress::serve::DevSite| dev.files().into_iter().find(|(k, _)| k.ends_with("/dl.txt")).map(|(_, b)| b);
    assert_eq!(served(&dev).as_deref().map(Vec::as_slice), Some("公开说明".as_bytes()));
    fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("../../../.git/config", &link).unwrap();
    let errors = dev.rebuild(Some(std::slice::from_ref(&link))).unwrap_err();
    assert!(errors.iter().any(|d| d.code == "missing-asset"), "{errors:?}");
    assert!(errors.iter().any(|d| d.code == "symlink-dropped" && d.path == "content/reports/2026/dl.txt"), "{errors:?}");
    for (path, bytes) in dev.files() {
        assert!(!String::from_utf8_lossy(&bytes).contains(TOKEN), "{path} holds the secret");
    }
}

/// Hidden files of `content/` are never published, even when linked.
#[test]
fn hidden_content_files_are_never_published() {
    let site = Site::new("basic");
    site.write("content/reports/2026/.secret.txt", TOKEN);
    site.write("content/reports/2026/.private/data.txt", TOKEN);
    append_to_report(&site, "[a](.secret.txt) [b](.private/data.txt)");
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(1));
    assert_eq!(found.iter().filter(|(_, _, c)| c == "missing-asset").count(), 2, "{found:?}");
}

/// A large asset (copied by streaming, from a handle checked to be a
/// regular file) is published byte for byte.
#[test]
fn a_large_asset_is_published_whole() {
    let site = Site::new("basic");
    let bytes: Vec<u8> = (0..5u32 << 20).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    fs::write(site.root.join("content/reports/2026/scan.pdf"), &bytes).unwrap();
    append_to_report(&site, "[扫描件](scan.pdf)");
    assert!(build(&site).status.success());
    let published = published_file(&site, "scan.pdf").expect("scan.pdf published");
    assert!(fs::read(published).unwrap() == bytes);
}

// --- FIFOs, sockets and devices ------------------------------------------

/// A FIFO in `static/` would make `build` hang forever.
#[cfg(unix)]
#[test]
fn a_fifo_in_static_is_an_error_not_a_hang() {
    let site = Site::new("basic");
    mkfifo(&site.root.join("static/pipe.txt"));
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(1));
    assert!(has(&found, "static/pipe.txt", "not-a-file"), "{found:?}");
    let out = build(&site);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!site.public().exists());
}

/// A FIFO linked as an asset would make `build` hang forever.
#[cfg(unix)]
#[test]
fn a_fifo_as_a_linked_asset_is_an_error_not_a_hang() {
    let site = Site::new("basic");
    mkfifo(&site.root.join("content/reports/2026/pipe.svg"));
    mkfifo(&site.root.join("content/reports/2026/pipe.pdf"));
    append_to_report(&site, "![图](pipe.svg) [下载](pipe.pdf)");
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(1));
    assert!(has(&found, "content/reports/2026/pipe.svg", "not-a-file"), "{found:?}");
    assert!(has(&found, "content/reports/2026/pipe.pdf", "not-a-file"), "{found:?}");
    assert_eq!(build(&site).status.code(), Some(1));
    assert!(!site.public().exists());
}

/// A FIFO as `site.yaml` would make `build` hang forever.
#[cfg(unix)]
#[test]
fn a_fifo_as_site_yaml_is_an_error_not_a_hang() {
    let site = Site::new("basic");
    fs::remove_file(site.root.join("site.yaml")).unwrap();
    mkfifo(&site.root.join("site.yaml"));
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(1));
    assert!(has(&found, "site.yaml", "not-a-file"), "{found:?}");
    assert_eq!(build(&site).status.code(), Some(1));
    assert!(!site.public().exists());
}

/// FIFOs in the theme's folders and in `content/` are located errors too.
#[cfg(unix)]
#[test]
fn a_fifo_in_the_theme_or_content_is_an_error_not_a_hang() {
    let site = Site::new("basic");
    site.set_config("theme: mine\n");
    site.write("themes/mine/static/mine.css", "body{}");
    mkfifo(&site.root.join("themes/mine/static/pipe.css"));
    mkfifo(&site.root.join("themes/mine/templates/pipe.html"));
    mkfifo(&site.root.join("content/reports/2026/pipe.md"));
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(1));
    for fifo in ["themes/mine/static/pipe.css", "themes/mine/templates/pipe.html", "content/reports/2026/pipe.md"] {
        assert!(has(&found, fifo, "not-a-file"), "{fifo}: {found:?}");
    }
    assert_eq!(build(&site).status.code(), Some(1));
}

// --- Linked HTML ---------------------------------------------------------

/// A linked `.html` file would be published raw (its script
/// with it), around the cleaning of raw HTML. It is refused by default, at
/// the link, and allowed by `assets: { allow_html: true }`.
#[test]
fn linked_html_is_refused_unless_the_site_allows_it() {
    let site = Site::new("basic");
    site.write("content/reports/2026/page.html", "<html><body><script>alert(document.cookie)</script></body></html>");
    site.write("content/reports/2026/feed.XML", "<x xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></x>");
    append_to_report(&site, "[页面](page.html) [数据](feed.XML)");
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(1));
    let refused: Vec<_> = found.iter().filter(|(_, _, c)| c == "html-asset").collect();
    assert_eq!(refused.len(), 2, "{found:?}");
    assert!(refused.iter().all(|(p, line, _)| p == "content/reports/2026/2026-03-02-safety.md" && *line > 0), "{found:?}");
    assert_eq!(build(&site).status.code(), Some(1));
    assert!(published_file(&site, "page.html").is_none());

    site.set_config("assets:\n  allow_html: true\n");
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(0), "{found:?}");
    assert!(build(&site).status.success());
    assert!(published_file(&site, "page.html").is_some());
}

/// Covers, class materials and region logos may not be HTML either.
#[test]
fn html_covers_materials_and_logos_are_refused() {
    let site = Site::new("basic");
    site.write("content/reports/2026/cover.htm", "<script>alert(1)</script>");
    site.write("content/regions/logo.html", "<script>alert(1)</script>");
    let report = site.root.join("content/reports/2026/2026-03-02-safety.md");
    let text = fs::read_to_string(&report).unwrap().replace("cover: site.svg", "cover: cover.htm");
    fs::write(&report, text).unwrap();
    let region = site.root.join("content/regions/alpha.yaml");
    let text = fs::read_to_string(&region).unwrap().replace("logo: alpha-logo.svg", "logo: logo.html");
    fs::write(&region, text).unwrap();
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(1));
    assert!(has(&found, "content/reports/2026/2026-03-02-safety.md", "html-asset"), "{found:?}");
    assert!(has(&found, "content/regions/alpha.yaml", "html-asset"), "{found:?}");
}

// --- SVG images ----------------------------------------------------------

const EVIL_SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<?xml-stylesheet href="https://evil.example/x.css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:h="http://www.w3.org/1999/xhtml"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 100 100" onload="alert(1)" inkscape:version="1.0">
  <title>区域化党建</title>
  <script>alert(2)</script>
  <script xlink:href="https://evil.example/x.js"/>
  <h:script>alert(3)</h:script>
  <style>@import url(https://evil.example/y.css); .bar { fill: url(https://evil.example/z.svg#p) }</style>
  <style>.ok { fill: #b71c1c }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#ffd700"/></linearGradient></defs>
  <g onclick="alert(4)" ONMOUSEOVER="alert(5)">
    <path d="M10 10 L90 90" stroke="#b71c1c" fill="url(#g)" style="stroke-width: 2"/>
    <rect width="5" height="5" fill="url(https://evil.example/p.svg#x)" style="background: url('https://evil.example/q.png')"/>
    <text x="10" y="50" class="ok" font-family="SimHei">党建引领 &amp; 共建</text>
  </g>
  <foreignObject width="100" height="100"><h:iframe src="https://evil.example/"/></foreignObject>
  <use xlink:href="https://evil.example/sprite.svg#icon"/>
  <use href="other.svg#icon"/>
  <use xlink:href="#g"/>
  <image href="https://evil.example/track.png"/>
  <image xlink:href="data:image/png;base64,iVBORw0KGgo="/>
  <a href="javascript:alert(6)"><text>链接</text></a>
  <a xlink:href="https://evil.example/"><rect width="1" height="1"/></a>
  <set attributeName="href" to="javascript:alert(7)"/>
  <animate attributeName="href" values="javascript:alert(8)"/>
</svg>
"##;

/// Asserts that `svg` (a published file) holds no script, handler,
/// foreign content or external reference, and keeps the harmless drawing.
fn assert_clean(svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    let svg_ns = "http://www.w3.org/2000/svg";
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert_eq!(node.tag_name().namespace(), Some(svg_ns), "{name}");
        assert!(!["script", "foreignObject", "iframe", "set", "animate"].contains(&name), "{name} kept");
        for attr in node.attributes() {
            let value = attr.value().to_ascii_lowercase();
            assert!(!attr.name().to_ascii_lowercase().starts_with("on"), "handler {} kept", attr.name());
            assert!(!value.contains("javascript:"), "{}={value}", attr.name());
            if attr.name() == "href" {
                assert!(value.starts_with('#') || value.starts_with("data:image/png;"), "link {value} kept");
            }
            assert!(!value.contains("http"), "external reference {}={value} kept", attr.name());
        }
        if name == "style" {
            let css = node.text().unwrap_or_default();
            assert!(!css.contains("@import") && !css.contains("http"), "style {css} kept");
        }
    }
    assert!(doc.descendants().all(|n| !n.is_pi()), "processing instruction kept");
    // Harmless content survives: the path, its colours, the text, the title.
    let path = doc.descendants().find(|n| n.has_tag_name((svg_ns, "path"))).expect("path kept");
    assert_eq!(path.attribute("d"), Some("M10 10 L90 90"));
    assert_eq!(path.attribute("stroke"), Some("#b71c1c"));
    assert_eq!(path.attribute("fill"), Some("url(#g)"));
    let texts: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name((svg_ns, "text"))).filter_map(|n| n.text()).collect();
    assert!(texts.contains(&"党建引领 & 共建"), "{texts:?}");
    let title = doc.descendants().find(|n| n.has_tag_name((svg_ns, "title"))).and_then(|n| n.text());
    assert_eq!(title, Some("区域化党建"));
    let style = doc.descendants().filter(|n| n.has_tag_name((svg_ns, "style"))).filter_map(|n| n.text()).collect::<Vec<_>>();
    assert_eq!(style, [".ok { fill: #b71c1c }"]);
    assert!(doc.descendants().any(|n| n.has_tag_name((svg_ns, "stop")) && n.attribute("stop-color") == Some("#ffd700")));
}

/// SVG files with `onload` or `<script>` are never published
/// verbatim: every SVG a page publishes (an image, a link, a
/// cover, a region logo) is published cleaned.
#[test]
fn svg_images_are_published_without_scripts_or_external_references() {
    let site = Site::new("basic");
    site.write("content/reports/2026/evil.svg", EVIL_SVG);
    site.write("content/reports/2026/evil-link.svg", EVIL_SVG);
    site.write("content/reports/2026/site.svg", EVIL_SVG);
    site.write("content/regions/alpha-logo.svg", EVIL_SVG);
    append_to_report(&site, "![图](evil.svg) [下载](evil-link.svg)");
    let out = build(&site);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for name in ["evil.svg", "evil-link.svg", "site.svg", "alpha-logo.svg"] {
        let path = published_file(&site, name).unwrap_or_else(|| panic!("{name} not published"));
        assert_clean(&fs::read_to_string(path).unwrap());
    }
}

/// An SVG image that cannot be parsed is not published: a located error
/// in the SVG file itself.
#[test]
fn an_unparsable_svg_is_a_located_error() {
    let site = Site::new("basic");
    site.write("content/reports/2026/bad.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <g>\n<script>alert(1)</script></svg>\n");
    site.write(
        "content/reports/2026/entities.svg",
        "<!DOCTYPE svg [\n<!ENTITY a \"x\">\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&a;</svg>\n",
    );
    site.write("content/reports/2026/page.svg", "<html><script>alert(1)</script></html>");
    // An SVG nobody links is not published, so not checked.
    site.write("content/reports/2026/unused.svg", "<svg");
    append_to_report(&site, "![a](bad.svg) ![b](entities.svg) ![c](page.svg)");
    let (code, found) = check(&site.root);
    assert_eq!(code, Some(1));
    let invalid: Vec<(&str, u64)> = found.iter().filter(|(_, _, c)| c == "svg-invalid").map(|(p, l, _)| (p.as_str(), *l)).collect();
    assert_eq!(
        invalid,
        [("content/reports/2026/bad.svg", 3), ("content/reports/2026/entities.svg", 2), ("content/reports/2026/page.svg", 1)],
        "{found:?}"
    );
    assert_eq!(build(&site).status.code(), Some(1));
    assert!(!site.public().exists());
}

/// `static/` is the site owner's: its SVG files are published as they are.
#[test]
fn static_svg_files_are_published_as_they_are() {
    let site = Site::new("basic");
    site.write("static/icons/own.svg", EVIL_SVG);
    assert!(build(&site).status.success());
    assert_eq!(fs::read_to_string(site.public().join("icons/own.svg")).unwrap(), EVIL_SVG);
}
