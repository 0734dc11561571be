//! The printable document: what the PDF and Word exports of a bulletin
//! issue or a page are made from (`crate::export`). It is neutral about
//! format: every text is already in the site's language (labels included),
//! every body is a tree of [`Block`]s and [`Inline`]s with no markup left to
//! interpret, and every image is the bytes the page publishes. The renderer
//! builds it from the same values as the HTML page (`render::documents`), so
//! the files say what the page says.
//!
//! It is serialized to JSON for the PDF's Typst template (`data.json` of
//! the template's world; field names are that template's interface, see
//! `docs/exports.md`), and hashed, with the fonts and options, as the key
//! of the export cache.

pub mod html;

use std::sync::Arc;

use serde::Serialize;

pub use html::{Resolve, blocks_from_html};

/// One document to export.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Document {
    /// What it is: the templates lay out a bulletin issue and a page differently.
    pub kind: DocumentKind,
    /// BCP 47 language of the text (`zh-CN`, `en`).
    pub lang: String,
    /// Metadata of the file (PDF document information and XMP, DOCX core
    /// properties).
    pub meta: Meta,
    /// The protective marking printed at the top left of the first page
    /// (`内部资料 注意保存`), if any.
    pub marking: Option<String>,
    /// Set when the issue is not issued yet: the words (`待印发`) every
    /// page shows, so that a proof is never taken for the issued file.
    pub draft_mark: Option<String>,
    /// A bulletin's 报头; `None` for a page.
    pub masthead: Option<Masthead>,
    /// The headline (the note's `title`), printed under the 报头.
    pub headline: Option<String>,
    /// A page's title block; `None` for a bulletin.
    pub heading: Option<Heading>,
    /// The body, in reading order.
    pub parts: Vec<Part>,
    /// A bulletin's 报尾; `None` when it has no distribution, print run or
    /// sign-off, and for a page.
    pub colophon: Option<Colophon>,
    /// Every image the blocks name, by [`Image::key`], in order of first use.
    pub images: Vec<Image>,
}

/// The kinds of document.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A bulletin issue (简报).
    Bulletin,
    /// A report, party class or free page.
    Page,
}

/// File metadata.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Meta {
    /// The title (`成都区域信息简报 2026年第3期（总第12期）`).
    pub title: String,
    /// The author: a bulletin's editing unit (编印单位), a page's author or
    /// the site's title.
    pub author: String,
    /// The subject: a bulletin's period (`2026年第二季度`), a page's summary.
    pub subject: String,
    /// Keywords (the co-building modes and regions; a page's tags).
    pub keywords: Vec<String>,
    /// The document's date, `YYYY-MM-DD`: an issue's date of issue (of its
    /// period's last day while open), a page's date. Also the file's
    /// creation and modification date, so that the same inputs give the
    /// same bytes.
    pub date: String,
    /// The page's permanent address (`https://…/bulletins/chengdu/2026-q2/`).
    pub url: String,
}

/// A bulletin's 报头.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Masthead {
    /// The red name (`成都区域信息简报`).
    pub name: String,
    /// The number line (`第3期（总第12期）`, `增刊第1期`).
    pub number: String,
    /// The editing unit (`中建某局成都区域党建工作推进小组办公室`).
    pub unit: String,
    /// The date of issue as printed (`2026年4月5日`), or the period and
    /// the draft mark while the issue is open.
    pub date: String,
}

/// A page's title block.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Heading {
    /// The page's title.
    pub title: String,
    /// Lines under the title (region and date, units, participants,
    /// lecturer…), each already worded.
    pub lines: Vec<String>,
}

/// One part of the body.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Part {
    /// The editor's note (编者按) of an issue.
    Note {
        /// Its heading (`编者按`).
        title: String,
        /// Its text.
        blocks: Vec<Block>,
    },
    /// The contents (本期要目): the items' titles in order.
    Contents {
        /// Its heading.
        title: String,
        /// Each item's title.
        entries: Vec<String>,
    },
    /// An issue's figures (本期数据), label and value.
    Figures {
        /// Its heading.
        title: String,
        /// (label, value), in order.
        rows: Vec<(String, String)>,
    },
    /// A column of an issue: a co-building mode, or a region in the
    /// company's issue.
    Column {
        /// The column's name.
        title: String,
        /// Its items.
        items: Vec<Item>,
    },
    /// A page's text.
    Body {
        /// Its blocks.
        blocks: Vec<Block>,
    },
}

/// One item of an issue.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    /// The report's or class's title.
    pub title: String,
    /// The line under the title (region, date, units, participants), worded.
    pub byline: String,
    /// The label of an item that joined late (`补报`), if it did.
    pub late: Option<String>,
    /// The text: the page's body in full (its headings start at level 1
    /// under the item's title), or its summary as one paragraph when the
    /// issue prints summaries.
    pub blocks: Vec<Block>,
}

/// The 报尾.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Colophon {
    /// The distribution lines in order (报, 送, 发): label and names.
    pub distribution: Vec<Line>,
    /// The print run line (`共印40份`), if set.
    pub copies: Option<String>,
    /// The sign-off (编辑, 审核, 签发), each worded (`编辑：王某`).
    pub signoff: Vec<String>,
}

/// A labelled line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Line {
    /// The label with its colon (`报：`).
    pub label: String,
    /// The text after it.
    pub text: String,
}

