//! `regionpress serve`: the site built into memory and served over HTTP,
//! rebuilt incrementally when a source changes, with live reload and an
//! in-browser error overlay.
//!
//! Three parts: a file watcher (notify + notify-debouncer-full) sends
//! changed paths to a builder thread; the builder rebuilds a [`DevSite`] and
//! publishes an immutable [`Snapshot`] through a `tokio::sync::watch`
//! channel; the HTTP server (axum) answers from the latest snapshot and
//! streams state changes to browsers as server-sent events. `public/` is
//! never touched.
//!
//! The server answers only requests addressed to it by a local name or an
//! address ([`host_allowed`]), so that a web page cannot reach it through a
//! DNS name rebound to 127.0.0.1; connections are served by hyper directly
//! (not `axum::serve`) so that a connection that sends no complete request
//! head within [`HEADER_TIMEOUT`], idle keep-alive ones included, is closed.

mod site;

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, bail};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::Stream;
use tokio::sync::watch;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::WatchStream;

pub use site::{DevSite, Files, IndexFiles, Rebuild};

use crate::diagnostics::{Diagnostics, Format, Severity};
use crate::language::Language;
use crate::messages::cli::{Say, io_reason};

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: String,
    /// Port (0: any free port); when taken, the next ten are tried.
    pub port: u16,
    /// Build drafts too.
    pub drafts: bool,
    /// Open the site in the default browser.
    pub open: bool,
    /// The language of what it prints (`--lang`); the site's when `None`.
    pub lang: Option<Language>,
}

/// `--lang` as given to [`serve`], for the lines the builder thread prints.
static ASKED: std::sync::OnceLock<Language> = std::sync::OnceLock::new();

/// The language of a line printed for a site in `site_lang`.
fn said(site_lang: Language) -> Language {
    ASKED.get().copied().unwrap_or(site_lang)
}

/// One diagnostic as the browser overlay shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DiagnosticView {
    path: String,
    line: usize,
    column: usize,
    severity: Severity,
    code: &'static str,
    message: String,
    hint: Option<String>,
    source_line: Option<String>,
}

/// The state browsers see: the files served and the last rebuild's outcome.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Files by output path.
    pub files: Files,
    /// Increases with every rebuild attempt.
    pub generation: u64,
    /// Errors of the last rebuild (empty when it succeeded).
    pub errors: Vec<DiagnosticView>,
    /// What the last successful rebuild changed.
    pub last: Rebuild,
}

#[derive(serde::Serialize)]
struct StateMessage<'a> {
    generation: u64,
    errors: &'a [DiagnosticView],
    rendered: &'a [String],
    changed: &'a [String],
    removed: &'a [String],
    css_only: bool,
    seconds: f64,
}

impl Snapshot {
    fn message(&self) -> String {
        let m = StateMessage {
            generation: self.generation,
            errors: &self.errors,
            rendered: &self.last.rendered,
            changed: &self.last.changed,
            removed: &self.last.removed,
            css_only: self.last.css_only,
            seconds: self.last.seconds,
        };
        serde_json::to_string(&m).unwrap_or_else(|_| "{}".into())
    }
}

fn views(diags: &Diagnostics, lang: Language) -> Vec<DiagnosticView> {
    diags
        .sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| DiagnosticView {
            message: d.message_text(lang),
            hint: d.hint_text(lang),
            path: d.path,
            line: d.line,
            column: d.column,
            severity: d.severity,
            code: d.code,
            source_line: d.source_line,
        })
        .collect()
}

/// Prints diagnostics to stderr as `build` does.
fn print_diagnostics(diags: &Diagnostics, lang: Language) {
    diags.print(Format::Text, lang, "", &mut std::io::stdout(), &mut std::io::stderr());
}

/// Binds `bind:port`, or the next free port of the ten after it.
fn bind(bind: &str, port: u16, lang: Language) -> Result<TcpListener> {
    let tries: Vec<u16> = if port == 0 { vec![0] } else { (port..port.saturating_add(10)).collect() };
    let mut last_error = None;
    for p in tries {
        match TcpListener::bind((bind, p)) {
            Ok(l) => {
                if p != port {
                    let used = l.local_addr().map(|a| a.port()).unwrap_or(p);
                    eprintln!("{}", Say::PortTaken { port, used }.text(lang));
                }
                return Ok(l);
            }
            Err(e) => last_error = Some(e),
        }
    }
    // The reason in the command line's language.
    let e = last_error.map(|e| crate::messages::cli::io_reason(&e, lang)).unwrap_or_default();
    bail!(Say::CannotListen { bind: bind.into(), port, why: e }.text(lang))
}

