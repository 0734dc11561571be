//! The fingerprint of everything a build reads: the binary, the options,
//! `site.yaml` and every file under `content/`, `static/` and `themes/`
//! ([`SOURCES`]), walked by the rules of [`crate::files`]: hidden files
//! skipped, symbolic links followed only inside their folder, and nothing
//! but regular files ever opened (a FIFO is fingerprinted by its path).
//! Equal fingerprints give equal output (the build is deterministic), so a
//! rebuild whose fingerprint matches the previous output's manifest renders
//! nothing (see [`crate::output::Staging::up_to_date`]).

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// What a site reads, under its root: its settings and the folders of its
/// sources, `fonts` (the default folder of the PDF exports' fonts) among
/// them. The build fingerprints them and the dev server watches them;
/// nothing else under the root (the output, its manifest, the export
/// cache) is an input. A site whose `exports: fonts` names another folder
/// rebuilds when its content changes, not when only its fonts do.
pub const SOURCES: [&str; 5] = ["site.yaml", "content", "static", "themes", "fonts"];

/// True when `path` is one of the site's [`SOURCES`] or inside one.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    rel.components().next().is_some_and(|first| SOURCES.iter().any(|s| first.as_os_str() == *s))
}

/// Files above this size (videos, scans) are fingerprinted by length and
/// modification time instead of being read whole on every build.
const READ_UP_TO: u64 = 1 << 20;

/// Fingerprints the site at `root` built with `options` (any string that
/// differs when the output would: base URL, drafts). `read` gives the
/// hashes of files already read (the content loader's): those are not
/// read again.
pub fn fingerprint(root: &Path, options: &str, read: &[(PathBuf, u128)]) -> u128 {
    let read: std::collections::HashMap<&Path, u128> = read.iter().map(|(p, h)| (p.as_path(), *h)).collect();
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    for source in SOURCES {
        // The files a build reads, by the rules the loader and the renderer
        // walk by (crate::files): hidden files and links out of their
        // folder are not read, and not followed into (a link to `/` is not
        // walked). A skipped link and anything that is not a regular file
        // (a FIFO, a device) count by their path alone, never opened.
        // walkdir reports a loop as an error and does not go round it.
        let top = root.join(source);
        let canonical = fs::canonicalize(&top).unwrap_or_else(|_| top.clone());
        let mut walker = walkdir::WalkDir::new(&top).follow_links(true).into_iter();
        while let Some(entry) = walker.next() {
            let Ok(entry) = entry else { continue };
            let is_dir = entry.file_type().is_dir();
            if entry.depth() > 0 && crate::files::is_hidden(&entry.file_name().to_string_lossy()) {
                if is_dir {
                    walker.skip_current_dir();
                }
                continue;
            }
            if entry.path_is_symlink() && crate::files::link_target(entry.path(), &canonical, source).is_err() {
                if is_dir {
                    walker.skip_current_dir();
                }
                files.push((entry.into_path(), false));
                continue;
            }
            if !is_dir {
                let regular = entry.file_type().is_file();
                files.push((entry.into_path(), regular));
            }
        }
    }
    files.sort_unstable();
    let hashes: Vec<u128> = files.par_iter().map(|(p, regular)| file_hash(root, p, *regular, read.get(p.as_path()).copied())).collect();
    let mut h = Xxh3::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&binary_stamp().to_le_bytes());
    h.update(options.as_bytes());
    for x in hashes {
        h.update(&x.to_le_bytes());
    }
    h.digest128()
}

/// A fingerprint that also depends on the build date (problems
/// and decisions are overdue relative to it), so that an unchanged site
/// built on a new day is rendered again. Sites without records keep the
/// fingerprint of their files alone.
pub fn with_date(fingerprint: u128, date: chrono::NaiveDate) -> u128 {
    let mut h = Xxh3::new();
    h.update(&fingerprint.to_le_bytes());
    h.update(date.format("build-date=%Y-%m-%d").to_string().as_bytes());
    h.digest128()
}

