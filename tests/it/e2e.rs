//! End-to-end test: the example site (plus one report written here) is built
//! under the sub-path `/party/` and with `relative_urls: true`, and a
//! generated corpus of 2,500 reports (large enough for frequent tokens to get
//! files of their own) under `/corpus/`; nginx serves all three on a free
//! loopback port, and `e2e/site.test.mjs` drives headless Chromium through
//! them (playwright-core): links from the home page, search, bytes per
//! query, no request outside the served origin, no console error,
//! screenshots under `target/screenshots/`.
//!
//! It needs Debian's `chromium` and `nginx`, Node.js with npm, and
//! `e2e/node_modules`, which it installs itself (`npm ci` in `e2e/`, from the
//! committed lock file) when missing. So a plain `cargo test` lists it as
//! ignored; `.ci/run` installs the rest and runs it
//! (`cargo test --test it -- --ignored e2e::`). Run without them, it fails and
//! says what is missing, rather than passing without having run.

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{KillOnDrop, copy_dir};

/// A report with the strings the search checks look for.
const SEARCH_REPORT: &str = "---
title: 推进5G基站建设与内网安全共建
date: 2026-06-18
region: chengdu
mode: 资源共享
tags: [信息化]
slug: e2e-intranet
review: 已审
reviewed_by: 张明
---

成都片区各成员单位在内网上共享施工进度与安全台账，并联合通信运营商加快5G基站建设。

## 下一步

推动更多项目部接入内网，做到资料一处上传、各方共享。
";

/// Sample queries whose tokens the browser must compute exactly as the index does.
const TOKEN_SAMPLES: &[&str] = &[
    "内网",
    "5G基站",
    "党",
    "安全生产 BI",
    "ＢＩＭ技术应用",
    "2024年9月20日",
    "Straße Ünïcode",
    "𠀀𠀁 test",
    " ，。 ",
    "a-b_c d",
    "İstanbul",
    "区域化党建“四好”",
    "x1234567890123456789012345678",
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn which(name: &str, extra: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).map(|d| d.join(name)).chain(extra.iter().map(PathBuf::from)).find(|p| p.is_file())
}

/// The tools the test needs, or a message naming what is missing.
struct Tools {
    chromium: PathBuf,
    nginx: PathBuf,
    node: PathBuf,
}

fn tools() -> Tools {
    let chromium = std::env::var_os("CHROMIUM").map(PathBuf::from).or_else(|| which("chromium", &["/usr/bin/chromium"]));
    let nginx = which("nginx", &["/usr/sbin/nginx"]);
    let node = which("node", &[]);
    let playwright = manifest_dir().join("e2e/node_modules/playwright-core/package.json");
    // The driver is a locked npm package of the repository (like a crate):
    // installed on first run, so that the test needs no set-up of its own.
    let axe = manifest_dir().join("e2e/node_modules/axe-core/axe.min.js");
    crate::common::e2e_node_modules();
    let mut missing = Vec::new();
    if chromium.is_none() {
        missing.push("Debian's chromium (/usr/bin/chromium)");
    }
    if nginx.is_none() {
        missing.push("nginx");
    }
    if node.is_none() {
        missing.push("node");
    }
    if !playwright.is_file() {
        missing.push("playwright-core in e2e/node_modules");
    }
    if !axe.is_file() {
        missing.push("axe-core in e2e/node_modules");
    }
    assert!(
        missing.is_empty(),
        "the end-to-end browser test cannot run: missing {}.\n\
         Run `.ci/run` once (it installs chromium, nginx and npm with apt-get), or install them by hand.",
        missing.join(", ")
    );
    Tools { chromium: chromium.unwrap_or_default(), nginx: nginx.unwrap_or_default(), node: node.unwrap_or_default() }
}

/// The example site of this repository in `dir`, with the search report added.
fn example_site(dir: &Path, relative_urls: bool) -> PathBuf {
    let root = dir.to_path_buf();
    copy_dir(&manifest_dir().join("content"), &root.join("content"));
    copy_dir(&manifest_dir().join("fonts"), &root.join("fonts"));
    let cfg = fs::read_to_string(manifest_dir().join("site.yaml")).unwrap();
    let mut cfg: String = cfg.lines().filter(|l| !l.starts_with("relative_urls:")).map(|l| format!("{l}\n")).collect();
    cfg.push_str(&format!("relative_urls: {relative_urls}\n"));
    fs::write(root.join("site.yaml"), cfg).unwrap();
    fs::create_dir_all(root.join("content/reports/2026")).unwrap();
    fs::write(root.join("content/reports/2026/e2e-intranet.md"), SEARCH_REPORT).unwrap();
    root
}

