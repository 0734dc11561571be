//! Tests of the PDF export. Those that need the system's CJK fonts or
//! poppler's tools are `#[ignore]`d: `.ci/run` runs them.

use super::*;
use crate::document::{Block, Inline, Part};
use crate::export::sample::{sample_bulletin, sample_page};

fn system_fonts() -> Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| Fonts::load(None, true)).clone()
}

#[test]
fn missing_glyphs_are_an_error_not_a_pdf_of_boxes() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = Fonts::load(Some(dir.path()), false);
    match pdf(&sample_bulletin(), &fonts) {
        Err(ExportError::MissingGlyphs { chars, count }) => {
            assert_eq!(chars.len(), 20);
            assert_eq!(&chars[..4], &['内', '部', '资', '料']);
            assert!(count > 100, "{count}");
        }
        other => panic!("expected MissingGlyphs, got {other:?}"),
    }
}

#[test]
fn the_document_date_is_read_strictly() {
    assert!(document_date("2026-04-05").is_ok());
    assert!(document_date("2026-13-05").is_err());
    assert!(document_date("2026-04").is_err());
    assert!(document_date("").is_err());
}

/// Writes `bytes` to `$REGIONPRESS_PDF_OUT/name` when set, to look at.
fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("REGIONPRESS_PDF_OUT") {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

#[test]
#[ignore = "needs system CJK fonts (fonts-noto-cjk): run by .ci/run"]
fn the_sample_bulletin_gives_the_same_pdf_twice() {
    let fonts = system_fonts();
    let start = std::time::Instant::now();
    let a = pdf(&sample_bulletin(), &fonts).unwrap();
    eprintln!("first compile: {:?}", start.elapsed());
    let start = std::time::Instant::now();
    let b = pdf(&sample_bulletin(), &fonts).unwrap();
    eprintln!("second compile: {:?}", start.elapsed());
    assert!(a.starts_with(b"%PDF-"));
    assert!(a == b, "two exports of one document differ");
    keep("bulletin.pdf", &a);
}

#[test]
#[ignore = "needs system CJK fonts (fonts-noto-cjk): run by .ci/run"]
fn the_sample_page_and_a_draft_compile() {
    let fonts = system_fonts();
    let page = pdf(&sample_page(), &fonts).unwrap();
    assert!(page.starts_with(b"%PDF-"));
    keep("page.pdf", &page);
    let mut draft = sample_bulletin();
    draft.draft_mark = Some("待印发".into());
    let d = pdf(&draft, &fonts).unwrap();
    assert_ne!(d, pdf(&sample_bulletin(), &fonts).unwrap());
    keep("draft.pdf", &d);
}
