//! One photo processed: its format sniffed and compared with its name, its
//! header's size checked against the pixel limit before decoding, decoded
//! under [`image::Limits`], turned upright by its EXIF orientation, resized
//! ([`fast_image_resize`]) and encoded again; the results kept in the
//! processing cache, named by the key of the source's bytes and the
//! settings. Writes go to a temporary name and are renamed into place
//! ([`crate::files::write_whole`]), so a killed build leaves no partial
//! file under a key.

use std::hash::{Hash as _, Hasher as _};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use fast_image_resize as fr;
use image::{DynamicImage, ExtendedColorType, ImageEncoder as _, ImageFormat};

use crate::config::ImagesConfig;
use crate::messages::{IoCause, PhotoHint, PhotoMessage};

/// The environment variable that moves the cache folder (CI keeps it
/// between runs: docs/ci.md). The same as the export cache's.
pub const CACHE_DIR_VAR: &str = "REGIONPRESS_CACHE_DIR";

/// Bumped when the processing changes what it makes from the same bytes.
const PIPELINE: u32 = 1;

/// JPEG quality of the full-size copies (`images: keep_originals`).
const ORIGINAL_QUALITY: u8 = 92;

/// The cache folder of a site: `REGIONPRESS_CACHE_DIR`, or
/// `.regionpress-cache` in the site folder (photos go in its `images/`).
pub fn cache_root(site: &Path) -> PathBuf {
    match std::env::var_os(CACHE_DIR_VAR) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => site.join(".regionpress-cache"),
    }
}

/// The images folder of the cache and the settings every key includes.
pub struct Cache {
    /// Where new files are written.
    dir: PathBuf,
    /// The site's own cache folder when it cannot be written and `dir` is
    /// the fallback: still read first (a read-only but filled cache).
    read_first: Option<PathBuf>,
    /// False when no folder could be written: a photo not in the cache
    /// is [`Problem::CacheUnwritable`] (its reason: no permission).
    writable: bool,
    cfg: ImagesConfig,
    settings: u64,
}

/// Why the cache folder cannot be written: the system's words, and the
/// folder used instead (`None` when there is none either).
#[derive(Debug, Clone)]
pub struct Unwritable {
    pub detail: IoCause,
    pub fallback: Option<PathBuf>,
}

impl Cache {
    /// The cache in `dir` for the settings `cfg`; made on first write.
    pub fn new(dir: &Path, cfg: &ImagesConfig) -> Cache {
        let mut h = crate::hash::Hasher::default();
        (PIPELINE, env!("CARGO_PKG_VERSION"), &cfg.widths, cfg.quality, cfg.keep_originals, cfg.max_pixels).hash(&mut h);
        Cache { dir: dir.to_path_buf(), read_first: None, writable: true, cfg: cfg.clone(), settings: h.finish() }
    }

    /// This cache once its folder is known to be writable (made, and a
    /// file written and removed there). When it is not, new files go to a
    /// folder of the system's temporary folder named after it (the
    /// site's folder still read first), and the reason is returned; when
    /// that fails too, nothing new can be processed.
    pub fn checked(mut self) -> (Cache, Option<Unwritable>) {
        let Err(e) = probe(&self.dir) else { return (self, None) };
        let detail = IoCause::from(&e);
        let name = format!("{:016x}", crate::hash::hash_of(&self.dir.to_string_lossy()));
        let fallback = std::env::temp_dir().join("regionpress-images").join(name);
        self.read_first = Some(std::mem::replace(&mut self.dir, fallback.clone()));
        if probe(&fallback).is_err() {
            self.writable = false;
            return (self, Some(Unwritable { detail, fallback: None }));
        }
        (self, Some(Unwritable { detail, fallback: Some(fallback) }))
    }
}

/// Makes `dir` and writes and removes a file in it.
fn probe(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let test = dir.join(format!(".write-test-{}", std::process::id()));
    std::fs::write(&test, b"")?;
    std::fs::remove_file(&test)
}

/// One file made of a photo.
#[derive(Debug, Clone)]
pub struct File {
    pub width: u32,
    pub height: u32,
    /// Its size in bytes.
    pub bytes: u64,
    /// The full-size copy of `keep_originals`.
    pub original: bool,
    /// Where it is in the cache.
    pub path: PathBuf,
}

