//! Cleaning the SVG images of `content/` before they are published.
//!
//! An SVG file is a document: opened at its own URL it runs its
//! `<script>` elements and `onload` handlers on the site, and it may load
//! other files (`<use href="http://…">`, CSS `@import`, `url(…)`), so a
//! writer's SVG would get around the cleaning of raw HTML in Markdown.
//! Every SVG image a page publishes (linked or shown in Markdown, a cover,
//! a class material, a region logo) is therefore parsed and written anew
//! from an allowlist, and one that cannot be parsed is refused with a
//! located `svg-invalid` error. `static/` and theme files are the site
//! owner's and published as they are (they may hold scripts anyway).
//!
//! What is kept: the elements of SVG that draw (shapes, paths, text and
//! `tspan`/`textPath`, gradients, patterns, clip paths, masks, markers,
//! filters, `use`/`symbol`/`defs`, `image`, `style`, `title`, `desc`, `a`
//! without its link), their attributes, and text. What goes: every element
//! outside the list (`script`, `foreignObject`, animation elements, which
//! can rewrite a link to `javascript:`, and elements of other namespaces
//! such as an editor's metadata) with everything inside it; event-handler
//! attributes (`on…`); attributes of other namespaces but `xlink:href`,
//! `xml:space` and `xml:lang`; links (`href`, `xlink:href`) other than to
//! `#an-id` in the same file, or, on `image` and `feImage`, to an embedded
//! PNG, JPEG, GIF or WebP (`data:image/png;base64,…`); CSS (a `style`
//! element or attribute, or any attribute) that has `url(…)` other than
//! `url(#an-id)`, `@import`, an escape (`\`) or another way to fetch or run
//! something; comments, processing instructions and the DOCTYPE. Entity
//! declarations (`<!ENTITY`) are refused: expanded they can grow without
//! bound.
//!
//! Why not `usvg`: it turns a file into its renderer's tree (CSS resolved,
//! `use` expanded, text laid out with the build machine's fonts), so text
//! in a font the machine lacks (CI images rarely have Chinese fonts) would
//! be lost or turned into paths, and the published image would no longer
//! be the writer's. An allowlist over a strict XML parser with namespaces
//! resolved (`roxmltree`, by the author of usvg) and an escaping writer
//! (`quick-xml`) keeps the file as drawn, text included.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::{Hint, Message};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The elements kept (SVG 1.1 and 2 elements that draw or describe).
const ELEMENTS: &[&str] = &[
    "a",
    "circle",
    "clipPath",
    "defs",
    "desc",
    "ellipse",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "filter",
    "g",
    "image",
    "line",
    "linearGradient",
    "marker",
    "mask",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialGradient",
    "rect",
    "stop",
    "style",
    "svg",
    "switch",
    "symbol",
    "text",
    "textPath",
    "title",
    "tspan",
    "use",
    "view",
];

/// Why an SVG file cannot be published, and where (1-based line and
/// character column; 0 when it concerns the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// Line.
    pub line: usize,
    /// Column.
    pub column: usize,
    /// What is wrong, in the parser's words.
    pub detail: String,
}

/// Most nodes an SVG file may have (a chart of 10,000 bars has about
/// 30,000): it bounds the parser's memory whatever the file's size (two
/// files are parsed at a time).
const MAX_NODES: u32 = 1_000_000;

/// `text` (an SVG file) cleaned as the module says, or why it cannot be.
pub fn sanitize(text: &str) -> Result<String, Unreadable> {
    if let Some(at) = text.find("<!ENTITY") {
        let (line, column) = position(text, at);
        return Err(Unreadable { line, column, detail: "entity declarations (`<!ENTITY`) are not supported".into() });
    }
    let options = roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: MAX_NODES, ..roxmltree::ParsingOptions::default() };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        let detail = e.to_string();
        // The parser ends its message with the position, printed apart.
        let detail = detail.rsplit_once(" at ").map(|(d, _)| d.to_string()).unwrap_or(detail);
        Unreadable { line: pos.row as usize, column: pos.col as usize, detail }
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || !in_svg(&root) {
        let (line, column) = position(text, root.range().start);
        return Err(Unreadable { line, column, detail: "the root element is not `<svg>`".into() });
    }
    write(root).map_err(|e| Unreadable { line: 0, column: 0, detail: e.to_string() })
}

/// 1-based line and character column of byte `at` in `text`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// True for an element of the SVG namespace, or of none (a file without
/// `xmlns`, written out in the SVG namespace).
fn in_svg(node: &roxmltree::Node<'_, '_>) -> bool {
    matches!(node.tag_name().namespace(), None | Some(SVG_NS))
}

/// True for an element that is written out (its subtree is dropped otherwise).
fn keeps(node: &roxmltree::Node<'_, '_>) -> bool {
    if !in_svg(node) || !ELEMENTS.contains(&node.tag_name().name()) {
        return false;
    }
    // A style sheet is kept whole or not at all.
    node.tag_name().name() != "style" || node.children().filter_map(|c| c.text()).all(css_is_safe)
}