fn build(root: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress")).arg("build").arg("--root").arg(root).args(args).output().unwrap();
    assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// nginx in the foreground as a child process; killed when dropped.
struct Nginx {
    _child: KillOnDrop,
    port: u16,
    log: PathBuf,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn http_ok(port: u16, path: &str) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let req = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    if s.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    s.read_exact(&mut head).is_ok() && head.ends_with(b"200")
}

/// Serves `locations` (URL prefix -> folder) with nginx on a free loopback port.
fn serve(nginx: &Path, dir: &Path, locations: &[(&str, &Path)]) -> Nginx {
    let mut last_err = String::new();
    for _ in 0..5 {
        let port = free_port();
        let mut locs = String::new();
        for (prefix, folder) in locations {
            locs.push_str(&format!("    location {prefix} {{ alias {}/; }}\n", folder.display()));
        }
        let d = dir.display();
        let conf = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  access_log {d}/access.log;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  \
             fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  \
             types {{ text/html html; text/css css; application/javascript js; application/json json; image/svg+xml svg; \
             application/atom+xml xml; application/pdf pdf; image/png png; image/jpeg jpg jpeg; text/plain txt; }}\n  \
             default_type application/octet-stream;\n  charset utf-8;\n  charset_types text/css application/javascript application/json;\n  \
             server {{\n    listen 127.0.0.1:{port};\n{locs}  }}\n}}\n"
        );
        let conf_path = dir.join("nginx.conf");
        fs::write(&conf_path, conf).unwrap();
        let log = dir.join("error.log");
        let mut child = Command::new(nginx)
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&conf_path)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start nginx `{}`: {e}", nginx.display()));
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            if http_ok(port, &format!("{}index.html", locations[0].0)) {
                return Nginx { _child: KillOnDrop(child), port, log };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        last_err = format!("{stderr}{}", fs::read_to_string(&log).unwrap_or_default());
    }
    panic!("nginx did not start:\n{last_err}");
}

#[test]
#[ignore = "browser test: needs chromium, nginx and npm; .ci/run runs it (cargo test --test it -- --ignored e2e::)"]
fn the_site_works_in_a_real_browser() {
    let tools = tools();
    let tmp = tempfile::tempdir().unwrap();
    let party = example_site(&tmp.path().join("party"), false);
    build(&party, &["--base-url", "https://intranet.example/party/"]);
    let relative = example_site(&tmp.path().join("relative"), true);
    build(&relative, &[]);
    let corpus = tmp.path().join("corpus");
    crate::common::generate_corpus(&corpus, 2500, 100);
    build(&corpus, &["--base-url", "https://intranet.example/corpus/"]);

    let server_dir = tmp.path().join("nginx");
    fs::create_dir_all(&server_dir).unwrap();
    let server = serve(
        &tools.nginx,
        &server_dir,
        &[("/party/", &party.join("public")), ("/rel/", &relative.join("public")), ("/corpus/", &corpus.join("public"))],
    );

    let samples: Vec<(&str, Vec<Vec<regionpress::search::tokenize::QueryTerm>>)> =
        TOKEN_SAMPLES.iter().map(|q| (*q, regionpress::search::tokenize::query(q))).collect();
    let tokens_json = tmp.path().join("tokens.json");
    fs::write(&tokens_json, serde_json::to_string(&samples).unwrap()).unwrap();

    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| manifest_dir().join("target"));
    let shots = target.join("screenshots");
    let out = Command::new(&tools.node)
        .arg(manifest_dir().join("e2e/site.test.mjs"))
        .current_dir(manifest_dir().join("e2e"))
        .env("SITE_URL", format!("http://127.0.0.1:{}/party/", server.port))
        .env("REL_SITE_URL", format!("http://127.0.0.1:{}/rel/", server.port))
        .env("CORPUS_URL", format!("http://127.0.0.1:{}/corpus/", server.port))
        .env("SCREENSHOTS", &shots)
        .env("TOKENS_JSON", &tokens_json)
        .env("SEARCH_JS", manifest_dir().join("themes/default/static/search.js"))
        .env("CHROMIUM", &tools.chromium)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let nginx_errors = fs::read_to_string(&server.log).unwrap_or_default();
    drop(server);
    assert!(out.status.success(), "browser checks failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}\n--- nginx error.log\n{nginx_errors}");
    println!("{stdout}");
    println!("screenshots in {}", shots.display());
}