/// What a photo became.
#[derive(Debug, Clone)]
pub struct Made {
    /// Upright size of the source.
    pub width: u32,
    pub height: u32,
    /// Size of the source file.
    pub source_bytes: u64,
    /// The files made, narrowest first, the original last.
    pub files: Vec<File>,
    /// Made by this run (not found in the cache).
    pub fresh: bool,
}

/// Why a photo cannot be published.
#[derive(Debug, Clone)]
pub enum Problem {
    /// Damaged: the decoder's reason.
    Corrupt(IoCause),
    /// A JPEG file cut short.
    Truncated,
    /// No image format at all.
    NotAnImage,
    /// Named as one format, holds another: (named, actual, the extension to use).
    Mismatch(String, String, String),
    /// Declares more pixels than the limit.
    TooManyPixels(u32, u32, u64),
    /// A format that is not published; true for HEIC/HEIF.
    Unsupported(String, bool),
    /// Not in the cache, and no cache folder can be written (reported
    /// once for the site, not per photo).
    CacheUnwritable(IoCause),
}

impl Problem {
    /// The diagnostic's words for the source shown as `path`.
    pub fn message(&self, path: &str) -> (PhotoMessage, PhotoHint) {
        let path = path.to_string();
        match self {
            Problem::Corrupt(detail) => (PhotoMessage::Corrupt { path, detail: detail.clone() }, PhotoHint::SaveAgain),
            Problem::Truncated => (PhotoMessage::Truncated { path }, PhotoHint::SaveAgain),
            Problem::NotAnImage => (PhotoMessage::NotAnImage { path }, PhotoHint::SaveAgain),
            Problem::Mismatch(named, actual, ext) => {
                let stem = path.rsplit('/').next().unwrap_or(&path);
                let name = format!("{}.{ext}", stem.rsplit_once('.').map_or(stem, |s| s.0));
                (PhotoMessage::FormatMismatch { path, named: named.clone(), actual: actual.clone() }, PhotoHint::RenameTo { name })
            }
            Problem::TooManyPixels(width, height, limit) => {
                (PhotoMessage::TooManyPixels { path, width: *width, height: *height, limit: *limit }, PhotoHint::Shrink)
            }
            Problem::Unsupported(format, heic) => {
                let hint = if *heic { PhotoHint::ExportHeicAsJpeg } else { PhotoHint::ConvertToJpeg };
                (PhotoMessage::Unsupported { path, format: format.clone() }, hint)
            }
            // Reported once by `photos::prepare`; worded here for completeness.
            Problem::CacheUnwritable(detail) => {
                (PhotoMessage::CacheUnwritable { dir: path, detail: detail.clone(), fallback: None }, PhotoHint::CacheFolder)
            }
        }
    }
}

/// A photo processed, or why not.
pub type Outcome = Result<Made, Problem>;

/// Processes the photo at `path`, or finds it in the cache.
pub fn source(path: &Path, cache: &Cache) -> Outcome {
    let bytes = crate::files::read_regular(path).map_err(|e| Problem::Corrupt(IoCause::from(&e)))?;
    let key = {
        let mut h = xxhash_rust::xxh3::Xxh3Default::default();
        h.update(&bytes);
        h.update(&cache.settings.to_le_bytes());
        format!("{:032x}", h.digest128())
    };
    let dirs = cache.read_first.iter().chain([&cache.dir]);
    if let Some(made) = dirs.into_iter().find_map(|dir| cached(dir, &key, bytes.len() as u64)) {
        return Ok(made);
    }
    if !cache.writable {
        return Err(Problem::CacheUnwritable(IoCause::from(&std::io::Error::from(std::io::ErrorKind::PermissionDenied))));
    }
    let format = sniff(path, &bytes)?;
    let img = decode(&bytes, format, cache.cfg.max_pixels)?;
    let made = encode_all(img, format, cache, &key, bytes.len() as u64)?;
    let index: String = made.files.iter().map(|f| format!("{} {} {} {}\n", f.width, f.height, f.bytes, u8::from(f.original))).collect();
    let ext = made.files.first().and_then(|f| f.path.extension()).map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    let meta = format!("{} {} {ext}\n{index}", made.width, made.height);
    // A cache that cannot be written (a read-only checkout) only costs time.
    let _ = crate::files::write_whole(&cache.dir.join(format!("{key}.txt")), meta.as_bytes());
    Ok(made)
}

/// The name of the cache file of one output, in the cache folder `dir`.
fn file_path(dir: &Path, key: &str, width: u32, original: bool, ext: &str) -> PathBuf {
    match original {
        true => dir.join(format!("{key}-original.{ext}")),
        false => dir.join(format!("{key}-{width}.{ext}")),
    }
}

