//! A read Word document written as the Markdown body of a page: the
//! title taken out (for the front matter), headings moved so that the
//! highest is `##` (the page's title is its only `#`), pictures given the
//! text of their caption when Word has no description for them, and every
//! block written in CommonMark with the site's extensions (pipe tables,
//! footnotes).
//!
//! Text is escaped so that it reads as the writer typed it: a `*`, `#`,
//! `[` or `|` of the manuscript is never taken for Markdown. Emphasis
//! keeps punctuation and blanks at its ends outside the `**`, where
//! CommonMark would not see it as emphasis next to Chinese text
//! (`“**安全**”月`, not `**“安全”**月`).

use super::docx::{Block, Cell, Document, Inline, ItemKind, ListMark, Para};

/// The title the document gives itself: a paragraph in the Title style
/// among the first three, else a first paragraph that is a heading of
/// its own rank (no other heading as high) or a centred bold or large
/// line. It is taken out of the body.
pub fn take_title(doc: &mut Document) -> Option<String> {
    let paras: Vec<(usize, &Para)> =
        doc.blocks.iter().enumerate().take(3).filter_map(|(i, b)| if let Block::Para(p) = b { Some((i, p)) } else { None }).collect();
    let styled = paras.iter().find(|(_, p)| p.title).map(|(i, _)| *i);
    let first = match doc.blocks.first() {
        Some(Block::Para(p)) if p.list.is_none() => {
            let alone =
                |level: u8| !doc.blocks.iter().skip(1).any(|b| matches!(b, Block::Para(q) if q.heading.is_some_and(|l| l <= level)));
            let by_hand = p.centered && p.emphatic && p.heading.is_none();
            (by_hand || p.heading.is_some_and(alone)).then_some(0)
        }
        _ => None,
    };
    let index = styled.or(first)?;
    let Block::Para(p) = doc.blocks.remove(index) else { return None };
    let title = joined_lines(&plain(&p.inlines));
    (!title.is_empty()).then_some(title)
}

/// A title broken over lines made one line: the blank a break left
/// between two Chinese characters dropped (`安全生产 主题党日` → `安全生产主题党日`).
fn joined_lines(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let between_wide = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| !c.is_ascii());
        if c == ' ' && between_wide(i.checked_sub(1)) && between_wide(Some(i + 1)) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Moves headings so that the highest is level 2, and none is below 6.
pub fn shift_headings(doc: &mut Document) {
    let top = doc.blocks.iter().filter_map(|b| if let Block::Para(p) = b { p.heading } else { None }).min();
    let Some(top) = top else { return };
    for b in &mut doc.blocks {
        if let Block::Para(p) = b
            && let Some(level) = p.heading.as_mut()
        {
            *level = (*level - top + 2).min(6);
        }
    }
}

/// Gives each picture without a description the text of its caption:
/// the paragraph after it (or before it) in a caption style, or a short
/// paragraph after it that reads like one (centred, or starting with 图 or ▲).
pub fn caption_pictures(doc: &mut Document) {
    for i in 0..doc.blocks.len() {
        let Block::Para(p) = &doc.blocks[i] else { continue };
        if !p.inlines.iter().any(|x| matches!(x, Inline::Image { alt, .. } if alt.is_empty())) {
            continue;
        }
        let caption_at = |j: usize, after: bool| match doc.blocks.get(j) {
            Some(Block::Para(c)) if c.heading.is_none() && c.list.is_none() && !has_image(&c.inlines) => {
                let text = plain(&c.inlines);
                let looks = text.starts_with('图') || text.starts_with("（图") || text.starts_with('▲') || c.centered;
                (c.caption || (after && looks && text.chars().count() <= 80)).then_some(text)
            }
            _ => None,
        };
        let caption = caption_at(i + 1, true).or_else(|| i.checked_sub(1).and_then(|j| caption_at(j, false)));
        let Some(caption) = caption else { continue };
        if let Block::Para(p) = &mut doc.blocks[i] {
            for x in &mut p.inlines {
                if let Inline::Image { alt, .. } = x
                    && alt.is_empty()
                {
                    *alt = caption.clone();
                }
            }
        }
    }
}

fn has_image(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| matches!(i, Inline::Image { .. }))
}

/// The plain text of inlines (breaks as blanks; notes and pictures left out).
pub fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::Break => out.push(' '),
            Inline::Link { content, .. } => out.push_str(&plain(content)),
            Inline::Note(_) | Inline::Image { .. } => {}
        }
    }
    out.trim().to_string()
}

