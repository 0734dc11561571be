//! A Word document read into blocks: paragraphs (with their heading
//! level, list numbering, alignment), tables (spans and merges), inline
//! text with bold, italic, links, footnote references and pictures; the
//! footnotes and endnotes in the order they are first referred to; the
//! pictures' bytes.
//!
//! What has no place in a Markdown page (text boxes, equations, charts,
//! pictures in formats browsers do not show, links to files on the
//! writer's computer) is left out and listed in [`Document::skipped`],
//! with the block it was in, so that the writer is told where.

use std::collections::BTreeMap;

use roxmltree::Node;

use super::package::{self, Level, Package, PackageError, Style, Styles, attr, child, children, toggle};
use crate::messages::import::SkippedPart as Skip;

/// A run of inline content.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text and its emphasis.
    Text { text: String, bold: bool, italic: bool },
    /// A line break inside a paragraph.
    Break,
    /// A link to a web address.
    Link { url: String, content: Vec<Inline> },
    /// A reference to footnote number N (1-based, in order of first reference).
    Note(usize),
    /// Picture number N of [`Document::media`], with its alternative text.
    Image { media: usize, alt: String },
}

/// How a paragraph is numbered.
#[derive(Debug, Clone, PartialEq)]
pub struct ListMark {
    /// Nesting, 0 for the outermost list.
    pub level: usize,
    /// The item's kind: a bullet, a number (lists numbered 1, 2, 3), or a
    /// label kept as text (一、, （一）, a), 1.1).
    pub kind: ItemKind,
}

/// See [`ListMark::kind`].
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    Bullet,
    Number(u32),
    Label(String),
}

/// A paragraph and what its style and properties say about it.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    pub inlines: Vec<Inline>,
    /// Heading level 1-9.
    pub heading: Option<u8>,
    /// The document's title style.
    pub title: bool,
    /// A caption style.
    pub caption: bool,
    /// Centred.
    pub centered: bool,
    /// All its text bold, or in a large size (16 pt and up): with
    /// `centered`, a title as writers make one by hand.
    pub emphatic: bool,
    /// List numbering.
    pub list: Option<ListMark>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Its paragraphs.
    pub paras: Vec<Vec<Inline>>,
    /// Columns it spans (`gridSpan`).
    pub span: usize,
    /// Continues the cell above (`vMerge` without `restart`).
    pub merged: bool,
}

/// A block of the body.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Vec<Vec<Cell>>),
}

/// A picture to write beside the Markdown.
#[derive(Debug, Clone)]
pub struct Media {
    /// The picture's bytes.
    pub bytes: Vec<u8>,
    /// `png`, `jpg`, `gif` or `webp`, from the bytes.
    pub ext: &'static str,
}

/// The document read.
#[allow(missing_docs)]
#[derive(Debug, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Footnotes and endnotes, numbered in order of first reference: the
    /// paragraphs of each.
    pub notes: Vec<Vec<Vec<Inline>>>,
    pub media: Vec<Media>,
    /// What was left out, and the index of the block it was in.
    pub skipped: Vec<(usize, Skip)>,
}

/// Reads a `.docx` file.
pub fn read(bytes: Vec<u8>) -> Result<Document, PackageError> {
    let mut pkg = Package::open(bytes)?;
    let main = pkg.main.clone();
    let (folder, name) = main.rsplit_once('/').unwrap_or(("", &main));
    let body_text = pkg.xml(&main)?.unwrap_or_default();
    let rels_text = pkg.xml(&format!("{folder}/_rels/{name}.rels"))?;
    // The parts the body refers to, by their relationships (in the usual
    // place when the relationships do not say).
    let mut part = |kind: &str| -> Result<(String, Option<String>), PackageError> {
        let name = package::related(rels_text.as_deref(), folder, &format!("/{kind}")).unwrap_or_else(|| format!("word/{kind}.xml"));
        let text = pkg.xml(&name)?;
        Ok((name, text))
    };
    let (_, styles_text) = part("styles")?;
    let (_, numbering_text) = part("numbering")?;
    let (footnotes, footnotes_text) = part("footnotes")?;
    let (endnotes, endnotes_text) = part("endnotes")?;
    let rels_of = |part: &str| part.rsplit_once('/').map(|(f, n)| format!("{f}/_rels/{n}.rels")).unwrap_or_default();
    let notes_rels = [pkg.xml(&rels_of(&footnotes))?, pkg.xml(&rels_of(&endnotes))?];
    let notes_text = [footnotes_text, endnotes_text];
    let body = package::parse(&main, &body_text)?;
    let mut reader = Reader {
        pkg: &mut pkg,
        styles: package::styles(styles_text.as_deref()),
        numbering: package::numbering(numbering_text.as_deref()),
        rels: package::relationships(rels_text.as_deref()),
        counters: BTreeMap::new(),
        notes: Vec::new(),
        media_of: BTreeMap::new(),
        doc: Document::default(),
        fields: Vec::new(),
        depth: 0,
    };
    let root = body.root_element();
    if let Some(b) = child(root, "body") {
        reader.blocks(b)?;
    }
    reader.read_notes(&notes_text, &notes_rels)?;
    Ok(reader.doc)
}

