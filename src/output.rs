//! Writing the site: a staging directory beside the output, swapped in only
//! when everything succeeded.
//!
//! Guarantees:
//! - the output is only ever a folder that regionpress made: an existing
//!   `--output` that is a file, a device, a FIFO, a socket or a symbolic
//!   link, the site or its sources, a repository, or a non-empty folder
//!   without regionpress's mark ([`OUTPUT_MARK`]) is refused before
//!   anything is written ([`check_output_dir`]; `--force` overrides only
//!   the last);
//! - one build at a time writes an output: [`OutputLock`] is an
//!   operating-system lock beside it, which a second build waits for and
//!   which dies with its process, so a killed build never blocks the next;
//! - a failed or killed build leaves the previous output exactly as it was,
//!   or the new one complete: on Linux the swap is one atomic
//!   `renameat2(RENAME_EXCHANGE)`, so `public/` always exists and is always
//!   whole; elsewhere it is two renames, and the next run puts the old output
//!   back if a build was killed between them. The next run removes the
//!   leftovers, and only its own (marked) ones;
//! - a file whose bytes did not change is hard-linked from the previous
//!   output, so it keeps its modification time (rsync-friendly);
//! - every failed file operation is an [`OutputError`] naming the path;
//! - every file of a site, pages and search index alike, arrives through one
//!   [`Sink`] trait.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use anyhow::Result;

use crate::messages::OutputRefusal;

/// Makes `p` absolute and removes `.`/`..` lexically (the path may not exist yet).
pub fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn canonical(p: &Path) -> PathBuf {
    fs::canonicalize(p).unwrap_or_else(|_| absolute(p))
}

/// The mark regionpress leaves in every output folder it makes: a small
/// text file at the folder's top, published with the site. A non-empty
/// folder without it (and without a manifest naming it, see [`Manifest`])
/// is not regionpress's to replace. The staging folders carry it from the
/// moment they are made, which is also how leftovers of killed builds are
/// told apart from anyone else's files.
pub const OUTPUT_MARK: &str = ".regionpress-output";

const OUTPUT_MARK_TEXT: &str = "regionpress output folder\n\
Every `regionpress build` replaces what is in this folder; files put here by hand are dropped.\n";

/// True when `dir` holds regionpress's mark (a regular file, not a link,
/// starting with the mark's first line).
fn has_mark(dir: &Path) -> bool {
    use std::io::Read as _;
    let mark = dir.join(OUTPUT_MARK);
    if !fs::symlink_metadata(&mark).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = [0u8; 25];
    fs::File::open(&mark).and_then(|mut f| f.read_exact(&mut head)).is_ok() && OUTPUT_MARK_TEXT.as_bytes().starts_with(&head)
}

/// True when `dir` is an output folder regionpress made: it has the mark,
/// or the manifest beside it names this very folder (output of an earlier
/// version, made before the mark existed).
fn made_by_us(dir: &Path) -> bool {
    has_mark(dir) || Manifest::load(dir).is_some()
}

/// Refuses output folders that regionpress must not write into: the site
/// or its sources, anything that is not a folder (a file, a device, a FIFO,
/// a socket) or is a symbolic link, a repository, and a non-empty folder
/// that regionpress did not make, unless `force` (which overrides only the
/// last). Nothing is created or changed.
pub fn check_output_dir(root: &Path, out: &Path, force: bool) -> std::result::Result<(), OutputRefusal> {
    match fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => return Err(OutputRefusal::Symlink),
        Ok(m) if !m.is_dir() => return Err(OutputRefusal::NotAFolder),
        _ => {}
    }
    let root = canonical(root);
    let out = canonical(out);
    if out == root {
        return Err(OutputRefusal::SiteRoot);
    }
    if root.starts_with(&out) {
        return Err(OutputRefusal::ContainsSite);
    }
    if ["content", "static", "themes"].iter().any(|d| out.starts_with(root.join(d))) {
        return Err(OutputRefusal::InsideSources);
    }
    if let Ok(rel) = out.strip_prefix(&root)
        && rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return Err(OutputRefusal::InsideHidden);
    }
    if !out.is_dir() {
        return Ok(());
    }
    if out.join("content").exists() || out.join("site.yaml").exists() {
        return Err(OutputRefusal::LooksLikeSite);
    }
    if out.join(".git").exists() || (out.join("HEAD").is_file() && out.join("objects").is_dir() && out.join("refs").is_dir()) {
        return Err(OutputRefusal::Repository);
    }
    let empty = fs::read_dir(&out).map(|mut d| d.next().is_none()).unwrap_or(false);
    if !empty && !force && !made_by_us(&out) {
        return Err(OutputRefusal::NotOurs);
    }
    Ok(())
}

/// A failed file operation while the output is written: a file or folder
/// of the output that cannot be made or written, or a file that cannot be
/// read to be written (a static file, a copied asset, a theme file): the
/// path, what was being done, and the operating system's error. Build
/// reports it as one `io` diagnostic and exits with 2, whatever stage it
/// happened at (search index, pages, commit).
#[derive(Debug)]
pub struct OutputError {
    /// The file or folder the operation was on (for a file in the staging
    /// folder, the file of the output it becomes).
    pub path: PathBuf,
    /// Reading or writing.
    pub access: Access,
    /// What the system said.
    pub source: io::Error,
}

