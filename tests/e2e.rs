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
//! (`cargo test --test e2e -- --ignored`). Run without them, it fails and
//! says what is missing, rather than passing without having run.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{KillOnDrop, copy_dir};

/// A report with the strings the search checks look for.
const SEARCH_REPORT: &str = "---
title: 推进5G基站建设与内网安全共建
date: 2026-06-18
region: chengdu
mode: 资源共享
tags: [信息化]
slug: e2e-intranet
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
    // installed here on first run, so that the test needs no set-up of its own.
    if !playwright.is_file()
        && let Some(npm) = which("npm", &[])
    {
        let status = Command::new(npm)
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(manifest_dir().join("e2e"))
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .status();
        assert!(status.as_ref().is_ok_and(|s| s.success()), "`npm ci` in e2e/ failed: {status:?}");
    }
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
#[ignore = "browser test: needs chromium, nginx and npm; .ci/run runs it (cargo test --test e2e -- --ignored)"]
fn the_site_works_in_a_real_browser() {
    let tools = tools();
    let tmp = tempfile::tempdir().unwrap();
    let party = example_site(&tmp.path().join("party"), false);
    build(&party, &["--base-url", "https://intranet.example/party/"]);
    let relative = example_site(&tmp.path().join("relative"), true);
    build(&relative, &[]);
    let corpus = tmp.path().join("corpus");
    common::generate_corpus(&corpus, 2500, 100);
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