/// One line of text on a printed page (pdftotext's `-bbox-layout`), in PDF
/// points from the page's top left corner.
#[derive(Debug)]
struct PrintedLine {
    text: String,
    x_min: f64,
    y_min: f64,
    x_max: f64,
    y_max: f64,
}

/// The pages of `pdf` (their height and their lines), read with pdftotext.
fn printed_pages(pdftotext: &Path, pdf: &Path) -> Vec<(f64, Vec<PrintedLine>)> {
    let out = Command::new(pdftotext).arg("-bbox-layout").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    let xml = String::from_utf8(out.stdout).unwrap();
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(&xml, opts).unwrap();
    let num = |n: roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok()).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|page| {
            let lines = page
                .descendants()
                .filter(|n| n.has_tag_name("line"))
                .map(|line| PrintedLine {
                    text: line.children().filter(|w| w.has_tag_name("word")).filter_map(|w| w.text()).collect::<Vec<_>>().join(" "),
                    x_min: num(line, "xMin"),
                    y_min: num(line, "yMin"),
                    x_max: num(line, "xMax"),
                    y_max: num(line, "yMax"),
                })
                .collect();
            (num(page, "height"), lines)
        })
        .collect()
}

/// Millimetres in PDF points.
fn mm(v: f64) -> f64 {
    v * 72.0 / 25.4
}