/// What a failed file operation was doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reading a file in order to write it.
    Read,
    /// Making or writing a file or folder.
    Write,
}

impl OutputError {
    /// Attaches `path` to an error reading it, as an [`OutputError`] inside
    /// `anyhow` (for `map_err`).
    pub fn reading(path: &Path) -> impl FnOnce(io::Error) -> anyhow::Error + '_ {
        move |source| anyhow::Error::new(OutputError { path: path.to_path_buf(), access: Access::Read, source })
    }

    /// Attaches `path` to an error writing it, as an [`OutputError`] inside `anyhow`.
    pub fn writing(path: &Path) -> impl FnOnce(io::Error) -> anyhow::Error + '_ {
        move |source| anyhow::Error::new(OutputError { path: path.to_path_buf(), access: Access::Write, source })
    }
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Attaches `path` to an error writing it ([`OutputError::writing`]).
fn at(path: &Path) -> impl FnOnce(io::Error) -> anyhow::Error + '_ {
    OutputError::writing(path)
}

/// Exclusive use of one output folder while a build writes it: an
/// operating-system lock (`flock` on Unix, `LockFileEx` on Windows) on
/// `.<name>.regionpress-lock` beside the folder. The system releases it
/// when the process ends, however it ends, so a killed build leaves no
/// stale lock; the file itself stays (deleting a lock file while others
/// may open it would let two builds hold "the" lock at once).
pub struct OutputLock {
    _file: fs::File,
}

impl OutputLock {
    /// Takes the lock of `out`, waiting for another build that holds it;
    /// `waiting` is told once, with that build's process id when known,
    /// before the wait.
    pub fn acquire(out: &Path, waiting: &dyn Fn(Option<u32>)) -> Result<OutputLock> {
        use std::io::{Read as _, Seek as _, Write as _};
        let path = beside(out, "regionpress-lock");
        if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            return Err(at(&path)(io::Error::other("the lock file is not a regular file")));
        }
        let mut file = fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(at(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                waiting(text.trim().parse().ok());
                file.lock().map_err(at(&path))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(at(&path)(e)),
        }
        // Who holds it, for the message of a build that has to wait.
        let _ = file.set_len(0).and_then(|()| file.rewind()).and_then(|_| write!(file, "{}", std::process::id()));
        Ok(OutputLock { _file: file })
    }
}

/// What receives the files of a site, from the page runner
/// (`render::Renderer::render_all`) and the search index writer
/// (`search::build`) alike: the staging folder of a build ([`Staging`]),
/// or the dev server's site in memory. Called from several threads at
/// once. A file that cannot be read or written is an [`OutputError`]
/// (inside `anyhow`), so that it is reported as such.
pub trait Sink: Sync {
    /// Writes one output file given by its site path (`/reports/a/` is
    /// `reports/a/index.html`).
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<()>;

    /// Copies a source file to a site path.
    fn copy(&self, site_path: &str, source: &Path) -> Result<()> {
        let bytes = crate::files::read_regular(source).map_err(OutputError::reading(source))?;
        self.write(site_path, &bytes)
    }
}

/// A function of (site path, bytes) is a sink too: one that discards the
/// files (benchmarks) or looks at them (tests).
impl<F: Fn(&str, &[u8]) -> Result<()> + Sync> Sink for F {
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<()> {
        self(site_path, bytes)
    }
}

