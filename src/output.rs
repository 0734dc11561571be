//! Writing the site: a staging directory beside the output, swapped in only
//! when everything succeeded.
//!
//! Guarantees:
//! - a failed or killed build leaves the previous output exactly as it was,
//!   or the new one complete: on Linux the swap is one atomic
//!   `renameat2(RENAME_EXCHANGE)`, so `public/` always exists and is always
//!   whole; elsewhere it is two renames, and the next run puts the old output
//!   back if a build was killed between them. The next run removes leftovers;
//! - a file whose bytes did not change is hard-linked from the previous
//!   output, so it keeps its modification time (rsync-friendly);
//! - the output directory is never the site root, never holds `content/` or
//!   `site.yaml`, never lies inside `content/` and never contains the site root.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, Result, bail};

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

/// Refuses output directories that could destroy sources.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let root = canonical(root);
    let out = canonical(out);
    if out == root {
        bail!("refusing to write the site into its own root `{}`: choose an output folder such as `public`", out.display());
    }
    if root.starts_with(&out) {
        bail!("refusing output folder `{}`: it contains the site root", out.display());
    }
    if out.starts_with(root.join("content")) || out.starts_with(root.join("static")) || out.starts_with(root.join("themes")) {
        bail!("refusing output folder `{}`: it lies inside the site's sources", out.display());
    }
    if out.join("content").exists() || out.join("site.yaml").exists() {
        bail!(
            "refusing output folder `{}`: it holds `content/` or `site.yaml`, so it looks like a site, not generated output",
            out.display()
        );
    }
    Ok(())
}

/// Where rendered files go: the staging directory of a build, or memory
/// when serving.
pub trait Sink: Sync {
    /// Writes one output file given by its site path (`/reports/a/` is
    /// `reports/a/index.html`).
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<()>;

    /// Copies a source file to a site path.
    fn copy(&self, site_path: &str, source: &Path) -> Result<()> {
        let bytes = fs::read(source).with_context(|| format!("cannot read `{}`", source.display()))?;
        self.write(site_path, &bytes)
    }
}

/// Test hook: with `REGIONPRESS_PAUSE_AT=<point>` in the environment, a build
/// prints `paused at <point>` to stderr when it reaches that point and then
/// sleeps until it is killed. The points, in order: `staging-ready` (the
/// staging folder exists, nothing written), `rendering` (the 20th file has
/// been written), `before-swap` (every file written), `swapped` (the new
/// output is in place, the old one not yet deleted) and, where the atomic
/// exchange is unavailable, `between-renames`. The kill tests in
/// `tests/durability.rs` use it; it costs one cached lookup otherwise.
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

/// A build's output being written.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    files: AtomicUsize,
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Removes what killed builds left beside `out`, restoring an old output
/// that a killed swap had moved aside.
fn recover(out: &Path) -> Result<()> {
    let Some(parent) = out.parent() else { return Ok(()) };
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else { return Ok(()) };
    let Ok(entries) = fs::read_dir(parent) else { return Ok(()) };
    let mut leftovers: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    leftovers.sort();
    for p in leftovers {
        let file = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if file.starts_with(&format!(".{name}.old-")) {
            if !out.exists() {
                fs::rename(&p, out).with_context(|| format!("cannot restore `{}` from `{}`", out.display(), p.display()))?;
            } else {
                fs::remove_dir_all(&p).with_context(|| format!("cannot remove leftover `{}`", p.display()))?;
            }
        } else if file.starts_with(&format!(".{name}.staging-")) {
            fs::remove_dir_all(&p).with_context(|| format!("cannot remove leftover `{}`", p.display()))?;
        }
    }
    Ok(())
}

impl Staging {
    /// Prepares a fresh staging directory beside `out`.
    pub fn prepare(out: &Path) -> Result<Staging> {
        let out = absolute(out);
        if let Some(parent) = out.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        recover(&out)?;
        let dir = sibling(&out, "staging");
        fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
        pause_point("staging-ready");
        Ok(Staging { out, dir, written: AtomicUsize::new(0), unchanged: AtomicUsize::new(0), files: AtomicUsize::new(0) })
    }

    /// The file a site path is written to, relative to the output root.
    pub fn relative_file(site_path: &str) -> PathBuf {
        let mut rel = site_path.trim_start_matches('/').to_string();
        if rel.is_empty() || rel.ends_with('/') {
            rel.push_str("index.html");
        }
        rel.split('/').collect()
    }

    /// Files written with new bytes, and files kept unchanged.
    pub fn counts(&self) -> (usize, usize) {
        (self.written.load(Ordering::Relaxed), self.unchanged.load(Ordering::Relaxed))
    }

    /// Swaps the staging directory in place of the output.
    pub fn commit(self) -> Result<()> {
        pause_point("before-swap");
        if self.out.exists() {
            if exchange(&self.dir, &self.out).is_ok() {
                // The staging name now holds the previous output: a run
                // killed before it is deleted leaves a leftover, not a mix.
                pause_point("swapped");
                return remove_dir_all_retry(&self.dir)
                    .with_context(|| format!("cannot remove the previous output `{}`", self.dir.display()));
            }
            let old = sibling(&self.out, "old");
            fs::rename(&self.out, &old).with_context(|| format!("cannot move `{}` aside", self.out.display()))?;
            pause_point("between-renames");
            if let Err(e) = fs::rename(&self.dir, &self.out) {
                // Put the previous output back before reporting.
                let _ = fs::rename(&old, &self.out);
                return Err(e).with_context(|| format!("cannot move the new site into `{}`", self.out.display()));
            }
            pause_point("swapped");
            remove_dir_all_retry(&old).with_context(|| format!("cannot remove the previous output `{}`", old.display()))?;
        } else {
            fs::rename(&self.dir, &self.out).with_context(|| format!("cannot move the new site into `{}`", self.out.display()))?;
            pause_point("swapped");
        }
        Ok(())
    }