/// How long a connection may take to send a whole request head, counted
/// from when it opens or its previous response was sent: idle keep-alive
/// connections are closed after it, so that idle or slow clients cannot
/// hold every file descriptor the process may open. Browsers open a new
/// connection when they need one.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The address to print and to build links for: the bound one, except that
/// an unspecified address (`0.0.0.0`, `::`) is reached on this machine
/// through loopback.
fn local_address(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port()),
        _ => addr,
    }
}

/// Whether a request with this `Host` header is answered, for a server
/// bound to `bound`. Allowed: `localhost` and its subdomains (browsers
/// resolve them to loopback only), loopback addresses, the bound address,
/// and, when bound to every interface (`0.0.0.0`, `::`), any IP address;
/// with the bound port, or no port when that is 80. Any other name is
/// refused, even on `0.0.0.0`: a name can be made to resolve to this
/// machine by whoever controls its DNS (DNS rebinding), so a page on
/// another site could otherwise read the drafts. An address in `Host`
/// cannot be rebound.
pub fn host_allowed(host: Option<&str>, bound: SocketAddr) -> bool {
    let Some(authority) = host.and_then(|h| h.parse::<axum::http::uri::Authority>().ok()) else {
        return false;
    };
    if authority.port_u16().unwrap_or(80) != bound.port() {
        return false;
    }
    let name = authority.host().trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// Refuses requests whose `Host` is not one of ours ([`host_allowed`]).
async fn check_host(State(bound): State<SocketAddr>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok());
    if host_allowed(host, bound) {
        return next.run(request).await;
    }
    let body =
        "regionpress serve answers only requests for localhost, a loopback address or the address it listens on (see docs/serve.md)\n";
    (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// Accepts connections and serves each with hyper's HTTP/1 server, with
/// [`HEADER_TIMEOUT`] as its header-read (and so idle) timeout.
async fn accept_loop(listener: tokio::net::TcpListener, app: Router) -> Result<()> {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was
            // taken: the listener itself is fine. Waiting lets timed-out
            // connections close and free descriptors.
            Err(e) => {
                if !matches!(e.kind(), std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset) {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            // A client that goes away or times out is no error of ours.
            let _ = connection.await;
        });
    }
}

/// Runs the dev server until the process is stopped.
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let root = crate::output::absolute(&opts.root);
    if let Some(l) = opts.lang {
        let _ = ASKED.set(l);
    }
    let lang = said(crate::config::SiteConfig::load(&root, &mut Diagnostics::default()).0.language);
    if !root.join("content").is_dir() {
        bail!(Say::NotASite { root: root.display().to_string() }.text(lang));
    }
    let listener = bind(&opts.bind, opts.port, lang)?;
    let cannot_serve = |e: std::io::Error| anyhow::anyhow!(Say::CannotServe { why: io_reason(&e, lang) }.text(lang));
    let addr: SocketAddr = listener.local_addr().map_err(cannot_serve)?;
    let url = format!("http://{}/", local_address(addr));
    // The address as bound: `http://0.0.0.0:1111/` says what it is.
    let shown = if addr.ip().is_unspecified() {
        Say::Everywhere { addr: addr.to_string(), url: url.clone() }.text(lang)
    } else {
        format!("http://{addr}/")
    };
    if addr.ip().is_unspecified() {
        eprintln!("{}", Say::Exposed { ip: addr.ip().to_string() }.text(lang));
    }

    crate::markdown::warm_up();
    let mut site = DevSite::new(&root, opts.drafts, &url);
    let mut snapshot = Snapshot::default();
    let ready = match site.rebuild(None) {
        Ok(r) => {
            print_diagnostics(&r.warnings, said(site.language()));
            let line = Say::Serving { pages: r.pages, content: r.content, url: shown.clone(), seconds: r.seconds }.text(lang);
            snapshot.files = site.files();
            snapshot.last = r;
            line
        }
        Err(diags) => {
            print_diagnostics(&diags, said(site.language()));
            snapshot.errors = views(&diags, site.language());
            Say::ServingWithErrors { url: shown.clone() }.text(lang)
        }
    };
    let (tx, rx) = watch::channel(Arc::new(snapshot));
    let _watcher = spawn_builder(&root, site, tx, lang)?;
    // Said only once the watcher runs: an edit made right after this line is seen.
    println!("{ready}");

    if opts.open {
        open_browser(&url, lang);
    }
    listener.set_nonblocking(true).map_err(cannot_serve)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(cannot_serve)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(cannot_serve)?;
        let app = Router::new()
            .route("/__regionpress/events", get(events))
            .route("/__regionpress/live.js", get(live_js))
            .route("/__regionpress/state", get(state))
            .fallback(get(file))
            .with_state(rx)
            .layer(axum::middleware::from_fn_with_state(addr, check_host));
        accept_loop(listener, app).await
    })
}

