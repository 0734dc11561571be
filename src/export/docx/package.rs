//! The package: docx-rs's parts, with the core properties and the font
//! table written here (with quick-xml's writer, never by string
//! assembly), zipped.

use std::io::Cursor;

use chrono::NaiveDate;
use docx_rs::Docx;
use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};

use super::styles::FONT_TABLE;
use super::xml_text;
use crate::document::{Document, Meta};
use crate::export::ExportError;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The `.docx` bytes of `docx`, with `doc`'s core properties.
pub(super) fn pack(docx: Docx, doc: &Document) -> Result<Vec<u8>, ExportError> {
    let mut xml = docx.build();
    let io = |e: std::io::Error| ExportError::Docx(format!("cannot write the word file: {e}"));
    xml.doc_props.core = core_properties(&doc.meta, &doc.lang).map_err(io)?;
    xml.font_table = font_table().map_err(io)?;
    xml.styles = with_language(&xml.styles, &doc.lang).map_err(io)?;
    xml.document_rels = sorted_relationships(&xml.document_rels).map_err(io)?;
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| ExportError::Docx(format!("cannot write the word file: {e}")))?;
    Ok(out.into_inner())
}

fn declaration(w: &mut Writer<Vec<u8>>) -> std::io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), Some("yes"))))
}

/// `docProps/core.xml`: title, subject, creator (the editing unit),
/// keywords, language, the page's address as identifier, and the
/// document's date as creation and modification time (midnight UTC), so
/// that the file says when the issue was issued, never when it was built.
fn core_properties(meta: &Meta, lang: &str) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new());
    declaration(&mut w)?;
    let date = NaiveDate::parse_from_str(&meta.date, "%Y-%m-%d").ok().map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")));
    w.create_element("cp:coreProperties")
        .with_attribute(("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"))
        .with_attribute(("xmlns:dc", "http://purl.org/dc/elements/1.1/"))
        .with_attribute(("xmlns:dcterms", "http://purl.org/dc/terms/"))
        .with_attribute(("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"))
        .with_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"))
        .write_inner_content(|w| {
            let texts = [
                ("dc:title", meta.title.as_str()),
                ("dc:subject", meta.subject.as_str()),
                ("dc:creator", meta.author.as_str()),
                ("cp:lastModifiedBy", meta.author.as_str()),
                ("dc:identifier", meta.url.as_str()),
                ("dc:language", lang),
            ];
            for (name, text) in texts.into_iter().filter(|(_, t)| !t.is_empty()) {
                w.create_element(name).write_text_content(BytesText::new(&xml_text(text)))?;
            }
            if !meta.keywords.is_empty() {
                w.create_element("cp:keywords").write_text_content(BytesText::new(&xml_text(&meta.keywords.join(", "))))?;
            }
            w.create_element("cp:revision").write_text_content(BytesText::new("1"))?;
            if let Some(date) = &date {
                for name in ["dcterms:created", "dcterms:modified"] {
                    w.create_element(name).with_attribute(("xsi:type", "dcterms:W3CDTF")).write_text_content(BytesText::new(date))?;
                }
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

/// `word/fontTable.xml`: every font the styles name, the Chinese ones with
/// the font used where a PC lacks them (`w:altName`: 仿宋 for
/// 仿宋_GB2312, 宋体 for 方正小标宋简体…) and the GB2312 character set, so
/// that Word and WPS substitute a Chinese font of the same kind.
fn font_table() -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new());
    declaration(&mut w)?;
    w.create_element("w:fonts")
        .with_attribute(("xmlns:w", W))
        .with_attribute(("xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"))
        .write_inner_content(|w| {
            for (name, alt, charset, family) in FONT_TABLE {
                w.create_element("w:font").with_attribute(("w:name", *name)).write_inner_content(|w| {
                    if let Some(alt) = alt {
                        w.create_element("w:altName").with_attribute(("w:val", *alt)).write_empty()?;
                    }
                    w.create_element("w:charset").with_attribute(("w:val", *charset)).write_empty()?;
                    w.create_element("w:family").with_attribute(("w:val", *family)).write_empty()?;
                    w.create_element("w:pitch").with_attribute(("w:val", "variable")).write_empty()?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

/// `document.xml.rels` with its relationships in the order of their ids:
/// docx-rs lists a document's hyperlinks from a hash map, in an order
/// that changes from map to map, and the same document must give the
/// same bytes.
fn sorted_relationships(rels: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut reader = Reader::from_reader(rels);
    let mut w = Writer::new(Vec::with_capacity(rels.len()));
    let mut kept: Vec<(Vec<u8>, BytesStart<'static>)> = Vec::new();
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(std::io::Error::other)?;
        match event {
            Event::Eof => break,
            Event::Empty(e) if e.name().as_ref() == b"Relationship" => {
                let id = e.try_get_attribute("Id").map_err(std::io::Error::other)?.map(|a| a.value.into_owned()).unwrap_or_default();
                kept.push((id, e.into_owned()));
            }
            Event::End(e) if e.name().as_ref() == b"Relationships" => {
                kept.sort_by(|a, b| a.0.cmp(&b.0));
                for (_, r) in kept.drain(..) {
                    w.write_event(Event::Empty(r))?;
                }
                w.write_event(Event::End(e))?;
            }
            other => w.write_event(other)?,
        }
        buf.clear();
    }
    Ok(w.into_inner())
}

/// `styles.xml` with the document's language in the default run
/// properties (`<w:lang w:val="…" w:eastAsia="…"/>`), which docx-rs has no
/// element for: Word and WPS take it for spelling and for Chinese line
/// breaking rules. Chinese text (`zh-…`) is marked as such in both slots;
/// other text keeps `zh-CN` for its Chinese characters.
fn with_language(styles: &[u8], lang: &str) -> std::io::Result<Vec<u8>> {
    let east_asia = if lang.starts_with("zh") { lang } else { "zh-CN" };
    let mut reader = Reader::from_reader(styles);
    let mut w = Writer::new(Vec::with_capacity(styles.len() + 64));
    let mut in_default = false;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(std::io::Error::other)?;
        match &event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"w:rPrDefault" => in_default = true,
            Event::End(e) if e.name().as_ref() == b"w:rPrDefault" => in_default = false,
            Event::End(e) if in_default && e.name().as_ref() == b"w:rPr" => {
                let lang_element = BytesStart::new("w:lang").with_attributes([("w:val", lang), ("w:eastAsia", east_asia)]);
                w.write_event(Event::Empty(lang_element))?;
            }
            _ => {}
        }
        w.write_event(event)?;
        buf.clear();
    }
    Ok(w.into_inner())
}