/// Test hook: with `REGIONPRESS_PAUSE_AT=<point>` in the environment, a build
/// prints `paused at <point>` to stderr when it reaches that point and then
/// sleeps until it is killed. The points, in order: `staging-ready` (the
/// staging folder exists, nothing written), `rendering` (the 20th file has
/// been written), `before-swap` (every file written), `swapped` (the new
/// output is in place, the old one not yet deleted) and, where the atomic
/// exchange is unavailable, `between-renames`. The kill tests in
/// `tests/it/durability.rs` use it. Compiled only with the `test-hooks`
/// feature; without it, the function below does nothing.
#[cfg(feature = "test-hooks")]
pub fn pause_point(point: &str) {
    static WANTED: OnceLock<Option<String>> = OnceLock::new();
    let wanted = WANTED.get_or_init(|| std::env::var("REGIONPRESS_PAUSE_AT").ok());
    if wanted.as_deref() == Some(point) {
        eprintln!("paused at {point}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

/// The pause points of a shipped build: none.
#[cfg(not(feature = "test-hooks"))]
#[inline(always)]
pub fn pause_point(_point: &str) {}

/// Hands memory freed by the allocator back to the system (glibc keeps
/// freed small blocks in its heaps). Called once the source text of every
/// page has been dropped, it lowers the resident memory the search index
/// and the pages are then built on; elsewhere it does nothing.
pub fn return_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own heaps.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Swaps two directories atomically (Linux `renameat2` with
/// `RENAME_EXCHANGE`). An error means the caller must fall back to renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both pointers are valid NUL-terminated strings for the call.
    let rc = unsafe { libc::syscall(libc::SYS_renameat2, libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic directory exchange on this system"))
}

/// One output file as a build left it: enough to tell, without reading it,
/// that a newly rendered file is the same and that nobody touched the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    hash: u128,
    len: u64,
    /// Modification time: seconds and nanoseconds since the Unix epoch.
    mtime: (u64, u32),
}

impl Stamp {
    /// True when the file on disk still has this length and modification time.
    fn matches(&self, path: &Path) -> bool {
        fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == self.len && crate::files::mtime(&m) == self.mtime)
    }
}

/// Identifies a directory, so that a manifest is trusted only for the very
/// output folder it describes (the swap moves the staging folder, with its
/// identity, into place).
fn dir_identity(dir: &Path) -> Option<String> {
    let meta = fs::metadata(dir).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(format!("{}:{}", meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let t = meta.created().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(format!("{}.{}", t.as_secs(), t.subsec_nanos()))
    }
}

/// What the previous build wrote: every output file's [`Stamp`], kept beside
/// the output as `.<name>.manifest` (for `public/`: `.public.manifest`).
/// With it, a rebuild knows which files are unchanged without opening them,
/// and a rebuild that changes nothing leaves the output untouched.
struct Manifest {
    /// The fingerprint of the inputs the output was built from (see
    /// [`crate::inputs`]).
    inputs: u128,
    /// Pages among the files.
    pages: usize,
    files: HashMap<String, Stamp>,
}

const MANIFEST_HEADER: &str = "regionpress-manifest 1";

impl Manifest {
    fn path(out: &Path) -> PathBuf {
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        out.with_file_name(format!(".{name}.manifest"))
    }

    /// The manifest of `out`, if there is one and it describes `out` as it is.
    fn load(out: &Path) -> Option<Manifest> {
        let path = Self::path(out);
        // A regular file only: opening a FIFO put there would wait forever.
        if !fs::symlink_metadata(&path).ok()?.is_file() {
            return None;
        }
        let text = fs::read_to_string(path).ok()?;
        let mut lines = text.lines();
        if lines.next()? != MANIFEST_HEADER || lines.next()?.strip_prefix("dir ")? != dir_identity(out)? {
            return None;
        }
        let inputs = u128::from_str_radix(lines.next()?.strip_prefix("inputs ")?, 16).ok()?;
        let pages = lines.next()?.strip_prefix("pages ")?.parse().ok()?;
        let mut files = HashMap::new();
        for line in lines {
            let mut f = line.splitn(5, ' ');
            let (hash, len, secs, nanos, path) = (f.next()?, f.next()?, f.next()?, f.next()?, f.next()?);
            let stamp = Stamp {
                hash: u128::from_str_radix(hash, 16).ok()?,
                len: len.parse().ok()?,
                mtime: (secs.parse().ok()?, nanos.parse().ok()?),
            };
            files.insert(path.to_string(), stamp);
        }
        Some(Manifest { inputs, pages, files })
    }

    /// Writes the manifest of the folder `dir` to `to`.
    fn write(dir: &Path, inputs: u128, pages: usize, entries: &mut [(String, Stamp)], to: &Path) -> Result<()> {
        use std::io::Write as _;
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let identity = dir_identity(dir).unwrap_or_default();
        let failed = |e: io::Error| at(to)(e);
        // Streamed: the manifest of a large site is tens of megabytes.
        let mut out = io::BufWriter::new(fs::File::create(to).map_err(failed)?);
        write!(out, "{MANIFEST_HEADER}\ndir {identity}\ninputs {inputs:032x}\npages {pages}\n").map_err(failed)?;
        for (path, s) in entries.iter().filter(|(p, _)| !p.contains(['\n', '\r'])) {
            writeln!(out, "{:032x} {} {} {} {path}", s.hash, s.len, s.mtime.0, s.mtime.1).map_err(failed)?;
        }
        out.flush().map_err(failed)
    }
}

/// A build's output being written.
///
/// Files go into a staging folder beside the output, created when the
/// first changed file arrives. A file whose bytes did not change (by the
/// previous build's manifest, or failing that by comparing with the old
/// file) is hard-linked from the previous output at the swap instead. When
/// nothing changed at all, no staging folder is made and the output is not
/// touched.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Created the staging folder (or why that failed).
    ready: OnceLock<std::result::Result<(), (io::ErrorKind, String)>>,
    previous: Option<Manifest>,
    /// The previous output exists but has no manifest: files are compared
    /// with it byte for byte.
    compare_bytes: bool,
    /// Folders already created in the staging folder that hold several
    /// files (asking the file system again costs a locked `mkdir` each
    /// time); a page's own folder is not kept (see `make_parent`).
    made_dirs: Mutex<std::collections::HashSet<PathBuf>>,
    /// The fingerprint of this build's inputs.
    inputs: u128,
    /// Files of the new output: path relative to the output (with `/`),
    /// stamp, and whether it is to be linked from the previous output.
    entries: Mutex<Vec<(String, Stamp, bool)>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    files: AtomicUsize,
    /// The output's lock, held until the staging is committed or dropped.
    _lock: OutputLock,
}

/// A name beside `out`: `.<name>.<tag>` (for `public/`: `.public.<tag>`).
fn beside(out: &Path, tag: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{tag}"))
}

/// The prefix of the temporary names of a build beside `out`
/// (`.public.regionpress-staging-`, `.public.regionpress-old-`).
fn temporary_prefix(out: &Path, kind: &str) -> String {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    format!(".{name}.regionpress-{kind}-")
}

/// A temporary name of this build beside `out`, unique to the process and
/// the moment: `.public.regionpress-staging-<pid>-<nanoseconds>`.
fn temporary(out: &Path, kind: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    out.with_file_name(format!("{}{}-{nanos:x}", temporary_prefix(out, kind), std::process::id()))
}

/// Removes what killed builds of `out` left beside it, restoring an old
/// output that a killed swap had moved aside. Only regionpress's own
/// leftovers are touched: folders with the temporary names that carry the
/// output mark (or are empty, made just before a kill), and staged
/// manifests that start with the manifest header. Called with the output's
/// lock held, so no live build owns any of them.
fn recover(out: &Path) -> Result<()> {
    let Some(parent) = out.parent() else { return Ok(()) };
    let Ok(entries) = fs::read_dir(parent) else { return Ok(()) };
    let (staging, old) = (temporary_prefix(out, "staging"), temporary_prefix(out, "old"));
    let mut leftovers: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.file_name().map(|n| n.to_string_lossy()).is_some_and(|n| n.starts_with(&staging) || n.starts_with(&old)))
        .collect();
    leftovers.sort();
    for p in leftovers {
        let Ok(meta) = fs::symlink_metadata(&p) else { continue };
        let file = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if meta.is_file() {
            if file.ends_with(".manifest") && starts_with_header(&p) {
                fs::remove_file(&p).map_err(at(&p))?;
            }
            continue;
        }
        if !meta.is_dir() {
            continue;
        }
        if !own_leftover(&p) {
            continue;
        }
        let empty = fs::read_dir(&p).map(|mut d| d.next().is_none()).unwrap_or(false);
        if file.starts_with(&old) && !out.exists() && !empty {
            fs::rename(&p, out).map_err(at(out))?;
        } else {
            remove_dir_all_retry(&p).map_err(at(&p))?;
        }
    }
    Ok(())
}

/// True when the file at `p` starts with the manifest header, or is a
/// beginning of it (a build killed while writing it).
fn starts_with_header(p: &Path) -> bool {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(MANIFEST_HEADER.len());
    fs::File::open(p).and_then(|f| f.take(MANIFEST_HEADER.len() as u64).read_to_end(&mut head)).is_ok()
        && MANIFEST_HEADER.as_bytes().starts_with(&head)
}

impl Staging {
    /// Prepares to write the output `out`, whose lock the caller holds
    /// (kept until the commit or the drop). Without a manifest of the
    /// previous output the staging folder is created at once; with one,
    /// only when a file changed.
    pub fn prepare(out: &Path, inputs: u128, lock: OutputLock) -> Result<Staging> {
        let out = absolute(out);
        recover(&out)?;
        let previous = Manifest::load(&out);
        let staging = Staging {
            dir: temporary(&out, "staging"),
            compare_bytes: previous.is_none() && out.is_dir(),
            previous,
            made_dirs: Mutex::new(Default::default()),
            inputs,
            out,
            ready: OnceLock::new(),
            entries: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
            _lock: lock,
        };
        if staging.previous.is_none() {
            staging.ensure_dir()?;
        }
        Ok(staging)
    }

    /// Creates the output folder's parent folders, so that its lock file
    /// can be made beside it.
    pub fn make_parent_of(out: &Path) -> Result<()> {
        match absolute(out).parent() {
            Some(parent) => fs::create_dir_all(parent).map_err(at(parent)),
            None => Ok(()),
        }
    }

    /// Creates the staging folder once.
    fn ensure_dir(&self) -> Result<()> {
        let ready = self.ready.get_or_init(|| {
            // A new folder (never one that exists), marked as regionpress's
            // before anything else goes in.
            let made = fs::create_dir(&self.dir)
                .and_then(|()| fs::write(self.dir.join(OUTPUT_MARK), OUTPUT_MARK_TEXT))
                .map_err(|e| (e.kind(), e.to_string()));
            if made.is_ok() {
                pause_point("staging-ready");
            }
            made
        });
        ready.clone().map_err(|(kind, text)| at(&self.dir)(io::Error::new(kind, text)))
    }

    /// Files written with new bytes, and files kept unchanged.
    pub fn counts(&self) -> (usize, usize) {
        (self.written.load(Ordering::Relaxed), self.unchanged.load(Ordering::Relaxed))
    }

    /// When the previous output was built from exactly these inputs and
    /// none of its files has been touched since, returns its number of pages
    /// and files: there is nothing to render and nothing to write.
    pub fn up_to_date(&self) -> Option<(usize, usize)> {
        use rayon::prelude::*;
        let m = self.previous.as_ref().filter(|m| m.inputs == self.inputs)?;
        let untouched = m.files.par_iter().all(|(rel, stamp)| stamp.matches(&self.out.join(rel)));
        untouched.then_some((m.pages, m.files.len()))
    }

    /// Puts the new output (`pages` pages among its files) in place of the
    /// previous one: links the unchanged files into the staging folder and
    /// swaps it in, then records its manifest. When no file changed,
    /// appeared or disappeared, the output is left as it is and only the
    /// manifest is brought up to date.
    pub fn commit(self, pages: usize) -> Result<()> {
        let mut entries = std::mem::take(&mut *self.entries.lock().unwrap_or_else(|e| e.into_inner()));
        let mut manifest_new = self.dir.clone().into_os_string();
        manifest_new.push(".manifest");
        let manifest_new = PathBuf::from(manifest_new);
        let untouched = self.ready.get().is_none()
            && self.previous.as_ref().is_some_and(|m| m.files.len() == entries.len() && entries.iter().all(|e| e.2));
        if untouched {
            let mut entries: Vec<(String, Stamp)> = entries.into_iter().map(|(p, s, _)| (p, s)).collect();
            Manifest::write(&self.out, self.inputs, pages, &mut entries, &manifest_new)?;
            let manifest = Manifest::path(&self.out);
            return fs::rename(&manifest_new, &manifest).map_err(at(&manifest));
        }
        let mut phases = crate::timing::Phases::start("    commit/");
        self.ensure_dir()?;
        self.link_kept(&mut entries)?;
        phases.mark("link unchanged files");
        let mut entries: Vec<(String, Stamp)> = entries.into_iter().map(|(p, s, _)| (p, s)).collect();
        Manifest::write(&self.dir, self.inputs, pages, &mut entries, &manifest_new)?;
        phases.mark("manifest");
        self.swap()?;
        phases.mark("swap and remove the previous output");
        // A run killed before this rename leaves the old manifest, which
        // names the previous folder and so is ignored next time.
        let manifest = Manifest::path(&self.out);
        fs::rename(&manifest_new, &manifest).map_err(at(&manifest))
    }

    /// Hard-links the files kept from the previous output into the staging
    /// folder (copying where links are impossible), in parallel.
    fn link_kept(&self, entries: &mut [(String, Stamp, bool)]) -> Result<()> {
        use rayon::prelude::*;
        entries.par_iter_mut().filter(|e| e.2).try_for_each(|(rel, stamp, _)| -> Result<()> {
            let (from, to) = (self.out.join(rel.as_str()), self.dir.join(rel.as_str()));
            self.make_parent(&to)?;
            if fs::hard_link(&from, &to).is_err() {
                fs::copy(&from, &to).map_err(self.failed(&to))?;
                stamp.mtime = crate::files::mtime(&fs::metadata(&to).map_err(self.failed(&to))?);
            }
            Ok(())
        })
    }

    /// Swaps the staging directory in place of the output.
    fn swap(&self) -> Result<()> {
        pause_point("before-swap");
        if self.out.exists() {
            if exchange(&self.dir, &self.out).is_ok() {
                // The staging name now holds the previous output: a run
                // killed before it is deleted leaves a leftover, not a mix.
                pause_point("swapped");
                return remove_dir_all_retry(&self.dir).map_err(at(&self.dir));
            }
            let old = temporary(&self.out, "old");
            fs::rename(&self.out, &old).map_err(at(&self.out))?;
            pause_point("between-renames");
            if let Err(e) = fs::rename(&self.dir, &self.out) {
                // Put the previous output back before reporting.
                let _ = fs::rename(&old, &self.out);
                return Err(at(&self.out)(e));
            }
            pause_point("swapped");
            remove_dir_all_retry(&old).map_err(at(&old))?;
        } else {
            fs::rename(&self.dir, &self.out).map_err(at(&self.out))?;
            pause_point("swapped");
        }
        Ok(())
    }
}

/// A build that ends before its commit (an error, a failed page) throws its
/// staging folder away; the previous output is untouched. After a commit the
/// folder is gone already (swapped in, or holding the previous output that
/// the swap deleted).
impl Drop for Staging {
    fn drop(&mut self) {
        if self.ready.get().is_some_and(|r| r.is_ok()) && self.dir.exists() {
            let _ = remove_dir_all_retry(&self.dir);
        }
    }
}

/// The output file of a site path, relative to the output root, with `/`
/// (`/reports/a/` is `reports/a/index.html`).
pub fn relative_key(site_path: &str) -> String {
    let mut rel = site_path.trim_start_matches('/').to_string();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    rel
}

/// Files larger than this are copied by streaming.
const STREAM_ABOVE: u64 = 4 << 20;

/// True when the file at `path` holds exactly `bytes` (read 64 KiB at a
/// time, so a large previous page is never loaded whole beside the new one).
fn file_equals(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Read;
    let f = fs::File::open(path)?;
    if f.metadata()?.len() != bytes.len() as u64 {
        return Ok(false);
    }
    let mut r = io::BufReader::with_capacity(1 << 16, f);
    let mut buf = vec![0u8; 1 << 16];
    let mut at = 0;
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            return Ok(at == bytes.len());
        }
        if at + n > bytes.len() || buf[..n] != bytes[at..at + n] {
            return Ok(false);
        }
        at += n;
    }
}

