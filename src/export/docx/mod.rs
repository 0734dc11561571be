//! Word exports: a [`Document`] as an editable `.docx` that opens in Word,
//! WPS and LibreOffice with the parts of the PDF (the red 报头 and its
//! rule, the columns and items as real headings and paragraphs, the
//! photos, the 报尾 as a bordered block) on A4 with the margins of
//! GB/T 9704-2012 and page numbers `— 1 —` in the footer.
//!
//! Written with `docx-rs`: the document through its builder API, then its
//! package parts (`Docx::build`), of which three are replaced or amended
//! before packing because docx-rs cannot fill them: `docProps/core.xml`
//! (docx-rs writes only the dates, and `unknown` as creator),
//! `word/fontTable.xml` (docx-rs lists three Latin fonts; ours names the
//! Chinese office fonts with the font Word and WPS use when a PC lacks
//! one) and the language (`w:lang`) in `word/styles.xml`. All are written
//! with quick-xml (`package`).
//!
//! Determinism (the same Document gives the same bytes): docx-rs numbers
//! paragraphs, pictures and hyperlinks with process-wide counters, so every
//! id is set here from counters of this file; the dates of `core.xml` are
//! the document's date; the zip entries carry the zip format's default time
//! (1980-01-01), as the `zip` crate is built without its `time` feature
//! (`zip_entries_carry_no_clock_time` fails if that changes).
//!
//! Modules: `styles` (fonts, paragraph styles, list numbering), `parts`
//! (报头, title block, note, contents, figures, columns, 报尾), `body`
//! (blocks and inlines), `package` (core properties, font table, zip).

mod body;
mod package;
mod parts;
mod styles;
#[cfg(test)]
mod tests;

use docx_rs::{AlignmentType, Docx, Footer, Header, PageMargin, Paragraph, Run, Table};

use super::ExportError;
use crate::document::Document;

/// `text` without the characters XML 1.0 forbids (C0 controls but tab,
/// line feed and carriage return; U+FFFE, U+FFFF), which docx-rs would
/// write as they are, making the file unreadable to Word.
fn xml_text(text: &str) -> String {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r') || !(c.is_control() && c < '\u{80}') && c != '\u{FFFE}' && c != '\u{FFFF}';
    text.chars().filter(|&c| allowed(c)).collect()
}

/// A run of `text`, cleaned with [`xml_text`].
fn text_run(text: impl AsRef<str>) -> Run {
    Run::new().add_text(xml_text(text.as_ref()))
}

/// Twips per millimetre (1440 per inch).
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// The Word file of `doc`.
pub fn docx(doc: &Document) -> Result<Vec<u8>, ExportError> {
    let mut w = Writer::new(doc);
    w.document();
    let Writer { docx, numberings, .. } = w;
    let docx = numberings.into_iter().fold(docx, Docx::add_numbering);
    package::pack(docx, doc)
}

/// The document under construction, and the counters that number its
/// paragraphs, pictures, hyperlinks and list numberings.
struct Writer<'d> {
    doc: &'d Document,
    docx: Docx,
    next_paragraph: u32,
    next_picture: usize,
    next_link: usize,
    /// The next numbering instance id (each list has its own, so that its
    /// numbers restart); from 2, docx-rs writing a numbering 1 of its own.
    next_numbering: usize,
    numberings: Vec<docx_rs::Numbering>,
}

impl<'d> Writer<'d> {
    fn new(doc: &'d Document) -> Self {
        let docx = styles::install(page_setup(Docx::new()));
        Writer { doc, docx, next_paragraph: 0, next_picture: 0, next_link: 0, next_numbering: 2, numberings: Vec::new() }
    }

    /// A new paragraph with an id of this file (`w14:paraId` values must be
    /// below `0x80000000`).
    fn paragraph(&mut self) -> Paragraph {
        self.next_paragraph += 1;
        Paragraph::new().id(format!("{:08X}", self.next_paragraph))
    }

    fn push(&mut self, p: Paragraph) {
        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
    }

    fn push_table(&mut self, t: Table) {
        self.docx = std::mem::take(&mut self.docx).add_table(t);
    }

    /// Every part in reading order: the draft mark, the marking, the 报头
    /// and the headline, or the title block, the body's parts, the 报尾; then the headers and
    /// footers.
    fn document(&mut self) {
        let doc = self.doc;
        if let Some(d) = &doc.draft_mark {
            self.line("DraftMark", d);
        }
        if let Some(m) = &doc.marking {
            self.line("Marking", m);
        }
        if let Some(m) = &doc.masthead {
            self.masthead(m);
        }
        if let Some(h) = &doc.headline {
            self.line("Title", h);
        }
        if let Some(h) = &doc.heading {
            self.heading(h);
        }
        for p in &doc.parts {
            self.part(p);
        }
        if let Some(c) = &doc.colophon {
            self.colophon(c);
        }
        self.headers_and_footers();
    }

    /// Page numbers `— 1 —` in 4号 宋体, at the right of odd pages and the
    /// left of even pages, one character in from the edge of the text block
    /// (GB/T 9704 7.5); the draft mark, when set, in the header of every page.
    fn headers_and_footers(&mut self) {
        let odd = self.page_number(AlignmentType::Right);
        let even = self.page_number(AlignmentType::Left);
        let mut docx = std::mem::take(&mut self.docx);
        let doc = self.doc;
        if let Some(d) = &doc.draft_mark {
            let mut header = || {
                let p = self.paragraph().style("DraftMark").add_run(text_run(d));
                Header::new().add_paragraph(p)
            };
            let (h1, h2) = (header(), header());
            docx = docx.header(h1).even_header(h2);
        }
        self.docx = docx.footer(Footer::new().add_paragraph(odd)).even_footer(Footer::new().add_paragraph(even));
    }

    fn page_number(&mut self, align: AlignmentType) -> Paragraph {
        use docx_rs::{FieldCharType, InstrPAGE, InstrText};
        let field = Run::new()
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(InstrText::PAGE(InstrPAGE {}))
            .add_field_char(FieldCharType::Separate, false)
            .add_text("1")
            .add_field_char(FieldCharType::End, false);
        self.paragraph()
            .style("Footer")
            .align(align)
            .indent(Some(280), None, Some(280), None)
            .add_run(text_run("— "))
            .add_run(field)
            .add_run(text_run(" —"))
    }
}

/// A4 portrait with the margins of GB/T 9704-2012: top 37 mm, bottom
/// 35 mm, left (binding side) 28 mm, right 26 mm; the header 15 mm and the
/// footer 28 mm from the edge, which sets the page number about 7 mm under
/// the text block.
fn page_setup(docx: Docx) -> Docx {
    docx.page_size(11906, 16838).page_margin(PageMargin {
        top: mm(37.0),
        left: mm(28.0),
        bottom: mm(35.0),
        right: mm(26.0),
        header: mm(15.0),
        footer: mm(24.0),
        gutter: 0,
    })
}
