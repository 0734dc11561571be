//! The fonts of the PDF exports. (Being written: see the module's spec.)

/// The fonts found for a site.
pub struct Fonts;

impl Fonts {
    /// (Being written.)
    pub fn load(_site_dir: Option<&std::path::Path>, _system: bool) -> Fonts {
        Fonts
    }

    /// (Being written.)
    pub fn fingerprint(&self) -> u64 {
        0
    }
}
