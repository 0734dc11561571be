//! Integration tests of `regionpress serve`, `init` and `new`: the real
//! binary serving a fixture site on an ephemeral port, edited while it runs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::*;
use regionpress::serve::{DevSite, Rebuild};

/// A running dev server, killed on drop.
struct Server {
    child: KillOnDrop,
    url: String,
    _site: Site,
}

impl Server {
    fn start(site: Site, args: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_regionpress"));
        command.arg("serve").arg("--root").arg(&site.root).args(args);
        Server::spawn(command, site).0
    }

    /// Starts `command` (a `serve`); with the line it printed first.
    fn spawn(mut command: Command, site: Site) -> (Server, String) {
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("no URL in `{line}`")).to_string();
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in out.lines() {});
        (Server { child: KillOnDrop(child), url, _site: site }, line)
    }

    /// The host and port of the server's URL (`127.0.0.1:40123`).
    fn authority(&self) -> &str {
        self.url.trim_start_matches("http://").trim_end_matches('/')
    }

    /// The status of a GET of `/` sent with `Host: host` on a connection of its own.
    fn status_with_host(&self, host: &str) -> u16 {
        let mut stream = TcpStream::connect(self.authority()).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(stream, "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        let status = response.split_whitespace().nth(1).unwrap_or_else(|| panic!("no status line in {response:?}"));
        status.parse().unwrap()
    }

    fn site(&self) -> &Site {
        &self._site
    }

    fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
        let mut resp = agent.get(&format!("{}{}", self.url, path.trim_start_matches('/'))).call().unwrap();
        let status = resp.status().as_u16();
        (status, resp.body_mut().read_to_string().unwrap())
    }

    fn state(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/__regionpress/state").1).unwrap()
    }

    /// Waits until a rebuild after `generation` finished; returns its state.
    fn wait_after(&self, generation: u64) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let s = self.state();
            if s["generation"].as_u64().unwrap() > generation {
                return s;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "no rebuild after generation {generation}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn generation(&self) -> u64 {
        self.state()["generation"].as_u64().unwrap()
    }
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

const SAFETY: &str = "content/reports/2026/2026-03-02-safety.md";

/// The address the in-memory dev sites below are built for.
const URL: &str = "http://127.0.0.1:1111/";

/// Builds and applies the search index the last rebuild left out of date,
/// if any (the server builds it on another thread; here, at once).
fn apply_pending_search(dev: &mut DevSite) -> Option<Rebuild> {
    let (sig, graph) = dev.take_pending_search()?;
    let files = DevSite::build_search(&graph).unwrap();
    Some(dev.apply_search(sig, files))
}

/// Asserts that `dev`, its pending search index applied, serves exactly the
/// files of a full rebuild of `root` from scratch, byte for byte.
fn assert_same_as_full_rebuild(dev: &mut DevSite, root: &Path, what: &str) {
    apply_pending_search(dev);
    let mut fresh = DevSite::new(root, false, URL);
    fresh.rebuild(None).unwrap();
    let (a, b) = (dev.files(), fresh.files());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{what}: different files");
    for (k, v) in &a {
        assert!(v == &b[k], "{what}: {k} differs from a full rebuild");
    }
}

#[test]
fn editing_a_report_rerenders_it_and_the_pages_that_list_it_only() {
    let server = Server::start(Site::new("basic"), &["--port", "0"]);
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("/__regionpress/live.js"), "live reload script injected");
    let g = server.generation();
    let path = server.site().root.join(SAFETY);
    let text = std::fs::read_to_string(&path).unwrap().replace("双方签订共建协议。", "双方签订共建协议，并交换了文本。");
    std::fs::write(&path, text).unwrap();
    let state = server.wait_after(g);
    let rendered = strings(&state["rendered"]);
    for must in [
        "/reports/2026-03-02-safety/",
        "/",
        "/regions/alpha/",
        "/reports/page/2/",
        "/atom.xml",
        "/tags/an-quan-sheng-chan/",
        "/modes/events/",
    ] {
        assert!(rendered.contains(&must.to_string()), "{must} not re-rendered: {rendered:?}");
    }
    for must_not in
        ["/reports/", "/regions/beta/", "/classes/2026-02-15-class/", "/about/", "/tags/ji-shu-gong-guan/", "/404.html", "/theme.css"]
    {
        assert!(!rendered.contains(&must_not.to_string()), "{must_not} re-rendered needlessly: {rendered:?}");
    }
    assert!(strings(&state["changed"]).contains(&"/reports/2026-03-02-safety/".to_string()));
    assert!(server.get("/reports/2026-03-02-safety/").1.contains("交换了文本"));
}

