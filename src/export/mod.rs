//! The files a bulletin issue (and, on demand, any page) leaves as: PDF
//! for circulation and the archive, Word (DOCX) for editing before
//! sign-off. Both are made from a [`Document`] (`crate::document`), which
//! the renderer builds from the same values as the page.
//!
//! - `pdf/`: the Typst compiler embedded as a library, with a world of our
//!   own (a template, the document as JSON, its images, the fonts found);
//! - `docx`: the Word file, written with `docx-rs`;
//! - `fonts`: the fonts of the PDF (the site's `fonts/` folder, then the
//!   system's) and the check that they cover the text.

pub mod cache;
pub mod docx;
pub mod fonts;
pub mod pdf;
#[cfg(test)]
mod sample;

/// The formats a document is exported to.
pub use crate::config::ExportFormat as Format;

/// Why a document could not be exported. Worded by the caller (in the
/// site's language, with the document's name).
#[derive(Debug, Clone, PartialEq)]
pub enum ExportError {
    /// No font found covers these characters of the text (each listed
    /// once, in order of first use, at most 20).
    MissingGlyphs {
        /// The characters.
        chars: Vec<char>,
        /// How many characters of the text are not covered in all.
        count: usize,
    },
    /// The typesetter refused the document (a message from Typst: a
    /// template error, an image it cannot read).
    Typeset(String),
    /// The Word file could not be written.
    Docx(String),
}