type Shared = watch::Receiver<Arc<Snapshot>>;

/// What the builder thread is told.
enum Work {
    /// Files changed (from the watcher).
    Changed(Vec<PathBuf>),
    /// A search index finished building (signature, files).
    Index(u64, IndexFiles),
}

/// Watches the site's sources and rebuilds on every change.
fn spawn_builder(root: &Path, site: DevSite, tx: watch::Sender<Arc<Snapshot>>, lang: Language) -> Result<impl Drop> {
    use notify::RecursiveMode;
    let (events_tx, events_rx) = std::sync::mpsc::channel::<Work>();
    let index_tx = events_tx.clone();
    let mut debouncer = notify_debouncer_full::new_debouncer(
        // Long enough to see an editor's save (truncate and write, or write
        // and rename) as one change; short, since every save waits for it.
        Duration::from_millis(10),
        Some(Duration::from_millis(2)),
        move |result: notify_debouncer_full::DebounceEventResult| {
            if let Ok(events) = result {
                // Reading files (our own rebuild does) raises access events: only changes count.
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !matches!(e.event.kind, notify::EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if !paths.is_empty() {
                    let _ = events_tx.send(Work::Changed(paths));
                }
            }
        },
    )
    .map_err(|e| cannot_watch(None, &e, lang))?;
    // The root alone (for `site.yaml`), then each source folder whole.
    debouncer.watch(root, RecursiveMode::NonRecursive).map_err(|e| cannot_watch(Some(root), &e, lang))?;
    for source in crate::inputs::SOURCES {
        let p = root.join(source);
        if p.is_dir() {
            debouncer.watch(&p, RecursiveMode::Recursive).map_err(|e| cannot_watch(Some(&p), &e, lang))?;
        }
    }
    let root = root.to_path_buf();
    let relevant = move |p: &Path| crate::inputs::is_source(&root, p);
    // The search index is built after each rebuild on threads of its own, at
    // the lowest priority and outside the global rayon pool: the next
    // rebuild's parallel phases must not queue behind the index's tasks
    // (rayon workers finish their own queue before taking new work), nor
    // share the cores with it equally.
    let index_pool = rayon::ThreadPoolBuilder::new()
        .num_threads(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2))
        .thread_name(|i| format!("search-index-{i}"))
        .start_handler(|_| lower_thread_priority())
        .build()
        .ok()
        .map(Arc::new);
    let rebuilder = Rebuilder { site, tx, index_tx, index_pool, wanted_index: None, index_cancel: None };
    std::thread::Builder::new()
        .name("rebuild".into())
        .spawn(move || rebuilder.run(&events_rx, relevant))
        .map_err(|e| anyhow::anyhow!(Say::CannotServe { why: io_reason(&e, lang) }.text(lang)))?;
    Ok(debouncer)
}

/// Why the file watcher could not start (`path` `None`) or watch `path`,
/// in `lang`: the system's reason, or on Linux the limit of watches used
/// up (a site with more folders than `fs.inotify.max_user_watches`).
fn cannot_watch(path: Option<&Path>, e: &notify::Error, lang: Language) -> anyhow::Error {
    let why = match &e.kind {
        notify::ErrorKind::Io(io) => io_reason(io, lang),
        notify::ErrorKind::MaxFilesWatch => match lang {
            Language::En => "the system's limit of watched folders is used up (on Linux, raise fs.inotify.max_user_watches)".into(),
            Language::ZhCn => "系统允许监视的文件夹数已用完（Linux 上请调高 fs.inotify.max_user_watches）".into(),
        },
        notify::ErrorKind::PathNotFound => io_reason(&std::io::ErrorKind::NotFound.into(), lang),
        _ => e.to_string(),
    };
    let path = path.map(|p| p.display().to_string()).unwrap_or_default();
    anyhow::anyhow!(Say::CannotWatch { path, why }.text(lang))
}

