//! Every URL has exactly one owner: two sources of one output file (pages,
//! generated pages, static and theme files, copied files, region ids) are
//! located errors from `check` and `build` alike, naming both, and a failed
//! build leaves the previous output as it was. Copied files never share a
//! name or take a page's place, their URLs load them, and names longer than
//! file systems take are reported before anything is written.

use std::fs;
use std::process::{Command, Output};

use crate::common::{Site, attrs, leftovers, percent_decode, snapshot};

fn run(site: &Site, command: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regionpress")).arg(command).arg("--root").arg(&site.root).args(args).output().unwrap()
}

/// A diagnostic as `check --format json` prints it.
#[derive(Debug)]
struct Found {
    path: String,
    line: u64,
    code: String,
    message: String,
}

/// The errors `check --format json` reports.
fn check_json(site: &Site) -> (Output, Vec<Found>) {
    let out = run(site, "check", &["--format", "json", "--lang", "en"]);
    let found = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            Found {
                path: v["path"].as_str().unwrap().to_string(),
                line: v["line"].as_u64().unwrap(),
                code: v["code"].as_str().unwrap().to_string(),
                message: v["message"].as_str().unwrap().to_string(),
            }
        })
        .collect();
    (out, found)
}

/// The diagnostics of a text run, without the summary line.
fn body(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).lines().filter(|l| !l.starts_with("error: ")).collect::<Vec<_>>().join("\n")
}

/// Builds the site as it is, lets `attack` add files, then expects `check`
/// and `build` to fail (exit 1) with exactly the same diagnostics, among
/// them one `(file, code, line, words)` per entry of `expected` (line 0:
/// any line), and the first build's output untouched.
fn assert_refused(site: &Site, attack: impl FnOnce(&Site), expected: &[(&str, &str, u64, &[&str])]) {
    site.build_ok(&[]);
    let before = snapshot(&site.public());
    attack(site);
    let (checked, found) = check_json(site);
    assert_eq!(checked.status.code(), Some(1), "{found:#?}");
    for (file, code, line, words) in expected {
        let hit = found
            .iter()
            .any(|f| f.path == *file && f.code == *code && (*line == 0 || f.line == *line) && words.iter().all(|w| f.message.contains(w)));
        assert!(hit, "no `{code}` on {file}:{line} naming {words:?} in {found:#?}");
    }
    let checked_text = run(site, "check", &["--lang", "en"]);
    let built = run(site, "build", &["--lang", "en"]);
    assert_eq!(built.status.code(), Some(1), "{}", String::from_utf8_lossy(&built.stderr));
    assert_eq!(body(&built), body(&checked_text));
    assert!(!body(&built).contains("error[template]"), "{}", body(&built));
    assert_eq!(snapshot(&site.public()), before, "the previous output changed");
    assert!(leftovers(&site.root).is_empty(), "{:?}", leftovers(&site.root));
}

const PAGE: &str = "---\ntitle: 自由页面\n---\n正文\n";

#[test]
fn a_free_page_at_a_tag_url_is_an_error_naming_the_tag_page() {
    let site = Site::new("basic");
    assert_refused(
        &site,
        |s| {
            // `连环` transliterates to `lian-huan`.
            let report = s.root.join("content/reports/2025/2025-11-20-study.md");
            let text = fs::read_to_string(&report).unwrap().replace("tags: [理论学习]", "tags: [理论学习, 连环]");
            fs::write(report, text).unwrap();
            s.write("content/pages/tags/lian-huan.md", PAGE);
        },
        &[("content/pages/tags/lian-huan.md", "duplicate-url", 1, &["/tags/lian-huan/", "tag `连环`"])],
    );
}

#[test]
fn a_free_page_at_a_mode_url_is_an_error_naming_the_mode_page() {
    let site = Site::new("basic");
    assert_refused(
        &site,
        |s| s.write("content/pages/modes/organization.md", PAGE),
        &[("content/pages/modes/organization.md", "duplicate-url", 1, &["/modes/organization/", "mode `组织共建`"])],
    );
}

#[test]
fn a_page_with_a_slug_is_located_at_its_slug() {
    let site = Site::new("basic");
    let report = "---\ntitle: 同名\ndate: 2026-01-01\nregion: alpha\nslug: 2026-03-02-safety\n---\n正文\n";
    assert_refused(
        &site,
        |s| s.write("content/reports/2026/same.md", report),
        &[("content/reports/2026/same.md", "duplicate-url", 5, &["/reports/2026-03-02-safety/", "2026-03-02-safety.md"])],
    );
}

