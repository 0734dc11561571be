//! Photos: every raster image a page publishes (Markdown
//! images, covers, galleries, any linked JPEG, PNG or WebP file of
//! `content/`) is read, checked, turned upright by its EXIF orientation,
//! resized to the widths of `images:` (never upscaled) and encoded again,
//! which drops every byte of metadata (GPS position, camera serials,
//! comments). The source file itself is never published.
//!
//! A file is refused before it is decoded when its header declares more
//! than `images: max_pixels` pixels (a decompression bomb), and decoding
//! runs under [`image::Limits`]; a file whose bytes are not the format its
//! name says, a HEIC photo or a damaged file is a located diagnostic.
//!
//! What is made is kept in the processing cache
//! (`<cache>/images/<key>…`, [`cache_root`]), keyed by the source's bytes
//! and the settings, shared by `build`, `serve` and `check`: a rebuild with
//! nothing changed decodes no image. Sources are processed in parallel.

mod html;
mod process;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use html::{img_attributes, rewrite_images};
pub use process::{CACHE_DIR_VAR, cache_root};

use crate::config::ImagesConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::{Hint, Message, PhotoHint, PhotoMessage};

/// One use of a source file: where the site publishes it and who names it
/// first (for the diagnostics).
#[derive(Debug, Clone)]
pub struct Use<'a> {
    /// Content-relative source.
    pub src: &'a str,
    /// Site path of the published copy.
    pub url: &'a str,
    /// The file naming it, site-relative.
    pub shown: &'a str,
    /// 1-based line and character column (0 when unknown).
    pub at: (usize, usize),
}

/// The published form of one photo at one site path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// Width of the largest file (the one at the photo's own URL).
    pub width: u32,
    /// Height of the largest file.
    pub height: u32,
    /// Every width published, narrowest first: (site path, width, height).
    pub sizes: Vec<(String, u32, u32)>,
    /// The site path of the full-size copy (`images: keep_originals`).
    pub original: Option<String>,
}

/// The photos of a site: each published copy, and the cache file behind
/// every site path it publishes.
#[derive(Debug, Clone, Default)]
pub struct Photos {
    /// Site path of a photo's copy -> what is published there.
    pub by_url: BTreeMap<String, Arc<Published>>,
    /// Every published file of the photos: site path -> (cache file, source).
    pub files: BTreeMap<String, (PathBuf, String)>,
}

impl Photos {
    /// What is published at `url` (a site path, decoded), if it is a photo.
    pub fn get(&self, url: &str) -> Option<&Published> {
        self.by_url.get(url).map(|p| &**p)
    }
}

/// The file formats the site processes; anything else is copied as it is
/// (SVG is cleaned by [`crate::svg`]; GIF may be animated and is copied).
pub fn is_photo(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "jpg" | "jpeg" | "png" | "webp" | "heic" | "heif" | "avif" | "tif" | "tiff" | "bmp")
}

