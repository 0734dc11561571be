//! A page's body HTML (as the renderer publishes it: Markdown rendered and
//! sanitized) made into [`Block`]s. Parsed with an HTML5 parser, not
//! matched with patterns, so raw HTML that the sanitizer let through is read
//! as a browser reads it. What has no printed form (scripts are already
//! gone; forms, media) gives its text.

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::{Block, Inline};

/// How the converter resolves addresses.
pub struct Resolve<'a> {
    /// An `<img src>` to the key of the image in the document, or `None`
    /// when the page does not publish it (its alternative text is printed).
    pub image: &'a mut dyn FnMut(&str) -> Option<String>,
    /// An `<a href>` to the address the file links to (absolute, or `#…`).
    pub link: &'a dyn Fn(&str) -> String,
}

/// The blocks of a body's HTML, headings moved up so that the body's
/// highest heading level present (`<h2>` of a report) is level 1.
pub fn blocks_from_html(html: &str, resolve: &mut Resolve<'_>) -> Vec<Block> {
    let doc = Html::parse_fragment(html);
    let mut b = Builder { resolve, out: Vec::new(), pending: Vec::new(), images: Vec::new() };
    // A fragment's nodes sit under its `<html>` element.
    let root = doc.root_element();
    b.blocks_of(*root);
    b.flush();
    let mut blocks = b.out;
    let top = min_heading(&blocks).unwrap_or(1);
    shift_headings(&mut blocks, top.saturating_sub(1));
    blocks
}

struct Builder<'r, 'a> {
    resolve: &'r mut Resolve<'a>,
    out: Vec<Block>,
    /// Inline content met at block level (loose text), made a paragraph
    /// when a block follows.
    pending: Vec<Inline>,
    /// Images met inside the current paragraph, placed after it.
    images: Vec<Block>,
}

impl Builder<'_, '_> {
    fn flush(&mut self) {
        let content = std::mem::take(&mut self.pending);
        if has_text(&content) {
            self.out.push(Block::Paragraph { content: trim(content) });
        }
        self.out.append(&mut self.images);
    }

