//! Markdown to HTML: pulldown-cmark with tables, footnotes, strikethrough,
//! task lists and heading attributes; GitHub-style heading ids that keep
//! Chinese; a table of contents; syntect highlighting with CSS classes;
//! internal links (`@/…md`, relative `.md`) rewritten to page URLs; relative
//! asset references checked and rewritten; summary, word count and reading time.
//!
//! Rendering one document is a pure function of its text and a read-only view
//! of the site ([`LinkContext`]), so documents render in parallel. Anchors
//! into *other* documents can only be checked once every document is rendered;
//! they come back as [`PendingAnchor`]s.

// Image names Markdown does not read.
mod images;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::diagnostics::Diagnostic;
use crate::messages::{FileRef, Hint, Message};
use crate::slug::heading_id;

/// The class prefix of highlighted spans (`hl-keyword`).
pub const HIGHLIGHT_PREFIX: &str = "hl-";

/// One heading, for the table of contents.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// A link to `#anchor` in another document, checked after all are rendered.
#[derive(Debug, Clone)]
pub struct PendingAnchor {
    /// Content-relative source of the target.
    pub target: String,
    /// The anchor (without `#`).
    pub anchor: String,
    /// File line and column of the link.
    pub pos: (usize, usize),
}

/// What a link to another document resolves to.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    /// The target's site path.
    pub url: String,
    /// True when the target is a draft that is not being built.
    pub excluded_draft: bool,
}

/// Read-only view of the site that rendering needs.
pub struct LinkContext<'a> {
    /// Content-relative source path -> target.
    pub targets: &'a HashMap<String, LinkTarget>,
    /// Content-relative paths of every asset file.
    pub assets: &'a BTreeSet<String>,
    /// Clean raw HTML with ammonia.
    pub sanitize: bool,
    /// Link HTML and XML documents as files (`assets: { allow_html: true }`).
    pub allow_html: bool,
    /// What links starting with `/` resolve against.
    pub site: &'a SiteUrls,
}

// Links starting with `/`, raw HTML `href`/`src`, alt text.
mod raw_html;
mod site_links;
pub use site_links::{SiteLink, SiteUrls, page_path, site_links_broken};

/// One document to render.
pub struct Source<'a> {
    /// Content-relative path of the Markdown file.
    pub source: &'a str,
    /// Path shown in messages.
    pub shown: &'a str,
    /// Whole file text (for source lines in diagnostics).
    pub file_text: &'a str,
    /// The Markdown to render.
    pub body: &'a str,
    /// Byte offset of `body` in `file_text`.
    pub body_offset: usize,
    /// The document's own site path, where its assets are copied.
    pub url: &'a str,
}

impl<'a> Source<'a> {
    /// A file whose Markdown body starts at byte `body_offset` of
    /// `file_text`, to be rendered as the page at `url`. An offset that is
    /// past the end or not on a character boundary gives an empty body.
    pub fn new(source: &'a str, shown: &'a str, file_text: &'a str, body_offset: usize, url: &'a str) -> Source<'a> {
        Source { source, shown, file_text, body: file_text.get(body_offset..).unwrap_or_default(), body_offset, url }
    }
}

/// Text kept LZ4-compressed in memory. A large site's rendered pages are
/// held from the graph phase until each is written, and HTML shrinks to
/// about a third: on the 100k-report corpus that is hundreds of megabytes
/// of peak memory, for well under a millisecond of CPU per page.
#[derive(Clone, Default)]
pub struct Packed {
    bytes: Box<[u8]>,
    len: usize,
}

impl Packed {
    /// Compresses `text`.
    pub fn new(text: &str) -> Packed {
        Packed { bytes: lz4_flex::block::compress(text.as_bytes()).into_boxed_slice(), len: text.len() }
    }

    /// The text.
    pub fn unpack(&self) -> String {
        let bytes = lz4_flex::block::decompress(&self.bytes, self.len).unwrap_or_default();
        // What `new` compressed was a `str`; the block format's checked
        // decoding gives those bytes back or fails.
        crate::text::string_from_utf8(bytes).unwrap_or_default()
    }

    /// The length of the text in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} bytes in {})", self.len, self.bytes.len())
    }
}

impl From<&str> for Packed {
    fn from(text: &str) -> Packed {
        Packed::new(text)
    }
}

/// The result of rendering one document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Body HTML (compressed in memory: [`Packed::unpack`] gives it).
    pub html: Packed,
    /// Summary HTML: text before `<!-- more -->`, else the first paragraph.
    pub summary_html: String,
    /// Headings in order.
    pub toc: Vec<TocEntry>,
    /// Han characters plus words of other scripts.
    pub word_count: usize,
    /// Minutes: Chinese at 400 characters, other text at 200 words a minute.
    pub reading_minutes: usize,
    /// Anchors in other documents to check.
    pub anchors: Vec<PendingAnchor>,
    /// Links starting with `/` to no document, checked against every
    /// output once the site is planned.
    pub site_links: Vec<SiteLink>,
    /// Assets to copy: (content-relative source, site path of the copy).
    pub assets: Vec<(String, String)>,
    /// Where each of `assets` is first linked (line, column), in the same
    /// order. Kept apart from `assets`, which the dev server compares
    /// between edits: a link moved to another line changes no output.
    pub asset_at: Vec<(usize, usize)>,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Starts loading syntect's syntax definitions and themes on a thread of
/// their own (a large set to deserialize, once per process), so that they are
/// ready when the first code block is highlighted instead of holding up
/// every rendering thread then.
pub fn warm_up() {
    std::thread::spawn(|| {
        syntax_set();
        highlight_css();
    });
}

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The stylesheet for highlighted code (light theme, plus a dark variant under
/// `prefers-color-scheme: dark`), generated from syntect's bundled themes.
pub fn highlight_css() -> String {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(generate_highlight_css).clone()
}

fn generate_highlight_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let style = ClassStyle::SpacedPrefixed { prefix: HIGHLIGHT_PREFIX };
    let mut css = String::from("/* generated by regionpress from syntect's InspiredGitHub theme */\n");
    if let Some(light) = themes.themes.get("InspiredGitHub") {
        css.push_str(&syntect::html::css_for_theme_with_class_style(light, style).unwrap_or_default());
    }
    readable_colours(&css)
}