    /// Throws the staging directory away (the previous output is untouched).
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
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

/// True when two files have the same bytes (compared 64 KiB at a time).
fn same_bytes(a: &Path, b: &Path) -> io::Result<bool> {
    use std::io::Read;
    let (fa, fb) = (fs::File::open(a)?, fs::File::open(b)?);
    if fa.metadata()?.len() != fb.metadata()?.len() {
        return Ok(false);
    }
    let (mut ra, mut rb) = (io::BufReader::with_capacity(1 << 16, fa), io::BufReader::with_capacity(1 << 16, fb));
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = ra.read(&mut ba)?;
        if n == 0 {
            return Ok(true);
        }
        rb.read_exact(&mut bb[..n])?;
        if ba[..n] != bb[..n] {
            return Ok(false);
        }
    }
}

impl Staging {
    /// Prepares one output file: creates its folder in the staging directory
    /// and returns (its path there, the same file in the previous output).
    fn target(&self, site_path: &str) -> Result<(PathBuf, PathBuf)> {
        let rel = Self::relative_file(site_path);
        let target = self.dir.join(&rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        if self.files.fetch_add(1, Ordering::Relaxed) + 1 == 20 {
            pause_point("rendering");
        }
        Ok((target, self.out.join(&rel)))
    }

    /// Keeps the previous output's file (hard link: same bytes, same
    /// modification time) when `same` says its bytes did not change.
    fn keep_previous(&self, previous: &Path, target: &Path, same: bool) -> bool {
        if same && fs::hard_link(previous, target).is_ok() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return true;
        }
        false
    }
}

impl Sink for Staging {
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<()> {
        let (target, previous) = self.target(site_path)?;
        if self.keep_previous(&previous, &target, file_equals(&previous, bytes).unwrap_or(false)) {
            return Ok(());
        }
        fs::write(&target, bytes).with_context(|| format!("cannot write `{}`", target.display()))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Copies a source file to a site path.
    ///
    /// Large files (videos, scans) are streamed, never held in memory whole:
    /// compared with the previous output chunk by chunk, then linked or copied.
    fn copy(&self, site_path: &str, source: &Path) -> Result<()> {
        let len = fs::metadata(source).with_context(|| format!("cannot read `{}`", source.display()))?.len();
        if len <= STREAM_ABOVE {
            let bytes = fs::read(source).with_context(|| format!("cannot read `{}`", source.display()))?;
            return self.write(site_path, &bytes);
        }
        let (target, previous) = self.target(site_path)?;
        if self.keep_previous(&previous, &target, same_bytes(&previous, source).unwrap_or(false)) {
            return Ok(());
        }
        fs::copy(source, &target).with_context(|| format!("cannot copy `{}` to `{}`", source.display(), target.display()))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Removes a whole output tree, deleting files in parallel first (a large
/// site has tens of thousands of files; one thread waiting on each unlink
/// would dominate a no-change rebuild). Windows may briefly hold files open
/// (indexers, antivirus), so the final sweep retries a few times.
fn remove_dir_all_retry(p: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let files: Vec<PathBuf> =
        walkdir::WalkDir::new(p).into_iter().filter_map(|e| e.ok()).filter(|e| !e.file_type().is_dir()).map(|e| e.into_path()).collect();
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
    });
    let mut last = Ok(());
    for attempt in 0..5 {
        last = fs::remove_dir_all(p);
        if last.is_ok() {
            return last;
        }
        std::thread::sleep(std::time::Duration::from_millis(20 * (attempt + 1)));
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_output_dirs() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join("content/reports")).unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content/out")).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
    }

    #[test]
    fn unchanged_files_keep_their_mtime() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::prepare(&out).unwrap();
        s.write("/a/", b"same").unwrap();
        s.write("/b.txt", b"old").unwrap();
        s.commit().unwrap();
        let before = fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = Staging::prepare(&out).unwrap();
        s.write("/a/", b"same").unwrap();
        s.write("/b.txt", b"new").unwrap();
        assert_eq!(s.counts(), (1, 1));
        s.commit().unwrap();
        assert_eq!(fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap(), before);
        assert_eq!(fs::read(out.join("b.txt")).unwrap(), b"new");
    }

    #[test]
    fn large_files_are_streamed_and_kept_when_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let src = tmp.path().join("video.bin");
        fs::write(&src, vec![7u8; (STREAM_ABOVE + 10) as usize]).unwrap();
        let s = Staging::prepare(&out).unwrap();
        s.copy("/v.bin", &src).unwrap();
        assert_eq!(s.counts(), (1, 0));
        s.commit().unwrap();
        let s = Staging::prepare(&out).unwrap();
        s.copy("/v.bin", &src).unwrap();
        assert_eq!(s.counts(), (0, 1));
        s.commit().unwrap();
        assert_eq!(fs::metadata(out.join("v.bin")).unwrap().len(), STREAM_ABOVE + 10);
    }

    #[test]
    fn a_killed_swap_is_recovered() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old = tmp.path().join(".public.old-999");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), "previous").unwrap();
        fs::create_dir_all(tmp.path().join(".public.staging-998")).unwrap();
        let s = Staging::prepare(&out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "previous");
        assert!(!tmp.path().join(".public.staging-998").exists());
        s.abort();
    }
}