#[test]
fn the_event_stream_announces_each_rebuild() {
    let server = Server::start(Site::new("basic"), &["--port", "0"]);
    let addr = server.url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(stream, "GET /__regionpress/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        let reader = BufReader::new(stream);
        for line in reader.lines() {
            let Ok(line) = line else { break };
            if let Some(data) = line.strip_prefix("data: ").or_else(|| line.strip_prefix("data:"))
                && tx.send(data.to_string()).is_err()
            {
                break;
            }
        }
    });
    let first: serde_json::Value = serde_json::from_str(&rx.recv_timeout(Duration::from_secs(10)).unwrap()).unwrap();
    let path = server.site().root.join("content/pages/about.md");
    std::fs::write(&path, "---\ntitle: 关于我们\n---\n\n新的介绍。\n").unwrap();
    let next: serde_json::Value = serde_json::from_str(&rx.recv_timeout(Duration::from_secs(10)).unwrap()).unwrap();
    assert!(next["generation"].as_u64() > first["generation"].as_u64());
    assert!(strings(&next["changed"]).contains(&"/about/".to_string()), "{next}");
    assert_eq!(next["css_only"], false);
}

#[test]
fn adding_renaming_and_deleting_files_leaves_no_stale_page() {
    let server = Server::start(Site::new("basic"), &["--port", "0"]);
    let root = server.site().root.clone();
    let new_file = root.join("content/reports/2026/2026-07-01-new.md");
    let g = server.generation();
    std::fs::write(&new_file, "---\ntitle: 新增的报道\ndate: 2026-07-01\nregion: beta\nmode: events\n---\n\n新内容。\n").unwrap();
    server.wait_after(g);
    assert_eq!(server.get("/reports/2026-07-01-new/").0, 200);
    assert!(server.get("/reports/").1.contains("新增的报道"));

    let g = server.generation();
    let renamed = root.join("content/reports/2026/2026-07-01-renamed.md");
    std::fs::rename(&new_file, &renamed).unwrap();
    let state = server.wait_after(g);
    assert_eq!(server.get("/reports/2026-07-01-new/").0, 404, "stale page after rename: {state}");
    assert_eq!(server.get("/reports/2026-07-01-renamed/").0, 200);
    assert!(strings(&state["removed"]).contains(&"/reports/2026-07-01-new/".to_string()));

    let g = server.generation();
    std::fs::remove_file(&renamed).unwrap();
    server.wait_after(g);
    assert_eq!(server.get("/reports/2026-07-01-renamed/").0, 404);
    assert!(!server.get("/reports/").1.contains("新增的报道"));
    assert!(!server.get("/regions/beta/").1.contains("新增的报道"));
}

#[test]
fn a_broken_edit_shows_errors_and_keeps_the_last_good_pages() {
    let server = Server::start(Site::new("basic"), &["--port", "0"]);
    let path = server.site().root.join(SAFETY);
    let good = std::fs::read_to_string(&path).unwrap();
    let g = server.generation();
    std::fs::write(&path, good.replace("region: alpha", "region: alpah")).unwrap();
    let state = server.wait_after(g);
    let errors = state["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{state}");
    assert_eq!(errors[0]["path"], "content/reports/2026/2026-03-02-safety.md");
    assert_eq!(errors[0]["line"], 4);
    assert_eq!(errors[0]["column"], 9);
    assert_eq!(errors[0]["code"], "unknown-region");
    assert!(errors[0]["hint"].as_str().unwrap().contains("`alpha`"), "{state}");
    let (status, page) = server.get("/reports/2026-03-02-safety/");
    assert_eq!(status, 200, "the last good page stays served");
    assert!(page.contains("联合开展安全生产主题党日活动"));

    let g = server.generation();
    std::fs::write(&path, "---\ntitle: [unclosed\n---\n").unwrap();
    let state = server.wait_after(g);
    let codes: Vec<&str> = state["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    // The file itself, and the page linking to it (its target no longer loads).
    assert_eq!(codes, ["broken-link", "yaml-syntax"], "{state}");

    let g = server.generation();
    std::fs::write(&path, good).unwrap();
    let state = server.wait_after(g);
    assert!(state["errors"].as_array().unwrap().is_empty(), "fixing the file clears the errors: {state}");
}

#[test]
fn a_stylesheet_change_is_css_only_and_a_template_change_rerenders_its_pages() {
    let site = Site::new("basic");
    site.write("static/extra.css", "body { color: #111; }\n");
    let class_template = std::fs::read_to_string(fixture("../../themes/default/templates/class.html")).unwrap();
    site.write("themes/default/templates/class.html", &class_template);
    let server = Server::start(site, &["--port", "0"]);
    let root = server.site().root.clone();

    let g = server.generation();
    std::fs::write(root.join("static/extra.css"), "body { color: #222; }\n").unwrap();
    let state = server.wait_after(g);
    assert_eq!(strings(&state["changed"]), ["/extra.css"], "{state}");
    assert_eq!(state["css_only"], true);

    let g = server.generation();
    std::fs::write(
        root.join("themes/default/templates/class.html"),
        class_template.replace("</article>", "<p class=\"marker\">改过的模板</p></article>"),
    )
    .unwrap();
    let state = server.wait_after(g);
    let rendered = strings(&state["rendered"]);
    assert_eq!(rendered, ["/classes/2026-02-15-class/"], "{state}");
    assert!(server.get("/classes/2026-02-15-class/").1.contains("改过的模板"));
}

#[test]
fn a_port_in_use_moves_to_the_next_one_and_says_so() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut server = Server::start(Site::new("basic"), &["--port", &port.to_string(), "--lang", "en"]);
    assert!(!server.url.contains(&format!(":{port}/")), "{}", server.url);
    assert_eq!(server.get("/").0, 200);
    let _ = server.child.0.kill();
    let mut err = String::new();
    server.child.0.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(err.contains(&format!("port {port} is in use")), "{err}");
}