/// Writes the kept part of the tree under `root`, without recursion (a file
/// nested 100,000 deep must not overflow the stack).
fn write(root: roxmltree::Node<'_, '_>) -> std::io::Result<String> {
    let mut w = quick_xml::Writer::new(Vec::new());
    let mut node = root;
    loop {
        // Open `node`; go down into its children when it is a kept element
        // that has some.
        if let Some(child) = open(&mut w, node, root)?.then(|| node.first_child()).flatten() {
            node = child;
            continue;
        }
        // Then on to the next sibling, closing the elements left on the way up.
        loop {
            if node == root {
                // The writer only ever gets `&str`: its bytes are UTF-8.
                return String::from_utf8(w.into_inner()).map_err(std::io::Error::other);
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            let Some(parent) = node.parent() else { return Err(std::io::Error::other("node outside the document")) };
            node = parent;
            w.write_event(Event::End(BytesEnd::new(node.tag_name().name())))?;
        }
    }
}

/// Writes the start of `node` (a whole empty element, or text); true when
/// its children are to be written, and then its end tag after them.
fn open(w: &mut quick_xml::Writer<Vec<u8>>, node: roxmltree::Node<'_, '_>, root: roxmltree::Node<'_, '_>) -> std::io::Result<bool> {
    if node.is_text() {
        if let Some(t) = node.text() {
            w.write_event(Event::Text(BytesText::new(t)))?;
        }
        return Ok(false);
    }
    // Comments and processing instructions are left out, and so is every
    // element outside the list, with all it holds.
    if !node.is_element() || !keeps(&node) {
        return Ok(false);
    }
    let name = node.tag_name().name();
    let mut start = BytesStart::new(name);
    if node == root {
        start.push_attribute(("xmlns", SVG_NS));
        start.push_attribute(("xmlns:xlink", XLINK_NS));
    }
    for attr in node.attributes() {
        if let Some(key) = kept_attribute(name, &attr) {
            start.push_attribute((key.as_str(), attr.value()));
        }
    }
    if node.has_children() {
        w.write_event(Event::Start(start))?;
        Ok(true)
    } else {
        w.write_event(Event::Empty(start))?;
        Ok(false)
    }
}

/// The name an attribute of element `element` is written with, or `None`
/// when it is left out.
fn kept_attribute(element: &str, attr: &roxmltree::Attribute<'_, '_>) -> Option<String> {
    let (ns, name, value) = (attr.namespace(), attr.name(), attr.value());
    let key = match ns {
        None if name.len() >= 2 && name[..2].eq_ignore_ascii_case("on") => return None,
        None => name.to_string(),
        Some(XLINK_NS) if name == "href" => "xlink:href".to_string(),
        Some(XML_NS) if name == "space" || name == "lang" => format!("xml:{name}"),
        Some(_) => return None,
    };
    let safe = match name {
        "href" => href_is_safe(element, value),
        _ => css_is_safe(value),
    };
    safe.then_some(key)
}

/// True for a link that stays in the file (`#id`), or on an image an
/// embedded raster image.
fn href_is_safe(element: &str, value: &str) -> bool {
    let value = value.trim();
    if value.starts_with('#') {
        return true;
    }
    let lower = value.get(..32).unwrap_or(value).to_ascii_lowercase();
    matches!(element, "image" | "feImage")
        && ["data:image/png;", "data:image/jpeg;", "data:image/jpg;", "data:image/gif;", "data:image/webp;"]
            .iter()
            .any(|p| lower.starts_with(p))
}

/// True for CSS (a style sheet, a `style` attribute, or any attribute value,
/// which SVG reads as CSS for presentation attributes) that fetches and
/// runs nothing: every `url(…)` points into the file (`url(#id)`), and
/// there is no escape (which could spell anything), `@import`, or other
/// function or property known to load or run something.
fn css_is_safe(css: &str) -> bool {
    if css.contains('\\') {
        return false;
    }
    let lower = css.to_ascii_lowercase();
    const FETCHING: &[&str] =
        &["@import", "expression(", "javascript:", "vbscript:", "-moz-binding", "behavior:", "image-set(", "image(", "cross-fade(", "src("];
    if FETCHING.iter().any(|f| lower.contains(f)) {
        return false;
    }
    lower.match_indices("url(").all(|(at, _)| {
        let inside = lower[at + 4..].trim_start();
        let inside = inside.strip_prefix(['"', '\'']).unwrap_or(inside);
        inside.starts_with('#')
    })
}

/// Reads and cleans every SVG image among `assets` (content-relative
/// source, site path of the copy): the cleaned bytes by source, and an
/// error located in each file that cannot be read or parsed.
pub fn clean_assets(root: &Path, assets: &[(String, String)]) -> (BTreeMap<String, Arc<[u8]>>, Diagnostics) {
    let mut sources: Vec<&str> = assets.iter().map(|(src, _)| src.as_str()).filter(|s| is_svg(s)).collect();
    sources.sort_unstable();
    sources.dedup();
    let results: Vec<(&str, Cleaned)> =
        sources.par_iter().map(|src| (*src, clean_file(&root.join("content").join(src), &format!("content/{src}")))).collect();
    let mut cleaned = BTreeMap::new();
    let mut diags = Diagnostics::default();
    for (src, result) in results {
        match result {
            Ok(bytes) => {
                cleaned.insert(src.to_string(), bytes);
            }
            Err(d) => diags.push(*d),
        }
    }
    (cleaned, diags)
}

/// True for a file name ending in `.svg` (any case).
pub fn is_svg(rel: &str) -> bool {
    rel.len() > 4 && rel.is_char_boundary(rel.len() - 4) && rel[rel.len() - 4..].eq_ignore_ascii_case(".svg")
}

/// A cleaned SVG file, or why it cannot be published.
type Cleaned = Result<Arc<[u8]>, Box<Diagnostic>>;

fn clean_file(path: &Path, shown: &str) -> Cleaned {
    let io_error = |e: std::io::Error| Box::new(Diagnostic::new(shown, 0, 0, Message::Io { path: shown.to_string(), detail: e.into() }));
    let file = crate::files::open_regular(path).map_err(io_error)?;
    let len = file.metadata().map_err(io_error)?.len();
    let limit = crate::text::MAX_SOURCE_BYTES;
    if len > limit {
        let message = Message::FileTooLarge { mib: len.div_ceil(1 << 20), limit_mib: limit >> 20 };
        return Err(Box::new(Diagnostic::new(shown, 0, 0, message).with_hint(Hint::SvgExport)));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit), &mut bytes).map_err(io_error)?;
    let text = crate::text::decode_text(bytes, shown)?;
    match sanitize(&text) {
        Ok(clean) => Ok(Arc::from(clean.into_bytes())),
        Err(e) => {
            let d = Diagnostic::new(shown, e.line, e.column, Message::SvgInvalid { detail: e.detail }).with_hint(Hint::SvgExport);
            Err(Box::new(if e.line > 0 { d.with_source(&text) } else { d }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(svg: &str) -> String {
        sanitize(svg).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn drawing_and_text_survive() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>图</title><rect x="1" width="2" fill="#b71c1c" style="stroke: red"/><text x="1" font-family="SimSun">党建 &amp; 共建</text></svg>"##;
        let out = clean(svg);
        let doc = roxmltree::Document::parse(&out).unwrap();
        let rect = doc.descendants().find(|n| n.has_tag_name((SVG_NS, "rect"))).unwrap();
        assert_eq!(rect.attribute("fill"), Some("#b71c1c"));
        assert_eq!(rect.attribute("style"), Some("stroke: red"));
        let text = doc.descendants().find(|n| n.has_tag_name((SVG_NS, "text"))).unwrap();
        assert_eq!(text.text(), Some("党建 & 共建"));
        assert_eq!(text.attribute("font-family"), Some("SimSun"));
    }

    #[test]
    fn cleaning_is_idempotent_and_leaves_nothing_active() {
        let hostile = [
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script>alert(1)</script><g/></svg>"#,
            r#"<s:svg xmlns:s="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink"><s:script>1</s:script><s:use l:href="https://x/a.svg#b"/><s:a l:href="javascript:1"><s:text>t</s:text></s:a></s:svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style><![CDATA[@import "x.css";]]></style><rect style="fill:URL( http://x )" fill="url(&quot;https://x&quot;)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:1"/><foreignObject><div xmlns="http://www.w3.org/1999/xhtml" onclick="1"/></foreignObject><image href="data:image/svg+xml,&lt;svg onload=1&gt;"/></svg>"#,
        ];
        for svg in hostile {
            let once = clean(svg);
            assert_eq!(clean(&once), once, "{svg}");
            let doc = roxmltree::Document::parse(&once).unwrap();
            for n in doc.descendants().filter(|n| n.is_element()) {
                assert!(!["script", "foreignObject", "set", "div"].contains(&n.tag_name().name()), "{once}");
                for a in n.attributes() {
                    let value = a.value().to_ascii_lowercase();
                    assert!(!a.name().starts_with("on"), "{once}");
                    assert!(!["http", "javascript", "svg+xml", "@import"].iter().any(|bad| value.contains(bad)), "{once}");
                }
            }
        }
    }

    #[test]
    fn css_that_fetches_is_refused() {
        assert!(css_is_safe("fill: url(#g1); stroke: red"));
        assert!(css_is_safe("fill: url( '#g1' )"));
        for bad in ["@import 'x.css'", "fill: url(http://x/a.svg#g)", "fill:u\\72l(x)", "background: image-set('a.png' 1x)"] {
            assert!(!css_is_safe(bad), "{bad}");
        }
    }

    #[test]
    fn unparsable_files_and_entities_are_located() {
        let e = sanitize("<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <g>\n</svg>").unwrap_err();
        assert_eq!(e.line, 3);
        let e = sanitize("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"aaaa\">\n]><svg/>").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert!(sanitize("<html><script>x</script></html>").is_err());
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 100_000;
        let svg = format!("<svg xmlns=\"{SVG_NS}\">{}{}</svg>", "<g>".repeat(depth), "</g>".repeat(depth));
        // The innermost group is empty: `<g/>`.
        assert_eq!(clean(&svg).matches("<g").count(), depth);
    }
}