/// The rebuild thread: the site in memory, where its snapshots go, and the
/// search index being built for the last rebuild.
struct Rebuilder {
    site: DevSite,
    tx: watch::Sender<Arc<Snapshot>>,
    /// Where a finished search index is sent back (to `run`'s queue).
    index_tx: std::sync::mpsc::Sender<Work>,
    index_pool: Option<Arc<rayon::ThreadPool>>,
    /// Pages are served without waiting for the index; only the newest counts.
    wanted_index: Option<u64>,
    /// Set to stop the index being built when a newer one is wanted.
    index_cancel: Option<Arc<std::sync::atomic::AtomicBool>>,
}

impl Rebuilder {
    /// Takes work until the server stops listening: all the work queued
    /// at once is done together, the newest search index first.
    fn run(mut self, events_rx: &std::sync::mpsc::Receiver<Work>, relevant: impl Fn(&Path) -> bool) {
        while let Ok(first) = events_rx.recv() {
            let mut paths = Vec::new();
            let mut index = None;
            for work in std::iter::once(first).chain(std::iter::from_fn(|| events_rx.try_recv().ok())) {
                match work {
                    Work::Changed(p) => paths.extend(p),
                    Work::Index(sig, files) => index = Some((sig, files)),
                }
            }
            if let Some((sig, files)) = index.filter(|(sig, _)| Some(*sig) == self.wanted_index)
                && !self.apply_index(sig, files)
            {
                break;
            }
            if !paths.iter().any(|p| relevant(p)) {
                continue;
            }
            if !self.rebuild(&paths) {
                break;
            }
            self.start_index();
        }
    }

    /// Serves the search index built for signature `sig`. False when
    /// nobody listens any more.
    fn apply_index(&mut self, sig: u64, files: IndexFiles) -> bool {
        let site = &mut self.site;
        let r = site.apply_search(sig, files);
        println!("{}", Say::IndexUpdated { changed: r.changed.len() }.text(said(site.language())));
        // Same generation and report: browsers that reloaded for the
        // pages do not reload again; searches see the new index.
        let previous = self.tx.borrow().clone();
        self.tx.send(Arc::new(Snapshot { files: site.files(), ..(*previous).clone() })).is_ok()
    }

    /// Rebuilds after `paths` changed and serves the result, or the last
    /// good pages with the errors. False when nobody listens any more.
    fn rebuild(&mut self, paths: &[PathBuf]) -> bool {
        let site = &mut self.site;
        let previous = self.tx.borrow().clone();
        let mut next = Snapshot { generation: previous.generation + 1, ..Snapshot::default() };
        match site.rebuild(Some(paths)) {
            Ok(r) => {
                print_diagnostics(&r.warnings, said(site.language()));
                let line = Say::Rebuilt {
                    ms: r.seconds * 1000.0,
                    bodies_only: r.patched,
                    rendered: r.rendered.len(),
                    changed: r.changed.len(),
                    removed: r.removed.len(),
                };
                println!("{}", line.text(said(site.language())));
                next.files = site.files();
                next.last = r;
            }
            Err(diags) => {
                print_diagnostics(&diags, said(site.language()));
                println!("{}", Say::RebuildFailed { errors: diags.error_count() }.text(said(site.language())));
                next.files = previous.files.clone();
                next.errors = views(&diags, site.language());
            }
        }
        self.tx.send(Arc::new(next)).is_ok()
    }

    /// Starts building the search index the last rebuild left to build, if
    /// any, on the index pool; an index still building for an earlier edit
    /// is abandoned.
    fn start_index(&mut self) {
        let Some((sig, graph)) = self.site.take_pending_search() else {
            return;
        };
        self.wanted_index = Some(sig);
        let index_tx = self.index_tx.clone();
        // An index still building for an earlier edit is now moot.
        let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
        if let Some(old) = self.index_cancel.replace(cancel.clone()) {
            old.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let pool = self.index_pool.clone();
        std::thread::spawn(move || {
            let built = match &pool {
                Some(pool) => pool.install(|| DevSite::build_search_unless(&graph, &cancel)),
                None => DevSite::build_search_unless(&graph, &cancel),
            };
            match built {
                Ok(Some(files)) => {
                    let _ = index_tx.send(Work::Index(sig, files));
                }
                Ok(None) => {}
                Err(e) => eprintln!("{}", Say::IndexFailed { why: format!("{e:#}") }.text(said(Language::default()))),
            }
        });
    }
}

/// Puts the calling thread at the lowest scheduling priority (nice 19), so
/// that it only takes what rebuilds and the HTTP server leave of the CPU.
fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: `gettid` and `setpriority` have no memory-safety preconditions;
    // on Linux the nice value is per thread, so this changes only the caller.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 19);
    }
}