/// Processes every photo among `uses` (through the cache under
/// `cache_dir`), and reports what cannot be published, located at each use.
pub fn prepare(root: &Path, uses: &[Use<'_>], cfg: &ImagesConfig, cache_dir: &Path) -> (Photos, Diagnostics) {
    let mut sources: Vec<&str> = uses.iter().map(|u| u.src).filter(|s| is_photo(s)).collect();
    sources.sort_unstable();
    sources.dedup();
    let (cache, unwritable) = match sources.is_empty() {
        true => (process::Cache::new(cache_dir, cfg), None),
        false => process::Cache::new(cache_dir, cfg).checked(),
    };
    let results: BTreeMap<&str, process::Outcome> =
        sources.par_iter().map(|src| (*src, process::source(&root.join("content").join(src), &cache))).collect();
    let mut photos = Photos::default();
    let mut diags = Diagnostics::default();
    let made = results.values().filter(|o| o.as_ref().is_ok_and(|m| m.fresh)).count();
    let fresh = made > 0;
    if crate::timing::on() {
        // What `REGIONPRESS_TIMING=1` shows of the cache: a rebuild with
        // nothing changed decodes none.
        let hits = results.values().filter(|o| o.as_ref().is_ok_and(|m| !m.fresh)).count();
        eprintln!("    site/photos: {} sources, {made} decoded and processed, {hits} from the cache", results.len());
    }
    // A cache that could not be written: reported once for the site, with
    // the probe's reason, else that of the first write that failed (a disk
    // that filled up during the build).
    let failed = results.values().find_map(|o| match o {
        Err(process::Problem::CacheUnwritable(cause)) => Some(cause.clone()),
        _ => None,
    });
    match unwritable {
        Some(u) if failed.is_some() || (fresh && u.fallback.is_some()) => diags.push(cache_diagnostic(root, cache_dir, u)),
        _ => {
            if let Some(detail) = failed {
                diags.push(cache_diagnostic(root, cache_dir, process::Unwritable { detail, fallback: None }));
            }
        }
    }
    for u in uses.iter().filter(|u| is_photo(u.src)) {
        let Some(outcome) = results.get(u.src) else { continue };
        let locate = |m: PhotoMessage, h: PhotoHint| Diagnostic::new(u.shown, u.at.0, u.at.1, Message::Photo(m)).with_hint(Hint::Photo(h));
        match outcome {
            Ok(made) => {
                if made.source_bytes > cfg.warn_source_bytes {
                    let m = PhotoMessage::SourceLarge {
                        path: format!("content/{}", u.src),
                        kib: made.source_bytes >> 10,
                        limit_kib: cfg.warn_source_bytes >> 10,
                    };
                    diags.push(locate(m, PhotoHint::ShrinkBeforeCommit));
                }
                let published = publish(u, made, &mut photos);
                for (bytes, url) in made.files.iter().filter(|f| !f.original).map(|f| f.bytes).zip(&published) {
                    if bytes > cfg.max_bytes {
                        let m = PhotoMessage::OverBudget { url: url.clone(), kib: bytes.div_ceil(1024), limit_kib: cfg.max_bytes >> 10 };
                        diags.push(locate(m, PhotoHint::LowerQuality));
                    }
                }
            }
            Err(process::Problem::CacheUnwritable(_)) => {}
            Err(problem) => {
                let (m, h) = problem.message(&format!("content/{}", u.src));
                diags.push(locate(m, h));
            }
        }
    }
    (photos, diags)
}

/// The one diagnostic of a cache folder that cannot be written: a warning
/// when photos were processed into the fallback folder instead, an error
/// when there was none (the photos not in the cache are not published).
/// It names the folder, not a line of a file: no file of the site is wrong.
fn cache_diagnostic(root: &Path, dir: &Path, u: process::Unwritable) -> Diagnostic {
    let shown = crate::diagnostics::display_path(root, dir);
    let fallback = u.fallback.map(|f| f.display().to_string());
    let m = PhotoMessage::CacheUnwritable { dir: shown.clone(), detail: u.detail, fallback };
    Diagnostic::new(shown, 0, 0, Message::Photo(m)).with_hint(Hint::Photo(PhotoHint::CacheFolder))
}

/// Records the files of `made` published for the use `u`, and returns
/// their site paths in the order of `made.files`.
fn publish(u: &Use<'_>, made: &process::Made, photos: &mut Photos) -> Vec<String> {
    let (stem, ext) = match u.url.rsplit_once('.') {
        Some((s, e)) if !s.ends_with('/') => (s, e),
        _ => (u.url, ""),
    };
    let mut urls = Vec::new();
    let mut sizes = Vec::new();
    let mut original = None;
    let largest = made.files.iter().filter(|f| !f.original).map(|f| f.width).max().unwrap_or(0);
    for f in &made.files {
        let url = if f.original {
            format!("{stem}-original.{ext}")
        } else if f.width == largest {
            u.url.to_string()
        } else {
            format!("{stem}-{}w.{ext}", f.width)
        };
        if f.original {
            original = Some(url.clone());
        } else {
            sizes.push((url.clone(), f.width, f.height));
        }
        photos.files.insert(url.clone(), (f.path.clone(), u.src.to_string()));
        urls.push(url);
    }
    sizes.sort_by_key(|s| s.1);
    let (width, height) = sizes.last().map(|s| (s.1, s.2)).unwrap_or((made.width, made.height));
    photos.by_url.insert(u.url.to_string(), Arc::new(Published { width, height, sizes, original }));
    urls
}