    /// Appends the blocks of `node`'s children.
    fn blocks_of(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            self.block(child);
        }
    }

    fn block(&mut self, node: NodeRef<'_, Node>) {
        let el = match node.value() {
            Node::Text(t) => {
                if !t.trim().is_empty() {
                    self.pending.push(Inline::Text { text: t.to_string() });
                }
                return;
            }
            Node::Element(el) => el,
            _ => return,
        };
        let name = el.name();
        match name {
            "p" => {
                let mut content = std::mem::take(&mut self.pending);
                content.extend(self.inlines(node));
                self.pending = content;
                self.flush();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = name.as_bytes()[1] - b'0';
                let content = trim(self.inlines(node));
                self.out.push(Block::Heading { level, content });
                self.out.append(&mut self.images);
            }
            "ul" | "ol" => {
                self.flush();
                let start = el.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1);
                let items = element_children(node).filter(|c| element_name(*c) == Some("li")).map(|li| self.nested(li)).collect();
                self.out.push(Block::List { ordered: name == "ol", start, items });
            }
            "blockquote" => {
                self.flush();
                let blocks = self.nested(node);
                self.out.push(Block::Quote { blocks });
            }
            "pre" => {
                self.flush();
                let text = text_of(node);
                self.out.push(Block::Code { text: text.trim_end_matches('\n').to_string() });
            }
            "table" => {
                self.flush();
                let table = self.table(node);
                self.out.push(table);
            }
            "hr" => {
                self.flush();
                self.out.push(Block::Rule);
            }
            "img" => {
                self.flush();
                let image = self.image(el.attr("src"), el.attr("alt"), el.attr("title"));
                self.out.push(image);
            }
            "figure" => {
                self.flush();
                self.figure(node);
            }
            "br" => self.pending.push(Inline::Break),
            "div" | "section" | "article" | "aside" | "header" | "footer" | "main" | "nav" | "details" | "summary" | "dl" | "dt" | "dd"
            | "li" | "center" => {
                self.flush();
                self.blocks_of(node);
                self.flush();
            }
            "script" | "style" | "template" => {}
            _ => {
                let inlines = self.inline(node);
                self.pending.extend(inlines);
            }
        }
    }

    /// The blocks of a list item or quotation, on their own.
    fn nested(&mut self, node: NodeRef<'_, Node>) -> Vec<Block> {
        let outer = (std::mem::take(&mut self.out), std::mem::take(&mut self.pending), std::mem::take(&mut self.images));
        self.blocks_of(node);
        self.flush();
        let blocks = std::mem::replace(&mut self.out, outer.0);
        self.pending = outer.1;
        self.images = outer.2;
        blocks
    }

    fn table(&mut self, node: NodeRef<'_, Node>) -> Block {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        for row in node.descendants().filter(|n| element_name(*n) == Some("tr")) {
            let in_head = row.ancestors().any(|a| element_name(a) == Some("thead"));
            let cells: Vec<Vec<Inline>> = element_children(row)
                .filter(|c| matches!(element_name(*c), Some("td" | "th")))
                .map(|c| {
                    let inl = self.inlines(c);
                    trim(inl)
                })
                .collect();
            if in_head && header.is_empty() {
                header = cells;
            } else {
                rows.push(cells);
            }
        }
        // Images inside cells follow the table.
        let images = std::mem::take(&mut self.images);
        self.out.extend(images);
        Block::Table { header, rows }
    }

    fn figure(&mut self, node: NodeRef<'_, Node>) {
        let caption = element_children(node).find(|c| element_name(*c) == Some("figcaption")).map(|c| text_of(c).trim().to_string());
        let img = node.descendants().find(|n| element_name(*n) == Some("img"));
        match img {
            Some(i) => {
                let el = match i.value() {
                    Node::Element(e) => e,
                    _ => return,
                };
                let mut image = self.image(el.attr("src"), el.attr("alt"), el.attr("title"));
                if let (Block::Image { caption: c, .. }, Some(text)) = (&mut image, caption.filter(|t| !t.is_empty())) {
                    *c = Some(text);
                }
                self.out.push(image);
            }
            None => {
                self.blocks_of(node);
                self.flush();
            }
        }
    }

    fn image(&mut self, src: Option<&str>, alt: Option<&str>, title: Option<&str>) -> Block {
        let alt = alt.unwrap_or_default().to_string();
        let caption = title.filter(|t| !t.trim().is_empty()).map(str::to_string);
        match src.and_then(|s| (self.resolve.image)(s)) {
            Some(key) => Block::Image { key, alt, caption },
            None => Block::Paragraph { content: vec![Inline::Text { text: caption.unwrap_or(alt) }] },
        }
    }

    /// The inline content of `node`'s children.
    fn inlines(&mut self, node: NodeRef<'_, Node>) -> Vec<Inline> {
        node.children().flat_map(|c| self.inline(c)).collect()
    }

    fn inline(&mut self, node: NodeRef<'_, Node>) -> Vec<Inline> {
        let el = match node.value() {
            Node::Text(t) => return vec![Inline::Text { text: collapse(t) }],
            Node::Element(el) => el,
            _ => return Vec::new(),
        };
        let content = |b: &mut Self| b.inlines(node);
        match el.name() {
            "strong" | "b" => vec![Inline::Strong { content: content(self) }],
            "em" | "i" | "cite" | "dfn" | "var" => vec![Inline::Emph { content: content(self) }],
            "del" | "s" | "strike" => vec![Inline::Strike { content: content(self) }],
            "sup" => vec![Inline::Sup { content: content(self) }],
            "code" | "kbd" | "samp" | "tt" => vec![Inline::Code { text: text_of(node) }],
            "br" => vec![Inline::Break],
            "a" => {
                let inner = content(self);
                match el.attr("href") {
                    Some(h) if !h.is_empty() => vec![Inline::Link { url: (self.resolve.link)(h), content: inner }],
                    _ => inner,
                }
            }
            "img" => {
                let image = self.image(el.attr("src"), el.attr("alt"), el.attr("title"));
                match image {
                    Block::Paragraph { content } => content,
                    image => {
                        self.images.push(image);
                        Vec::new()
                    }
                }
            }
            "input" => {
                // A task list's box.
                let checked = el.attr("checked").is_some();
                vec![Inline::Text { text: if checked { "☑ " } else { "☐ " }.to_string() }]
            }
            "script" | "style" | "template" => Vec::new(),
            _ => content(self),
        }
    }
}

fn element_children<'a>(node: NodeRef<'a, Node>) -> impl Iterator<Item = NodeRef<'a, Node>> {
    node.children().filter(|c| c.value().is_element())
}

fn element_name(node: NodeRef<'_, Node>) -> Option<&str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

fn text_of(node: NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|n| match n.value() {
            Node::Text(t) => Some(&**t),
            _ => None,
        })
        .collect()
}

