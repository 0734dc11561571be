//! Helpers shared by the integration tests: fixture sites copied into
//! temporary folders, running the real binary, parsing its output.
#![allow(dead_code)]

#[path = "../../../bench/corpus.rs"]
pub mod corpus;
pub mod measure;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

use scraper::{Html, Selector};

/// Installs the browser tests' locked npm packages (`e2e/package-lock.json`:
/// playwright-core, the driver, and axe-core) with `npm ci` when they are
/// missing, once for the whole test binary: the browser tests run in
/// parallel threads, and two `npm ci` at once in one folder fail.
/// Does nothing without npm; the caller reports what is missing.
pub fn e2e_node_modules() {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e");
    let installed = ["node_modules/playwright-core/package.json", "node_modules/axe-core/axe.min.js"].iter().all(|f| e2e.join(f).is_file());
    if installed {
        return;
    }
    let Some(npm) = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).map(|d| d.join("npm")).find(|p| p.is_file())
    else {
        return;
    };
    let status = Command::new(npm)
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&e2e)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .status();
    assert!(status.as_ref().is_ok_and(|s| s.success()), "`npm ci` in e2e/ failed: {status:?}");
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Gives the site at `root` the example's `fonts/` folder (a GB 2312
/// subset of Noto Serif CJK SC), as a site of its own would ship its
/// fonts: the PDFs of its issued issues are then typeset alike on every
/// machine, with or without Chinese system fonts. Hard links where the file
/// system allows (the font is 5 MB), copies otherwise.
pub fn add_fonts(root: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    fs::create_dir_all(root.join("fonts")).unwrap();
    for entry in fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        let dest = root.join("fonts").join(entry.file_name());
        if fs::hard_link(entry.path(), &dest).is_err() {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A copy of a fixture site in a temporary folder.
pub struct Site {
    pub tmp: tempfile::TempDir,
    pub root: PathBuf,
}

impl Site {
    pub fn new(name: &str) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&fixture(name), &root);
        add_fonts(&root);
        Site { tmp, root }
    }

    pub fn build(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_regionpress")).arg("build").arg("--root").arg(&self.root).args(args).output().unwrap()
    }

    pub fn build_ok(&self, args: &[&str]) -> Output {
        let out = self.build(args);
        assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
        out
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    pub fn html(&self, rel: &str) -> Html {
        let text = fs::read_to_string(self.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        Html::parse_document(&text)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    pub fn set_config(&self, extra: &str) {
        let mut cfg = fs::read_to_string(self.root.join("site.yaml")).unwrap();
        cfg.push_str(extra);
        fs::write(self.root.join("site.yaml"), cfg).unwrap();
    }
}

/// Writes a generated corpus (`bench/corpus.rs`) of `reports` reports and
/// `classes` classes into `root`, with the benchmarks' 20 regions and seed.
pub fn generate_corpus(root: &Path, reports: usize, classes: usize) {
    let opts = corpus::Options { reports, classes, ..corpus::Options::default() };
    corpus::generate(root, &opts).unwrap_or_else(|e| panic!("generating a corpus into {}: {e}", root.display()));
}

/// A child process (a server) killed and waited for when dropped, so that a
/// failing test leaves nothing running.
pub struct KillOnDrop(pub Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What builds left beside the output `root/public` other than its manifest:
/// the `.public.*` staging folders of a build that failed or was killed
/// (a successful or failed build removes its own; the next run removes a
/// killed one's).
pub fn leftovers(root: &Path) -> Vec<String> {
    fs::read_dir(root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.") && n != ".public.manifest" && n != ".public.regionpress-lock")
        .collect()
}

pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Every file under `dir`: relative path -> bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"), fs::read(e.path()).unwrap()))
        .collect()
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Checks that every local `href`/`src` of every HTML page points at an
/// existing file. `prefix` is the deploy sub-path (`/party/`) or `None` for
/// relative links. Returns the number of links checked.
pub fn assert_links_resolve(public: &Path, prefix: Option<&str>) -> usize {
    let sel = Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut checked = 0;
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(public).into_iter().filter_map(|e| e.ok()) {
        if entry.path().extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let doc = Html::parse_document(&fs::read_to_string(entry.path()).unwrap());
        for el in doc.select(&sel) {
            let url = el.value().attr("href").or_else(|| el.value().attr("src")).unwrap();
            if url.starts_with('#') || url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            let path = percent_decode(url.split(['#', '?']).next().unwrap());
            let target = match prefix {
                Some(p) => {
                    assert!(path.starts_with(p), "{}: `{url}` does not start with `{p}`", entry.path().display());
                    public.join(&path[p.len()..])
                }
                None => {
                    assert!(!path.starts_with('/'), "{}: `{url}` is not relative", entry.path().display());
                    entry.path().parent().unwrap().join(&path)
                }
            };
            let target = if path.ends_with('/') || path.is_empty() { target.join("index.html") } else { target };
            checked += 1;
            if !target.is_file() {
                broken.push(format!("{} -> {url}", entry.path().strip_prefix(public).unwrap().display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    checked
}

/// Puts the site's own `static/<script>` beside the theme's, builds, and
/// checks that the site's file is written and that each of `pages` links
/// it with the hash of the site's file, not the theme's.
pub fn assert_own_script_wins(site: &Site, script: &str, pages: &[&str]) {
    let own = format!("// the site's own {script}\n");
    site.write(&format!("static/{script}"), &own);
    site.build_ok(&[]);
    assert_eq!(fs::read_to_string(site.public().join(script)).unwrap(), own);
    let theme = fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static").join(script)).unwrap();
    let own_hash = regionpress::hash::short_hex(own.as_bytes());
    assert_ne!(own_hash, regionpress::hash::short_hex(&theme));
    for page in pages {
        let srcs = attrs(&site.html(page), "script[src]", "src");
        assert!(srcs.contains(&format!("/{script}?v={own_hash}")), "{page}: {srcs:?}");
    }
}

/// The diagnostics of `--format json` on stdout, one object a line
/// (the schema is in docs/errors.md).
pub fn json_diagnostics(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect()
}

/// The diagnostics printed as text on stderr: (location, severity, code)
/// of each line of the form `<location>: <severity>[<code>]: <message>`,
/// in either language.
pub fn diagnostics(stderr: &str) -> Vec<(String, String, String)> {
    stderr
        .lines()
        .filter_map(|line| {
            let (loc, rest) = line.split_once(": ")?;
            let (severity, rest) = rest.split_once('[')?;
            let (code, _) = rest.split_once("]: ")?;
            let severity = match severity {
                "error" | "错误" => "error",
                "warning" | "警告" => "warning",
                "note" | "提示" => "note",
                _ => return None,
            };
            Some((loc.to_string(), severity.to_string(), code.to_string()))
        })
        .collect()
}

/// A small RFC 4180 reader (quoted fields, doubled quotes, CRLF).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}