/// The background of a code block in the default theme (`pre.code` in
/// theme.css).
const CODE_BACKGROUND: &str = "#f8f7f5";

/// Every text colour of the highlighting stylesheet darkened to at least
/// 4.6:1 against the darkest background a token can sit on (the code
/// block's, or one the stylesheet itself gives: deleted and inserted lines),
/// so that comments and the paler tokens pass WCAG AA (undarkened, the
/// syntax theme's comments are 2.71:1).
fn readable_colours(css: &str) -> String {
    let hex_after = |s: &str| {
        s.trim_start().get(..7).filter(|h| h.starts_with('#') && h[1..].bytes().all(|b| b.is_ascii_hexdigit())).map(str::to_string)
    };
    let darkest = css
        .split("background-color:")
        .skip(1)
        .filter_map(hex_after)
        .chain([CODE_BACKGROUND.to_string()])
        .min_by(|a, b| crate::color::luminance(a).total_cmp(&crate::color::luminance(b)))
        .unwrap_or_else(|| CODE_BACKGROUND.to_string());
    let mut out = String::with_capacity(css.len());
    for (i, line) in css.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        match trimmed.strip_prefix("color:").and_then(hex_after) {
            Some(fg) if i > 0 => out.push_str(&line.replacen(&fg, &crate::color::darkened_for(&fg, &darkest, 4.6), 1)),
            _ => out.push_str(line),
        }
    }
    out
}

/// Highlights `code` as `lang`, with class-based spans. Unknown languages are escaped as is.
///
/// Highlighting runs syntect's pure-Rust regex engine over every line of a
/// block, and sites repeat blocks (the same configuration
/// snippet in every guide): identical blocks are highlighted once per
/// process. The memo holds up to [`HIGHLIGHT_MEMO`] blocks and is then
/// emptied, so a long-running dev server does not grow without bound.
pub fn highlight(code: &str, lang: &str) -> String {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    type Memo = Mutex<HashMap<(u128, String), Arc<str>>>;
    static MEMO: OnceLock<Memo> = OnceLock::new();
    let memo = MEMO.get_or_init(Default::default);
    let key = (xxhash_rust::xxh3::xxh3_128(code.as_bytes()), lang.to_string());
    if let Some(html) = memo.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return html.to_string();
    }
    let html = highlight_uncached(code, lang);
    let mut memo = memo.lock().unwrap_or_else(|e| e.into_inner());
    if memo.len() >= HIGHLIGHT_MEMO {
        memo.clear();
    }
    memo.insert(key, html.as_str().into());
    html
}

/// Blocks remembered by [`highlight`].
pub const HIGHLIGHT_MEMO: usize = 4096;

/// [`highlight`] without the memo: the micro-benchmarks time this.
pub fn highlight_uncached(code: &str, lang: &str) -> String {
    let lang: String = lang.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-' | '#')).collect();
    let mut out = String::with_capacity(code.len() * 2 + 64);
    if lang.is_empty() {
        out.push_str("<pre class=\"code\"><code>");
    } else {
        out.push_str(&format!("<pre class=\"code\" data-lang=\"{lang}\"><code class=\"language-{lang}\">"));
    }
    let set = syntax_set();
    let syntax = if lang.is_empty() { None } else { set.find_syntax_by_token(&lang) };
    match syntax {
        Some(syntax) => {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::SpacedPrefixed { prefix: HIGHLIGHT_PREFIX });
            let mut ok = true;
            for line in LinesWithEndings::from(code) {
                if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                    ok = false;
                    break;
                }
            }
            if ok {
                out.push_str(&generator.finalize());
            } else {
                escape_text(code, &mut out);
            }
        }
        None => escape_text(code, &mut out),
    }
    out.push_str("</code></pre>\n");
    out
}

fn escape_text(text: &str, out: &mut String) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(out, text);
}

/// True for characters counted one by one (Han, kana, hangul, fullwidth forms).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F |
        0x3040..=0x30FF | 0xAC00..=0xD7AF)
}

/// Counts Han characters one by one and runs of other letters/digits as words.
pub fn count_words(text: &str) -> (usize, usize) {
    let (mut cjk, mut words, mut in_word) = (0, 0, false);
    for c in text.chars() {
        if is_cjk(c) {
            cjk += 1;
            in_word = false;
        } else if crate::text::is_alphanumeric(c) {
            if !in_word {
                words += 1;
            }
            in_word = true;
        } else if c != '\'' && c != '-' {
            in_word = false;
        }
    }
    (cjk, words)
}

/// Reading time in whole minutes (at least 1 for non-empty text).
pub fn reading_minutes(cjk: usize, words: usize) -> usize {
    if cjk + words == 0 {
        return 0;
    }
    let minutes = cjk as f64 / 400.0 + words as f64 / 200.0;
    (minutes.ceil() as usize).max(1)
}

/// 1-based (line, character column) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

pub use crate::diagnostics::LineIndex;

fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// True for `javascript:`, `vbscript:` and `data:text` URLs, however they
/// are spelled (case, embedded whitespace or control characters).
pub fn is_dangerous_scheme(url: &str) -> bool {
    let lower: String =
        url.trim().chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(11).collect::<String>().to_ascii_lowercase();
    lower.starts_with("javascript:") || lower.starts_with("vbscript:") || lower.starts_with("data:text")
}