/// Regression: the server answered any `Host`, so a page on another site
/// whose name was rebound to 127.0.0.1 (DNS rebinding) could read it.
#[test]
fn requests_for_other_hosts_are_refused() {
    let server = Server::start(Site::new("basic"), &["--port", "0"]);
    let port = server.authority().rsplit(':').next().unwrap().to_string();
    assert_eq!(server.status_with_host(server.authority()), 200);
    assert_eq!(server.status_with_host(&format!("localhost:{port}")), 200);
    for other in [format!("evil.example:{port}"), format!("127.0.0.1.evil.example:{port}"), "127.0.0.1:1".to_string()] {
        assert_eq!(server.status_with_host(&other), 403, "{other}");
    }
    // The live-reload endpoints too.
    let mut stream = TcpStream::connect(server.authority()).unwrap();
    write!(stream, "GET /__regionpress/state HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 403"), "{response}");
    assert!(!response.contains("generation"), "{response}");
}

/// An idle connection is closed once it has sent no request head for
/// `HEADER_TIMEOUT`, and a keep-alive connection after its last response.
#[test]
fn idle_connections_are_closed() {
    let server = Server::start(Site::new("basic"), &["--port", "0"]);
    let timeout = regionpress::serve::HEADER_TIMEOUT;
    let mut idle = TcpStream::connect(server.authority()).unwrap();
    let mut kept = TcpStream::connect(server.authority()).unwrap();
    write!(kept, "GET /__regionpress/state HTTP/1.1\r\nHost: {}\r\n\r\n", server.authority()).unwrap();
    let start = Instant::now();
    for stream in [&mut idle, &mut kept] {
        stream.set_read_timeout(Some(timeout + Duration::from_secs(15))).unwrap();
    }
    let mut buf = [0; 4096];
    let mut n = kept.read(&mut buf).unwrap();
    assert!(buf.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&buf[..n]));
    // Read to the end: the server closes it once idle (read returns 0).
    while n > 0 {
        n = kept.read(&mut buf).expect("a keep-alive connection idle past the timeout is closed");
    }
    let read = idle.read(&mut buf);
    assert!(matches!(read, Ok(0)), "an idle connection is closed, got {read:?}");
    let elapsed = start.elapsed();
    assert!(elapsed >= timeout - Duration::from_secs(1), "closed after {elapsed:?}, before the timeout");
}

/// Regression: 300 idle connections held every descriptor of a server
/// limited to 256, and it answered nothing more, ever.
#[cfg(unix)]
#[test]
fn idle_connections_cannot_exhaust_file_descriptors() {
    let site = Site::new("basic");
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -n 256 && exec \"$0\" serve --root \"$1\" --port 0")
        .arg(env!("CARGO_BIN_EXE_regionpress"))
        .arg(&site.root);
    let (server, _) = Server::spawn(command, site);
    let idle: Vec<TcpStream> = (0..300).filter_map(|_| TcpStream::connect(server.authority()).ok()).collect();
    assert!(idle.len() >= 256, "only {} connections opened", idle.len());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(regionpress::serve::HEADER_TIMEOUT + Duration::from_secs(20)))
        .build()
        .into();
    let start = Instant::now();
    let response = agent.get(&server.url).call();
    assert!(response.is_ok_and(|r| r.status() == 200), "no answer after {:?} with 300 idle connections", start.elapsed());
}

