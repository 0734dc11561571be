//! The layout in a browser: the example site served on a loopback port, and
//! `e2e/layout.test.mjs` (playwright-core, headless Chromium) measuring its
//! page types at 320, 390, 1366 and 1920 px (nothing wider than the window;
//! at 1366 and 1920 every region's rank, name and committee total in view),
//! the text-size control, the region chart's scroll position and the
//! dashboard printed to PDF, whose text this test reads with pdftotext: every
//! column heading of the dashboard's tables and the marking of `site.yaml` on
//! every page. Screenshots under `target/screenshots/`.
//!
//! Needs Debian's `chromium`, Node.js with `e2e/node_modules` (`npm ci` in
//! `e2e/`) and poppler-utils, so it is ignored in a plain `cargo test`:
//! `cargo test --test it -- --ignored e2e_layout::`.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A static file server for `root` on a free loopback port, on a thread of
/// its own for the rest of the test process (GET only, one request per connection).
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
                        break;
                    }
                }
                let target = line.split_whitespace().nth(1).unwrap_or("/");
                let path = crate::common::percent_decode(target.split('?').next().unwrap_or("/"));
                let mut file = root.join(path.trim_start_matches('/'));
                if file.is_dir() {
                    file = file.join("index.html");
                }
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css; charset=utf-8",
                    Some("js") => "application/javascript; charset=utf-8",
                    Some("svg") => "image/svg+xml",
                    Some("json") => "application/json",
                    Some("png") => "image/png",
                    Some("jpg") | Some("jpeg") => "image/jpeg",
                    _ => "application/octet-stream",
                };
                let mut out = &stream;
                match fs::read(&file) {
                    Ok(body) if !file.components().any(|c| c.as_os_str() == "..") => {
                        let _ = write!(out, "HTTP/1.0 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n", body.len());
                        let _ = out.write_all(&body);
                    }
                    _ => {
                        let _ = write!(out, "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                    }
                }
            });
        }
    });
    port
}

fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext").arg("-raw").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) missing");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().split('\u{c}').filter(|p| !p.trim().is_empty()).map(str::to_string).collect()
}

#[test]
#[ignore = "browser test: needs chromium, node with e2e/node_modules and poppler-utils (cargo test --test it -- --ignored e2e_layout::)"]
fn pages_fit_every_width_and_the_dashboard_prints_whole() {
    crate::common::e2e_node_modules();
    assert!(manifest_dir().join("e2e/node_modules/playwright-core/package.json").is_file(), "needs npm, or `npm ci` in e2e/");
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    let out = Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["build", "-q", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(&public)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let port = serve(public.clone());
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| manifest_dir().join("target"));
    let shots = target.join("screenshots");
    let pdf = tmp.path().join("dashboard.pdf");
    let pages = [
        "/",
        "/dashboard/",
        "/dashboard/2025/",
        "/regions/",
        "/regions/chengdu/",
        "/reports/2024-09-20-chengdu-joint-meeting/",
        "/classes/",
        "/bulletins/",
        "/bulletins/chengdu/2026-04/",
        "/honours/",
        "/problems/",
    ];
    let run = Command::new("node")
        .arg(manifest_dir().join("e2e/layout.test.mjs"))
        .current_dir(manifest_dir().join("e2e"))
        .env("BASE_URL", format!("http://127.0.0.1:{port}/"))
        .env("PAGES", pages.join(","))
        .env("PDF_PATH", &pdf)
        .env("SCREENSHOTS", &shots)
        .env("CHROMIUM", std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into()))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "layout checks failed\n--- stdout\n{stdout}\n--- stderr\n{}", String::from_utf8_lossy(&run.stderr));

    // Every column heading of the dashboard's tables, as the page gives them, is in the print.
    let html = Html::parse_document(&fs::read_to_string(public.join("dashboard/2025/index.html")).unwrap());
    let heads = Selector::parse(".assessment-table thead th, .dashboard-table thead th").unwrap();
    let printed: String = pdf_pages(&pdf).join("\n").split_whitespace().collect();
    let mut n = 0;
    for th in html.select(&heads) {
        let text: String = th.text().collect::<String>().split_whitespace().collect();
        assert!(printed.contains(&text), "column `{text}` not in the printed dashboard");
        n += 1;
    }
    assert!(n >= 15, "{n} column headings");
    // The marking of site.yaml on every printed page.
    let sheets = pdf_pages(&pdf);
    assert!(sheets.len() >= 2);
    // (pdftotext -raw leaves out the spaces between CJK words: compare without them.)
    for (i, p) in sheets.iter().enumerate() {
        let p: String = p.split_whitespace().collect();
        assert!(p.contains("内部资料注意保存"), "no marking on printed page {}:\n{p}", i + 1);
        assert!(p.contains(&format!("—{}—", i + 1)), "no page number on printed page {}", i + 1);
    }
    println!("{stdout}");
    println!("screenshots in {}", shots.display());
}