/// What the cache folder `dir` holds under `key`, when every file of it is there.
fn cached(dir: &Path, key: &str, source_bytes: u64) -> Option<Made> {
    let meta = std::fs::read_to_string(dir.join(format!("{key}.txt"))).ok()?;
    let mut lines = meta.lines();
    let nums = |l: &str| l.split(' ').map(str::parse::<u64>).collect::<Result<Vec<_>, _>>().ok();
    let mut head = lines.next()?.split(' ');
    let (width, height) = (head.next()?.parse().ok()?, head.next()?.parse().ok()?);
    let ext = head.next()?;
    let mut files = Vec::new();
    for l in lines {
        let n = nums(l)?;
        let (width, height, bytes, original) = (*n.first()? as u32, *n.get(1)? as u32, *n.get(2)?, *n.get(3)? == 1);
        let path = file_path(dir, key, width, original, ext);
        if std::fs::metadata(&path).ok()?.len() != bytes {
            return None;
        }
        files.push(File { width, height, bytes, original, path });
    }
    Some(Made { width, height, source_bytes, files, fresh: false })
}

/// The format of `bytes`, checked against the name of `path`.
fn sniff(path: &Path, bytes: &[u8]) -> Result<ImageFormat, Problem> {
    let named = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let named_format = match named.as_str() {
        "jpg" | "jpeg" => "JPEG",
        "png" => "PNG",
        "webp" => "WebP",
        "heic" | "heif" => "HEIC",
        "avif" => "AVIF",
        "tif" | "tiff" => "TIFF",
        _ => "BMP",
    };
    if let Some(brand) = bytes.get(4..12).filter(|b| &b[..4] == b"ftyp").map(|b| &b[4..]) {
        let heic = matches!(brand, b"heic" | b"heix" | b"hevc" | b"hevx" | b"mif1" | b"msf1" | b"heim" | b"heis");
        let name = if brand.starts_with(b"avi") { "AVIF" } else { "HEIC" };
        return Err(Problem::Unsupported(name.into(), heic));
    }
    let actual = image::guess_format(bytes).map_err(|_| Problem::NotAnImage)?;
    let (actual_name, actual_ext) = match actual {
        ImageFormat::Jpeg => ("JPEG", "jpg"),
        ImageFormat::Png => ("PNG", "png"),
        ImageFormat::WebP => ("WebP", "webp"),
        other => return Err(Problem::Unsupported(format!("{other:?}").to_uppercase(), false)),
    };
    if actual_name != named_format {
        return Err(Problem::Mismatch(named_format.into(), actual_name.into(), actual_ext.into()));
    }
    if actual == ImageFormat::Jpeg && is_truncated_jpeg(bytes) {
        return Err(Problem::Truncated);
    }
    Ok(actual)
}

/// True when a JPEG file has no end-of-image marker after its first scan:
/// a file cut short in copying (the decoder would fill the rest with grey).
/// Segments are walked up to the first scan so that the marker inside an
/// EXIF thumbnail does not count.
fn is_truncated_jpeg(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return true;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if marker == 0xDA {
            return memchr::memmem::find(&bytes[i + 2..], &[0xFF, 0xD9]).is_none();
        }
        i += 2 + len;
    }
    true
}

/// Decodes `bytes` upright, refusing more than `max_pixels` before decoding.
fn decode(bytes: &[u8], format: ImageFormat, max_pixels: u64) -> Result<DynamicImage, Problem> {
    let corrupt = |e: image::ImageError| Problem::Corrupt(IoCause::worded(e.to_string()));
    let (w, h) = image::ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().map_err(corrupt)?;
    if w as u64 * h as u64 > max_pixels {
        return Err(Problem::TooManyPixels(w, h, max_pixels));
    }
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(w);
    limits.max_image_height = Some(h);
    limits.max_alloc = Some(max_pixels * 8 + (64 << 20));
    reader.limits(limits);
    let mut img = reader.decode().map_err(corrupt)?;
    let orientation = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()
        .and_then(|e| e.get_field(exif::Tag::Orientation, exif::In::PRIMARY).and_then(|f| f.value.get_uint(0)))
        .and_then(|v| image::metadata::Orientation::from_exif(v as u8));
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok(img)
}