/// `--bind 0.0.0.0` prints the address it listens on, the one to use on
/// this machine, and a warning that the network can see the site.
#[test]
fn binding_every_interface_prints_it_and_warns() {
    let site = Site::new("basic");
    let mut command = Command::new(env!("CARGO_BIN_EXE_regionpress"));
    command.arg("serve").arg("--root").arg(&site.root).args(["--bind", "0.0.0.0", "--port", "0", "--lang", "en"]);
    let (mut server, line) = Server::spawn(command, site);
    assert!(server.url.starts_with("http://0.0.0.0:"), "{line}");
    let port = server.authority().rsplit(':').next().unwrap().to_string();
    assert!(line.contains(&format!("on this machine http://127.0.0.1:{port}/")), "{line}");
    server.url = format!("http://127.0.0.1:{port}/");
    assert_eq!(server.get("/").0, 200);
    let _ = server.child.0.kill();
    let mut err = String::new();
    server.child.0.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(err.starts_with("warning: listening on 0.0.0.0 exposes the site, with its drafts"), "{err}");
}

fn run(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_regionpress")).args(["--lang", "en"]).args(args).current_dir(dir).output().unwrap()
}

#[test]
fn init_creates_a_site_that_builds_and_new_adds_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&["init", "mysite"], tmp.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let site = tmp.path().join("mysite");
    let out = run(&["build", "--root", "mysite"], tmp.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).trim().is_empty(), "warnings: {}", String::from_utf8_lossy(&out.stderr));
    assert!(site.join("public/index.html").is_file());
    // Git ignores the output and the manifest the build keeps beside it.
    assert!(site.join(".public.manifest").is_file());
    assert_eq!(std::fs::read_to_string(site.join(".gitignore")).unwrap(), regionpress::scaffold::GITIGNORE);

    let again = run(&["init", "mysite"], tmp.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));

    let out = run(&["new", "report", "--region", "chengdu", "联合开展安全生产主题党日活动"], &site);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    let created = said.trim().trim_start_matches("created ").split(": ").next().unwrap().to_string();
    assert!(created.ends_with("-lian-he-kai-zhan-an-quan-sheng-chan-zhu-ti-dang-ri-huo-dong.md"), "{created}");
    let text = std::fs::read_to_string(site.join(&created)).unwrap();
    assert!(text.contains("title: \"联合开展安全生产主题党日活动\"") && text.contains("region: chengdu"), "{text}");
    let dup = run(&["new", "report", "--region", "chengdu", "联合开展安全生产主题党日活动"], &site);
    assert_eq!(dup.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&dup.stderr).contains("already exists"));

    let unknown = run(&["new", "report", "--region", "chengdou", "标题"], &site);
    assert_eq!(unknown.status.code(), Some(2));
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(err.contains("unknown region `chengdou`") && err.contains("known regions: chengdu"), "{err}");

    assert!(run(&["new", "class", "--region", "chengdu", "--lecturer", "李华", "专题党课"], &site).status.success());
    assert!(run(&["new", "region", "chongqing"], &site).status.success());
    assert!(site.join("content/regions/chongqing.yaml").is_file());
    // The new files are refused until they are filled in (tests/it/scaffold.rs).
    let out = run(&["build", "--root", "."], &site);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[unfinished]"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The incremental rebuild is exact: after every kind of edit, the pages