/// The Markdown body and where each block begins in it.
#[allow(missing_docs)]
#[derive(Debug, Default)]
pub struct Body {
    pub text: String,
    /// The 1-based line of the body each block begins on.
    pub block_lines: Vec<usize>,
    /// How many were written of each.
    pub headings: usize,
    pub paragraphs: usize,
    pub list_items: usize,
    pub tables: usize,
    pub links: usize,
}

/// Writes the body; `photos[n]` is the file name picture `n` is written to.
pub fn write(doc: &Document, photos: &[String]) -> Body {
    let mut w = Writer { photos, body: Body::default(), lists: Vec::new(), top: None };
    for block in &doc.blocks {
        w.body.block_lines.push(w.body.text.matches('\n').count() + 1);
        match block {
            Block::Para(p) => w.para(p),
            Block::Table(rows) => w.table(rows),
        }
    }
    w.end_list();
    for (i, note) in doc.notes.iter().enumerate() {
        let paras: Vec<String> = note.iter().map(|p| w.inlines(p, false)).filter(|s| !s.is_empty()).collect();
        let first = paras.first().cloned().unwrap_or_else(|| "—".into());
        w.body.text.push_str(&format!("[^{}]: {first}\n", i + 1));
        for more in paras.iter().skip(1) {
            w.body.text.push_str(&format!("\n    {more}\n"));
        }
        w.body.text.push('\n');
    }
    while w.body.text.ends_with("\n\n") {
        w.body.text.pop();
    }
    w.body
}

struct Writer<'a> {
    photos: &'a [String],
    body: Body,
    /// The open list items: (level, width of their marker).
    lists: Vec<(usize, usize)>,
    /// Whether the outermost open list is numbered.
    top: Option<bool>,
}

impl Writer<'_> {
    fn end_list(&mut self) {
        if self.top.is_some() {
            self.lists.clear();
            self.top = None;
            self.body.text.push('\n');
        }
    }

    fn para(&mut self, p: &Para) {
        match (&p.list, p.heading) {
            (Some(mark), None) if !matches!(mark.kind, ItemKind::Label(_)) => {
                while self.lists.last().is_some_and(|(l, _)| *l >= mark.level) {
                    self.lists.pop();
                }
                // A bulleted list right after a numbered one (or the
                // reverse) is a list of its own.
                let ordered = matches!(mark.kind, ItemKind::Number(_));
                if self.lists.is_empty() && self.top.is_some_and(|o| o != ordered) {
                    self.body.text.push('\n');
                }
                if self.lists.is_empty() {
                    self.top = Some(ordered);
                }
                let indent: usize = self.lists.iter().map(|(_, w)| w).sum();
                let marker = match mark.kind {
                    ItemKind::Number(n) => format!("{n}. "),
                    _ => "- ".to_string(),
                };
                self.lists.push((mark.level, marker.chars().count()));
                let text = self.inlines(&p.inlines, false);
                let pad = " ".repeat(indent);
                // Lines after a break stay inside the item.
                let text = text.replace('\n', &format!("\n{pad}{}", " ".repeat(marker.len())));
                self.body.text.push_str(&format!("{pad}{marker}{text}\n"));
                self.body.list_items += 1;
            }
            _ => {
                self.end_list();
                let mut text = self.inlines(&p.inlines, p.heading.is_some());
                if let Some(ListMark { kind: ItemKind::Label(label), .. }) = &p.list {
                    let sep = if label.ends_with(|c: char| c.is_ascii()) { " " } else { "" };
                    text = format!("{}{sep}{text}", escape(label, true));
                    self.body.list_items += 1;
                } else if let Some(level) = p.heading {
                    text = format!("{} {text}", "#".repeat(usize::from(level)));
                    self.body.headings += 1;
                } else {
                    self.body.paragraphs += 1;
                }
                self.body.text.push_str(&text);
                self.body.text.push_str("\n\n");
            }
        }
    }

    fn table(&mut self, rows: &[Vec<Cell>]) {
        self.end_list();
        let width = rows.iter().map(|r| r.iter().map(|c| c.span).sum::<usize>()).max().unwrap_or(0);
        // A one-cell table is a frame around text: its paragraphs.
        if width <= 1 && rows.len() <= 1 {
            for para in rows.iter().flatten().flat_map(|c| &c.paras) {
                let text = self.inlines(para, false);
                self.body.text.push_str(&format!("{text}\n\n"));
                self.body.paragraphs += 1;
            }
            return;
        }
        for (i, row) in rows.iter().enumerate() {
            let mut cells = Vec::new();
            for cell in row {
                let text = if cell.merged {
                    String::new()
                } else {
                    // A line break in a cell is `<br>`: a table row is one line.
                    cell.paras
                        .iter()
                        .map(|p| self.inlines(p, false).replace("\\\n", "<br>").replace('\n', " "))
                        .collect::<Vec<_>>()
                        .join("<br>")
                };
                cells.push(text);
                cells.extend(std::iter::repeat_n(String::new(), cell.span - 1));
            }
            cells.resize(width, String::new());
            self.body.text.push_str(&format!("| {} |\n", cells.join(" | ")));
            if i == 0 {
                self.body.text.push_str(&format!("|{}\n", " --- |".repeat(width)));
            }
        }
        self.body.text.push('\n');
        self.body.tables += 1;
    }

    /// Inline Markdown; a heading's breaks are blanks.
    fn inlines(&mut self, inlines: &[Inline], heading: bool) -> String {
        let mut out = String::new();
        let mut line_start = true;
        for i in inlines {
            match i {
                Inline::Text { text, bold, italic } => {
                    let text = text.replace(['\n', '\r'], " ");
                    out.push_str(&emphasized(&text, *bold, *italic, line_start));
                }
                Inline::Break if heading => out.push(' '),
                Inline::Break => {
                    out.push_str("\\\n");
                    line_start = true;
                    continue;
                }
                Inline::Link { url, content } => {
                    let text = self.inlines(content, true);
                    self.body.links += 1;
                    if text.is_empty() {
                        out.push_str(&format!("<{}>", link_url(url)));
                    } else {
                        out.push_str(&format!("[{text}]({})", link_url(url)));
                    }
                }
                Inline::Note(n) => out.push_str(&format!("[^{n}]")),
                Inline::Image { media, alt } => {
                    let file = self.photos.get(*media).map(String::as_str).unwrap_or_default();
                    out.push_str(&format!("![{}]({file})", escape(alt, false)));
                }
            }
            line_start = false;
        }
        out
    }
}