#[test]
fn static_files_may_not_replace_generated_pages() {
    let site = Site::new("basic");
    assert_refused(
        &site,
        |s| {
            s.write("static/index.html", "<p>static home</p>");
            s.write("static/reports/index.html", "<p>static reports</p>");
            s.write("static/regions/alpha/atom.xml", "<feed/>");
        },
        &[
            ("static/index.html", "duplicate-url", 0, &["/index.html", "generated page `/`"]),
            ("static/reports/index.html", "duplicate-url", 0, &["generated page `/reports/`"]),
            ("static/regions/alpha/atom.xml", "duplicate-url", 0, &["content/regions/alpha.yaml"]),
        ],
    );
}

#[test]
fn pages_named_like_generated_files_are_errors_in_check_and_build() {
    let site = Site::new("basic");
    assert_refused(
        &site,
        |s| {
            for name in ["atom.xml", "sitemap.xml", "404.html", "robots.txt", "syntax.css", "theme.css"] {
                s.write(&format!("content/pages/{name}.md"), PAGE);
            }
        },
        &[
            ("content/pages/atom.xml.md", "duplicate-url", 1, &["/atom.xml/", "generated page `/atom.xml`"]),
            ("content/pages/sitemap.xml.md", "duplicate-url", 1, &["generated page `/sitemap.xml`"]),
            ("content/pages/404.html.md", "duplicate-url", 1, &["generated page `/404.html`"]),
            ("content/pages/robots.txt.md", "duplicate-url", 1, &["generated page `/robots.txt`"]),
            ("content/pages/syntax.css.md", "duplicate-url", 1, &["generated page `/syntax.css`"]),
            ("content/pages/theme.css.md", "duplicate-url", 1, &["built-in theme's `/theme.css`"]),
        ],
    );
}

#[test]
fn a_static_file_may_not_take_a_pages_folder_or_the_search_index() {
    let site = Site::new("basic");
    site.set_config("search: true\n");
    assert_refused(
        &site,
        |s| {
            // A file where the page `/about/` needs a folder.
            s.write("static/about", "plain file");
            s.write("static/search/index.json", "{}");
        },
        &[
            ("static/about", "duplicate-url", 0, &["content/pages/about.md"]),
            ("static/search/index.json", "duplicate-url", 0, &["search index"]),
        ],
    );
}

#[test]
fn a_region_may_not_take_the_company_wide_series_id() {
    let site = Site::new("basic");
    let region = fs::read_to_string(site.root.join("content/regions/beta.yaml")).unwrap();
    assert_refused(
        &site,
        |s| s.write("content/regions/all.yaml", &region),
        &[("content/regions/all.yaml", "reserved-region-id", 0, &["`all`", "company-wide"])],
    );
}

#[test]
fn new_region_refuses_a_reserved_id() {
    let site = Site::new("basic");
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress")).args(["new", "region", "all", "--root"]).arg(&site.root).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("区域标识 `all` 留给网站自身使用"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!site.root.join("content/regions/all.yaml").exists());
}

/// Adds `links` to the report `/reports/joint-research/` and builds.
fn build_with_links(links: &str, files: &[(&str, &str)]) -> Site {
    build_with_links_and_config(links, files, "")
}

/// [`build_with_links`] with `extra` added to `site.yaml`.
fn build_with_links_and_config(links: &str, files: &[(&str, &str)], extra: &str) -> Site {
    let site = Site::new("basic");
    site.set_config(extra);
    for (path, text) in files {
        site.write(path, text);
    }
    let report = site.root.join("content/reports/2026/2026-04-10-joint.md");
    let text = fs::read_to_string(&report).unwrap() + "\n" + links + "\n";
    fs::write(report, text).unwrap();
    site.build_ok(&[]);
    site
}

/// The output file a site path of the built site (from an `src`/`href`) names.
fn file_of(site: &Site, url: &str) -> std::path::PathBuf {
    let path = percent_decode(url.split(['?', '#']).next().unwrap());
    site.public().join(path.trim_start_matches('/'))
}

