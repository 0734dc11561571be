//! PDF exports: the Typst compiler embedded as a library. The document is
//! serialized to JSON and read by one template (`bulletin.typ`, embedded
//! in the binary), which lays out a bulletin issue as a 简报 (GB/T
//! 9704-2012 page, red 报头, columns, 报尾) and a page as a title block and
//! its body. The document's text is only ever data to the template (never
//! evaluated as Typst markup), so `#`, `*`, `$` or `[` print as they are.
//!
//! Guarantees: no PDF is made when a character of the text has no font
//! ([`ExportError::MissingGlyphs`]); the file is PDF/A-2b, tagged, with the
//! document's title, author, subject, keywords and date; the same document
//! and fonts give the same bytes (the PDF's id is a hash of the document,
//! its dates the document's date at UTC midnight).

mod world;

use std::hash::Hasher as _;

use typst::WorldExt as _;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, Smart};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::ExportError;
use super::fonts::Fonts;
use crate::document::Document;
use world::ExportWorld;

/// Characters the template prints itself (page numbers "— 1 —", list
/// numbers "1.", the marks of columns and lists), checked
/// with the document's text.
const TEMPLATE_TEXT: &str = "—0123456789.【】：●";

/// How many exports a memoized Typst result survives unused (each
/// export ages them by one, whichever thread makes it): none. Keeping the
/// last 8 made a cold build of 1,000 issues peak at 3.7 GB instead of
/// 2.1 GB, at the same speed (docs/performance.md).
const CACHE_AGE: usize = 0;

/// The stack of the threads that typeset: Typst's layout recurses deeply
/// on long issues (a thousand-issue build overflowed the 2 MiB of a
/// thread pool's worker), so PDFs are made on threads with the stack
/// `typst-cli` gives its own.
const TYPESET_STACK: usize = 64 << 20;

/// The threads that typeset: a rayon pool of their own, with large stacks
/// ([`TYPESET_STACK`]). A pool, not a thread per PDF: Typst's PDF writer
/// hands parts of its work to the rayon pool it runs in and waits for them
/// by running the pool's work meanwhile, which a thread outside any pool
/// cannot do (all the build's workers waiting on such threads would never
/// run that work). A caller on another pool's worker goes on running its
/// own pool's work while it waits.
fn typeset_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| rayon::ThreadPoolBuilder::new().thread_name(|i| format!("typeset-{i}")).stack_size(TYPESET_STACK).build().ok())
        .as_ref()
}

/// The PDF of `doc`, typeset with `fonts` on the typesetting pool
/// ([`typeset_pool`]; on the calling thread if it could not be made).
pub fn pdf(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, ExportError> {
    match typeset_pool() {
        Some(pool) => pool.install(|| typeset(doc, fonts)),
        None => typeset(doc, fonts),
    }
}

/// [`pdf`], on the calling thread.
fn typeset(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>, ExportError> {
    let (chars, count) = fonts.missing(printed_text(doc).chars());
    if count > 0 {
        return Err(ExportError::MissingGlyphs { chars, count });
    }
    let data = serde_json::to_vec(doc).map_err(|e| ExportError::Typeset(format!("document not serializable: {e}")))?;
    let date = document_date(&doc.meta.date)?;
    let ident = {
        let mut h = crate::hash::Hasher::default();
        h.write(&data);
        for image in &doc.images {
            h.write(image.key.as_bytes());
            h.write(&image.bytes);
        }
        format!("regionpress-{:016x}", h.finish())
    };
    let world =
        ExportWorld::new(fonts, data, &doc.images, date).ok_or_else(|| ExportError::Typeset("the template's path is not valid".into()))?;
    let compiled = typst::compile(&world).output.map_err(|errors| typeset_error(&world, &errors))?;
    let standards = PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| ExportError::Typeset(e.message().to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some("regionpress".into())),
        timestamp: Some(Timestamp::new_utc(date)),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let bytes = typst_pdf::pdf(&compiled, &options).map_err(|errors| typeset_error(&world, &errors));
    // Typst memoizes layouts process-wide; a build of a thousand issues
    // would keep every one. Results unused by the last few exports go.
    typst::comemo::evict(CACHE_AGE);
    bytes
}

/// Every text the PDF prints: the document's texts, its draft mark and
/// late labels, and the template's own characters.
fn printed_text(doc: &Document) -> String {
    let mut all = doc.texts().join("\n");
    all.extend(doc.draft_mark.iter().map(String::as_str));
    for p in &doc.parts {
        if let crate::document::Part::Column { items, .. } = p {
            all.extend(items.iter().filter_map(|i| i.late.as_deref()));
        }
    }
    all.push_str(TEMPLATE_TEXT);
    all
}

/// `YYYY-MM-DD` at UTC midnight: the PDF's creation and modification date.
fn document_date(date: &str) -> Result<Datetime, ExportError> {
    let bad = || ExportError::Typeset(format!("the document's date `{date}` is not YYYY-MM-DD"));
    let mut parts = date.splitn(3, '-');
    let mut next = || parts.next().and_then(|p| p.parse::<i32>().ok());
    let (y, m, d) = (next().ok_or_else(bad)?, next().ok_or_else(bad)?, next().ok_or_else(bad)?);
    let m = u8::try_from(m).map_err(|_| bad())?;
    let d = u8::try_from(d).map_err(|_| bad())?;
    Datetime::from_ymd_hms(y, m, d, 0, 0, 0).ok_or_else(bad)
}

/// Typst's errors as one message, each with the template line it points at.
fn typeset_error(world: &ExportWorld<'_>, errors: &[SourceDiagnostic]) -> ExportError {
    let source = world.main_source();
    let messages: Vec<String> = errors
        .iter()
        .map(|e| {
            let line = world
                .range(e.span)
                .and_then(|r| source.lines().byte_to_line(r.start))
                .map(|l| format!(" (bulletin.typ line {})", l + 1))
                .unwrap_or_default();
            let hints: String = e.hints.iter().map(|h| format!("; hint: {}", h.v)).collect();
            format!("{}{line}{hints}", e.message)
        })
        .collect();
    ExportError::Typeset(messages.join("\n"))
}

#[cfg(test)]
mod tests;