/// Text with its emphasis, punctuation and blanks at its ends kept outside
/// the markers.
fn emphasized(text: &str, bold: bool, italic: bool, line_start: bool) -> String {
    let marker = match (bold, italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => return escape(text, line_start),
    };
    let edge = |c: char| c.is_whitespace() || c == '\u{3000}' || is_punctuation(c);
    let core = text.trim_matches(edge);
    if core.is_empty() {
        return escape(text, line_start);
    }
    let start = text.len() - text.trim_start_matches(edge).len();
    let (before, after) = (&text[..start], &text[start + core.len()..]);
    format!("{}{marker}{}{marker}{}", escape(before, line_start), escape(core, false), escape(after, false))
}

/// Punctuation as CommonMark's flanking rules count it (ASCII and Unicode
/// punctuation, Chinese marks among them).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}' | '\u{fe10}'..='\u{fe1f}' | '\u{fe30}'..='\u{fe4f}' | '\u{00a1}'..='\u{00bf}')
}

/// Escapes what Markdown would read as markup; at the start of a line,
/// also what would begin a block (`- `, `1. `, `+`, `=`).
pub fn escape(text: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    if line_start {
        if out.starts_with(['-', '+', '=']) {
            out.insert(0, '\\');
        }
        let digits = out.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && out[digits..].starts_with(['.', ')']) && out[digits + 1..].chars().next().is_none_or(char::is_whitespace) {
            out.insert(digits, '\\');
        }
    }
    out
}

/// A link target as Markdown reads it: blanks, brackets and parentheses
/// percent-encoded.
fn link_url(url: &str) -> String {
    let mut out = String::new();
    for c in url.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(md));
        out
    }

    #[test]
    fn emphasis_next_to_chinese_punctuation_is_still_emphasis() {
        let md = format!("开展{}活动", emphasized("“安全生产月”", true, false, false));
        assert_eq!(md, "开展“**安全生产月**”活动");
        assert_eq!(html(&md), "<p>开展“<strong>安全生产月</strong>”活动</p>\n");
        assert_eq!(html(&emphasized("重点 ", false, true, true)), "<p><em>重点</em></p>\n");
    }

    #[test]
    fn a_title_broken_over_lines_is_one_line() {
        assert_eq!(joined_lines("成都片区联合开展 安全生产主题党日活动"), "成都片区联合开展安全生产主题党日活动");
        assert_eq!(joined_lines("学习 2026 年全国两会精神"), "学习 2026 年全国两会精神");
    }

    #[test]
    fn markup_characters_of_the_text_stay_text() {
        for text in ["1. 不是列表", "- 不是列表", "# 不是标题", "a*b*c [x](y) <b> | ~~z~~ &amp;", "== x"] {
            let md = escape(text, true);
            let parsed = html(&md);
            let fragment = scraper::Html::parse_fragment(&parsed);
            let shown: String = fragment.root_element().text().collect();
            assert_eq!(shown.trim(), text, "{md} -> {parsed}");
            assert!(parsed.starts_with("<p>"), "{parsed}");
        }
    }
}