/// The stamp of a large source file, hashed 64 KiB at a time.
fn stamp_streamed(source: &Path) -> io::Result<(u128, u64)> {
    use std::io::Read;
    let mut r = crate::files::open_regular(source)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut len = 0u64;
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            return Ok((hasher.digest128(), len));
        }
        hasher.update(&buf[..n]);
        len += n as u64;
    }
}

impl Staging {
    /// Counts a file of the new output (the `rendering` pause point is the 20th).
    fn count_file(&self) {
        if self.files.fetch_add(1, Ordering::Relaxed) + 1 == 20 {
            pause_point("rendering");
        }
    }

    /// True when the previous output has this file, with this content hash
    /// and length, untouched since: then it is recorded as kept.
    fn keep_by_manifest(&self, rel: &str, hash: u128, len: u64) -> bool {
        let Some(prev) = self.previous.as_ref().and_then(|m| m.files.get(rel)) else { return false };
        if prev.hash != hash || prev.len != len || !prev.matches(&self.out.join(rel)) {
            return false;
        }
        self.record(rel.to_string(), *prev, true);
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        true
    }

    fn record(&self, rel: String, stamp: Stamp, kept: bool) {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).push((rel, stamp, kept));
    }

    /// Attaches `path`, in the staging folder, to an error writing it, named
    /// as the file of the output it becomes (`public/reports/a/index.html`):
    /// the staging folder's name is regionpress's own, the output's is the
    /// user's.
    fn failed<'a>(&'a self, path: &'a Path) -> impl FnOnce(io::Error) -> anyhow::Error + 'a {
        move |source| {
            let shown = match path.strip_prefix(&self.dir) {
                Ok(rel) if !rel.as_os_str().is_empty() => self.out.join(rel),
                _ => path.to_path_buf(),
            };
            anyhow::Error::new(OutputError { path: shown, access: Access::Write, source })
        }
    }

    /// Creates the staging folder and the file's folder in it.
    fn target(&self, rel: &str) -> Result<PathBuf> {
        self.ensure_dir()?;
        let target = self.dir.join(rel);
        self.make_parent(&target)?;
        Ok(target)
    }

    /// Creates the folder of `file` unless this build already did.
    fn make_parent(&self, file: &Path) -> Result<()> {
        let Some(parent) = file.parent() else { return Ok(()) };
        let lock = || self.made_dirs.lock().unwrap_or_else(|e| e.into_inner());
        if lock().contains(parent) {
            return Ok(());
        }
        fs::create_dir_all(parent).map_err(self.failed(parent))?;
        // A page's own folder (the folder of an `index.html`) rarely gets a
        // second file, an asset beside it, and `create_dir_all` takes a
        // folder that exists: only the other folders are remembered, which
        // keeps 150,000 paths of a 100k-report site out of memory.
        if file.file_name().is_none_or(|n| n != "index.html") {
            lock().insert(parent.to_path_buf());
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<()> {
        let rel = relative_key(site_path);
        self.count_file();
        let hash = xxhash_rust::xxh3::xxh3_128(bytes);
        let len = bytes.len() as u64;
        if self.keep_by_manifest(&rel, hash, len) {
            return Ok(());
        }
        let target = self.target(&rel)?;
        let previous = self.out.join(&rel);
        // Without a manifest, the previous output is compared byte for byte.
        if self.compare_bytes && file_equals(&previous, bytes).unwrap_or(false) && fs::hard_link(&previous, &target).is_ok() {
            let meta = fs::metadata(&target).map_err(self.failed(&target))?;
            self.record(rel, Stamp { hash, len, mtime: crate::files::mtime(&meta) }, false);
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let mut f = fs::File::create(&target).map_err(self.failed(&target))?;
        io::Write::write_all(&mut f, bytes).map_err(self.failed(&target))?;
        self.record(rel, Stamp { hash, len, mtime: crate::files::mtime(&f.metadata().map_err(self.failed(&target))?) }, false);
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Copies a source file to a site path.
    ///
    /// Large files (videos, scans) are streamed, never held in memory whole:
    /// hashed chunk by chunk, then linked or copied.
    fn copy(&self, site_path: &str, source: &Path) -> Result<()> {
        let len = fs::metadata(source).map_err(OutputError::reading(source))?.len();
        if len <= STREAM_ABOVE {
            let bytes = crate::files::read_regular(source).map_err(OutputError::reading(source))?;
            return self.write(site_path, &bytes);
        }
        let rel = relative_key(site_path);
        self.count_file();
        let (hash, len) = stamp_streamed(source).map_err(OutputError::reading(source))?;
        if self.keep_by_manifest(&rel, hash, len) {
            return Ok(());
        }
        let target = self.target(&rel)?;
        // Copied from a handle that is surely a regular file (a FIFO put in
        // its place would make `fs::copy` wait forever); std copies file to
        // file in the kernel where it can, as `fs::copy` does.
        let mut from = crate::files::open_regular(source).map_err(OutputError::reading(source))?;
        let mut to = fs::File::create(&target).map_err(self.failed(&target))?;
        io::copy(&mut from, &mut to).map_err(self.failed(&target))?;
        self.record(rel, Stamp { hash, len, mtime: crate::files::mtime(&to.metadata().map_err(self.failed(&target))?) }, false);
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Removes a whole output tree (a previous output, a staging folder),
/// deleting files in parallel first (a large site has tens of thousands of
/// files; one thread waiting on each unlink would dominate a no-change
/// rebuild). The mark at the top goes last, when nothing else is left: a
/// build killed halfway leaves a folder that is still marked (or empty),
/// which the next build recognizes as its own leftover and finishes
/// removing. Windows may briefly hold files open (indexers, antivirus), so
/// the sweeps retry a few times.
fn remove_dir_all_retry(p: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let mark = p.join(OUTPUT_MARK);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(p)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_type().is_dir() && e.path() != mark)
        .map(|e| e.into_path())
        .collect();
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
    });
    let sweep = || -> io::Result<()> {
        for entry in fs::read_dir(p)? {
            let path = entry?.path();
            if path == mark {
                continue;
            }
            if fs::symlink_metadata(&path)?.is_dir() { fs::remove_dir_all(&path)? } else { fs::remove_file(&path)? }
        }
        match fs::remove_file(&mark) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        fs::remove_dir(p)
    };
    let mut last = Ok(());
    for attempt in 0..5 {
        last = sweep();
        if last.is_ok() {
            return last;
        }
        std::thread::sleep(std::time::Duration::from_millis(20 * (attempt + 1)));
    }
    last
}

/// True when the folder `dir`, found under one of this build's temporary
/// names, is a leftover of regionpress: empty (killed right after it was
/// made), marked, or holding nothing but a mark being written (killed
/// while writing it: its bytes are a beginning of the mark's text).
fn own_leftover(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else { return false };
    let names: Vec<std::ffi::OsString> = entries.filter_map(|e| e.ok()).map(|e| e.file_name()).take(2).collect();
    if names.is_empty() || has_mark(dir) {
        return true;
    }
    let mark = dir.join(OUTPUT_MARK);
    names.len() == 1
        && names[0] == OUTPUT_MARK
        && fs::symlink_metadata(&mark).is_ok_and(|m| m.is_file() && m.len() <= OUTPUT_MARK_TEXT.len() as u64)
        && fs::read(&mark).is_ok_and(|b| OUTPUT_MARK_TEXT.as_bytes().starts_with(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A staging of `out` with its lock taken.
    fn stage(out: &Path) -> Staging {
        Staging::make_parent_of(out).unwrap();
        let lock = OutputLock::acquire(out, &|_| panic!("nobody else holds the lock")).unwrap();
        Staging::prepare(out, 0, lock).unwrap()
    }

    #[test]
    fn refuses_dangerous_output_dirs() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content/reports")).unwrap();
        fs::create_dir_all(root.join(".git/objects")).unwrap();
        fs::write(root.join(".git/config"), "[core]").unwrap();
        fs::write(root.join("site.yaml"), "title: x").unwrap();
        assert_eq!(check_output_dir(&root, &root, true), Err(OutputRefusal::SiteRoot));
        assert_eq!(check_output_dir(&root, &root.join("content/out"), true), Err(OutputRefusal::InsideSources));
        assert_eq!(check_output_dir(&root, tmp.path(), true), Err(OutputRefusal::ContainsSite));
        assert_eq!(check_output_dir(&root, &root.join(".git"), true), Err(OutputRefusal::InsideHidden));
        assert_eq!(check_output_dir(&root, &root.join("site.yaml"), true), Err(OutputRefusal::NotAFolder));
        assert_eq!(check_output_dir(&root, &root.join("public"), false), Ok(()));
        // A non-empty folder regionpress did not make: only --force allows it.
        let other = tmp.path().join("other");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join("notes.txt"), "mine").unwrap();
        assert_eq!(check_output_dir(&root, &other, false), Err(OutputRefusal::NotOurs));
        assert_eq!(check_output_dir(&root, &other, true), Ok(()));
        // A repository, even with --force.
        let repo = tmp.path().join("repo");
        fs::create_dir_all(repo.join(".git")).unwrap();
        assert_eq!(check_output_dir(&root, &repo, true), Err(OutputRefusal::Repository));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&other, tmp.path().join("link")).unwrap();
            assert_eq!(check_output_dir(&root, &tmp.path().join("link"), true), Err(OutputRefusal::Symlink));
        }
    }

    #[test]
    fn a_built_output_is_marked_and_accepted_next_time() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = stage(&out);
        s.write("/a/", b"page").unwrap();
        s.commit(1).unwrap();
        assert!(has_mark(&out));
        assert_eq!(check_output_dir(tmp.path().join("site").as_path(), &out, false), Ok(()));
    }

    #[test]
    fn others_files_with_our_temporary_names_are_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // Names like ours, but not made by regionpress: no mark, no header.
        for name in [".public.old-1", ".public.staging-2", ".public.regionpress-staging-3-0", ".public.regionpress-old-4-0"] {
            fs::create_dir_all(tmp.path().join(name)).unwrap();
            fs::write(tmp.path().join(name).join("keep.txt"), "mine").unwrap();
        }
        fs::write(tmp.path().join(".public.regionpress-staging-5-0.manifest"), "not a manifest").unwrap();
        let s = stage(&out);
        s.write("/a/", b"page").unwrap();
        s.commit(1).unwrap();
        for name in [".public.old-1", ".public.staging-2", ".public.regionpress-staging-3-0", ".public.regionpress-old-4-0"] {
            assert_eq!(fs::read_to_string(tmp.path().join(name).join("keep.txt")).unwrap(), "mine", "{name}");
        }
        assert!(tmp.path().join(".public.regionpress-staging-5-0.manifest").exists());
        assert!(!out.join("keep.txt").exists());
    }

    #[test]
    fn leftovers_of_a_build_killed_while_making_or_removing_a_folder_are_cleaned() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // Killed while writing the mark of a new staging folder.
        let half = tmp.path().join(".public.regionpress-staging-7-1");
        fs::create_dir_all(&half).unwrap();
        fs::write(half.join(OUTPUT_MARK), &OUTPUT_MARK_TEXT[..10]).unwrap();
        // Killed while removing a previous output: files gone but some, the mark kept.
        let removing = tmp.path().join(".public.regionpress-staging-8-1");
        fs::create_dir_all(removing.join("reports/a")).unwrap();
        fs::write(removing.join(OUTPUT_MARK), OUTPUT_MARK_TEXT).unwrap();
        fs::write(removing.join("reports/a/index.html"), "page").unwrap();
        // Not ours: a mark that is not a beginning of ours, beside another file.
        let other = tmp.path().join(".public.regionpress-staging-9-1");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join(OUTPUT_MARK), "something else").unwrap();
        let s = stage(&out);
        drop(s);
        assert!(!half.exists());
        assert!(!removing.exists());
        assert!(other.exists());
    }

    #[test]
    fn removing_a_tree_keeps_its_mark_until_last() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("t");
        fs::create_dir_all(dir.join("a/b")).unwrap();
        fs::write(dir.join(OUTPUT_MARK), OUTPUT_MARK_TEXT).unwrap();
        fs::write(dir.join("a/b/c.html"), "x").unwrap();
        remove_dir_all_retry(&dir).unwrap();
        assert!(!dir.exists());
    }

    #[test]
    fn a_second_lock_of_one_output_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = OutputLock::acquire(&out, &|_| panic!("free")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waited = std::thread::spawn({
            let out = out.clone();
            move || {
                let told = std::sync::Mutex::new(None);
                let lock = OutputLock::acquire(&out, &|pid| *told.lock().unwrap() = Some(pid)).unwrap();
                tx.send(()).unwrap();
                drop(lock);
                told.into_inner().unwrap()
            }
        });
        // The second does not get the lock while the first holds it.
        assert!(rx.recv_timeout(std::time::Duration::from_millis(300)).is_err());
        drop(first);
        rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        assert_eq!(waited.join().unwrap(), Some(Some(std::process::id())));
    }

    #[test]
    fn unchanged_files_keep_their_mtime() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = stage(&out);
        s.write("/a/", b"same").unwrap();
        s.write("/b.txt", b"old").unwrap();
        s.commit(0).unwrap();
        let before = fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = stage(&out);
        s.write("/a/", b"same").unwrap();
        s.write("/b.txt", b"new").unwrap();
        assert_eq!(s.counts(), (1, 1));
        s.commit(0).unwrap();
        assert_eq!(fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap(), before);
        assert_eq!(fs::read(out.join("b.txt")).unwrap(), b"new");
    }

    #[test]
    fn large_files_are_streamed_and_kept_when_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let src = tmp.path().join("video.bin");
        fs::write(&src, vec![7u8; (STREAM_ABOVE + 10) as usize]).unwrap();
        let s = stage(&out);
        s.copy("/v.bin", &src).unwrap();
        assert_eq!(s.counts(), (1, 0));
        s.commit(0).unwrap();
        let s = stage(&out);
        s.copy("/v.bin", &src).unwrap();
        assert_eq!(s.counts(), (0, 1));
        s.commit(0).unwrap();
        assert_eq!(fs::metadata(out.join("v.bin")).unwrap().len(), STREAM_ABOVE + 10);
    }

    #[test]
    fn a_killed_swap_is_recovered() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old = tmp.path().join(".public.regionpress-old-999-1");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join(OUTPUT_MARK), OUTPUT_MARK_TEXT).unwrap();
        fs::write(old.join("index.html"), "previous").unwrap();
        let staged = tmp.path().join(".public.regionpress-staging-998-1");
        fs::create_dir_all(&staged).unwrap();
        fs::write(staged.join(OUTPUT_MARK), OUTPUT_MARK_TEXT).unwrap();
        let s = stage(&out);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "previous");
        assert!(!staged.exists());
        drop(s);
    }
}