#[test]
#[ignore = "browser test: needs chromium, nginx, npm and poppler-utils; .ci/run runs it (cargo test --test it -- --ignored e2e::)"]
fn a_bulletin_issue_prints_as_an_a4_jianbao() {
    let tools = tools();
    let pdftotext = which("pdftotext", &["/usr/bin/pdftotext"]).expect("pdftotext missing: install poppler-utils (`.ci/run` does)");
    let pdftoppm = which("pdftoppm", &["/usr/bin/pdftoppm"]).expect("pdftoppm missing: install poppler-utils (`.ci/run` does)");
    let tmp = tempfile::tempdir().unwrap();
    let site = example_site(&tmp.path().join("party"), false);
    build(&site, &["--base-url", "https://intranet.example/party/"]);
    let issue = "bulletins/chengdu/2026-10/";
    // What the page shows of the 报头, to find in the print.
    let html = fs::read_to_string(site.join("public").join(issue).join("index.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let text_of = |sel: &str| {
        let s = scraper::Selector::parse(sel).unwrap();
        page.select(&s).next().map(|e| e.text().collect::<String>().trim().to_string()).unwrap_or_else(|| panic!("no {sel} on the page"))
    };
    let (name, number, marking) = (text_of(".bulletin-title"), text_of(".bulletin-number"), text_of(".bulletin-marking"));
    assert_eq!((name.as_str(), marking.as_str()), ("成都片区区域信息简报", "内部资料 注意保存"));
    assert!(number.starts_with('第') && number.contains("期（总第"), "{number}");

    let server_dir = tmp.path().join("nginx");
    fs::create_dir_all(&server_dir).unwrap();
    let server = serve(&tools.nginx, &server_dir, &[("/party/", &site.join("public"))]);
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| manifest_dir().join("target"));
    let shots = target.join("screenshots");
    let pdf = tmp.path().join("bulletin.pdf");
    let out = Command::new(&tools.node)
        .arg(manifest_dir().join("e2e/print.test.mjs"))
        .current_dir(manifest_dir().join("e2e"))
        .env("ISSUE_URL", format!("http://127.0.0.1:{}/party/{issue}", server.port))
        .env("PDF_PATH", &pdf)
        .env("SCREENSHOTS", &shots)
        .env("CHROMIUM", &tools.chromium)
        .output()
        .unwrap();
    drop(server);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "print checks failed\n--- stdout\n{stdout}\n--- stderr\n{}", String::from_utf8_lossy(&out.stderr));
    let status = Command::new(&pdftoppm).args(["-png", "-r", "60"]).arg(&pdf).arg(shots.join("bulletin-print")).status().unwrap();
    assert!(status.success(), "pdftoppm failed");

    let pages = printed_pages(&pdftotext, &pdf);
    // Three items in full text with the 报头 and 报尾: more than one page, not a sprawl.
    assert!((2..=6).contains(&pages.len()), "{} pages", pages.len());
    for (i, (height, lines)) in pages.iter().enumerate() {
        assert!((height - mm(297.0)).abs() < 1.0, "page {} is not A4: {height} pt high", i + 1);
        // The page number, "— N —", centred under the type area (bottom margin 35 mm).
        let folio = format!("— {} —", i + 1);
        let at = lines.iter().find(|l| l.text == folio).unwrap_or_else(|| panic!("no `{folio}` on page {}: {lines:#?}", i + 1));
        assert!(at.y_min > height - mm(35.0) - 2.0, "page number inside the type area: {at:?}");
        assert!(((at.x_min + at.x_max) / 2.0 - (mm(28.0) + mm(78.0))).abs() < mm(10.0), "page number not centred: {at:?}");
        // After the first page, the marking at the top right, above the type area.
        if i > 0 {
            let m = lines.iter().find(|l| l.text == marking).unwrap_or_else(|| panic!("no marking on page {}: {lines:#?}", i + 1));
            assert!(m.y_max < mm(37.0) && m.x_max > mm(210.0 - 26.0) - 6.0, "page {}: marking not at the top right: {m:?}", i + 1);
        }
        // Every other line inside the type area: 28 mm from the left, 26 mm from the right.
        for l in lines.iter().filter(|l| l.text != folio && !(i > 0 && l.text == marking)) {
            assert!(l.x_min > mm(28.0) - 1.5 && l.x_max < mm(210.0 - 26.0) + 1.5, "page {}: outside the type area: {l:?}", i + 1);
            // pdftotext's boxes take the font's full height: a few points over.
            assert!(l.y_min > mm(37.0) - 12.0 && l.y_max < height - mm(35.0) + 12.0, "page {}: outside the type area: {l:?}", i + 1);
        }
    }
    let (_, first) = &pages[0];
    // The text begins at the top left corner of the type area: the marking.
    let top = first.iter().min_by(|a, b| a.y_min.total_cmp(&b.y_min)).unwrap();
    assert_eq!(top.text, marking);
    assert!((top.y_min - mm(37.0)).abs() < 12.0 && (top.x_min - mm(28.0)).abs() < 1.5, "marking not at the type area's corner: {top:?}");
    for wanted in [&name, &number, &"本期要目".to_string()] {
        assert!(first.iter().any(|l| &l.text == wanted), "`{wanted}` not on page 1: {first:#?}");
    }
    // The 报尾 at the foot of the last page, and only there.
    let (height, last) = pages.last().unwrap();
    for prefix in ["报：", "送：", "发："] {
        assert!(last.iter().any(|l| l.text.starts_with(prefix) && l.x_min < mm(28.0) + 1.5), "no `{prefix}` line at the left: {last:#?}");
        assert!(pages[..pages.len() - 1].iter().all(|(_, ls)| ls.iter().all(|l| !l.text.starts_with(prefix))));
    }
    let copies = last.iter().find(|l| l.text.ends_with("（共印40份）")).unwrap_or_else(|| panic!("no print run: {last:#?}"));
    assert!(copies.x_max > mm(210.0 - 26.0) - 6.0, "print run not at the right: {copies:?}");
    let foot = last.iter().filter(|l| !l.text.starts_with('—')).map(|l| l.y_max).fold(0.0, f64::max);
    let signoff = last.iter().find(|l| l.text.contains("签发：")).unwrap_or_else(|| panic!("no 签发: {last:#?}"));
    assert!((signoff.y_max - foot).abs() < 1.0 && foot > height - mm(35.0) - 24.0, "报尾 not at the foot of the last page: {signoff:?}");
    println!("{stdout}");
    println!("pages printed: {}; PNGs in {}", pages.len(), shots.display());
}