/// The most Markdown marks (see [`excess_mark`]) one text may have.
/// pulldown-cmark builds a tree of the whole text before the first event,
/// at 50 to 100 bytes per construct, and a construct can take one or two
/// bytes (a table cell `|a`, an emphasis `*a*`, a list item `- a`), so a
/// page made of tiny constructs needs memory tens of times its size. The
/// limit bounds that whatever a page holds, far above what writing needs:
/// 50 MiB of ordinary report text has about 350,000 marks.
pub const MAX_MARKDOWN_MARKS: usize = 1_000_000;

/// True for a byte that may start or end a Markdown construct: a line
/// break, or the ASCII punctuation of tables, emphasis, code, links,
/// images, raw HTML, entities, escapes, headings, block quotes and lists.
fn is_mark(b: u8) -> bool {
    matches!(b, b'\n' | b'|' | b'*' | b'_' | b'`' | b'~' | b'[' | b']' | b'!' | b'<' | b'>' | b'&' | b'\\' | b'#' | b'+' | b'-')
}

/// The byte offset in `text` of the first mark past [`MAX_MARKDOWN_MARKS`],
/// if there is one (one pass; text below the limit renders in memory
/// proportional to its length).
pub fn excess_mark(text: &str) -> Option<usize> {
    let mut marks = 0usize;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if is_mark(b) {
            marks += 1;
            if marks > MAX_MARKDOWN_MARKS {
                return Some(i);
            }
        }
    }
    None
}

/// How many problems of one page get a "did you mean" hint, which compares
/// the wrong name with every page or heading; the rest get the general
/// hint, so that a page of many broken links costs time linear in them.
pub(crate) const NEAREST_HINTS_PER_PAGE: usize = 100;

/// Renders Markdown `text` (no front matter) on its own, without links or
/// assets (used for region descriptions, summaries and notes). A text
/// with more than [`MAX_MARKDOWN_MARKS`] marks (reported by the loader as
/// `markdown-too-complex`) is shown as plain, escaped text.
pub fn render_plain(text: &str, sanitize: bool) -> String {
    let mut out = String::new();
    if excess_mark(text).is_some() {
        out.push_str("<p>");
        escape_text(text, &mut out);
        out.push_str("</p>\n");
        return out;
    }
    let mut raw = false;
    let events = Parser::new_ext(text, options()).map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => {
            raw = true;
            Event::Html(h)
        }
        Event::Start(Tag::Link { link_type, dest_url, title, id }) if is_dangerous_scheme(&dest_url) => {
            Event::Start(Tag::Link { link_type, dest_url: CowStr::Borrowed("#"), title, id })
        }
        other => other,
    });
    html::push_html(&mut out, events);
    if raw && sanitize { clean_html(&out) } else { out }
}

/// Cleans HTML with ammonia, keeping what regionpress itself emits (ids,
/// classes, task-list checkboxes) but no script, handler or dangerous URL.
pub fn clean_html(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let cleaner = CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "data-lang", "align"]);
        b.add_tags(["input", "section", "figure", "figcaption", "details", "summary", "mark"]);
        b.add_tag_attributes("input", ["type", "checked", "disabled"]);
        b.add_tag_attributes("img", ["width", "height", "loading"]);
        b.add_tag_attributes("ol", ["start"]);
        b.link_rel(None);
        b
    });
    cleaner.clean(html).to_string()
}

/// Renders one document.
pub fn render(src: &Source<'_>, ctx: &LinkContext<'_>) -> Rendered {
    let mut links = Links::new(src, ctx);
    if let Some(offset) = excess_mark(src.body) {
        let (line, col) = links.pos(offset);
        let message = Message::MarkdownTooComplex { limit: MAX_MARKDOWN_MARKS };
        links.r.diags.push(Diagnostic::new(src.shown, line, col, message).with_hint(Hint::SplitLargeFile).with_source(src.file_text));
        return links.r;
    }
    let mut body = Body::default();
    // Plain text outside code blocks, where an image Markdown could not read may hide.
    let (mut text_ranges, mut in_code) = (Vec::new(), false);
    for (event, range) in Parser::new_ext(src.body, options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => text_ranges.push((range.start, range.end)),
            _ => {}
        }
        body.event(event, range.start, &mut links);
    }
    raw_html::check(&mut body.events, &body.raw_at, &mut links);
    links.spaced_image_names(&images::runs(text_ranges));
    let mut r = links.finish(std::mem::take(&mut body.toc));
    body.write(&mut r, ctx.sanitize, src.body.len());
    r
}

/// What one pass over a document's Markdown events gathers: the events to
/// write (code blocks highlighted, heading ids set, `<!-- more -->`
/// dropped), the headings and where the summary ends.
struct Body<'t> {
    events: Vec<Event<'t>>,
    toc: Vec<TocEntry>,
    /// Heading ids given so far, with the count of repeats of each.
    used_ids: HashMap<String, usize>,
    /// The heading being read: its start event's index and its text.
    heading: Option<(usize, String)>,
    /// The code block being read: its language and its text.
    code: Option<(String, String)>,
    cjk: usize,
    words: usize,
    raw_html: bool,
    /// The index of the `<!-- more -->` mark.
    more_at: Option<usize>,
    /// The events of the first top-level paragraph (end `usize::MAX` while open).
    first_paragraph: Option<(usize, usize)>,
    depth: usize,
    /// Raw HTML events: (index in `events`, byte offset in the body), for
    /// their links.
    raw_at: Vec<(usize, usize)>,
    /// The image being read: its offset, destination and whether it has alt text.
    image: Option<(usize, String, bool)>,
}

impl Default for Body<'_> {
    fn default() -> Self {
        Body {
            events: Vec::with_capacity(256),
            toc: Vec::new(),
            used_ids: HashMap::new(),
            heading: None,
            code: None,
            cjk: 0,
            words: 0,
            raw_html: false,
            more_at: None,
            first_paragraph: None,
            depth: 0,
            raw_at: Vec::new(),
            image: None,
        }
    }
}