/// A complex field being read (`fldChar` begin … separate … end).
struct Field {
    instr: String,
    /// Past `separate`: the field's result, shown.
    result: bool,
    /// Where its result began in the inlines, and the link it makes.
    link: Option<(usize, String)>,
}

struct Reader<'p> {
    pkg: &'p mut Package,
    styles: Styles,
    numbering: BTreeMap<String, Vec<Level>>,
    rels: BTreeMap<String, (String, bool)>,
    /// The current number of each level of each list.
    counters: BTreeMap<String, Vec<Option<u32>>>,
    /// (endnote?, id) of each note referred to, in order.
    notes: Vec<(bool, String)>,
    /// Picture part → index in `doc.media`.
    media_of: BTreeMap<String, usize>,
    doc: Document,
    fields: Vec<Field>,
    /// How deep [`Reader::nested`] is.
    depth: usize,
}

/// The deepest nesting of content controls, tables and links read.
const MAX_DEPTH: usize = 64;

/// The relationships of one part (the body's, or the notes').
type Rels = BTreeMap<String, (String, bool)>;

impl Reader<'_> {
    /// The blocks of the body (or of a content control in it).
    fn blocks(&mut self, parent: Node<'_, '_>) -> Result<(), PackageError> {
        self.nested(|r| r.blocks_in(parent))
    }

    /// Runs `f` one level of nesting deeper; past [`MAX_DEPTH`] levels
    /// (content controls in content controls, tables in tables) the rest is
    /// left out, so that a hostile file cannot exhaust the stack.
    fn nested(&mut self, f: impl FnOnce(&mut Self) -> Result<(), PackageError>) -> Result<(), PackageError> {
        if self.depth >= MAX_DEPTH {
            return Ok(());
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    fn blocks_in(&mut self, parent: Node<'_, '_>) -> Result<(), PackageError> {
        for node in parent.children().filter(|n| n.is_element()) {
            match node.tag_name().name() {
                "p" => {
                    let para = self.paragraph(node, &self.rels.clone())?;
                    if !para.inlines.is_empty() {
                        self.doc.blocks.push(Block::Para(para));
                    }
                }
                "tbl" => {
                    let table = self.table(node, &self.rels.clone())?;
                    if !table.is_empty() {
                        self.doc.blocks.push(Block::Table(table));
                    }
                }
                // A table of contents: the site makes its own.
                "sdt" if is_toc(node) => {}
                "sdt" | "customXml" | "ins" | "smartTag" => {
                    if let Some(content) = child(node, "sdtContent") {
                        self.blocks(content)?;
                    } else {
                        self.blocks(node)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The style a paragraph's properties name, or the default.
    fn style_of(&self, ppr: Option<Node<'_, '_>>) -> Style {
        let id = ppr.and_then(|p| child(p, "pStyle")).and_then(|s| attr(s, "val")).map(str::to_string);
        id.or_else(|| self.styles.default_paragraph.clone()).and_then(|id| self.styles.by_id.get(&id).cloned()).unwrap_or_default()
    }

    /// A paragraph: its style, numbering and inline content.
    fn paragraph(&mut self, p: Node<'_, '_>, rels: &Rels) -> Result<Para, PackageError> {
        let ppr = child(p, "pPr");
        let style = self.style_of(ppr);
        if style.toc {
            return Ok(Para::default());
        }
        let mut inlines = Vec::new();
        let mut emphasis = Emphasis { all_bold: true, large: false, any_text: false };
        self.inlines(p, rels, &style, &mut inlines, &mut emphasis)?;
        let centered = ppr.and_then(|p| child(p, "jc")).and_then(|j| attr(j, "val")).is_some_and(|v| v == "center");
        let heading = package::outline_level(ppr).or(style.heading).filter(|_| !style.title);
        let numbering = match ppr.and_then(|p| child(p, "numPr")) {
            Some(num) => {
                let id = child(num, "numId").and_then(|n| attr(n, "val")).unwrap_or("0").to_string();
                let level = child(num, "ilvl").and_then(|n| attr(n, "val")).and_then(|v| v.parse().ok());
                let level = level.or(style.numbering.as_ref().map(|n| n.1)).unwrap_or(0);
                (id != "0").then_some((id, level))
            }
            None => style.numbering.clone(),
        };
        let mut list = numbering.and_then(|(id, level)| self.number(&id, level));
        if !trim_inlines(&mut inlines) {
            return Ok(Para::default());
        }
        if heading.is_some() || style.title {
            // A numbered heading keeps its number as text (一、活动概况).
            let label = match &list {
                Some(ListMark { kind: ItemKind::Number(n), .. }) => Some(format!("{n}.")),
                Some(ListMark { kind: ItemKind::Label(label), .. }) => Some(label.clone()),
                _ => None,
            };
            if let Some(label) = label {
                let sep = if label.ends_with(|c: char| c.is_ascii()) { " " } else { "" };
                inlines.insert(0, Inline::Text { text: format!("{label}{sep}"), bold: false, italic: false });
            }
            list = None;
        }
        let emphatic = emphasis.any_text && (emphasis.all_bold || emphasis.large);
        Ok(Para { inlines, heading, title: style.title, caption: style.caption, centered, emphatic, list })
    }

    /// The next number of level `level` of list `id`, as a list mark.
    fn number(&mut self, id: &str, level: usize) -> Option<ListMark> {
        let levels = self.numbering.get(id)?;
        let def = levels.get(level).or(levels.last())?.clone();
        let counters = self.counters.entry(id.to_string()).or_default();
        counters.resize(counters.len().max(level + 1).max(levels.len()), None);
        let n = counters[level].map_or(def.start, |n| n.saturating_add(1));
        counters[level] = Some(n);
        counters.iter_mut().skip(level + 1).for_each(|c| *c = None);
        let kind = match def.format.as_str() {
            "bullet" => ItemKind::Bullet,
            "none" => return None,
            "decimal" if simple_number(&def.text, level) => ItemKind::Number(n),
            _ => {
                let numbers: Vec<(u32, String)> = counters
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let format = levels.get(i).map(|l| l.format.clone()).unwrap_or_default();
                        (c.unwrap_or_else(|| levels.get(i).map_or(1, |l| l.start)), format)
                    })
                    .collect();
                ItemKind::Label(label(&def.text, &numbers))
            }
        };
        Some(ListMark { level, kind })
    }

    /// The inline content of `node` (a paragraph, a link, a run…), into `out`.
    fn inlines(
        &mut self,
        node: Node<'_, '_>,
        rels: &Rels,
        style: &Style,
        out: &mut Vec<Inline>,
        em: &mut Emphasis,
    ) -> Result<(), PackageError> {
        self.nested(|r| r.inlines_in(node, rels, style, out, em))
    }

    fn inlines_in(
        &mut self,
        node: Node<'_, '_>,
        rels: &Rels,
        style: &Style,
        out: &mut Vec<Inline>,
        em: &mut Emphasis,
    ) -> Result<(), PackageError> {
        for n in node.children().filter(|n| n.is_element()) {
            match n.tag_name().name() {
                "r" => self.run(n, rels, style, out, em)?,
                "hyperlink" => {
                    let mut content = Vec::new();
                    self.inlines(n, rels, style, &mut content, em)?;
                    let target = attr(n, "id").and_then(|id| rels.get(id)).map(|(t, _)| t.clone());
                    match target {
                        Some(url) if is_web(&url) => out.push(Inline::Link { url, content }),
                        Some(target) => {
                            self.skip(Skip::Link { target });
                            out.extend(content);
                        }
                        // A link inside the document (a bookmark): its text.
                        None => out.extend(content),
                    }
                }
                "oMath" | "oMathPara" => self.skip(Skip::Equation),
                "ins" | "smartTag" | "customXml" | "fldSimple" | "bdo" | "dir" | "moveTo" => self.inlines(n, rels, style, out, em)?,
                "sdt" => {
                    if let Some(content) = child(n, "sdtContent") {
                        self.inlines(content, rels, style, out, em)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// One run: its text, breaks, note references, pictures and field marks.
    fn run(&mut self, r: Node<'_, '_>, rels: &Rels, style: &Style, out: &mut Vec<Inline>, em: &mut Emphasis) -> Result<(), PackageError> {
        let rpr = child(r, "rPr");
        let char_style =
            rpr.and_then(|p| child(p, "rStyle")).and_then(|s| attr(s, "val")).and_then(|id| self.styles.by_id.get(id)).cloned();
        let char_style = char_style.as_ref();
        let bold = toggle(rpr, "b").or(char_style.and_then(|s| s.bold)).unwrap_or(false);
        let italic = toggle(rpr, "i").or(char_style.and_then(|s| s.italic)).unwrap_or(false);
        let size: Option<u32> = rpr.and_then(|p| child(p, "sz")).and_then(|z| attr(z, "val")).and_then(|v| v.parse().ok());
        let in_instr = self.fields.last().is_some_and(|f| !f.result);
        for n in r.children().filter(|n| n.is_element()) {
            match n.tag_name().name() {
                "t" if !in_instr => {
                    let text = n.text().unwrap_or_default();
                    if !text.trim().is_empty() {
                        em.any_text = true;
                        em.all_bold &= bold || style.bold.unwrap_or(false);
                        em.large |= size.or(char_style.and_then(|s| s.size)).or(style.size).is_some_and(|s| s >= 32);
                    }
                    push_text(out, text, bold, italic);
                }
                "tab" => push_text(out, " ", bold, italic),
                "noBreakHyphen" => push_text(out, "-", bold, italic),
                "br" | "cr" if !matches!(attr(n, "type"), Some("page" | "column")) => out.push(Inline::Break),
                "footnoteReference" | "endnoteReference" => {
                    let key = (n.tag_name().name() == "endnoteReference", attr(n, "id").unwrap_or_default().to_string());
                    let number = match self.notes.iter().position(|k| *k == key) {
                        Some(i) => i + 1,
                        None => {
                            self.notes.push(key);
                            self.notes.len()
                        }
                    };
                    out.push(Inline::Note(number));
                }
                "drawing" | "pict" => self.picture(n, rels, out)?,
                "AlternateContent" => {
                    // The first choice Word understands: a drawing (or its VML fallback).
                    if let Some(choice) = n.children().find(|c| c.is_element()) {
                        let picture = choice.descendants().find(|d| matches!(d.tag_name().name(), "drawing" | "pict"));
                        match picture {
                            Some(p) => self.picture(p, rels, out)?,
                            None => self.skip(Skip::Object),
                        }
                    }
                }
                "object" => self.skip(Skip::Object),
                "fldChar" => self.field_char(n, out),
                "instrText" => {
                    if let Some(f) = self.fields.last_mut() {
                        f.instr.push_str(n.text().unwrap_or_default());
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A complex field's mark: `HYPERLINK "url"` fields become links.
    fn field_char(&mut self, n: Node<'_, '_>, out: &mut Vec<Inline>) {
        match attr(n, "fldCharType") {
            Some("begin") => self.fields.push(Field { instr: String::new(), result: false, link: None }),
            Some("separate") => {
                if let Some(f) = self.fields.last_mut() {
                    let url = hyperlink_field(&f.instr).filter(|u| is_web(u)).unwrap_or_default();
                    f.result = true;
                    f.link = Some((out.len(), url));
                }
            }
            Some("end") => {
                if let Some(Field { link: Some((start, url)), .. }) = self.fields.pop()
                    && !url.is_empty()
                    && start <= out.len()
                {
                    let content = out.split_off(start);
                    out.push(Inline::Link { url, content });
                }
            }
            _ => {}
        }
    }

    /// A picture (DrawingML or VML): its bytes kept once, its alternative text.
    fn picture(&mut self, n: Node<'_, '_>, rels: &Rels, out: &mut Vec<Inline>) -> Result<(), PackageError> {
        if n.descendants().any(|d| d.tag_name().name() == "txbxContent") {
            self.skip(Skip::TextBox);
            return Ok(());
        }
        let blip = n.descendants().find(|d| matches!(d.tag_name().name(), "blip" | "imagedata"));
        let Some(blip) = blip else {
            self.skip(Skip::Object);
            return Ok(());
        };
        let alt = n
            .descendants()
            .find(|d| d.tag_name().name() == "docPr")
            .and_then(|d| attr(d, "descr").filter(|s| !s.trim().is_empty()).or_else(|| attr(d, "title")))
            .or_else(|| n.descendants().find_map(|d| attr(d, "alt")))
            .unwrap_or_default()
            .trim()
            .to_string();
        let id = blip.attributes().find(|a| matches!(a.name(), "embed" | "id")).map(|a| a.value());
        let Some((target, false)) = id.and_then(|id| rels.get(id)).cloned() else {
            self.skip(Skip::ImageMissing);
            return Ok(());
        };
        let part = package::part_name("word", &target);
        if let Some(&media) = self.media_of.get(&part) {
            out.push(Inline::Image { media, alt });
            return Ok(());
        }
        let Some(bytes) = self.pkg.read(&part)? else {
            self.skip(Skip::ImageMissing);
            return Ok(());
        };
        let ext = match image::guess_format(&bytes) {
            Ok(image::ImageFormat::Png) => "png",
            Ok(image::ImageFormat::Jpeg) => "jpg",
            Ok(image::ImageFormat::Gif) => "gif",
            Ok(image::ImageFormat::WebP) => "webp",
            _ => {
                let format = part.rsplit('.').next().unwrap_or_default().to_uppercase();
                self.skip(Skip::ImageFormat { format });
                return Ok(());
            }
        };
        self.doc.media.push(Media { bytes, ext });
        let media = self.doc.media.len() - 1;
        self.media_of.insert(part, media);
        out.push(Inline::Image { media, alt });
        Ok(())
    }

    /// A table: rows of cells, with spans and vertical merges.
    fn table(&mut self, tbl: Node<'_, '_>, rels: &Rels) -> Result<Vec<Vec<Cell>>, PackageError> {
        let mut rows = Vec::new();
        for tr in children(tbl, "tr") {
            let mut row = Vec::new();
            let cells = tr.children().filter(|c| c.is_element()).flat_map(|c| match c.tag_name().name() {
                "tc" => vec![c],
                // A content control or custom markup around cells.
                "sdt" | "customXml" => c.descendants().filter(|d| d.tag_name().name() == "tc").collect(),
                _ => vec![],
            });
            for tc in cells {
                let tcpr = child(tc, "tcPr");
                let span = tcpr.and_then(|p| child(p, "gridSpan")).and_then(|g| attr(g, "val")).and_then(|v| v.parse().ok());
                let merged = tcpr.and_then(|p| child(p, "vMerge")).is_some_and(|m| attr(m, "val").is_none_or(|v| v == "continue"));
                let mut paras = Vec::new();
                self.cell_paras(tc, rels, &mut paras)?;
                row.push(Cell { paras, span: span.unwrap_or(1).clamp(1, 64), merged });
            }
            if !row.is_empty() {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    /// The paragraphs of a cell (those of a table inside it as well).
    fn cell_paras(&mut self, node: Node<'_, '_>, rels: &Rels, out: &mut Vec<Vec<Inline>>) -> Result<(), PackageError> {
        self.nested(|r| r.cell_paras_in(node, rels, out))
    }

    fn cell_paras_in(&mut self, node: Node<'_, '_>, rels: &Rels, out: &mut Vec<Vec<Inline>>) -> Result<(), PackageError> {
        for n in node.children().filter(|n| n.is_element()) {
            match n.tag_name().name() {
                "p" => {
                    let p = self.paragraph(n, rels)?;
                    if !p.inlines.is_empty() {
                        out.push(p.inlines);
                    }
                }
                "tbl" | "tr" | "tc" | "sdt" | "sdtContent" | "customXml" => self.cell_paras(n, rels, out)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// Reads the notes referred to, in order, from the footnotes' and
    /// endnotes' parts.
    fn read_notes(&mut self, texts: &[Option<String>; 2], rels: &[Option<String>; 2]) -> Result<(), PackageError> {
        let parts = ["word/footnotes.xml", "word/endnotes.xml"];
        let mut docs = Vec::new();
        for (text, part) in texts.iter().zip(parts) {
            docs.push(text.as_deref().map(|t| package::parse(part, t)).transpose()?);
        }
        let rels: Vec<Rels> = rels.iter().map(|r| package::relationships(r.as_deref())).collect();
        let block = self.doc.blocks.len().saturating_sub(1);
        let mut i = 0;
        // Notes may refer to further notes: the list grows as it is read.
        while i < self.notes.len() {
            let (endnote, id) = self.notes[i].clone();
            let which = usize::from(endnote);
            let note = docs[which]
                .as_ref()
                .and_then(|d| d.root_element().children().find(|n| n.is_element() && attr(*n, "id") == Some(id.as_str())));
            let mut paras = Vec::new();
            if let Some(note) = note {
                self.cell_paras(note, &rels[which], &mut paras)?;
            }
            self.doc.notes.push(paras);
            i += 1;
        }
        // Skips inside notes are reported at the last block.
        for s in self.doc.skipped.iter_mut().filter(|(b, _)| *b > block) {
            s.0 = block;
        }
        Ok(())
    }

    fn skip(&mut self, what: Skip) {
        self.doc.skipped.push((self.doc.blocks.len(), what));
    }
}

/// Whether a paragraph's text was all bold, or large.
struct Emphasis {
    all_bold: bool,
    large: bool,
    any_text: bool,
}

/// Appends text, joining it to the run before when it has the same emphasis.
fn push_text(out: &mut Vec<Inline>, text: &str, bold: bool, italic: bool) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text { text: last, bold: b, italic: i }) = out.last_mut()
        && *b == bold
        && *i == italic
    {
        last.push_str(text);
        return;
    }
    out.push(Inline::Text { text: text.to_string(), bold, italic });
}

/// Removes blanks (and the full-width spaces of a first-line indent) at
/// both ends of a paragraph, and breaks there; false when nothing is left.
pub fn trim_inlines(inlines: &mut Vec<Inline>) -> bool {
    let blank = |c: char| c.is_whitespace() || c == '\u{3000}';
    while matches!(inlines.first(), Some(Inline::Break)) {
        inlines.remove(0);
    }
    while matches!(inlines.last(), Some(Inline::Break)) {
        inlines.pop();
    }
    if let Some(Inline::Text { text, .. }) = inlines.first_mut() {
        *text = text.trim_start_matches(blank).to_string();
    }
    if let Some(Inline::Text { text, .. }) = inlines.last_mut() {
        *text = text.trim_end_matches(blank).to_string();
    }
    inlines.retain(|i| !matches!(i, Inline::Text { text, .. } if text.is_empty()));
    inlines.iter().any(|i| match i {
        Inline::Text { text, .. } => !text.trim_matches(blank).is_empty(),
        Inline::Break => false,
        _ => true,
    })
}

/// True for a content control holding a table of contents.
fn is_toc(sdt: Node<'_, '_>) -> bool {
    child(sdt, "sdtPr")
        .and_then(|p| p.descendants().find(|d| d.tag_name().name() == "docPartGallery"))
        .and_then(|g| attr(g, "val"))
        .is_some_and(|v| v.contains("Table of Contents"))
}

/// True for the addresses a page may link to.
fn is_web(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// The URL of a `HYPERLINK "url"` field instruction.
fn hyperlink_field(instr: &str) -> Option<String> {
    let rest = instr.trim().strip_prefix("HYPERLINK")?.trim();
    let url = rest.strip_prefix('"').and_then(|r| r.split('"').next()).unwrap_or_else(|| rest.split_whitespace().next().unwrap_or(""));
    Some(url.to_string())
}

/// True when a level's label is its own number and punctuation (`%1.`,
/// `%2)`, `%1、`): a list Markdown numbers itself.
fn simple_number(text: &str, level: usize) -> bool {
    let own = format!("%{}", level + 1);
    text.starts_with(&own) && text[own.len()..].chars().all(|c| matches!(c, '.' | ')' | '、' | '．' | ' '))
}

/// A numbering label: `%N` in `pattern` replaced by level N's number in its format.
fn label(pattern: &str, numbers: &[(u32, String)]) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%'
            && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
        {
            chars.next();
            if let Some((n, format)) = numbers.get((d as usize).wrapping_sub(1)) {
                out.push_str(&formatted(*n, format));
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// `n` in a numbering format.
fn formatted(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "ideographDigital" => chinese_number(n),
        "ideographTraditional" if (1..=10).contains(&n) => "甲乙丙丁戊己庚辛壬癸".chars().nth(n as usize - 1).unwrap_or('甲').to_string(),
        "lowerLetter" | "upperLetter" if n >= 1 => {
            let letter = char::from(b'a' + ((n - 1) % 26) as u8).to_string().repeat(((n - 1) / 26 + 1) as usize);
            if format == "upperLetter" { letter.to_uppercase() } else { letter }
        }
        "lowerRoman" | "upperRoman" => {
            let roman = roman(n);
            if format == "upperRoman" { roman } else { roman.to_lowercase() }
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map(String::from).unwrap_or_else(|| n.to_string())
        }
        "decimalZero" if n < 10 => format!("0{n}"),
        _ => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 105 → 一百零五.
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n >= 1000 {
        return n.to_string();
    }
    let (h, t, u) = ((n / 100) as usize, ((n / 10) % 10) as usize, (n % 10) as usize);
    let mut out = String::new();
    if h > 0 {
        out.push_str(DIGITS[h]);
        out.push('百');
        if t == 0 && u > 0 {
            out.push('零');
        }
    }
    if t > 0 {
        if !(t == 1 && h == 0) {
            out.push_str(DIGITS[t]);
        }
        out.push('十');
    }
    if u > 0 || n == 0 {
        out.push_str(DIGITS[u]);
    }
    out
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, s) in TABLE {
        while n >= value {
            out.push_str(s);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_labels_follow_their_formats() {
        let n = |v: &[(u32, &str)]| v.iter().map(|(n, f)| (*n, f.to_string())).collect::<Vec<_>>();
        assert_eq!(label("%1、", &n(&[(3, "chineseCounting")])), "三、");
        assert_eq!(label("（%2）", &n(&[(1, "chineseCounting"), (12, "chineseCounting")])), "（十二）");
        assert_eq!(label("%1.%2", &n(&[(2, "decimal"), (1, "decimal")])), "2.1");
        assert_eq!(label("%1)", &n(&[(28, "lowerLetter")])), "bb)");
        assert_eq!(chinese_number(105), "一百零五");
        assert_eq!(chinese_number(21), "二十一");
        assert!(simple_number("%1.", 0) && simple_number("%2、", 1) && !simple_number("%1.%2.", 1));
    }

    #[test]
    fn relationship_targets_are_resolved_from_word() {
        assert_eq!(package::part_name("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(package::part_name("word", "/word/media/a.jpeg"), "word/media/a.jpeg");
        assert_eq!(package::part_name("word", "../media/b.png"), "media/b.png");
        assert_eq!(package::part_name("", "word/document2.xml"), "word/document2.xml");
    }

    #[test]
    fn hyperlink_fields_give_their_address() {
        assert_eq!(hyperlink_field(" HYPERLINK \"https://a.example/x\" \\o \"tip\"").as_deref(), Some("https://a.example/x"));
        assert_eq!(hyperlink_field("PAGE"), None);
    }
}