/// The first folder (sorted) under `public/<dir>/` that holds a page, as a
/// site path (`reports/2024-…/`), or `None`.
fn first_page_under(public: &Path, dir: &str) -> Option<String> {
    let mut names: Vec<String> = fs::read_dir(public.join(dir))
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("index.html").is_file() && e.file_name() != "page")
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names.first().map(|n| format!("{dir}/{n}/"))
}

/// The page types of a built site that the browser visits: `(type, site
/// path)`, each path checked to exist (a page type that a change drops
/// fails here, not silently in the browser).
fn page_types(public: &Path, wanted: &[(&str, &str)]) -> Vec<(String, String)> {
    wanted
        .iter()
        .map(|&(kind, path)| {
            let path = match path.strip_prefix("first:") {
                Some(dir) => first_page_under(public, dir).unwrap_or_else(|| panic!("no {kind} page under {dir}/")),
                None => path.to_string(),
            };
            let file = path.split('?').next().unwrap_or_default();
            let file = if file.is_empty() || file.ends_with('/') { format!("{file}index.html") } else { file.to_string() };
            assert!(public.join(&file).is_file(), "{kind}: no {file} in {}", public.display());
            (kind.to_string(), path)
        })
        .collect()
}

/// A generated site with the names that stretch a layout: a region of
/// many member units with long names (46 in all), a long region name and
/// report titles without a break.
fn long_names_site(root: &Path) {
    crate::common::generate_corpus(root, 240, 24);
    let region = root.join("content/regions/chengdu.yaml");
    let mut profile = fs::read_to_string(&region).unwrap().replacen(
        "name: 成都片区\n",
        "name: 成都天府新区与双流区及周边县市区域化党建共建联盟片区\n",
        1,
    );
    for n in 1..=40 {
        profile.push_str(&format!(
            "  - name: 中铁五局路桥公司成都天府国际机场高速公路第{n}标段项目经理部党支部\n    kind: project\n    members: {}\n",
            10 + n
        ));
    }
    fs::write(&region, profile).unwrap();
    fs::write(
        root.join("content/reports/e2e-long-title.md"),
        "---\ntitle: 中铁五局路桥公司成都天府国际机场高速公路项目经理部联合属地街道党工委与建设指挥部开展“党建+安全生产+BIM-GIS-IoT智慧工地协同管理平台”共建共享推进会\n\
         date: 2026-05-20\nregion: chengdu\nmode: 资源共享\ntags: [信息化]\nreview: 已审\nreviewed_by: 张明\n---\n\n\
         平台地址为 https://intranet.example/bim-gis-iot/project/chengdu-tianfu-airport-expressway/section-12/dashboard?view=weekly-safety-inspection-records 。\n\n\
         各成员单位共享BIM模型BIMGISIOTABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ与安全台账。\n",
    )
    .unwrap();
}