impl<'t> Body<'t> {
    /// Takes the event that starts at byte `offset` of the body; links and
    /// images are rewritten by `links`.
    fn event(&mut self, event: Event<'t>, offset: usize, links: &mut Links<'_>) {
        if let Some((_, buf)) = self.code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, buf) = self.code.take().unwrap_or_default();
                    self.events.push(Event::Html(CowStr::Boxed(highlight(&buf, &lang).into_boxed_str())));
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                self.heading = Some((self.events.len(), String::new()));
                self.events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
                self.depth += 1;
            }
            Event::End(TagEnd::Heading(level)) => {
                self.depth -= 1;
                self.end_heading(level);
                self.events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Text(t) => {
                self.count(&t);
                if let Some(image) = self.image.as_mut() {
                    image.2 |= !t.trim().is_empty();
                }
                self.events.push(Event::Text(t));
            }
            Event::Code(t) => {
                self.count(&t);
                self.events.push(Event::Code(t));
            }
            // A task's checkbox is shown, not operated; axe requires
            // a form field to have a name, so the box is hidden from assistive
            // technology and its state is said by a hidden ☑ or ☐ instead.
            Event::TaskListMarker(done) => {
                let (checked, mark) = if done { (" checked", "☑") } else { ("", "☐") };
                self.events.push(Event::InlineHtml(CowStr::Boxed(
                    format!(
                        "<input type=\"checkbox\" disabled{checked} aria-hidden=\"true\"><span class=\"visually-hidden\">{mark}</span>"
                    )
                    .into_boxed_str(),
                )));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if h.trim() == "<!-- more -->" {
                    if self.more_at.is_none() {
                        self.more_at = Some(self.events.len());
                    }
                } else {
                    self.raw_html = true;
                    self.raw_at.push((self.events.len(), offset));
                    self.events.push(Event::Html(h));
                }
            }
            Event::Start(Tag::Paragraph) => {
                if self.depth == 0 && self.first_paragraph.is_none() {
                    self.first_paragraph = Some((self.events.len(), usize::MAX));
                }
                self.depth += 1;
                self.events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                self.depth -= 1;
                self.events.push(Event::End(TagEnd::Paragraph));
                if self.depth == 0
                    && let Some((_, e)) = self.first_paragraph.as_mut()
                    && *e == usize::MAX
                {
                    *e = self.events.len();
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let new = links.rewrite(&dest_url, false, offset);
                let dest_url = new.map(|s| CowStr::Boxed(s.into_boxed_str())).unwrap_or(dest_url);
                self.depth += 1;
                self.events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let new = links.rewrite(&dest_url, true, offset);
                self.image = Some((offset, dest_url.to_string(), false));
                let dest_url = new.map(|s| CowStr::Boxed(s.into_boxed_str())).unwrap_or(dest_url);
                self.depth += 1;
                self.events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::Start(tag) => {
                self.depth += 1;
                self.events.push(Event::Start(tag));
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                if tag == TagEnd::Image
                    && let Some((at, dest, false)) = self.image.take()
                {
                    links.missing_alt(&dest, at);
                }
                self.events.push(Event::End(tag));
            }
            other => self.events.push(other),
        }
    }

    /// Counts the words of a text or code span, and adds it to the heading being read.
    fn count(&mut self, t: &str) {
        let (c, w) = count_words(t);
        self.cjk += c;
        self.words += w;
        if let Some((_, h)) = self.heading.as_mut() {
            h.push_str(t);
        }
    }

    /// Gives the heading just read its id (its own, or one from its text,
    /// numbered when taken) and an entry in the table of contents.
    fn end_heading(&mut self, level: HeadingLevel) {
        if let Some((start, text)) = self.heading.take()
            && let Event::Start(Tag::Heading { id, .. }) = &mut self.events[start]
        {
            let base = match id.as_ref() {
                Some(explicit) => explicit.to_string(),
                None => {
                    let h = heading_id(&text);
                    if h.is_empty() { "section".to_string() } else { h }
                }
            };
            let unique = match self.used_ids.get_mut(&base) {
                None => {
                    self.used_ids.insert(base.clone(), 0);
                    base
                }
                Some(n) => {
                    *n += 1;
                    let candidate = format!("{base}-{n}");
                    self.used_ids.insert(candidate.clone(), 0);
                    candidate
                }
            };
            *id = Some(CowStr::Boxed(unique.clone().into_boxed_str()));
            self.toc.push(TocEntry { level: level_number(level), id: unique, text: text.trim().to_string() });
        }
    }

    /// Writes the HTML and the summary into `r`, with the word counts.
    fn write(self, r: &mut Rendered, sanitize: bool, body_len: usize) {
        let summary_events: &[Event<'_>] = match (self.more_at, self.first_paragraph) {
            (Some(end), _) => &self.events[..end],
            (None, Some((s, e))) if e != usize::MAX => &self.events[s..e],
            _ => &[],
        };
        let mut summary = String::new();
        html::push_html(&mut summary, summary_events.iter().cloned());
        let mut out = String::with_capacity(body_len * 2);
        html::push_html(&mut out, self.events.into_iter());
        if self.raw_html && sanitize {
            out = clean_html(&out);
            summary = clean_html(&summary);
        }
        r.html = Packed::new(&out);
        r.summary_html = summary;
        r.word_count = self.cjk + self.words;
        r.reading_minutes = reading_minutes(self.cjk, self.words);
    }
}

/// One document's links as they are met: what they resolve against, and
/// what they found (anchors to check, files to copy, problems).
struct Links<'a> {
    src: &'a Source<'a>,
    ctx: &'a LinkContext<'a>,
    /// Built on the first link: locating each link by counting lines from
    /// the top of the file made a long report with many links quadratic.
    lines: std::cell::OnceCell<LineIndex<'a>>,
    r: Rendered,
    /// Links to `#anchor` in this document, checked once its headings are known.
    own_anchors: Vec<(String, (usize, usize))>,
    asset_seen: AssetNames,
}

