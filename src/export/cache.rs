//! The export cache: an issued issue never changes, so its PDF and Word
//! files are made once and kept, by a key of everything they are made of
//! (the document, its images' bytes, the format, the fonts found, and the
//! regionpress program itself: its version and its file's size and time,
//! so that a new version never reuses the files of an older one).
//!
//! The cache is a folder of files named by their key
//! (`<site>/.regionpress-cache/exports/<key>.<ext>`, or under
//! `REGIONPRESS_CACHE_DIR`); deleting it at any time only makes the next
//! build slower. Writes go to a temporary name first and are renamed into
//! place, so that a build killed halfway leaves no partial file under a
//! key, and two builds writing the same key write the same bytes.

use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::Format;
use crate::document::Document;
use crate::hash::Hasher;

/// The environment variable that moves the cache folder (CI keeps it
/// between runs: docs/ci.md).
pub const CACHE_DIR_VAR: &str = "REGIONPRESS_CACHE_DIR";

/// The cache folder of a site: `REGIONPRESS_CACHE_DIR`, or
/// `.regionpress-cache` in the site folder.
pub fn cache_root(site: &Path) -> PathBuf {
    match std::env::var_os(CACHE_DIR_VAR) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => site.join(".regionpress-cache"),
    }
}

/// The exports folder of a cache.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The exports cache under `root` (see [`cache_root`]); made on first write.
    pub fn new(root: &Path) -> Cache {
        Cache { dir: root.join("exports") }
    }

    fn path(&self, key: u128, format: Format) -> PathBuf {
        self.dir.join(format!("{key:032x}.{}", format.extension()))
    }

    /// The file kept under `key`, if any.
    pub fn get(&self, key: u128, format: Format) -> Option<Vec<u8>> {
        crate::files::read_regular(&self.path(key, format)).ok()
    }

    /// Keeps `bytes` under `key`. A cache that cannot be written (a
    /// read-only checkout) only costs time: the error is returned for the
    /// caller to ignore or tell.
    pub fn put(&self, key: u128, format: Format, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        crate::files::write_whole(&self.path(key, format), bytes)
    }
}

/// The key of `doc` exported to `format` with fonts of fingerprint `fonts`.
pub fn key(doc: &Document, format: Format, fonts: u64) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3Default::default();
    // Serializing a Document cannot fail: it holds strings, numbers and
    // lists only (no maps with non-string keys).
    let json = serde_json::to_vec(doc).unwrap_or_default();
    h.write(&json);
    for image in &doc.images {
        h.write(image.key.as_bytes());
        h.write(&image.bytes);
    }
    h.write(format.extension().as_bytes());
    h.write_u64(fonts);
    h.write_u64(program_hash());
    h.digest128()
}

/// A hash of the running program: its version, and the size and
/// modification time of its file (a new build or an upgrade changes
/// them), read once. Cheaper than hashing the file's bytes (hundreds of
/// megabytes in a debug build) and as safe for a cache: a program changed
/// in place changes its time.
fn program_hash() -> u64 {
    static HASH: OnceLock<u64> = OnceLock::new();
    *HASH.get_or_init(|| {
        let mut h = Hasher::default();
        h.write(env!("CARGO_PKG_VERSION").as_bytes());
        let meta = std::env::current_exe().and_then(std::fs::metadata).ok();
        if let Some(m) = meta {
            h.write_u64(m.len());
            let since = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            h.write_u128(since.map_or(0, |d| d.as_nanos()));
        }
        h.finish()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_put_under_a_key_is_read_back_and_other_keys_miss() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::new(dir.path());
        assert_eq!(cache.get(7, Format::Pdf), None);
        cache.put(7, Format::Pdf, b"%PDF-1.7 x").expect("put");
        assert_eq!(cache.get(7, Format::Pdf).as_deref(), Some(&b"%PDF-1.7 x"[..]));
        assert_eq!(cache.get(7, Format::Docx), None);
        assert_eq!(cache.get(8, Format::Pdf), None);
        // No temporary file is left beside it.
        let names: Vec<String> = std::fs::read_dir(dir.path().join("exports"))
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into())
            .collect();
        assert_eq!(names, vec![format!("{:032x}.pdf", 7)]);
    }
}
