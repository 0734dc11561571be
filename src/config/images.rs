//! `images:` in `site.yaml`: how the photos a page publishes
//! are processed (widths, JPEG quality, originals) and the limits and
//! budgets that keep a site small and a build safe.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter::{Locator, locate_key};
use crate::messages::{Hint, Message, PhotoHint, PhotoMessage};

/// The options of `images:`; every key has a default.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// The widths published, in pixels; widths wider than a photo are
    /// skipped (never upscaled), and the photo's own width is used then.
    pub widths: Vec<u32>,
    /// JPEG quality of the published files (30 to 100).
    pub quality: u8,
    /// The most pixels (width × height) an image may declare; more is an
    /// error before anything is decoded (a decompression bomb).
    pub max_pixels: u64,
    /// A published file larger than this many bytes is a warning.
    pub max_bytes: u64,
    /// A source image larger than this many bytes is a warning of `check`
    /// and `build`: the repository keeps it forever.
    pub warn_source_bytes: u64,
    /// Also publish each photo at its full size (upright, without
    /// metadata, re-encoded) as `<name>-original.jpg`, linked from the
    /// gallery. The source file itself is never published.
    pub keep_originals: bool,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 960, 1600],
            quality: 80,
            max_pixels: 64_000_000,
            max_bytes: 600 * 1024,
            warn_source_bytes: 8 << 20,
            keep_originals: false,
        }
    }
}

impl ImagesConfig {
    /// The options read, values that cannot be used reported (located in
    /// `text`, the whole `site.yaml`) and replaced by their defaults.
    pub fn validated(mut self, text: &str, diags: &mut Diagnostics) -> ImagesConfig {
        let d = ImagesConfig::default();
        let mut bad = |key: &str, value: String| {
            let block = locate_key(text, "images").map_or(1, |p| p.0);
            let (l, c) = Locator::new(text).find(block, key).unwrap_or((0, 0));
            let message = Message::Photo(PhotoMessage::Config { key: key.to_string(), value });
            diags.push(Diagnostic::new("site.yaml", l, c, message).with_source(text).with_hint(Hint::Photo(PhotoHint::ConfigValues)));
        };
        if self.widths.is_empty() || self.widths.iter().any(|w| !(16..=8192).contains(w)) {
            bad("widths", format!("{:?}", self.widths));
            self.widths = d.widths;
        }
        self.widths.sort_unstable();
        self.widths.dedup();
        if !(30..=100).contains(&self.quality) {
            bad("quality", self.quality.to_string());
            self.quality = d.quality;
        }
        if self.max_pixels < 1_000_000 {
            bad("max_pixels", self.max_pixels.to_string());
            self.max_pixels = d.max_pixels;
        }
        self
    }
}