#[test]
fn an_asset_never_takes_its_pages_path() {
    // Linked HTML is refused unless the site allows it (tests/it/files.rs);
    // allowed, it is still never the page.
    let site = build_with_links_and_config(
        "[原文](@/x/index.html)",
        &[("content/x/index.html", "<p>raw file</p>")],
        "\nassets:\n  allow_html: true\n",
    );
    let page = site.html("reports/joint-research/index.html");
    assert_eq!(crate::common::texts(&page, "h1"), vec!["甲乙两片区联合技术攻关"]);
    let hrefs: Vec<String> = attrs(&page, "a[href]", "href").into_iter().filter(|h| h.ends_with(".html")).collect();
    assert_eq!(hrefs.len(), 1, "{hrefs:?}");
    assert_ne!(file_of(&site, &hrefs[0]), site.public().join("reports/joint-research/index.html"));
    assert_eq!(fs::read_to_string(file_of(&site, &hrefs[0])).unwrap(), "<p>raw file</p>");
}

#[test]
fn two_files_of_one_name_linked_from_one_page_get_two_names() {
    // (GIF images, whatever their bytes: only the names matter here, and
    // GIF is copied as it is, where JPEG and PNG are processed.)
    let x = "GIF x";
    let y = "GIF y";
    let site =
        build_with_links("![x](@/x/a.gif) ![y](@/y/a.gif) ![x again](../../x/a.gif)", &[("content/x/a.gif", x), ("content/y/a.gif", y)]);
    let page = site.html("reports/joint-research/index.html");
    let srcs: Vec<String> = attrs(&page, "img[src]", "src").into_iter().filter(|s| s.contains("/a")).collect();
    assert_eq!(srcs.len(), 3, "{srcs:?}");
    assert_ne!(srcs[0], srcs[1]);
    assert_eq!(srcs[0], srcs[2]);
    assert_eq!(fs::read_to_string(file_of(&site, &srcs[0])).unwrap(), x);
    assert_eq!(fs::read_to_string(file_of(&site, &srcs[1])).unwrap(), y);
    // The same names in every build.
    let again =
        build_with_links("![x](@/x/a.gif) ![y](@/y/a.gif) ![x again](../../x/a.gif)", &[("content/x/a.gif", x), ("content/y/a.gif", y)]);
    assert_eq!(attrs(&again.html("reports/joint-research/index.html"), "img[src]", "src"), attrs(&page, "img[src]", "src"));
}

#[test]
fn asset_urls_load_files_with_any_name() {
    // `#` and `?` can only be written percent-encoded; the others as they are.
    // `a%41.gif` as a URL would load `aA.gif`.
    let names = [
        ("50%.gif", "50%.gif"),
        ("a%41.gif", "a%41.gif"),
        ("照片 1.gif", "<照片 1.gif>"),
        ("a#b?c.gif", "a%23b%3Fc.gif"),
        ("图%23.gif", "图%2523.gif"),
    ];
    let links: Vec<String> = names.iter().map(|(_, written)| format!("![{written}]({written})")).collect();
    let files: Vec<(String, String)> =
        names.iter().map(|(name, _)| (format!("content/reports/2026/{name}"), format!("GIF {name}"))).collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = build_with_links(&links.join(" "), &refs);
    let page = site.html("reports/joint-research/index.html");
    let srcs: Vec<String> = attrs(&page, "img[src]", "src").into_iter().filter(|s| s.ends_with(".gif") && s.contains("joint")).collect();
    assert_eq!(srcs.len(), names.len(), "{srcs:?}");
    for ((name, _), src) in names.iter().zip(&srcs) {
        assert!(src.is_ascii() && !src.contains([' ', '#', '?']), "{src}");
        let file = file_of(&site, src);
        assert_eq!(file.file_name().unwrap().to_str().unwrap(), *name);
        assert!(fs::read_to_string(&file).unwrap().contains(name), "{src}");
    }
}

#[test]
fn names_too_long_for_a_file_system_are_located_errors_in_check_and_build() {
    let site = Site::new("basic");
    let long_slug = "a".repeat(5000);
    // `装` is `zhuang`: 62 of them make a 433-byte slug.
    let long_file = "装".repeat(62);
    let long_tag = "长".repeat(100);
    assert_refused(
        &site,
        |s| {
            s.write(
                "content/reports/2026/slug.md",
                &format!("---\ntitle: 长\ndate: 2026-01-01\nregion: alpha\nslug: {long_slug}\n---\n正文\n"),
            );
            s.write(&format!("content/reports/2026/{long_file}.md"), "---\ntitle: 长文件名\ndate: 2026-01-02\nregion: alpha\n---\n正文\n");
            s.write(
                "content/reports/2026/tag.md",
                &format!("---\ntitle: 长标签\ndate: 2026-01-03\nregion: alpha\ntags: [{long_tag}]\n---\n正文\n"),
            );
        },
        &[
            ("content/reports/2026/slug.md", "name-too-long", 5, &["5000 bytes"]),
            (&format!("content/reports/2026/{long_file}.md"), "name-too-long", 1, &["433 bytes"]),
            ("content/reports/2026/tag.md", "name-too-long", 5, &["255"]),
        ],
    );
}

