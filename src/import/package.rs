//! The parts of a `.docx` package that an import reads: the zip archive
//! opened with the `zip` crate, each XML part parsed with `roxmltree`
//! (strict XML; a document type declaration, and so any entity, refused),
//! and the tables the body refers to: styles, numbering, relationships.
//!
//! Every part is read through a size limit ([`PART_LIMIT`]): a zip entry
//! that claims little and inflates to gigabytes is refused, not unpacked.
//! Elements are matched by their local name (`w:p` and the strict OOXML
//! namespace's `p` alike).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// The largest part (XML or image) read out of the archive, in bytes.
pub const PART_LIMIT: u64 = 64 << 20;

/// Why a package cannot be read.
#[derive(Debug)]
pub enum PackageError {
    /// Not a zip archive, or a damaged one.
    NotZip(String),
    /// A zip archive without `word/document.xml`: another kind of file.
    NotWord,
    /// An OpenDocument text (`.odt`) file.
    OpenDocument,
    /// A part that is not well-formed XML, or too large.
    BadPart {
        /// The part's name in the archive.
        part: String,
        /// What is wrong with it.
        detail: String,
    },
}

/// The opened archive.
pub struct Package {
    zip: zip::ZipArchive<Cursor<Vec<u8>>>,
    /// The main document part: `word/document.xml`, or whatever the
    /// package's relationships name (Office 365 writes `word/document2.xml`).
    pub main: String,
}

impl Package {
    /// Opens `bytes` as a Word package.
    pub fn open(bytes: Vec<u8>) -> Result<Package, PackageError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| PackageError::NotZip(e.to_string()))?;
        let mut package = Package { zip, main: "word/document.xml".into() };
        let root_rels = package.xml("_rels/.rels").ok().flatten();
        if let Some(main) = related(root_rels.as_deref(), "", "/officeDocument") {
            package.main = main;
        }
        if package.zip.index_for_name(&package.main).is_none() {
            let mime = package.read("mimetype").ok().flatten().unwrap_or_default();
            if mime.starts_with(b"application/vnd.oasis.opendocument") {
                return Err(PackageError::OpenDocument);
            }
            return Err(PackageError::NotWord);
        }
        Ok(package)
    }

    /// The bytes of the part `name`, none when there is no such part.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, PackageError> {
        let Some(index) = self.zip.index_for_name(name) else { return Ok(None) };
        let bad = |detail: String| PackageError::BadPart { part: name.to_string(), detail };
        let entry = self.zip.by_index(index).map_err(|e| bad(e.to_string()))?;
        let mut bytes = Vec::new();
        entry.take(PART_LIMIT + 1).read_to_end(&mut bytes).map_err(|e| bad(e.to_string()))?;
        if bytes.len() as u64 > PART_LIMIT {
            return Err(bad(format!("larger than {} MiB", PART_LIMIT >> 20)));
        }
        Ok(Some(bytes))
    }

    /// The text of the XML part `name`, none when there is no such part.
    pub fn xml(&mut self, name: &str) -> Result<Option<String>, PackageError> {
        let Some(bytes) = self.read(name)? else { return Ok(None) };
        let text = String::from_utf8(bytes).map_err(|_| PackageError::BadPart { part: name.to_string(), detail: "not UTF-8".into() })?;
        Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
    }
}

/// Parses `text` (the part `name`) as XML.
pub fn parse<'a>(name: &str, text: &'a str) -> Result<roxmltree::Document<'a>, PackageError> {
    roxmltree::Document::parse(text).map_err(|e| PackageError::BadPart { part: name.to_string(), detail: e.to_string() })
}

/// The attribute of `node` whose local name is `name`, in any namespace.
pub fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// The element children of `node` named `name`.
pub fn children<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children().filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The first element child of `node` named `name`.
pub fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &'a str) -> Option<roxmltree::Node<'a, 'i>> {
    children(node, name).next()
}

/// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`): none when absent.
pub fn toggle(props: Option<roxmltree::Node<'_, '_>>, name: &str) -> Option<bool> {
    let el = child(props?, name)?;
    Some(!matches!(attr(el, "val"), Some("0" | "false" | "off" | "none")))
}