async fn events(State(rx): State<Shared>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // The first message is the current state; then one per rebuild.
    let stream = WatchStream::new(rx).map(|s| Ok(Event::default().data(s.message())));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn state(State(rx): State<Shared>) -> Response {
    let body = rx.borrow().message();
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

async fn live_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], include_str!("live.js"))
        .into_response()
}

/// Decodes `%XX` escapes of a URL path (Chinese file names arrive encoded).
fn percent_decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned()
}

const LIVE_SCRIPT: &str = "<script src=\"/__regionpress/live.js\"></script>";

fn respond(key: &str, bytes: &[u8], status: StatusCode) -> Response {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body: Vec<u8> = if is_html {
        let text = String::from_utf8_lossy(bytes);
        match text.rfind("</body>") {
            Some(i) => format!("{}{LIVE_SCRIPT}{}", &text[..i], &text[i..]).into_bytes(),
            None => format!("{text}{LIVE_SCRIPT}").into_bytes(),
        }
    } else {
        bytes.to_vec()
    };
    let content_type = if mime.type_() == "text" || mime.essence_str() == "application/javascript" || mime.essence_str() == "image/svg+xml"
    {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn file(State(rx): State<Shared>, uri: Uri) -> Response {
    let snapshot = rx.borrow().clone();
    let path = percent_decode(uri.path());
    let key = crate::output::relative_key(&path);
    if key.split('/').any(|s| s == "..") {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    }
    if let Some(bytes) = snapshot.files.get(key.as_str()) {
        return respond(&key, bytes, StatusCode::OK);
    }
    if snapshot.files.contains_key(format!("{key}/index.html").as_str()) {
        let location = format!("{}/", uri.path());
        return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response();
    }
    match snapshot.files.get("404.html") {
        Some(bytes) => respond("404.html", bytes, StatusCode::NOT_FOUND),
        None => respond("404.html", b"<!doctype html><title>404</title><h1>404</h1></body>", StatusCode::NOT_FOUND),
    }
}

fn open_browser(url: &str, lang: Language) {
    #[cfg(target_os = "windows")]
    let result = std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn();
    #[cfg(target_os = "macos")]
    let result = std::process::Command::new("open").arg(url).spawn();
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let result = std::process::Command::new("xdg-open").arg(url).spawn();
    if let Err(e) = result {
        eprintln!("{}", Say::NoBrowser { why: io_reason(&e, lang), url: url.into() }.text(lang));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_names_and_addresses_are_answered() {
        let local: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for ok in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST.:1111", "app.localhost:1111", "[::1]:1111", "127.0.0.2:1111"] {
            assert!(host_allowed(Some(ok), local), "{ok}");
        }
        for refused in [
            "evil.example:1111",
            "127.0.0.1.evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1:2222",
            "127.0.0.1",
            "192.168.1.5:1111",
            "",
            "local host:1111",
        ] {
            assert!(!host_allowed(Some(refused), local), "{refused}");
        }
        assert!(!host_allowed(None, local));
        // Bound to every interface: any address, still no other name.
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.5:1111"), any));
        assert!(host_allowed(Some("[fe80::1]:1111"), any));
        assert!(!host_allowed(Some("my-pc.lan:1111"), any));
        // A LAN address: that address and loopback.
        let lan: SocketAddr = "192.168.1.5:80".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.5"), lan));
        assert!(!host_allowed(Some("192.168.1.6"), lan));
    }

    #[test]
    fn every_interface_is_reached_through_loopback() {
        assert_eq!(local_address("0.0.0.0:8080".parse().unwrap()).to_string(), "127.0.0.1:8080");
        assert_eq!(local_address("[::]:8080".parse().unwrap()).to_string(), "[::1]:8080");
        assert_eq!(local_address("192.168.1.5:8080".parse().unwrap()).to_string(), "192.168.1.5:8080");
    }

    #[test]
    fn decodes_chinese_paths() {
        assert_eq!(percent_decode("/reports/%E7%85%A7%E7%89%87.jpg"), "/reports/照片.jpg");
        assert_eq!(percent_decode("/a%2"), "/a%2");
    }
}