/// served equal those of a full rebuild from scratch, byte for byte.
#[test]
fn incremental_rebuilds_equal_full_rebuilds() {
    let site = Site::new("regional");
    let root = site.root.clone();
    let mut dev = DevSite::new(&root, false, URL);
    dev.rebuild(None).unwrap();
    let reports: Vec<std::path::PathBuf> = walkdir::WalkDir::new(root.join("content/reports"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let region = walkdir::WalkDir::new(root.join("content/regions"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .find(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .unwrap()
        .into_path();
    let first = reports[0].clone();
    let edits: Vec<Box<dyn Fn()>> = vec![
        Box::new(|| {
            let t = std::fs::read_to_string(&first).unwrap();
            std::fs::write(&first, format!("{t}\n追加的一段。\n")).unwrap();
        }),
        Box::new(|| {
            let t = std::fs::read_to_string(&first).unwrap();
            std::fs::write(&first, t.replacen("title: ", "title: 改名后的", 1)).unwrap();
        }),
        Box::new(|| {
            let copy = first.with_file_name("2026-01-15-copy.md");
            let t = std::fs::read_to_string(&first).unwrap();
            std::fs::write(copy, t.replacen("title: ", "title: 复制的", 1)).unwrap();
        }),
        Box::new(|| std::fs::rename(first.with_file_name("2026-01-15-copy.md"), first.with_file_name("2026-01-16-moved.md")).unwrap()),
        Box::new(|| {
            let t = std::fs::read_to_string(&region).unwrap();
            std::fs::write(&region, t.replacen("name: ", "name: 新", 1)).unwrap();
        }),
        Box::new(|| std::fs::remove_file(first.with_file_name("2026-01-16-moved.md")).unwrap()),
        Box::new(|| {
            std::fs::write(
                root.join("site.yaml"),
                std::fs::read_to_string(root.join("site.yaml")).unwrap().replacen("title: ", "title: 新", 1),
            )
            .unwrap()
        }),
    ];
    for (i, edit) in edits.iter().enumerate() {
        edit();
        // Make sure the modification time moves even on coarse clocks.
        std::thread::sleep(Duration::from_millis(20));
        let step = dev.rebuild(None).unwrap_or_else(|d| panic!("edit {i}: {:?}", d.sorted()));
        assert_same_as_full_rebuild(&mut dev, &root, &format!("edit {i} (rendered: {:?})", step.rendered));
        assert!(step.rendered.len() < step.planned || i == edits.len() - 1, "edit {i} re-rendered everything");
    }
}

/// Saving a page whose front matter is unchanged patches the last site
/// (only that page's Markdown is rendered again); every other edit, and any
/// edit that brings a problem, takes the full path. Either way the result is
/// a full rebuild's, byte for byte, and problems are still all reported.
#[test]
fn body_edits_patch_the_last_site_and_equal_full_rebuilds() {
    let site = Site::new("regional");
    let root = site.root.clone();
    let mut dev = DevSite::new(&root, false, URL);
    dev.rebuild(None).unwrap();
    let a = root.join("content/reports/2025-11-05-east-start.md");
    let b = root.join("content/reports/2025-12-10-east-share.md");
    let append = |path: &std::path::Path, text: &str| {
        let t = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, format!("{t}\n{text}\n")).unwrap();
        // Make sure the modification time moves even on coarse clocks.
        std::thread::sleep(Duration::from_millis(20));
    };
    let step = |dev: &mut DevSite, paths: &[&std::path::Path]| -> Result<Rebuild, Vec<String>> {
        let paths: Vec<std::path::PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
        dev.rebuild(Some(&paths)).map_err(|d| d.sorted().into_iter().map(|d| format!("{}:{}: {}", d.path, d.line, d.code)).collect())
    };

    // A new paragraph: patched; the page, and the lists showing its excerpt,
    // but not the sitemap or the tag cloud, which show no body.
    append(&a, "追加的一段文字。");
    let r = step(&mut dev, &[&a]).unwrap();
    assert!(r.patched, "a body edit patches the site");
    assert!(r.changed.contains(&"/reports/2025-11-05-east-start/".to_string()), "{:?}", r.changed);
    for unaffected in ["/sitemap.xml", "/tags/", "/regions/", "/search/"] {
        assert!(!r.rendered.contains(&unaffected.to_string()), "{unaffected} re-rendered: {:?}", r.rendered);
    }
    assert_same_as_full_rebuild(&mut dev, &root, "a new paragraph");

    // An editor's save: a probe file written and removed, a hidden swap file,
    // the page itself. Only the page counts.
    let probe = root.join("content/reports/4913");
    std::fs::write(&probe, "").unwrap();
    std::fs::remove_file(&probe).unwrap();
    let swap = root.join("content/reports/.2025-11-05-east-start.md.swp");
    std::fs::write(&swap, "swap").unwrap();
    append(&a, "编辑器保存的一段。");
    let r = step(&mut dev, &[&probe, &swap, &a]).unwrap();
    assert!(r.patched, "an editor's temporary files do not stop the patch");
    std::fs::remove_file(&swap).unwrap();
    assert_same_as_full_rebuild(&mut dev, &root, "an editor's save");

    // A new heading changes the page's anchors, which other pages may link to: full path.
    append(&a, "## 第二部分\n\n第二部分的内容。");
    let r = step(&mut dev, &[&a]).unwrap();
    assert!(!r.patched, "new heading ids take the full path");
    assert_same_as_full_rebuild(&mut dev, &root, "a new heading");
    let id = {
        let html = String::from_utf8(dev.files()["reports/2025-11-05-east-start/index.html"].to_vec()).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let h2 = scraper::Selector::parse("h2[id]").unwrap();
        let ids: Vec<String> =
            doc.select(&h2).filter(|h| h.text().any(|t| t.contains("第二部分"))).map(|h| h.attr("id").unwrap().to_string()).collect();
        assert_eq!(ids.len(), 1, "one heading 第二部分 with an id");
        ids[0].clone()
    };

    // Two saved files at once, one linking to the other's heading: patched.
    append(&a, "又一段。");
    append(&b, &format!("参见[启动情况](2025-11-05-east-start.md#{id})。"));
    let r = step(&mut dev, &[&a, &b, &a]).unwrap();
    assert!(r.patched, "body edits of two pages patch the site");
    assert_same_as_full_rebuild(&mut dev, &root, "two body edits");

    // A link to an anchor that does not exist is an error, located, and the
    // last good pages stay; fixing it rebuilds in full (the last good site is
    // behind what is on disk), then body edits patch again.
    let good = dev.files();
    append(&b, "参见[不存在](2025-11-05-east-start.md#no-such-heading)。");
    let errors = step(&mut dev, &[&b]).unwrap_err();
    assert!(errors.iter().any(|e| e.starts_with("content/reports/2025-12-10-east-share.md:")), "{errors:?}");
    assert_eq!(dev.files(), good, "a failed rebuild changes nothing");
    let t = std::fs::read_to_string(&b).unwrap().replace("参见[不存在](2025-11-05-east-start.md#no-such-heading)。", "");
    std::fs::write(&b, t).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let r = step(&mut dev, &[&b]).unwrap();
    assert!(!r.patched, "the rebuild after a failed one is full");
    assert_same_as_full_rebuild(&mut dev, &root, "fixed link");
    append(&b, "修正后再补充一句。");
    assert!(step(&mut dev, &[&b]).unwrap().patched);
    assert_same_as_full_rebuild(&mut dev, &root, "body edit after a fix");

    // Front matter: full path.
    let t = std::fs::read_to_string(&a).unwrap();
    std::fs::write(&a, t.replacen("participants: 10", "participants: 12", 1)).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let r = step(&mut dev, &[&a]).unwrap();
    assert!(!r.patched, "front matter edits take the full path");
    assert!(r.rendered.contains(&"/regions/".to_string()), "region cards count participants: {:?}", r.rendered);
    assert_same_as_full_rebuild(&mut dev, &root, "participants changed");

    // A broken body (an unclosed front matter is not a body edit; a link to a
    // missing page is) reports the problem without patching.
    append(&a, "[坏链接](no-such-page.md)");
    let errors = step(&mut dev, &[&a]).unwrap_err();
    assert!(errors.iter().any(|e| e.starts_with("content/reports/2025-11-05-east-start.md:")), "{errors:?}");
}

/// A site's warnings are reported by every rebuild, patched ones included
/// (a patch hands the last build's warnings on), until their cause is fixed.
#[test]
fn warnings_are_reported_by_every_patched_rebuild_until_fixed() {
    let site = Site::new("regional");
    let root = site.root.clone();
    let a = root.join("content/reports/2025-11-05-east-start.md");
    let b = root.join("content/reports/2025-12-10-east-share.md");
    // An unknown field in b's front matter: a warning, not an error.
    let text = std::fs::read_to_string(&b).unwrap();
    std::fs::write(&b, text.replacen("participants: 20", "participants: 20\nmood: 好", 1)).unwrap();
    let mut dev = DevSite::new(&root, false, URL);
    let codes = |r: &Rebuild| r.warnings.sorted().into_iter().map(|d| format!("{} {}", d.path, d.code)).collect::<Vec<_>>();
    let first = dev.rebuild(None).unwrap();
    let expected = vec!["content/reports/2025-12-10-east-share.md unknown-field".to_string()];
    assert_eq!(codes(&first), expected);
    // Two body edits of another page in a row: both patched, both warn.
    for text in ["追加一段。", "再追加一段。"] {
        let t = std::fs::read_to_string(&a).unwrap();
        std::fs::write(&a, format!("{t}\n{text}\n")).unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let r = dev.rebuild(Some(std::slice::from_ref(&a))).unwrap();
        assert!(r.patched, "a body edit patches the site");
        assert_eq!(codes(&r), expected, "after {text}");
    }
    // The fix takes the full path (b had a warning) and clears it.
    std::fs::write(&b, text).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let r = dev.rebuild(Some(std::slice::from_ref(&b))).unwrap();
    assert!(!r.patched, "an edit of a page with warnings takes the full path");
    assert!(codes(&r).is_empty(), "{:?}", codes(&r));
}

/// After an edit the dev server serves the pages first and builds the search
/// index on another thread; once applied, the index equals a full rebuild's.
#[test]
fn the_deferred_search_index_equals_a_full_rebuilds() {
    let site = Site::new("basic");
    let mut dev = DevSite::new(&site.root, false, URL);
    dev.rebuild(None).unwrap();
    assert!(dev.take_pending_search().is_none(), "a full rebuild builds the index itself");
    let path = site.root.join(SAFETY);
    let text = std::fs::read_to_string(&path).unwrap().replace("双方签订共建协议。", "双方签订共建协议，约定内网资料共享。");
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&path, text).unwrap();
    dev.rebuild(Some(std::slice::from_ref(&path))).unwrap();
    let report = apply_pending_search(&mut dev).expect("the index is out of date after an edit");
    assert!(!report.changed.is_empty(), "some index files change");
    assert_same_as_full_rebuild(&mut dev, &site.root, "the deferred index applied");
}

/// Rebuilds as the dev server runs them (told which file changed) reuse the
/// bulletin and dashboard figures while no page moved, and recompute them
/// when one did: either way the result is a full rebuild's, byte for byte.
#[test]
fn moving_a_report_to_another_period_updates_exactly_its_bulletins_and_years() {
    let site = Site::new("regional");
    let root = site.root.clone();
    let mut dev = DevSite::new(&root, false, URL);
    dev.rebuild(None).unwrap();
    let path = root.join("content/reports/2025-12-10-east-share.md");
    let edit = |dev: &mut DevSite, from: &str, to: &str| {
        let t = std::fs::read_to_string(&path).unwrap();
        assert!(t.contains(from));
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, t.replacen(from, to, 1)).unwrap();
        let step = dev.rebuild(Some(std::slice::from_ref(&path))).unwrap();
        apply_pending_search(dev);
        step
    };

    // The body only: figures reused; the issue printing the report is re-rendered, other periods' are not.
    let step = edit(&mut dev, "东片区共享资源。", "东片区共享资源，并交流了经验。");
    assert_same_as_full_rebuild(&mut dev, &root, "body edit");
    assert!(step.rendered.contains(&"/bulletins/east/2025-12/".to_string()), "{:?}", step.rendered);
    for untouched in ["/bulletins/east/2026-03/", "/bulletins/west/2026-02/", "/dashboard/2026/"] {
        assert!(dev.paths().contains(untouched), "{untouched} exists");
        assert!(!step.rendered.contains(&untouched.to_string()), "{untouched} re-rendered needlessly: {:?}", step.rendered);
    }

    // Another month and year: both periods' issues and both years' dashboards change.
    let step = edit(&mut dev, "date: 2025-12-10", "date: 2026-03-10");
    assert_same_as_full_rebuild(&mut dev, &root, "date moved to 2026-03");
    assert!(step.removed.contains(&"/bulletins/east/2025-12/".to_string()), "the emptied issue is gone: {:?}", step.removed);
    for changed in ["/bulletins/east/2026-03/", "/bulletins/all/2026-03/", "/dashboard/2025/", "/dashboard/2026/", "/dashboard/2026.csv"] {
        assert!(step.changed.contains(&changed.to_string()), "{changed} not updated: {:?}", step.changed);
    }
    // (Later issues of every series are re-rendered too: with one issue
    // fewer, their overall numbers and neighbours changed.)

    // Another region in the same period: figures move between the regions' rows.
    let step = edit(&mut dev, "region: east", "region: west");
    assert_same_as_full_rebuild(&mut dev, &root, "region changed");
    assert!(step.changed.contains(&"/bulletins/west/2026-03/".to_string()), "{:?}", step.changed);
    assert!(step.changed.contains(&"/bulletins/east/2026-03/".to_string()), "{:?}", step.changed);

    // And back: the result is the original site's.
    edit(&mut dev, "region: west", "region: east");
    let step = edit(&mut dev, "date: 2026-03-10", "date: 2025-12-10");
    assert_same_as_full_rebuild(&mut dev, &root, "moved back");
    assert!(step.changed.contains(&"/bulletins/east/2025-12/".to_string()), "{:?}", step.changed);
}

/// Deleting a file a page uses (an image) while the server runs is a
/// located error, like the build's, not an editor's temporary file: the
/// fast path must not take an asset the last walk saw for one it did not.
#[test]
fn deleting_an_image_a_report_uses_is_a_located_error() {
    let site = Site::new("basic");
    let root = site.root.clone();
    let mut dev = DevSite::new(&root, false, URL);
    dev.rebuild(None).unwrap();
    assert!(dev.paths().contains("/reports/2026-03-02-safety/site.svg"));
    let good = dev.files();
    let image = root.join("content/reports/2026/site.svg");
    let bytes = std::fs::read(&image).unwrap();
    std::fs::remove_file(&image).unwrap();
    let errors = dev.rebuild(Some(std::slice::from_ref(&image))).unwrap_err().sorted();
    let missing: Vec<(String, usize)> = errors.iter().filter(|d| d.code == "missing-asset").map(|d| (d.path.clone(), d.line)).collect();
    // The cover (line 11) and the image in the body (line 30).
    assert_eq!(missing, [(SAFETY.to_string(), 11), (SAFETY.to_string(), 30)], "{errors:?}");
    assert!(errors.iter().all(|d| d.path == SAFETY), "every error is located in the report: {errors:?}");
    assert_eq!(dev.files(), good, "a failed rebuild changes nothing");

    std::fs::write(&image, bytes).unwrap();
    let r = dev.rebuild(Some(std::slice::from_ref(&image))).unwrap();
    assert!(!r.patched, "the rebuild after a failed one is full");
    assert_same_as_full_rebuild(&mut dev, &root, "image restored");
}

/// The dev server runs the checks across files that `build` runs: a
/// bulletin note for a region that does not exist is an error in both.
#[test]
fn a_note_for_an_unknown_region_is_an_error_as_in_build() {
    let site = Site::new("regional");
    let root = site.root.clone();
    let mut dev = DevSite::new(&root, false, URL);
    dev.rebuild(None).unwrap();
    let note = "content/bulletins/nowhere/2026-01.md";
    site.write(note, "---\ntitle: 无处的编者按\n---\n\n正文。\n");
    let errors = dev.rebuild(Some(&[root.join(note)])).unwrap_err().sorted();
    let located: Vec<(&str, &str)> = errors.iter().map(|d| (d.path.as_str(), d.code)).collect();
    assert_eq!(located, [(note, "unknown-region")], "{errors:?}");
    assert!(errors[0].message_text(regionpress::language::Language::En).contains("`nowhere`"), "{errors:?}");
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1), "build fails on the same note");
    assert!(String::from_utf8_lossy(&out.stderr).contains(note), "{}", String::from_utf8_lossy(&out.stderr));

    std::fs::remove_file(root.join(note)).unwrap();
    dev.rebuild(Some(&[root.join(note)])).unwrap();
    assert_same_as_full_rebuild(&mut dev, &root, "note removed");
}