/// Every page type of the example site, and of a
/// generated site with long names and many units, at 390 and 1366 px in
/// Chromium (`e2e/pages.test.mjs`): nothing wider than the viewport, no
/// axe-core violation of any impact, no request outside the served origin,
/// HTML within 50 KB and CSS with JavaScript within 30 KB gzipped per page,
/// and screenshots under `target/screenshots/pages/`.
#[test]
#[ignore = "browser test: needs chromium, nginx and npm; .ci/run runs it (cargo test --test it -- --ignored e2e::)"]
fn every_page_type_is_clean_in_a_real_browser() {
    let tools = tools();
    let tmp = tempfile::tempdir().unwrap();
    let party = example_site(&tmp.path().join("party"), false);
    build(&party, &["--base-url", "https://intranet.example/party/"]);
    let long = tmp.path().join("long");
    long_names_site(&long);
    build(&long, &["--base-url", "https://intranet.example/long/"]);

    let example = page_types(
        &party.join("public"),
        &[
            ("home", ""),
            ("report", "reports/e2e-intranet/"),
            ("reports", "reports/"),
            ("class", "first:classes"),
            ("classes", "classes/"),
            ("page", "guide/writing/"),
            ("bulletins", "bulletins/"),
            ("bulletin", "bulletins/chengdu/2026-10/"),
            ("regions", "regions/"),
            ("region", "regions/chengdu/"),
            ("region-honours", "regions/chengdu/honours/"),
            ("dashboard", "dashboard/"),
            ("problems", "problems/"),
            ("problem", "first:problems"),
            ("honours", "honours/"),
            ("honours-year", "first:honours"),
            ("tags", "tags/"),
            ("tag", "first:tags"),
            ("mode", "first:modes"),
            ("search", "search/?q=党建"),
            ("404", "404.html"),
        ],
    );
    let generated = page_types(
        &long.join("public"),
        &[
            ("home", ""),
            ("report", "reports/e2e-long-title/"),
            ("region", "regions/chengdu/"),
            ("region-honours", "regions/chengdu/honours/"),
            ("dashboard", "dashboard/"),
            ("bulletins", "bulletins/"),
            ("bulletin", "first:bulletins/chengdu"),
            ("problems", "problems/"),
        ],
    );

    let server_dir = tmp.path().join("nginx");
    fs::create_dir_all(&server_dir).unwrap();
    let server = serve(&tools.nginx, &server_dir, &[("/party/", &party.join("public")), ("/long/", &long.join("public"))]);
    let site = |name: &str, prefix: &str, pages: &[(String, String)]| {
        let pages: Vec<_> = pages.iter().map(|(t, p)| serde_json::json!({ "type": t, "path": p })).collect();
        serde_json::json!({ "site": name, "base": format!("http://127.0.0.1:{}{prefix}", server.port), "pages": pages })
    };
    let pages_json = tmp.path().join("pages.json");
    let sites = serde_json::json!([site("example", "/party/", &example), site("long", "/long/", &generated)]);
    fs::write(&pages_json, serde_json::to_string_pretty(&sites).unwrap()).unwrap();

    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| manifest_dir().join("target"));
    let shots = target.join("screenshots").join("pages");
    let out = Command::new(&tools.node)
        .arg(manifest_dir().join("e2e/pages.test.mjs"))
        .current_dir(manifest_dir().join("e2e"))
        .env("PAGES_JSON", &pages_json)
        .env("SCREENSHOTS", &shots)
        .env("CHROMIUM", &tools.chromium)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let nginx_errors = fs::read_to_string(&server.log).unwrap_or_default();
    drop(server);
    assert!(
        out.status.success(),
        "browser checks failed\n--- stdout\n{stdout}\n--- stderr\n{}\n--- nginx error.log\n{nginx_errors}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{stdout}");
    println!("screenshots in {}", shots.display());
}

/// The example's report with nine photos at a phone's width in
/// Chromium (`e2e/gallery.test.mjs`): under 1.5 MB of images on first
/// view, the viewer opened, paged with the arrow keys and a swipe, closed
/// with Esc; axe-core with it open; plain links without JavaScript.
#[test]
#[ignore = "browser test: needs chromium, nginx and npm; .ci/run runs it (cargo test --test it -- --ignored e2e::)"]
fn a_gallery_works_in_a_real_browser() {
    let tools = tools();
    let tmp = tempfile::tempdir().unwrap();
    let party = example_site(&tmp.path().join("party"), false);
    build(&party, &["--base-url", "https://intranet.example/party/"]);
    let server_dir = tmp.path().join("nginx");
    fs::create_dir_all(&server_dir).unwrap();
    let server = serve(&tools.nginx, &server_dir, &[("/party/", &party.join("public"))]);
    let base = format!("http://127.0.0.1:{}/party/", server.port);
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| manifest_dir().join("target"));
    let shots = target.join("screenshots").join("gallery");
    let out = Command::new(&tools.node)
        .arg(manifest_dir().join("e2e/gallery.test.mjs"))
        .current_dir(manifest_dir().join("e2e"))
        .env("REPORT_URL", format!("{base}reports/2025-06-18-chengdu-safety-followup/"))
        .env("ISSUE_URL", format!("{base}bulletins/chengdu/2025-06/"))
        .env("SCREENSHOTS", &shots)
        .env("CHROMIUM", &tools.chromium)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let nginx_errors = fs::read_to_string(&server.log).unwrap_or_default();
    drop(server);
    assert!(
        out.status.success(),
        "browser checks failed\n--- stdout\n{stdout}\n--- stderr\n{}\n--- nginx error.log\n{nginx_errors}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{stdout}");
    println!("screenshots in {}", shots.display());
}
