//! The fonts of the PDF exports. (Being written: see the module's spec.)

/// The fonts found for a site.
pub struct Fonts;