impl<'a> Links<'a> {
    fn new(src: &'a Source<'a>, ctx: &'a LinkContext<'a>) -> Self {
        Links {
            src,
            ctx,
            lines: std::cell::OnceCell::new(),
            r: Rendered::default(),
            own_anchors: Vec::new(),
            asset_seen: AssetNames::default(),
        }
    }

    /// File (line, column) of byte `offset` of the body.
    fn pos(&self, offset: usize) -> (usize, usize) {
        self.lines.get_or_init(|| LineIndex::new(self.src.file_text)).line_col(self.src.body_offset + offset)
    }

    /// The rendering so far with the table of contents `toc`, once every
    /// link is met: links to missing headings of this page reported, and
    /// source lines attached to the problems.
    fn finish(self, toc: Vec<TocEntry>) -> Rendered {
        let mut r = self.r;
        r.toc = toc;
        let ids: std::collections::HashSet<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        let mut anchor_diags = Vec::new();
        for (anchor, p) in self.own_anchors {
            if !ids.contains(anchor.as_str()) {
                // The nearest heading is looked for by the first few only: each
                // look compares with every heading of the page.
                let hint = match anchor_diags.len() < NEAREST_HINTS_PER_PAGE {
                    true => anchor_hint(&anchor, &r.toc),
                    false => Hint::HeadingsThere(r.toc.iter().take(8).map(|t| format!("#{}", t.id)).collect()),
                };
                let message = Message::UnknownAnchor { anchor: anchor.clone() };
                anchor_diags.push(Diagnostic::new(self.src.shown, p.0, p.1, message).with_hint(hint));
            }
        }
        r.diags.extend(anchor_diags);
        // Source lines from one index of the file, in the order of the text
        // (a diagnostic per link counted lines from the top of the file, and
        // copied the whole line: a long report with many was quadratic).
        if !r.diags.is_empty() {
            let lines = self.lines.get_or_init(|| LineIndex::new(self.src.file_text));
            r.diags.sort_by_key(|d| (d.line, d.column));
            for d in &mut r.diags {
                if d.source_line.is_none() {
                    *d = std::mem::replace(d, Diagnostic::new("", 0, 0, Message::EmptyFile)).with_source_in(lines);
                }
            }
        }
        r
    }

    /// Rewrites the destination of the link or image at byte `offset` of
    /// the body. Returns the new URL, or `None` to keep it.
    fn rewrite(&mut self, dest: &str, is_image: bool, offset: usize) -> Option<String> {
        let pos = self.pos(offset);
        let shown = self.src.shown;
        // The source line is attached by `finish`, from the line index.
        let error = |message: Message, hint: Option<Hint>| Diagnostic::new(shown, pos.0, pos.1, message).with_hint_opt(hint);
        let what = if is_image { FileRef::Image } else { FileRef::Link };
        if dest.is_empty() {
            return None;
        }
        if is_dangerous_scheme(dest) {
            if self.ctx.sanitize {
                return Some("#".into());
            }
            return None;
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            self.own_anchors.push((anchor.to_string(), pos));
            return None;
        }
        if dest.starts_with('/') && !dest.starts_with("//") {
            return self.site_link(dest, is_image, pos);
        }
        if is_external(dest) && !dest.starts_with("@/") {
            return None;
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        let (resolved, path) = self.resolve(path);
        let path: &str = &path;
        let Some(target) = resolved else {
            self.r.diags.push(error(Message::PathOutside { what, path: dest.to_string() }, Some(Hint::StayInside)));
            return None;
        };
        let ctx = self.ctx;
        if !ctx.allow_html && ctx.assets.contains(&target) && crate::content_path::is_script_document(&target) {
            self.r.diags.push(error(Message::HtmlAsset { what, path: dest.to_string() }, Some(Hint::AllowHtml)));
            return None;
        }
        if path.ends_with(".md") {
            self.page_link(dest, target, anchor, pos)
        } else if path.starts_with("@/") || dest.starts_with("@/") {
            if ctx.assets.contains(&target) {
                Some(self.copy_asset(&target, path, query, anchor, pos))
            } else {
                self.r.diags.push(error(Message::MissingAsset { what, path: dest.to_string() }, None));
                None
            }
        } else if ctx.assets.contains(&target) {
            Some(self.copy_asset(&target, path, query, anchor, pos))
        } else {
            // A name that differs from the file's in case only.
            let hint = match ctx.assets.iter().find(|a| a.to_lowercase() == target.to_lowercase()) {
                Some(actual) => {
                    Hint::Photo(crate::messages::PhotoHint::CaseDiffers { actual: actual.rsplit('/').next().unwrap_or(actual).to_string() })
                }
                None => Hint::PutNextTo { file: shown.to_string() },
            };
            self.r.diags.push(error(Message::MissingAsset { what, path: path.to_string() }, Some(hint)));
            None
        }
    }

    /// The content path a link's `path` names (`None` when it leaves
    /// `content/`), and the path as the file is named.
    fn resolve<'d>(&self, path: &'d str) -> (Option<String>, std::borrow::Cow<'d, str>) {
        let ctx = self.ctx;
        let resolve = |path: &str| match path.strip_prefix("@/") {
            // `@/` paths start at content/: resolve them from a file at its top.
            Some(p) => crate::content_path::resolve_relative("_", p.trim_start_matches('/')),
            None => crate::content_path::resolve_relative(self.src.source, path),
        };
        let resolved = resolve(path);
        // A link names a file as written (`50%.png`) or percent-encoded, as a
        // URL (`%E7%85%A7%E7%89%87%231.png` for `照片#1.png`: `#` and `?` can
        // only be written so).
        if path.contains('%')
            && resolved.as_ref().is_none_or(|t| !ctx.assets.contains(t) && !ctx.targets.contains_key(t))
            && let Ok(d) = percent_encoding::percent_decode_str(path).decode_utf8()
        {
            let d = d.into_owned();
            if let Some(t) = resolve(&d).filter(|t| ctx.assets.contains(t) || ctx.targets.contains_key(t)) {
                return (Some(t), std::borrow::Cow::Owned(d));
            }
        }
        (resolved, std::borrow::Cow::Borrowed(path))
    }