/// `serve` counts what `build` counts: the same reports, classes and pages
/// and the same web pages (its first line says both).
#[test]
fn serve_counts_pages_as_build_does() {
    let site = Site::new("regional");
    let mut dev = DevSite::new(&site.root, false, URL);
    let r = dev.rebuild(None).unwrap();
    let built = regionpress::build(&regionpress::BuildOptions {
        root: site.root.clone(),
        output: None,
        base_url: None,
        drafts: false,
        progress: false,
        lang: None,
        force: false,
        date: None,
    })
    .unwrap();
    assert!(built.pages > 10, "{}", built.pages);
    assert_eq!((r.content, r.pages), (built.content, built.pages));
}

#[test]
fn editing_an_issued_item_keeps_the_issue_as_issued_and_equals_a_full_rebuild() {
    let site = Site::new("regional");
    let root = site.root.clone();
    let out = run(&["bulletin", "issue", "east", "2025-11", "--date", "2025-12-01", "--root", root.to_str().unwrap()], &root);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut dev = DevSite::new(&root, false, URL);
    dev.rebuild(None).unwrap();
    let issue = |dev: &DevSite| String::from_utf8(dev.files()["bulletins/east/2025-11/index.html"].to_vec()).unwrap();
    let before = issue(&dev);
    let report = root.join("content/reports/2025-11-05-east-start.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, format!("{text}\n印发之后补写的一段。\n")).unwrap();
    let r = dev.rebuild(Some(std::slice::from_ref(&report))).unwrap();
    // Whether the issue prints the item or its copy may change: no patch.
    assert!(!r.patched, "an edit of an issued item is not patched");
    let page = String::from_utf8(dev.files()["reports/2025-11-05-east-start/index.html"].to_vec()).unwrap();
    assert!(page.contains("印发之后补写的一段"));
    assert_eq!(issue(&dev), before, "the issued issue prints its copy");
    assert_same_as_full_rebuild(&mut dev, &root, "an edit of an issued item");
}