/// The widths made of a photo `width` wide: those of the settings below it,
/// and the widest of them or the photo's own width, whichever is less.
pub fn widths(settings: &[u32], width: u32) -> Vec<u32> {
    let widest = settings.iter().copied().max().unwrap_or(width).min(width);
    let mut out: Vec<u32> = settings.iter().copied().filter(|w| *w < widest).collect();
    out.push(widest);
    out
}

/// Resizes and encodes every file of the upright `img`, keeping them in the cache.
fn encode_all(img: DynamicImage, format: ImageFormat, cache: &Cache, key: &str, source_bytes: u64) -> Result<Made, Problem> {
    let (w, h) = (img.width(), img.height());
    let alpha = format != ImageFormat::Jpeg && img.color().has_alpha();
    let (px, pixels, color) = match alpha {
        true => (fr::PixelType::U8x4, img.into_rgba8().into_raw(), ExtendedColorType::Rgba8),
        false => (fr::PixelType::U8x3, img.into_rgb8().into_raw(), ExtendedColorType::Rgb8),
    };
    let ext = match format {
        ImageFormat::Png => "png",
        ImageFormat::WebP => "webp",
        _ => "jpg",
    };
    let mut plan: Vec<(u32, bool)> = widths(&cache.cfg.widths, w).into_iter().map(|tw| (tw, false)).collect();
    if cache.cfg.keep_originals {
        plan.push((w, true));
    }
    let mut files = Vec::new();
    for (tw, original) in plan {
        let th = ((h as u64 * tw as u64 + w as u64 / 2) / w as u64).max(1) as u32;
        let resized;
        let buf: &[u8] = if tw == w {
            &pixels
        } else {
            resized = resize(&pixels, (w, h), (tw, th), px)?;
            &resized
        };
        let quality = if original { ORIGINAL_QUALITY } else { cache.cfg.quality };
        let out = encode(buf, (tw, th), color, format, quality).map_err(|e| Problem::Corrupt(IoCause::worded(e.to_string())))?;
        let path = file_path(&cache.dir, key, tw, original, ext);
        // The folder was written to by `Cache::checked`; a failure now (a
        // full disk) is the cache's, reported once, not the photo's.
        let unwritable = |e: std::io::Error| Problem::CacheUnwritable(IoCause::from(&e));
        std::fs::create_dir_all(&cache.dir).map_err(unwritable)?;
        crate::files::write_whole(&path, &out).map_err(unwritable)?;
        files.push(File { width: tw, height: th, bytes: out.len() as u64, original, path });
    }
    Ok(Made { width: w, height: h, source_bytes, files, fresh: true })
}

/// `pixels` (`from` in size) resized to `to` with a Lanczos filter.
fn resize(pixels: &[u8], from: (u32, u32), to: (u32, u32), px: fr::PixelType) -> Result<Vec<u8>, Problem> {
    let fail = |e: String| Problem::Corrupt(IoCause::worded(e));
    let src = fr::images::ImageRef::new(from.0, from.1, pixels, px).map_err(|e| fail(e.to_string()))?;
    let mut dst = fr::images::Image::new(to.0, to.1, px);
    let options = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new().resize(&src, &mut dst, &options).map_err(|e| fail(e.to_string()))?;
    Ok(dst.into_vec())
}

/// `buf` encoded in the format of its source; no metadata is written.
fn encode(buf: &[u8], (w, h): (u32, u32), color: ExtendedColorType, format: ImageFormat, quality: u8) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        ImageFormat::Png => {
            use image::codecs::png::{CompressionType, FilterType, PngEncoder};
            PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive).write_image(buf, w, h, color)?
        }
        ImageFormat::WebP => image::codecs::webp::WebPEncoder::new_lossless(&mut out).write_image(buf, w, h, color)?,
        _ => image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).write_image(buf, w, h, color)?,
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_never_upscaled() {
        assert_eq!(widths(&[480, 960, 1600], 4000), vec![480, 960, 1600]);
        assert_eq!(widths(&[480, 960, 1600], 1200), vec![480, 960, 1200]);
        assert_eq!(widths(&[480, 960, 1600], 300), vec![300]);
        assert_eq!(widths(&[480, 960, 1600], 960), vec![480, 960]);
    }

    #[test]
    fn a_jpeg_without_its_end_is_truncated() {
        let mut bytes = Vec::new();
        image::RgbImage::from_pixel(64, 48, image::Rgb([200, 30, 30])).write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg).unwrap();
        assert!(!is_truncated_jpeg(&bytes));
        assert!(is_truncated_jpeg(&bytes[..bytes.len() * 2 / 3]));
    }
}