#[test]
fn long_chinese_file_names_build_when_their_output_names_fit() {
    // The URL of a report comes from its slug, not its file name; a
    // copied file keeps its name (83 × 3 bytes + `.gif` = 253 bytes).
    let long_file = "装".repeat(80);
    let image = format!("{}.gif", "图".repeat(83));
    let site = Site::new("basic");
    site.write(
        &format!("content/reports/2026/{long_file}.md"),
        &format!("---\ntitle: 长文件名\ndate: 2026-01-02\nregion: alpha\nslug: short\n---\n![图](<{image}>)\n"),
    );
    site.write(&format!("content/reports/2026/{image}"), "PNG");
    site.build_ok(&[]);
    let page = site.html("reports/short/index.html");
    let src = attrs(&page, "img[src]", "src").into_iter().find(|s| s.contains("/short/")).unwrap();
    assert_eq!(file_of(&site, &src), site.public().join("reports/short").join(&image));
    assert!(file_of(&site, &src).is_file());
}

#[test]
fn a_site_static_file_replaces_the_themes_in_every_build() {
    let site = Site::new("basic");
    site.write("static/theme.css", "/* the site's own */\n");
    site.write("themes/default/static/theme.css", "/* the theme folder's */\n");
    site.write("themes/default/static/extra.css", "/* extra */\n");
    site.build_ok(&[]);
    let first = snapshot(&site.public());
    assert_eq!(first["theme.css"], b"/* the site's own */\n");
    assert_eq!(first["extra.css"], b"/* extra */\n");
    for _ in 0..3 {
        fs::remove_dir_all(site.public()).unwrap();
        fs::remove_file(site.root.join(".public.manifest")).ok();
        site.build_ok(&[]);
        assert_eq!(snapshot(&site.public()), first);
    }
}

#[test]
fn a_copied_file_on_a_static_files_path_is_an_error_at_its_link() {
    let site = Site::new("basic");
    let report = site.root.join("content/reports/2026/2026-04-10-joint.md");
    let text = fs::read_to_string(&report).unwrap();
    // The link goes on the line after the text (which ends with a line break).
    let line = text.lines().count() as u64 + 1;
    assert_refused(
        &site,
        |s| {
            s.write("content/reports/2026/chart.png", "PNG");
            s.write("static/reports/joint-research/chart.png", "PNG");
            fs::write(&report, format!("{text}![图表](chart.png)\n")).unwrap();
        },
        &[(
            "content/reports/2026/2026-04-10-joint.md",
            "duplicate-url",
            line,
            &["/reports/joint-research/chart.png", "static/reports/joint-research/chart.png"],
        )],
    );
}

/// The dev server loads a site as `build` does, output check included:
/// a static file over a generated page is refused there too, and the
/// pages it serves stay those of the last good build.
#[test]
fn the_dev_server_reports_a_collision_as_build_does() {
    let site = Site::new("basic");
    let mut dev = regionpress::serve::DevSite::new(&site.root, false, "http://127.0.0.1:1111/");
    dev.rebuild(None).unwrap();
    let good = dev.files();
    site.write("static/reports/index.html", "<p>static reports</p>");
    let errors = dev.rebuild(Some(&[site.root.join("static/reports/index.html")])).unwrap_err().sorted();
    let located: Vec<(&str, &str)> = errors.iter().map(|d| (d.path.as_str(), d.code)).collect();
    assert_eq!(located, [("static/reports/index.html", "duplicate-url")], "{errors:?}");
    assert_eq!(dev.files(), good, "a failed rebuild changes nothing");
}

#[test]
fn output_names_differing_only_in_case_are_a_warning() {
    let site = Site::new("basic");
    // On Windows and macOS it would replace the theme's `/favicon.svg`.
    site.write("static/Favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let (out, found) = check_json(&site);
    assert_eq!(out.status.code(), Some(0), "{found:#?}");
    let hit = found.iter().any(|f| f.path == "static/Favicon.svg" && f.code == "case-collision" && f.message.contains("`/favicon.svg`"));
    assert!(hit, "{found:#?}");
    assert_eq!(run(&site, "check", &["--strict"]).status.code(), Some(1));
    site.build_ok(&[]);
}
