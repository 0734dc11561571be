//! Blocks and inlines as Word paragraphs, lists, tables and pictures.

use docx_rs::{
    BreakType, Hyperlink, HyperlinkData, HyperlinkType, LevelOverride, Numbering, NumberingId, Paragraph, Pic, Run, Shading, Table,
    TableCell, TableRow, VertAlignType, WidthType,
};

use super::styles::{self, BULLETED, MONO, ORDERED, TEXT_WIDTH_TWIPS};
use super::{Writer, text_run, xml_text};
use crate::document::{Block, Image, Inline, Photo};

/// How inlines are set inside a run.
#[derive(Clone, Copy, Default)]
struct Format {
    bold: bool,
    italic: bool,
    strike: bool,
    sup: bool,
}

/// The text block's width in EMU (156 mm): the widest a picture is set.
const TEXT_WIDTH_EMU: u64 = 156 * 36_000;
/// EMU per pixel at 96 dpi, the size Word gives a picture of no other size.
const EMU_PER_PX: u64 = 9_525;
/// The widest picture kept, in pixels (about 200 dpi across the text
/// block): larger photos are scaled down, since they are stored as PNG.
const MAX_PICTURE_PX: u32 = 1_240;

impl Writer<'_> {
    /// Appends `blocks`; body headings of level 1 become `Heading{1 +
    /// heading_offset}`.
    pub(super) fn blocks(&mut self, blocks: &[Block], heading_offset: u8) {
        for b in blocks {
            self.block(b, heading_offset, None);
        }
    }

    /// Appends one block; `list` is the numbering and depth of the list
    /// item holding it, for its first paragraph.
    fn block(&mut self, block: &Block, heading_offset: u8, list: Option<(usize, usize)>) {
        match block {
            Block::Heading { level, content } => {
                let style = format!("Heading{}", (level + heading_offset).clamp(1, 6));
                let p = self.paragraph().style(&style);
                let p = self.inlines(p, content, Format::default());
                self.push(p);
            }
            Block::Paragraph { content } => {
                let p = match list {
                    Some((num, depth)) => {
                        self.paragraph().style("ListParagraph").numbering(NumberingId::new(num), styles::list_level(depth))
                    }
                    None => self.paragraph().style("BodyText"),
                };
                let p = self.inlines(p, content, Format::default());
                self.push(p);
            }
            Block::List { ordered, start, items } => self.list(*ordered, *start, items, heading_offset, list),
            Block::Quote { blocks } => {
                for b in blocks {
                    match b {
                        Block::Paragraph { content } => {
                            let p = self.paragraph().style("Quote");
                            let p = self.inlines(p, content, Format::default());
                            self.push(p);
                        }
                        other => self.block(other, heading_offset, None),
                    }
                }
            }
            Block::Code { text } => {
                let mut run = Run::new().fonts(styles::fonts(MONO).ascii(MONO).hi_ansi(MONO));
                for (i, line) in text.lines().enumerate() {
                    if i > 0 {
                        run = run.add_break(BreakType::TextWrapping);
                    }
                    run = run.add_text(xml_text(line));
                }
                let p = self.paragraph().style("Code").add_run(run);
                self.push(p);
            }
            Block::Table { header, rows } => self.table(header, rows),
            Block::Image { key, alt, caption } => self.picture(key, alt, caption.as_deref()),
            Block::Photos { photos } => self.photo_row(photos),
            Block::Rule => {
                // A thin grey line across the text block: an empty
                // paragraph's bottom border, no text to read.
                let line = docx_rs::ParagraphBorder::new(docx_rs::ParagraphBorderPosition::Bottom)
                    .val(docx_rs::BorderType::Single)
                    .size(4)
                    .color("808080");
                let mut p = self.paragraph().style("TableText");
                p.property = p.property.set_borders(docx_rs::ParagraphBorders::with_empty().set(line));
                self.push(p);
            }
        }
    }

    /// A list: each item's first paragraph numbered (a numbering instance
    /// of its own, so that numbers restart at `start`), nested lists one
    /// level deeper.
    fn list(&mut self, ordered: bool, start: u32, items: &[Vec<Block>], offset: u8, outer: Option<(usize, usize)>) {
        // Word has nine list levels; deeper lists stay at the ninth.
        let depth = outer.map_or(0, |(_, d)| (d + 1).min(8));
        let num = self.next_numbering;
        self.next_numbering += 1;
        let abstract_id = if ordered { ORDERED } else { BULLETED };
        let numbering = Numbering::new(num, abstract_id).add_override(LevelOverride::new(depth).start(start as usize));
        self.numberings.push(numbering);
        for item in items {
            let mut first = true;
            for b in item {
                match b {
                    Block::Paragraph { .. } if first => self.block(b, offset, Some((num, depth))),
                    Block::List { .. } => self.block(b, offset, Some((num, depth))),
                    Block::Paragraph { content } => {
                        let p = self.paragraph().style("ListParagraph").indent(Some(640 * (depth as i32 + 1) + 480), None, None, None);
                        let p = self.inlines(p, content, Format::default());
                        self.push(p);
                    }
                    other => self.block(other, offset, None),
                }
                first = false;
            }
        }
    }

    /// A table across the text block, borders on every cell, the header
    /// row bold on grey, no row split across pages (docx-rs cannot mark a
    /// header row to repeat on each page).
    fn table(&mut self, header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        let columns = rows.iter().map(Vec::len).chain([header.len()]).max().unwrap_or(0).max(1);
        let width = TEXT_WIDTH_TWIPS / columns;
        let mut out = Vec::new();
        if !header.is_empty() {
            let bold = Format { bold: true, ..Format::default() };
            out.push(self.row(header, columns, width, Some(bold)));
        }
        for r in rows {
            out.push(self.row(r, columns, width, None));
        }
        let table = Table::new(out).set_grid(vec![width; columns]).width(TEXT_WIDTH_TWIPS, WidthType::Dxa);
        self.push_table(table);
        // A table followed directly by a table or a heading would merge
        // with it in Word; an empty paragraph keeps them apart.
        let p = self.paragraph().style("TableText");
        self.push(p);
    }

    fn row(&mut self, cells: &[Vec<Inline>], columns: usize, width: usize, header: Option<Format>) -> TableRow {
        let mut out = Vec::with_capacity(columns);
        for i in 0..columns {
            let content = cells.get(i).map_or(&[][..], Vec::as_slice);
            let p = self.paragraph().style("TableText");
            let p = self.inlines(p, content, header.unwrap_or_default());
            let mut cell = TableCell::new().add_paragraph(p).width(width, WidthType::Dxa);
            if header.is_some() {
                cell = cell.shading(Shading::new().fill("E7E6E6"));
            }
            out.push(cell);
        }
        TableRow::new(out).cant_split()
    }

    /// A picture on a line of its own, then its caption (or alternative
    /// text). An image Word cannot show (SVG, a format the image decoder
    /// does not read) leaves its caption alone.
    fn picture(&mut self, key: &str, alt: &str, caption: Option<&str>) {
        if let Some(pic) = self.doc.images.iter().find(|i| i.key == key).and_then(picture) {
            self.next_picture += 1;
            let pic = pic.id(format!("rIdImage{}", self.next_picture));
            let p = self.paragraph().style("Picture").add_run(Run::new().add_image(pic));
            self.push(p);
        }
        let p = self.paragraph().style("Caption").add_run(text_run(caption.unwrap_or(alt)));
        self.push(p);
    }

    /// A row of photos (a gallery's selection), a table without
    /// borders of three cells at most, each photo fitted into a 4:3 box of
    /// its cell's width, its caption under it.
    fn photo_row(&mut self, photos: &[Photo]) {
        let columns = photos.len().max(3);
        let width = TEXT_WIDTH_TWIPS / columns;
        // The cell's width in EMU (635 a twip), less its margins.
        let box_w = (width as u64 * 635).saturating_sub(2 * 108 * 635);
        let box_h = box_w * 3 / 4;
        let mut cells = Vec::with_capacity(columns);
        for ph in photos {
            let mut cell = TableCell::new().width(width, WidthType::Dxa);
            if let Some(pic) = self.doc.images.iter().find(|i| i.key == ph.key).and_then(picture) {
                let (w, h) = (u64::from(pic.size.0.max(1)), u64::from(pic.size.1.max(1)));
                let (fw, fh) = if w * box_h >= h * box_w { (box_w, box_w * h / w) } else { (box_h * w / h, box_h) };
                self.next_picture += 1;
                let pic = pic.size(fw as u32, fh as u32).id(format!("rIdImage{}", self.next_picture));
                cell = cell.add_paragraph(self.paragraph().style("Picture").add_run(Run::new().add_image(pic)));
            }
            let caption = if ph.caption.is_empty() { &ph.alt } else { &ph.caption };
            cell = cell.add_paragraph(self.paragraph().style("Caption").add_run(text_run(caption)));
            cells.push(cell);
        }
        while cells.len() < columns {
            cells.push(TableCell::new().width(width, WidthType::Dxa).add_paragraph(self.paragraph().style("TableText")));
        }
        let table = Table::without_borders(vec![TableRow::new(cells).cant_split()])
            .set_grid(vec![width; columns])
            .width(TEXT_WIDTH_TWIPS, WidthType::Dxa);
        self.push_table(table);
        let p = self.paragraph().style("TableText");
        self.push(p);
    }

    /// `p` with `content` appended as runs (and hyperlinks).
    fn inlines(&mut self, mut p: Paragraph, content: &[Inline], f: Format) -> Paragraph {
        for i in content {
            p = match i {
                Inline::Text { text } => p.add_run(run(text, f)),
                Inline::Code { text } => p.add_run(run(text, f).fonts(styles::fonts(MONO).ascii(MONO).hi_ansi(MONO))),
                Inline::Strong { content } => self.inlines(p, content, Format { bold: true, ..f }),
                Inline::Emph { content } => self.inlines(p, content, Format { italic: true, ..f }),
                Inline::Strike { content } => self.inlines(p, content, Format { strike: true, ..f }),
                Inline::Sup { content } => self.inlines(p, content, Format { sup: true, ..f }),
                Inline::Break => p.add_run(Run::new().add_break(BreakType::TextWrapping)),
                Inline::Link { url, content } => self.link(p, url, content, f),
            };
        }
        p
    }

    /// An absolute link as a hyperlink (its relationship id numbered in the
    /// file, not by docx-rs's process-wide counter); an in-document link
    /// (`#…`), whose target the file does not mark, as its text.
    fn link(&mut self, p: Paragraph, url: &str, content: &[Inline], f: Format) -> Paragraph {
        let external = ["http://", "https://", "mailto:"].iter().any(|s| url.starts_with(s));
        if !external {
            return self.inlines(p, content, f);
        }
        self.next_link += 1;
        let mut link = Hyperlink::new(url, HyperlinkType::External);
        if let HyperlinkData::External { rid, .. } = &mut link.link {
            *rid = format!("rIdHyperlink{}", self.next_link);
        }
        for r in flat_runs(content, f) {
            link = link.add_run(r.style("Hyperlink"));
        }
        p.add_hyperlink(link)
    }
}