    /// The URL of a link `dest` to the page `target` (content-relative),
    /// with its `anchor` (checked later); a missing page or a draft left out
    /// of the build is reported.
    fn page_link(&mut self, dest: &str, target: String, anchor: Option<&str>, pos: (usize, usize)) -> Option<String> {
        let (ctx, src) = (self.ctx, self.src);
        let error = |message: Message, hint: Hint| Diagnostic::new(src.shown, pos.0, pos.1, message).with_hint(hint);
        match ctx.targets.get(&target) {
            None if self.r.diags.len() >= NEAREST_HINTS_PER_PAGE => {
                self.r.diags.push(error(Message::BrokenLink { dest: dest.to_string() }, Hint::LinkSyntax));
                None
            }
            None => {
                // Only a near miss of the same path is a useful suggestion:
                // compare whole paths, but allow about one typo per three
                // characters of the file name, and never suggest the page itself.
                let mut candidates: Vec<&str> = ctx.targets.keys().map(String::as_str).filter(|c| *c != src.source).collect();
                candidates.sort_unstable();
                let name_len = target.rsplit('/').next().unwrap_or(&target).chars().count();
                let near: Vec<&str> = crate::diagnostics::nearest(&target, candidates)
                    .into_iter()
                    .filter(|c| strsim::levenshtein(c, &target) <= (name_len / 3).max(2))
                    .collect();
                let hint = match near.first() {
                    Some(b) => Hint::DidYouMean(vec![format!("@/{b}")]),
                    None => Hint::LinkSyntax,
                };
                self.r.diags.push(error(Message::BrokenLink { dest: dest.to_string() }, hint));
                None
            }
            Some(t) if t.excluded_draft => {
                self.r.diags.push(unpublished(&target, dest, ctx.site, pos, src.shown));
                None
            }
            Some(t) => {
                if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                    if target == src.source {
                        self.own_anchors.push((a.to_string(), pos));
                    } else {
                        self.r.anchors.push(PendingAnchor { target: target.clone(), anchor: a.to_string(), pos });
                    }
                    return Some(format!("{}#{}", t.url, a));
                }
                Some(t.url.clone())
            }
        }
    }

    /// Reports each `![…](name with space.jpg)` of the text `runs`.
    fn spaced_image_names(&mut self, runs: &[(usize, usize)]) {
        for (offset, dest) in images::spaced_names(self.src.body, runs) {
            let pos = self.pos(offset);
            let message = Message::Photo(crate::messages::PhotoMessage::NameWithSpaces { dest: dest.clone() });
            let hint = Hint::Photo(crate::messages::PhotoHint::AngleBrackets { dest });
            self.r.diags.push(Diagnostic::new(self.src.shown, pos.0, pos.1, message).with_hint(hint));
        }
    }

    /// The URL of the copy of the page's file `target` (content-relative),
    /// named as `written`; a file new to the page is added to its copies.
    fn copy_asset(&mut self, target: &str, written: &str, query: Option<&str>, anchor: Option<&str>, pos: (usize, usize)) -> String {
        let (out, new) = self.asset_seen.name(self.src.url, target, written);
        if new {
            self.r.assets.push((target.to_string(), out.clone()));
            self.r.asset_at.push(pos);
        }
        let mut url = crate::escape::url_path(&out);
        if let Some(q) = query {
            url = format!("{url}?{q}");
        }
        if let Some(a) = anchor {
            url = format!("{url}#{a}");
        }
        url
    }
}

/// The error for a link `dest` to the page of `source`, which the build
/// leaves out: a draft, or a page waiting for its review.
fn unpublished(source: &str, dest: &str, site: &SiteUrls, pos: (usize, usize), shown: &str) -> Diagnostic {
    use crate::messages::{LinkHint, LinkMessage};
    let (message, hint) = match site.unreviewed.contains(source) {
        true => (Message::Link(LinkMessage::LinkToUnreviewed { dest: dest.to_string() }), Hint::Link(LinkHint::ReviewOrUnlink)),
        false => (Message::LinkToDraft { dest: dest.to_string() }, Hint::PublishOrUnlink),
    };
    Diagnostic::new(shown, pos.0, pos.1, message).with_hint(hint)
}

