//! The fingerprint of everything a build reads: the binary, the options,
//! `site.yaml` and every file under `content/`, `static/` and `themes/`
//! ([`SOURCES`]), those reached through linked folders inside the site too.
//! Equal fingerprints give equal output (the build is deterministic), so a
//! rebuild whose fingerprint matches the previous output's manifest renders
//! nothing (see [`crate::output::Staging::up_to_date`]).

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// What a site reads, under its root: its settings and the folders of its
/// sources. The build fingerprints them and the dev server watches them;
/// nothing else under the root (the output, its manifest) is an input.
pub const SOURCES: [&str; 4] = ["site.yaml", "content", "static", "themes"];

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
    let site_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut files: Vec<PathBuf> = Vec::new();
    for source in SOURCES {
        // Symbolic links are followed as the content loader follows them,
        // while they stay inside the site: the files reached through a
        // linked folder are inputs too. A link out of the site (an error of
        // the loader's) is not followed into a folder (a link to `/` is not
        // walked). walkdir reports a loop as an error and does not go round it.
        let mut walker = walkdir::WalkDir::new(root.join(source)).follow_links(true).into_iter();
        while let Some(entry) = walker.next() {
            let Ok(entry) = entry else { continue };
            let outside = entry.path_is_symlink() && !fs::canonicalize(entry.path()).is_ok_and(|t| t.starts_with(&site_root));
            if outside && entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            if outside || !entry.file_type().is_dir() {
                files.push(entry.into_path());
            }
        }
    }
    files.sort_unstable();
    let hashes: Vec<u128> = files.par_iter().map(|p| file_hash(root, p, read.get(p.as_path()).copied())).collect();
    let mut h = Xxh3::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&binary_stamp().to_le_bytes());
    h.update(options.as_bytes());
    for x in hashes {
        h.update(&x.to_le_bytes());
    }
    h.digest128()
}

/// One file: its path under the root with the hash of its bytes (`known`
/// when they were read already), or with its length and modification time
/// when it is large; a file that cannot be read gets a hash of its path
/// alone and an error marker.
fn file_hash(root: &Path, path: &Path, known: Option<u128>) -> u128 {
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
    let mut h = Xxh3::new();
    h.update(rel.as_bytes());
    h.update(&[0]);
    if let Some(bytes) = known {
        h.update(&bytes.to_le_bytes());
        return h.digest128();
    }
    // One open and one `fstat` per file: the metadata comes from the open file.
    let Ok(mut file) = fs::File::open(path) else {
        h.update(b"missing");
        return h.digest128();
    };
    match file.metadata() {
        Ok(m) if m.len() > READ_UP_TO => {
            let (secs, nanos) = crate::output::mtime(&m);
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
        let (secs, nanos) = crate::output::mtime(&m);
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
        fs::create_dir_all(root.join("shared")).unwrap();
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("shared/a.md"), "正文").unwrap();
        std::os::unix::fs::symlink("../shared", root.join("content/reports")).unwrap();
        // A loop (an error of the loader's) must not hang the fingerprint.
        std::os::unix::fs::symlink("..", root.join("shared/up")).unwrap();
        let first = fingerprint(root, "", &[]);
        fs::write(root.join("shared/a.md"), "正文。").unwrap();
        assert_ne!(fingerprint(root, "", &[]), first);
    }
}