/// One file: its path under the root with the hash of its bytes (`known`
/// when they were read already), or with its length and modification time
/// when it is large; a file that cannot be read gets a hash of its path
/// alone and an error marker, and so does one that is not a regular file
/// (`regular` false), which is never opened.
fn file_hash(root: &Path, path: &Path, regular: bool, known: Option<u128>) -> u128 {
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
    let mut h = Xxh3::new();
    h.update(rel.as_bytes());
    h.update(&[0]);
    if let Some(bytes) = known {
        h.update(&bytes.to_le_bytes());
        return h.digest128();
    }
    if !regular {
        h.update(b"not a file");
        return h.digest128();
    }
    // One open and one `fstat` per file: the metadata comes from the open
    // file, which is refused if it is no longer a regular file.
    let Ok(mut file) = crate::files::open_regular(path) else {
        h.update(b"missing");
        return h.digest128();
    };
    match file.metadata() {
        Ok(m) if m.len() > READ_UP_TO => {
            let (secs, nanos) = crate::files::mtime(&m);
            h.update(&m.len().to_le_bytes());
            h.update(&secs.to_le_bytes());
            h.update(&nanos.to_le_bytes());
        }
        Ok(m) => {
            let mut bytes = Vec::with_capacity(m.len() as usize);
            match std::io::Read::read_to_end(&mut file, &mut bytes) {
                Ok(_) => h.update(&xxh3_128(&bytes).to_le_bytes()),
                Err(_) => h.update(b"unreadable"),
            }
        }
        Err(_) => h.update(b"unreadable"),
    }
    h.digest128()
}

/// Identifies the running binary (its length and modification time), so
/// that a new build of regionpress renders again even at the same version.
fn binary_stamp() -> u128 {
    let meta = std::env::current_exe().and_then(fs::metadata);
    meta.map(|m| {
        let (secs, nanos) = crate::files::mtime(&m);
        (u128::from(m.len()) << 96) ^ (u128::from(secs) << 32) ^ u128::from(nanos)
    })
    .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site of one report, `content/reports/a.md`, reading "正文".
    fn one_report_site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir_all(tmp.path().join("content/reports")).unwrap();
        fs::write(tmp.path().join("site.yaml"), "title: 站点\n").unwrap();
        let report = tmp.path().join("content/reports/a.md");
        fs::write(&report, "正文").unwrap();
        (tmp, report)
    }

    #[test]
    fn any_input_change_changes_the_fingerprint() {
        let (tmp, _) = one_report_site();
        let root = tmp.path();
        let first = fingerprint(root, "", &[]);
        assert_eq!(fingerprint(root, "", &[]), first);
        assert_ne!(fingerprint(root, "drafts", &[]), first);
        fs::write(root.join("content/reports/a.md"), "正文。").unwrap();
        let edited = fingerprint(root, "", &[]);
        assert_ne!(edited, first);
        fs::rename(root.join("content/reports/a.md"), root.join("content/reports/b.md")).unwrap();
        assert_ne!(fingerprint(root, "", &[]), edited);
        fs::create_dir_all(root.join("themes/mine/templates")).unwrap();
        fs::write(root.join("themes/mine/templates/page.html"), "x").unwrap();
        let themed = fingerprint(root, "", &[]);
        fs::create_dir_all(root.join("static")).unwrap();
        fs::write(root.join("static/logo.svg"), "<svg/>").unwrap();
        assert_ne!(fingerprint(root, "", &[]), themed);
    }

    #[test]
    fn files_already_read_count_by_the_bytes_read() {
        let (tmp, report) = one_report_site();
        let root = tmp.path();
        let read = vec![(report.clone(), xxh3_128("正文".as_bytes()))];
        // The loader's hash stands for the file as if it were read now...
        assert_eq!(fingerprint(root, "", &read), fingerprint(root, "", &[]));
        // ...and, when the file changed after the loader read it, the
        // fingerprint is of what was read (and rendered): the next build
        // sees the newer file as a change.
        fs::write(&report, "正文。").unwrap();
        assert_ne!(fingerprint(root, "", &read), fingerprint(root, "", &[]));
        assert_eq!(fingerprint(root, "", &read), fingerprint(root, "", &[(report, xxh3_128("正文".as_bytes()))]));
    }

    #[cfg(unix)]
    #[test]
    fn files_behind_linked_folders_count_and_loops_end() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join("content/shared")).unwrap();
        fs::write(root.join("content/shared/a.md"), "正文").unwrap();
        std::os::unix::fs::symlink("shared", root.join("content/reports")).unwrap();
        // A loop (an error of the loader's) must not hang the fingerprint.
        std::os::unix::fs::symlink("..", root.join("content/shared/up")).unwrap();
        let first = fingerprint(root, "", &[]);
        fs::write(root.join("content/shared/a.md"), "正文。").unwrap();
        assert_ne!(fingerprint(root, "", &[]), first);
    }

    /// A FIFO is never opened (opening one for reading waits for a writer):
    /// the fingerprint ends, and counts it by its path.
    #[cfg(unix)]
    #[test]
    fn a_fifo_among_the_sources_is_not_opened() {
        let (tmp, _) = one_report_site();
        let root = tmp.path();
        let before = fingerprint(root, "", &[]);
        fs::create_dir_all(root.join("static")).unwrap();
        let fifo = std::ffi::CString::new(root.join("static/pipe").as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        assert_ne!(fingerprint(root, "", &[]), before);
    }
}