/// A hint listing the ids a page does have.
pub fn anchor_hint(anchor: &str, toc: &[TocEntry]) -> Hint {
    let near = crate::diagnostics::nearest(anchor, toc.iter().map(|t| t.id.as_str()));
    if let Some(best) = near.first() {
        Hint::DidYouMean(vec![format!("#{best}")])
    } else if toc.is_empty() {
        Hint::TargetHasNoHeadings
    } else {
        Hint::HeadingsThere(toc.iter().take(8).map(|t| format!("#{}", t.id)).collect())
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The site paths given to one page's copied files so far, so that two
/// files never share one (see [`asset_name`]).
#[derive(Debug, Default)]
pub struct AssetNames {
    /// Content-relative source -> site path of its copy.
    by_source: HashMap<String, String>,
    /// Every site path given out.
    taken: std::collections::HashSet<String>,
}

impl AssetNames {
    /// Records that `target` was given the site path `out`.
    pub fn insert(&mut self, target: &str, out: &str) {
        self.taken.insert(out.to_string());
        self.by_source.insert(target.to_string(), out.to_string());
    }

    /// The site path of `target` (content-relative) named as `written`
    /// from the page at `page_url`, and whether it is new to the page: its
    /// earlier name when it has one, else [`asset_name`] among the names
    /// given out.
    pub fn name(&mut self, page_url: &str, target: &str, written: &str) -> (String, bool) {
        if let Some(out) = self.by_source.get(target) {
            return (out.clone(), false);
        }
        let out = asset_name(page_url, target, written, |p| self.taken.contains(p));
        self.taken.insert(out.clone());
        self.by_source.insert(target.to_string(), out.clone());
        (out, true)
    }
}

/// Where an asset referenced as `written` from the page at `page_url` is
/// copied: beside the page, keeping a plain relative sub-path, else by file name.
pub fn asset_site_path(page_url: &str, target: &str, written: &str) -> String {
    let clean = written.trim_start_matches("./");
    if !written.starts_with("@/") && !clean.split('/').any(|s| s == ".." || s.is_empty() || s == ".") {
        format!("{page_url}{clean}")
    } else {
        let name = target.rsplit('/').next().unwrap_or(target);
        format!("{page_url}{name}")
    }
}

/// The site path of a page's copied file: [`asset_site_path`], unless that
/// is the page's own file (`<page>/index.html`) or `taken` (by another file
/// of the page): then the file name gets a short hash of the content path
/// before its extension (`a.svg` -> `a-1f2e3d4c.svg`), the same in every
/// build. Files are named in the order the page names them: its Markdown
/// body first, then its cover, then its class materials.
pub fn asset_name(page_url: &str, target: &str, written: &str, taken: impl Fn(&str) -> bool) -> String {
    let out = asset_site_path(page_url, target, written);
    let own = out.strip_prefix(page_url) == Some("index.html");
    if !own && !taken(&out) {
        return out;
    }
    let hash = crate::hash::short_hex(target.as_bytes());
    let (dir, name) = out.rsplit_once('/').unwrap_or(("", &out));
    let (mut stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    // A name that was as long as a file system takes is cut (at a
    // character) to make room for the hash.
    while !stem.is_empty() && stem.len() + 1 + hash.len() + ext.len() > crate::files::NAME_MAX {
        let cut = stem.char_indices().last().map_or(0, |(i, _)| i);
        stem = &stem[..cut];
    }
    format!("{dir}/{stem}-{hash}{ext}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn remembered_highlights_equal_fresh_ones() {
        let code = "fn main() {\n    println!(\"区域\");\n}\n";
        let fresh = highlight_uncached(code, "rust");
        assert!(fresh.contains("hl-"));
        assert_eq!(highlight(code, "rust"), fresh);
        assert_eq!(highlight(code, "rust"), fresh);
        // The language is part of the key.
        assert_eq!(highlight(code, "nosuchlang"), highlight_uncached(code, "nosuchlang"));
        assert_ne!(highlight(code, "nosuchlang"), fresh);
    }

    #[test]
    fn a_page_never_gives_two_files_or_its_own_page_one_name() {
        let none = |_: &str| false;
        assert_eq!(super::asset_name("/reports/a/", "x/a.svg", "@/x/a.svg", none), "/reports/a/a.svg");
        assert_eq!(super::asset_name("/reports/a/", "reports/2020/img/a.svg", "img/a.svg", none), "/reports/a/img/a.svg");
        // Taken by another file of the page, or the page's own file: a hash of the source.
        let taken = super::asset_name("/reports/a/", "y/a.svg", "@/y/a.svg", |p| p == "/reports/a/a.svg");
        assert_eq!(taken, format!("/reports/a/a-{}.svg", crate::hash::short_hex(b"y/a.svg")));
        let own = super::asset_name("/reports/a/", "x/index.html", "@/x/index.html", none);
        assert_eq!(own, format!("/reports/a/index-{}.html", crate::hash::short_hex(b"x/index.html")));
        // A name of the longest length a file system takes still fits with the hash.
        let long = format!("{}.svg", "图".repeat(83));
        let named = super::asset_name("/reports/a/", &format!("x/{long}"), &format!("@/x/{long}"), |_| true);
        let name = named.rsplit('/').next().unwrap();
        assert!(name.len() <= crate::files::NAME_MAX && name.ends_with(".svg") && name.starts_with("图图"), "{name}");
    }

    #[test]
    fn packed_text_comes_back_unchanged() {
        for text in ["", "a", "区域化党建，“六共”模式。\n\n## 标题\n", &"内网".repeat(5000)] {
            let p = Packed::new(text);
            assert_eq!(p.unpack(), text);
            assert_eq!(p.len(), text.len());
            assert_eq!(p.is_empty(), text.is_empty());
        }
        // Repetitive HTML shrinks.
        let html = "<p>区域化党建信息简报</p>\n".repeat(200);
        assert!(format!("{:?}", Packed::new(&html)).len() < 60);
        assert!(Packed::new(&html).bytes.len() < html.len() / 5);
    }

    use super::*;

    fn render_text(body: &str) -> Rendered {
        let targets = HashMap::from([
            ("reports/2020/b.md".to_string(), LinkTarget { url: "/reports/b/".into(), excluded_draft: false }),
            ("reports/2020/d.md".to_string(), LinkTarget { url: "/reports/d/".into(), excluded_draft: true }),
        ]);
        let assets = BTreeSet::from(["reports/2020/photo.jpg".to_string()]);
        let site = SiteUrls::default();
        let ctx = LinkContext { targets: &targets, assets: &assets, sanitize: true, allow_html: false, site: &site };
        let file = format!("---\ntitle: t\n---\n{body}");
        let src = Source::new("reports/2020/a.md", "content/reports/2020/a.md", &file, 16, "/reports/a/");
        render(&src, &ctx)
    }

    #[test]
    fn a_source_body_starts_at_its_offset_and_is_empty_past_the_text() {
        let file = "---\ntitle: 标题\n---\n正文\n";
        let start = file.len() - "正文\n".len();
        assert_eq!(Source::new("a.md", "content/a.md", file, start, "/a/").body, "正文\n");
        assert_eq!(Source::new("a.md", "content/a.md", file, file.len() + 1, "/a/").body, "");
        // Inside a character: no body rather than a panic.
        assert_eq!(Source::new("a.md", "content/a.md", file, start + 1, "/a/").body, "");
    }

    #[test]
    fn a_page_past_the_mark_limit_is_refused_at_the_mark_and_not_rendered() {
        assert_eq!(excess_mark(&"-".repeat(MAX_MARKDOWN_MARKS)), None);
        assert_eq!(excess_mark(&format!("中文{}", "-".repeat(MAX_MARKDOWN_MARKS + 1))), Some(6 + MAX_MARKDOWN_MARKS));
        // A table of 1,000 columns: the body starts with the line break of
        // line 3, each table line (from line 4) has 1,001 bars and a break,
        // so 998 rows take 999,997 marks and the 1,000,001st is the 4th bar
        // of line 1,002.
        let row = format!("|{}\n", "a|".repeat(1000));
        let r = render_text(&row.repeat(1000));
        assert_eq!(r.diags.len(), 1);
        let d = &r.diags[0];
        assert_eq!((d.code, d.line, d.column), ("markdown-too-complex", 1002, 7));
        assert!(r.html.is_empty());
        // Summaries and descriptions past it are shown as text.
        let plain = render_plain(&"*a* ".repeat(MAX_MARKDOWN_MARKS / 2 + 1), false);
        assert!(plain.starts_with("<p>*a* *a*") && !plain.contains("<em>"));
    }

    #[test]
    fn many_broken_links_on_one_long_line_are_located_in_linear_time() {
        let body: String = (0..20_000).map(|k| format!("[坏{k}](missing{k}.md) ")).collect();
        let r = render_text(&body);
        assert_eq!(r.diags.len(), 20_000);
        let last = &r.diags[19_999];
        assert_eq!(last.line, 4);
        assert_eq!(last.source_line.as_deref().map(|l| l.chars().nth(last.source_column - 1)), Some(Some('[')));
        assert!(last.source_line.as_deref().is_some_and(|l| l.len() <= crate::diagnostics::SOURCE_LINE_MAX + 6));
    }

    #[test]
    fn chinese_headings_get_ids_and_repeats_are_numbered() {
        let r = render_text("## 签约内容\n\n## 2020 年工作 计划\n\n## 签约内容\n\n## Custom {#mine}\n");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["签约内容", "2020-年工作-计划", "签约内容-1", "mine"]);
        assert!(r.html.unpack().contains("<h2 id=\"签约内容-1\">"));
    }

    #[test]
    fn links_are_rewritten_and_checked() {
        let r = render_text("[b](@/reports/2020/b.md#x) [c](b.md) [m](missing.md) [d](@/reports/2020/d.md) ![p](photo.jpg) [q](#nope)\n");
        assert!(r.html.unpack().contains("href=\"/reports/b/#x\""));
        assert!(r.html.unpack().contains("href=\"/reports/b/\""));
        assert!(r.html.unpack().contains("src=\"/reports/a/photo.jpg\""));
        let codes: Vec<&str> = r.diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["broken-link", "link-to-draft", "unknown-anchor"]);
        assert_eq!((r.diags[0].line, r.diags[0].column), (4, 38));
        assert_eq!(r.anchors.len(), 1);
        assert_eq!(r.assets, vec![("reports/2020/photo.jpg".to_string(), "/reports/a/photo.jpg".to_string())]);
    }

    #[test]
    fn summary_is_first_paragraph_or_text_before_more() {
        assert_eq!(render_text("# T\n\n第一段。\n\n第二段。\n").summary_html, "<p>第一段。</p>\n");
        assert_eq!(render_text("甲。\n\n乙。\n\n<!-- more -->\n\n丙。\n").summary_html, "<p>甲。</p>\n<p>乙。</p>\n");
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let text = "ab\n标题\r\n\nxyz";
        let idx = LineIndex::new(text);
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(idx.line_col(i), line_col(text, i), "offset {i}");
        }
    }

    #[test]
    fn chinese_counts_by_character_and_english_by_word() {
        assert_eq!(count_words("区域化党建 is great"), (5, 2));
        assert_eq!(reading_minutes(800, 0), 2);
        assert_eq!(reading_minutes(1, 0), 1);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = render_text("```yaml\nkey: 值\n```\n");
        assert!(r.html.unpack().contains("<pre class=\"code\" data-lang=\"yaml\">"), "{}", r.html.unpack());
        assert!(r.html.unpack().contains("class=\"hl-"), "{}", r.html.unpack());
        assert!(!r.html.unpack().contains("style="));
    }

    #[test]
    fn scripts_in_raw_html_are_removed() {
        let r = render_text("<script>alert(1)</script>\n\n<p onclick=\"x()\">hi</p>\n\n[x](javascript:alert(1))\n");
        assert!(!r.html.unpack().contains("<script"));
        assert!(!r.html.unpack().contains("onclick"));
        assert!(!r.html.unpack().contains("javascript:"));
    }

    #[test]
    fn every_highlighted_token_is_readable_on_every_background_of_a_code_block() {
        let css = highlight_css();
        let colours = |key: &str| -> Vec<String> {
            css.lines().filter_map(|l| l.trim().strip_prefix(key)).map(|v| v.trim().trim_end_matches(';').to_string()).collect()
        };
        let mut backgrounds = colours("background-color:");
        backgrounds.push(CODE_BACKGROUND.to_string());
        let foregrounds = colours("color:");
        assert!(foregrounds.len() > 20 && backgrounds.len() > 3, "{css}");
        for fg in &foregrounds {
            for bg in &backgrounds {
                let ratio = crate::color::contrast(fg, bg);
                assert!(ratio >= 4.5, "{fg} on {bg}: {ratio:.2}:1");
            }
        }
        // The comments, 2.71:1 in syntect's theme, are still grey, not black.
        let comment = css.split(".hl-comment {").nth(1).and_then(|r| r.split("color:").nth(1)).map(|v| v.trim()[..7].to_string()).unwrap();
        assert_ne!(comment, "#000000");
    }
}
