//! Word exports. (Being written.)

use super::ExportError;
use crate::document::Document;

/// The Word file of `doc`.
pub fn docx(_doc: &Document) -> Result<Vec<u8>, ExportError> {
    Err(ExportError::Docx("not yet".into()))
}