/// The runs of a link's content (a hyperlink holds runs, not links).
fn flat_runs(content: &[Inline], f: Format) -> Vec<Run> {
    let mut out = Vec::new();
    for i in content {
        match i {
            Inline::Text { text } | Inline::Code { text } => out.push(run(text, f)),
            Inline::Strong { content } => out.extend(flat_runs(content, Format { bold: true, ..f })),
            Inline::Emph { content } => out.extend(flat_runs(content, Format { italic: true, ..f })),
            Inline::Strike { content } => out.extend(flat_runs(content, Format { strike: true, ..f })),
            Inline::Sup { content } => out.extend(flat_runs(content, Format { sup: true, ..f })),
            Inline::Link { content, .. } => out.extend(flat_runs(content, f)),
            Inline::Break => out.push(Run::new().add_break(BreakType::TextWrapping)),
        }
    }
    out
}

fn run(text: &str, f: Format) -> Run {
    let mut r = text_run(text);
    if f.bold {
        r = r.bold();
    }
    if f.italic {
        r = r.italic();
    }
    if f.strike {
        r = r.strike();
    }
    if f.sup {
        r.run_property = r.run_property.vert_align(VertAlignType::SuperScript);
    }
    r
}

/// The picture of `image`, as PNG (the one format docx-rs stores), scaled
/// to the text block's width at most, its aspect ratio kept; `None` when
/// the bytes are not an image the decoder reads (an SVG).
fn picture(image: &Image) -> Option<Pic> {
    let png_signature: &[u8] = &[137, 80, 78, 71, 13, 10, 26, 10];
    let (bytes, (w, h)) = match image.size {
        Some(size) if image.bytes.starts_with(png_signature) && size.0 <= MAX_PICTURE_PX => (image.bytes.to_vec(), size),
        _ => {
            let mut decoded = image::load_from_memory(&image.bytes).ok()?;
            if decoded.width() > MAX_PICTURE_PX {
                let height = u64::from(decoded.height()) * u64::from(MAX_PICTURE_PX) / u64::from(decoded.width());
                decoded = decoded.resize_exact(MAX_PICTURE_PX, height.max(1) as u32, image::imageops::FilterType::Triangle);
            }
            let size = (decoded.width(), decoded.height());
            let mut out = std::io::Cursor::new(Vec::new());
            decoded.write_to(&mut out, image::ImageFormat::Png).ok()?;
            (out.into_inner(), size)
        }
    };
    if w == 0 || h == 0 {
        return None;
    }
    // The displayed size: the pixel size at 96 dpi, no wider than the text
    // block (the pixel size of the original, so a photo scaled down above
    // still fills the same width).
    let (ow, oh) = image.size.unwrap_or((w, h));
    let natural = u64::from(ow.max(1)) * EMU_PER_PX;
    let width = natural.min(TEXT_WIDTH_EMU);
    let height = width * u64::from(oh.max(1)) / u64::from(ow.max(1));
    Some(Pic::new_with_dimensions(bytes, w, h).size(width as u32, height.min(u64::from(u32::MAX)) as u32))
}