/// The relationships of a part: id → (target, external).
pub fn relationships(text: Option<&str>) -> BTreeMap<String, (String, bool)> {
    let Some(doc) = text.and_then(|t| roxmltree::Document::parse(t).ok()) else { return BTreeMap::new() };
    doc.root_element()
        .children()
        .filter(|c| c.is_element())
        .filter_map(|rel| {
            let id = attr(rel, "Id")?;
            let target = attr(rel, "Target")?;
            let external = attr(rel, "TargetMode") == Some("External");
            Some((id.to_string(), (target.to_string(), external)))
        })
        .collect()
}

/// The part that the relationships `text` of a part in folder `folder`
/// (`word`, or `` for the package's own) name with a type ending in
/// `type_suffix` (`/styles`), as a part name (`word/styles.xml`).
pub fn related(text: Option<&str>, folder: &str, type_suffix: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(text?).ok()?;
    let rel = doc.root_element().children().find(|r| r.is_element() && attr(*r, "Type").is_some_and(|t| t.ends_with(type_suffix)))?;
    if attr(rel, "TargetMode") == Some("External") {
        return None;
    }
    Some(part_name(folder, attr(rel, "Target")?))
}

/// The part a relationship target names, relative to `folder` (`word`)
/// unless it starts with `/`; `..` and `.` resolved.
pub fn part_name(folder: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') { vec![] } else { folder.split('/').filter(|s| !s.is_empty()).collect() };
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// What a paragraph style says about the paragraphs that use it.
#[derive(Debug, Clone, Default)]
pub struct Style {
    /// Heading level 1-9, from the style's name (`heading 1`, `标题 1`)
    /// or its outline level.
    pub heading: Option<u8>,
    /// The document's title style (`Title`, `标题`).
    pub title: bool,
    /// A caption style (`caption`, `题注`).
    pub caption: bool,
    /// A table of contents entry (`toc 1`, `目录 1`).
    pub toc: bool,
    /// Bold, italic.
    pub bold: Option<bool>,
    /// See `bold`.
    pub italic: Option<bool>,
    /// Font size in half-points.
    pub size: Option<u32>,
    /// The numbering the style gives its paragraphs (numId, level).
    pub numbering: Option<(String, usize)>,
}

/// Paragraph and character styles by id, with what they inherit
/// (`basedOn`) resolved; `default_paragraph` is the style of paragraphs
/// that name none.
#[derive(Debug, Default)]
pub struct Styles {
    /// By style id.
    pub by_id: BTreeMap<String, Style>,
    /// The default paragraph style's id.
    pub default_paragraph: Option<String>,
}

/// What a style's name says: heading level, title, caption, table of contents.
fn named(name: &str) -> Style {
    let n: String = name.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let level = |prefix: &str| n.strip_prefix(prefix).and_then(|d| d.parse::<u8>().ok()).filter(|l| (1..=9).contains(l));
    Style {
        heading: level("heading").or_else(|| level("标题")),
        title: n == "title" || n == "标题",
        caption: n == "caption" || n == "题注",
        toc: level("toc").is_some() || level("目录").is_some() || n == "contentsheading" || n == "tocheading",
        ..Style::default()
    }
}

/// Reads `word/styles.xml`.
pub fn styles(text: Option<&str>) -> Styles {
    let Some(doc) = text.and_then(|t| roxmltree::Document::parse(t).ok()) else { return Styles::default() };
    let mut raw: BTreeMap<String, (Style, Option<String>)> = BTreeMap::new();
    let mut default_paragraph = None;
    for s in children(doc.root_element(), "style") {
        let Some(id) = attr(s, "styleId") else { continue };
        let mut style = child(s, "name").and_then(|n| attr(n, "val")).map(named).unwrap_or_default();
        let ppr = child(s, "pPr");
        if style.heading.is_none() {
            style.heading = outline_level(ppr);
        }
        if let Some(num) = ppr.and_then(|p| child(p, "numPr")) {
            let id = child(num, "numId").and_then(|n| attr(n, "val")).unwrap_or("0");
            let level = child(num, "ilvl").and_then(|n| attr(n, "val")).and_then(|v| v.parse().ok()).unwrap_or(0);
            style.numbering = (id != "0").then(|| (id.to_string(), level));
        }
        let rpr = child(s, "rPr");
        style.bold = toggle(rpr, "b");
        style.italic = toggle(rpr, "i");
        style.size = rpr.and_then(|r| child(r, "sz")).and_then(|z| attr(z, "val")).and_then(|v| v.parse().ok());
        if attr(s, "type") == Some("paragraph") && attr(s, "default").is_some_and(|d| d == "1" || d == "true") {
            default_paragraph = Some(id.to_string());
        }
        let based_on = child(s, "basedOn").and_then(|b| attr(b, "val")).map(str::to_string);
        raw.insert(id.to_string(), (style, based_on));
    }
    let by_id = raw.keys().map(|id| (id.clone(), inherited(&raw, id))).collect();
    Styles { by_id, default_paragraph }
}

/// The style `id` with what its `basedOn` ancestors give and it does not
/// say itself (at most 20 steps: a loop of styles ends there).
fn inherited(raw: &BTreeMap<String, (Style, Option<String>)>, id: &str) -> Style {
    let Some((own, mut parent)) = raw.get(id).cloned() else { return Style::default() };
    let mut style = own;
    for _ in 0..20 {
        let Some((up, next)) = parent.as_deref().and_then(|p| raw.get(p)) else { break };
        // Names are not inherited (a heading based on Normal is a
        // heading, Normal based on nothing), outline levels and run
        // properties are.
        style.heading = style.heading.or(up.heading.filter(|_| !style.title));
        style.bold = style.bold.or(up.bold);
        style.italic = style.italic.or(up.italic);
        style.size = style.size.or(up.size);
        style.numbering = style.numbering.clone().or_else(|| up.numbering.clone());
        parent = next.clone();
    }
    style
}

/// The heading level (1-9) an outline level (`w:outlineLvl`, 0-8) in
/// paragraph properties gives; 9 and above are body text.
pub fn outline_level(ppr: Option<roxmltree::Node<'_, '_>>) -> Option<u8> {
    let level: u8 = attr(child(ppr?, "outlineLvl")?, "val")?.parse().ok()?;
    (level < 9).then_some(level + 1)
}

/// One level of a list's numbering.
#[derive(Debug, Clone)]
pub struct Level {
    /// `bullet`, `decimal`, `chineseCounting`, `none`…
    pub format: String,
    /// The label pattern (`%1.`, `（%1）`).
    pub text: String,
    /// The first number.
    pub start: u32,
}

/// `word/numbering.xml`: numId → its levels (from its abstract numbering,
/// with start overrides applied).
pub fn numbering(text: Option<&str>) -> BTreeMap<String, Vec<Level>> {
    let Some(doc) = text.and_then(|t| roxmltree::Document::parse(t).ok()) else { return BTreeMap::new() };
    let root = doc.root_element();
    let mut abstracts: BTreeMap<&str, Vec<Level>> = BTreeMap::new();
    for a in children(root, "abstractNum") {
        let Some(id) = attr(a, "abstractNumId") else { continue };
        let mut levels = Vec::new();
        for lvl in children(a, "lvl") {
            let val = |name: &str| child(lvl, name).and_then(|n| attr(n, "val")).map(str::to_string);
            let format = val("numFmt").unwrap_or_else(|| "decimal".into());
            let start = val("start").and_then(|s| s.parse().ok()).unwrap_or(1);
            levels.push(Level { format, text: val("lvlText").unwrap_or_default(), start });
        }
        abstracts.insert(id, levels);
    }
    let mut out = BTreeMap::new();
    for n in children(root, "num") {
        let (Some(id), Some(abs)) = (attr(n, "numId"), child(n, "abstractNumId").and_then(|a| attr(a, "val"))) else { continue };
        let mut levels = abstracts.get(abs).cloned().unwrap_or_default();
        for o in children(n, "lvlOverride") {
            let level: Option<usize> = attr(o, "ilvl").and_then(|v| v.parse().ok());
            let start = child(o, "startOverride").and_then(|s| attr(s, "val")).and_then(|v| v.parse().ok());
            if let (Some(level), Some(start)) = (level, start)
                && let Some(l) = levels.get_mut(level)
            {
                l.start = start;
            }
        }
        out.insert(id.to_string(), levels);
    }
    out
}