/// A block of text.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A heading inside a body, level 1 the highest (a report's `##`).
    Heading {
        /// 1 to 4.
        level: u8,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph {
        /// Its text.
        content: Vec<Inline>,
    },
    /// A list.
    List {
        /// Numbered.
        ordered: bool,
        /// The first number of a numbered list.
        start: u32,
        /// Each item's blocks.
        items: Vec<Vec<Block>>,
    },
    /// A quotation.
    Quote {
        /// Its blocks.
        blocks: Vec<Block>,
    },
    /// Preformatted text (code), lines kept.
    Code {
        /// The text.
        text: String,
    },
    /// A table.
    Table {
        /// Header cells (may be empty).
        header: Vec<Vec<Inline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// An image on a line of its own.
    Image {
        /// The key of its [`Image`] in [`Document::images`].
        key: String,
        /// Its alternative text (also its caption when it has no title).
        alt: String,
        /// Its caption (the image's title), if any.
        caption: Option<String>,
    },
    /// A thematic break.
    Rule,
    /// A row of photos side by side (the photos of a report's
    /// gallery a bulletin prints), each with its caption under it.
    Photos {
        /// The photos, in the gallery's order.
        photos: Vec<Photo>,
    },
}

/// One photo of a [`Block::Photos`] row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Photo {
    /// The key of its [`Image`] in [`Document::images`].
    pub key: String,
    /// Its alternative text.
    pub alt: String,
    /// Its caption (empty when none).
    pub caption: String,
}

/// Text inside a block.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// Bold.
    Strong {
        /// Its text.
        content: Vec<Inline>,
    },
    /// Italic.
    Emph {
        /// Its text.
        content: Vec<Inline>,
    },
    /// Struck through.
    Strike {
        /// Its text.
        content: Vec<Inline>,
    },
    /// Superscript (footnote references).
    Sup {
        /// Its text.
        content: Vec<Inline>,
    },
    /// Code.
    Code {
        /// The text.
        text: String,
    },
    /// A link, its address absolute (`https://…`) or in-document (`#…`).
    Link {
        /// The address.
        url: String,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A line break.
    Break,
}

/// An image's bytes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Image {
    /// Its key (`img-1.jpg`): unique in the document, its extension the
    /// format's (`jpg`, `png`, `gif`, `svg`, `webp`).
    pub key: String,
    /// Its pixel size when the header tells it (width, height); `None`
    /// for an SVG.
    pub size: Option<(u32, u32)>,
    /// The bytes (not serialized: the template's world reads them by key).
    #[serde(skip)]
    pub bytes: Arc<[u8]>,
}

impl Document {
    /// The text of every block and inline, in reading order, one string per
    /// paragraph-like unit: what a reader of the file sees (tests compare
    /// it with the text of the PDF and of the DOCX).
    pub fn texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(m) = &self.marking {
            out.push(m.clone());
        }
        if let Some(m) = &self.masthead {
            out.extend([m.name.clone(), m.number.clone(), m.unit.clone(), m.date.clone()]);
        }
        out.extend(self.headline.iter().cloned());
        if let Some(h) = &self.heading {
            out.push(h.title.clone());
            out.extend(h.lines.iter().cloned());
        }
        for p in &self.parts {
            match p {
                Part::Note { title, blocks } => {
                    out.push(title.clone());
                    block_texts(blocks, &mut out);
                }
                Part::Contents { title, entries } => {
                    out.push(title.clone());
                    out.extend(entries.iter().cloned());
                }
                Part::Figures { title, rows } => {
                    out.push(title.clone());
                    out.extend(rows.iter().map(|(l, v)| format!("{l}{v}")));
                }
                Part::Column { title, items } => {
                    out.push(title.clone());
                    for i in items {
                        out.push(i.title.clone());
                        out.push(i.byline.clone());
                        block_texts(&i.blocks, &mut out);
                    }
                }
                Part::Body { blocks } => block_texts(blocks, &mut out),
            }
        }
        if let Some(c) = &self.colophon {
            out.extend(c.distribution.iter().map(|l| format!("{}{}", l.label, l.text)));
            out.extend(c.copies.iter().cloned());
            out.extend(c.signoff.iter().cloned());
        }
        out.retain(|s| !s.trim().is_empty());
        out
    }
}

/// The texts of blocks, one string per paragraph, heading, list item, cell row.
fn block_texts(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph { content } => out.push(inline_text(content)),
            Block::List { items, .. } => items.iter().for_each(|i| block_texts(i, out)),
            Block::Quote { blocks } => block_texts(blocks, out),
            Block::Code { text } => out.push(text.clone()),
            Block::Table { header, rows } => {
                out.push(header.iter().map(|c| inline_text(c)).collect::<Vec<_>>().join(" "));
                out.extend(rows.iter().map(|r| r.iter().map(|c| inline_text(c)).collect::<Vec<_>>().join(" ")));
            }
            Block::Image { caption, alt, .. } => out.push(caption.clone().unwrap_or_else(|| alt.clone())),
            Block::Photos { photos } => out.extend(photos.iter().map(|p| p.caption.clone())),
            Block::Rule => {}
        }
    }
}

/// The plain text of inlines.
pub fn inline_text(content: &[Inline]) -> String {
    let mut s = String::new();
    push_inline_text(content, &mut s);
    s
}

fn push_inline_text(content: &[Inline], s: &mut String) {
    for i in content {
        match i {
            Inline::Text { text } | Inline::Code { text } => s.push_str(text),
            Inline::Strong { content }
            | Inline::Emph { content }
            | Inline::Strike { content }
            | Inline::Sup { content }
            | Inline::Link { content, .. } => push_inline_text(content, s),
            Inline::Break => s.push('\n'),
        }
    }
}
