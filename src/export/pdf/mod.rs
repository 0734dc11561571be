//! PDF exports. (Being written.)

use super::ExportError;
use super::fonts::Fonts;
use crate::document::Document;

/// The PDF of `doc`.
pub fn pdf(_doc: &Document, _fonts: &Fonts) -> Result<Vec<u8>, ExportError> {
    Err(ExportError::Typeset("not yet".into()))
}