/// Text as HTML lays it out: runs of white space are one space (a line
/// break inside a Chinese paragraph joins the lines, as a browser does).
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            // Between two Chinese characters a line break is no space.
            let prev_cjk = out.chars().next_back().is_some_and(is_cjk);
            if !(prev_cjk && is_cjk(c)) {
                out.push(' ');
            }
        } else if space {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

fn has_text(content: &[Inline]) -> bool {
    content.iter().any(|i| match i {
        Inline::Text { text } => !text.trim().is_empty(),
        Inline::Break => false,
        _ => true,
    })
}

/// Leading and trailing white space of a paragraph's text removed.
fn trim(mut content: Vec<Inline>) -> Vec<Inline> {
    while matches!(content.first(), Some(Inline::Break)) {
        content.remove(0);
    }
    while matches!(content.last(), Some(Inline::Break)) {
        content.pop();
    }
    if let Some(Inline::Text { text }) = content.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline::Text { text }) = content.last_mut() {
        *text = text.trim_end().to_string();
    }
    content.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    content
}

fn min_heading(blocks: &[Block]) -> Option<u8> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            Block::Quote { blocks } => min_heading(blocks),
            _ => None,
        })
        .min()
}

fn shift_headings(blocks: &mut [Block], by: u8) {
    for b in blocks {
        match b {
            Block::Heading { level, .. } => *level = (*level - by).clamp(1, 4),
            Block::Quote { blocks } => shift_headings(blocks, by),
            Block::List { items, .. } => items.iter_mut().for_each(|i| shift_headings(i, by)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(html: &str) -> Vec<Block> {
        let mut n = 0;
        let mut image = |src: &str| {
            n += 1;
            (!src.contains("missing")).then(|| format!("img-{n}"))
        };
        let link = |h: &str| if h.starts_with('/') { format!("https://x.cn{h}") } else { h.to_string() };
        blocks_from_html(html, &mut Resolve { image: &mut image, link: &link })
    }

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    #[test]
    fn paragraphs_headings_and_lists_become_blocks_with_headings_from_level_one() {
        let blocks = convert(
            "<h2 id=\"a\">一、基本情况</h2>\n<p>第一行\n第二行 <strong>重点</strong></p>\n<h3>细节</h3><ol start=\"3\"><li>甲</li><li><p>乙</p><ul><li>丙</li></ul></li></ol>",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Heading { level: 1, content: vec![text("一、基本情况")] },
                Block::Paragraph { content: vec![text("第一行第二行 "), Inline::Strong { content: vec![text("重点")] }] },
                Block::Heading { level: 2, content: vec![text("细节")] },
                Block::List {
                    ordered: true,
                    start: 3,
                    items: vec![
                        vec![Block::Paragraph { content: vec![text("甲")] }],
                        vec![
                            Block::Paragraph { content: vec![text("乙")] },
                            Block::List { ordered: false, start: 1, items: vec![vec![Block::Paragraph { content: vec![text("丙")] }]] }
                        ],
                    ]
                },
            ]
        );
    }

    #[test]
    fn an_image_inside_a_paragraph_follows_it_and_a_missing_one_leaves_its_words() {
        let blocks =
            convert("<p>现场<img src=\"/r/a.jpg\" alt=\"合影\" title=\"签约仪式\">照片</p><p><img src=\"/missing.png\" alt=\"缺图\"></p>");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph { content: vec![text("现场"), text("照片")] },
                Block::Image { key: "img-1".into(), alt: "合影".into(), caption: Some("签约仪式".into()) },
                Block::Paragraph { content: vec![text("缺图")] },
            ]
        );
    }

    #[test]
    fn tables_links_and_code_keep_their_parts() {
        let blocks = convert(
            "<table><thead><tr><th>单位</th><th>人次</th></tr></thead><tbody><tr><td><a href=\"/regions/x/\">一公司</a></td><td>12</td></tr></tbody></table><pre><code><span class=\"hl-k\">fn</span> main()\n</code></pre>",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Table {
                    header: vec![vec![text("单位")], vec![text("人次")]],
                    rows: vec![vec![
                        vec![Inline::Link { url: "https://x.cn/regions/x/".into(), content: vec![text("一公司")] }],
                        vec![text("12")]
                    ]],
                },
                Block::Code { text: "fn main()".into() },
            ]
        );
    }

    #[test]
    fn raw_markup_is_read_as_a_browser_reads_it() {
        // Unclosed tags, an entity, a footnote label before its paragraph.
        let blocks = convert("<div class=\"footnote-definition\"><sup>1</sup><p>注释 &amp; 说明</div><p>后文");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph { content: vec![Inline::Sup { content: vec![text("1")] }, text("注释 & 说明")] },
                Block::Paragraph { content: vec![text("后文")] },
            ]
        );
    }
}
