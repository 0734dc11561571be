//! Charts as inline SVG, drawn at build time: no script and no chart library
//! in the browser. Every chart carries a `<title>` and a `<desc>` (the
//! figures in words) and is labelled by them; templates print the same
//! figures as a table beside it for screen readers and print.
//!
//! All text is XML-escaped here, so the output can be printed with `| safe`.
//! Colours come from the region's brand; bars are darkened when needed so that
//! they keep a 3:1 contrast with the white page (WCAG 1.4.11).

use std::fmt::Write as _;

use crate::color::{luminance, text_color_on};

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    // The same five characters as an HTML attribute value.
    crate::escape::html_attribute(s)
}

/// WCAG contrast ratio of two `#rrggbb` colours.
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn rgb(hex: &str) -> [f64; 3] {
    let c = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64;
    [c(1), c(3), c(5)]
}

fn hex([r, g, b]: [f64; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", r.round() as u8, g.round() as u8, b.round() as u8)
}

/// `color` mixed with `other`: `t` = 0 gives `color`, 1 gives `other`.
pub fn mix(color: &str, other: &str, t: f64) -> String {
    let (a, b) = (rgb(color), rgb(other));
    hex([0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * t))
}

/// The brand colour, darkened just enough to keep 3:1 contrast on white.
pub fn chart_color(accent: &str) -> String {
    let mut t = 0.0;
    let mut c = accent.to_string();
    while contrast(&c, "#ffffff") < 3.0 && t < 1.0 {
        t += 0.05;
        c = mix(accent, "#000000", t);
    }
    c
}

/// One bar of a chart.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Label under (or beside) the bar; empty for none.
    pub label: String,
    /// Second label line (a year under January); empty for none.
    pub sublabel: String,
    /// Full name for the tooltip and the description (`2025年3月`).
    pub name: String,
    /// The value.
    pub value: usize,
}

fn open_svg(out: &mut String, id: &str, class: &str, w: usize, h: usize, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart {class}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        xml_escape(title),
        xml_escape(desc)
    );
}

/// Horizontal bars, one per row, with the label on the left and the value on the right.
pub fn hbar_chart(id: &str, title: &str, desc: &str, bars: &[Bar], color: &str) -> String {
    let (w, label_w, row_h, bar_h) = (400usize, 84usize, 30usize, 18usize);
    let plot = (w - label_w - 40) as f64;
    let h = bars.len() * row_h + 8;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let fill = chart_color(color);
    let mut out = String::new();
    open_svg(&mut out, id, "chart-hbar", w, h, title, desc);
    for (i, b) in bars.iter().enumerate() {
        let y = i * row_h + 4;
        let cy = y + row_h / 2;
        let len = (b.value as f64 / max * plot).round();
        let _ = write!(
            out,
            r#"<g><title>{name}: {v}</title><text class="chart-label" x="{lx}" y="{cy}" text-anchor="end" dominant-baseline="central">{label}</text><rect class="chart-track" x="{label_w}" y="{by}" width="{plot}" height="{bar_h}" rx="3"/>"#,
            name = xml_escape(&b.name),
            v = b.value,
            lx = label_w - 10,
            label = xml_escape(&b.label),
            by = cy - bar_h / 2,
        );
        if b.value > 0 {
            let _ = write!(out, r#"<rect x="{label_w}" y="{}" width="{len}" height="{bar_h}" rx="3" fill="{fill}"/>"#, cy - bar_h / 2);
        }
        let _ = write!(
            out,
            r#"<text class="chart-value" x="{}" y="{cy}" dominant-baseline="central">{}</text></g>"#,
            label_w as f64 + len + 8.0,
            b.value
        );
    }
    out.push_str("</svg>");
    out
}

/// Vertical columns along a time axis, with the value above each non-empty column.
pub fn column_chart(id: &str, title: &str, desc: &str, bars: &[Bar], color: &str) -> String {
    let (left, right, top, bottom) = (34.0, 6.0, 22.0, 42.0);
    let w = 720usize;
    let h = 230usize;
    let plot_w = w as f64 - left - right;
    let plot_h = h as f64 - top - bottom;
    let n = bars.len().max(1) as f64;
    let slot = plot_w / n;
    let bar_w = (slot * 0.62).max(1.0);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let fill = chart_color(color);
    let base = top + plot_h;
    let mut out = String::new();
    open_svg(&mut out, id, "chart-columns", w, h, title, desc);
    // Grid lines at 0, half and the maximum.
    let mut ticks = vec![0, max];
    if max >= 2 && max % 2 == 0 {
        ticks.insert(1, max / 2);
    }
    for t in ticks {
        let y = base - t as f64 / max as f64 * plot_h;
        let _ = write!(
            out,
            r#"<line class="chart-grid" x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="chart-axis" x="{}" y="{y:.1}" text-anchor="end" dominant-baseline="central">{t}</text>"#,
            w as f64 - right,
            left - 6.0
        );
    }
    for (i, b) in bars.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        let bh = b.value as f64 / max as f64 * plot_h;
        let _ = write!(out, "<g><title>{}: {}</title>", xml_escape(&b.name), b.value);
        // An invisible full-height target, so the tooltip works on empty months too.
        let _ = write!(out, r#"<rect x="{:.1}" y="{top}" width="{slot:.1}" height="{plot_h}" fill="transparent"/>"#, cx - slot / 2.0);
        if b.value > 0 {
            let _ = write!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{bar_w:.1}" height="{bh:.1}" fill="{fill}"/><text class="chart-value" x="{cx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                cx - bar_w / 2.0,
                base - bh,
                base - bh - 5.0,
                b.value
            );
        }
        if !b.label.is_empty() {
            let _ = write!(
                out,
                r#"<text class="chart-axis" x="{cx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                base + 16.0,
                xml_escape(&b.label)
            );
        }
        if !b.sublabel.is_empty() {
            let _ = write!(
                out,
                r#"<text class="chart-axis chart-axis-year" x="{cx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                base + 33.0,
                xml_escape(&b.sublabel)
            );
        }
        out.push_str("</g>");
    }
    let _ = write!(out, r#"<line class="chart-baseline" x1="{left}" x2="{}" y1="{base}" y2="{base}"/>"#, w as f64 - right);
    out.push_str("</svg>");
    out
}

/// A strip of twelve month cells, each showing its count, shaded by the count
/// relative to `scale` (the monthly target, or the largest count), with the
/// month's label under each cell, drawn after the cells.
pub fn month_strip(id: &str, title: &str, bars: &[Bar], scale: f64, color: &str) -> String {
    let (cell, gap, label_h) = (24usize, 2usize, 14usize);
    let w = bars.len() * (cell + gap) - gap.min(bars.len() * (cell + gap));
    let mut out = String::new();
    let desc: Vec<String> = bars.iter().map(|b| format!("{} {}", b.name, b.value)).collect();
    open_svg(&mut out, id, "chart-strip", w.max(1), cell + label_h, title, &desc.join(", "));
    let scale = scale.max(1.0);
    for (i, b) in bars.iter().enumerate() {
        let x = i * (cell + gap);
        let level = (b.value as f64 / scale).min(1.0);
        let bg = if b.value == 0 { "#f1efec".to_string() } else { mix(color, "#ffffff", 0.8 - 0.8 * level) };
        let fg = text_color_on(&bg);
        let _ = write!(
            out,
            r#"<g><title>{}: {}</title><rect x="{x}" y="0" width="{cell}" height="{cell}" rx="3" fill="{bg}"/><text x="{}" y="{}" style="fill:{fg}" text-anchor="middle" dominant-baseline="central">{}</text></g>"#,
            xml_escape(&b.name),
            b.value,
            x + cell / 2,
            cell / 2,
            b.value
        );
    }
    out.push_str(r#"<g class="chart-strip-months">"#);
    for (i, b) in bars.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            i * (cell + gap) + cell / 2,
            cell + label_h - 3,
            xml_escape(&b.label)
        );
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: usize) -> Bar {
        Bar { label: label.into(), sublabel: String::new(), name: label.into(), value }
    }

    #[test]
    fn chart_colours_keep_contrast_on_white() {
        // Dark brand colours are kept as they are.
        assert_eq!(chart_color("#b71c1c"), "#b71c1c");
        // A light yellow is darkened until it reaches 3:1.
        let c = chart_color("#ffd54f");
        assert_ne!(c, "#ffd54f");
        assert!(contrast(&c, "#ffffff") >= 3.0, "{c}");
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    }

    #[test]
    fn svg_has_title_desc_and_escaped_text() {
        let svg = hbar_chart("m", "共建模式 <分布>", "组织共建 3 篇", &[bar("组织共建", 3), bar("A&B", 0)], "#b71c1c");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("aria-labelledby"), Some("m-title m-desc"));
        let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text());
        assert_eq!(title, Some("共建模式 <分布>"));
        assert!(doc.descendants().any(|n| n.has_tag_name("desc")));
        let texts: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
        assert!(texts.contains(&"A&B"));
        // One coloured bar: the zero bar has only its track.
        assert_eq!(doc.descendants().filter(|n| n.attribute("fill") == Some("#b71c1c")).count(), 1);
    }

    #[test]
    fn column_heights_are_proportional() {
        let svg = column_chart("c", "t", "d", &[bar("1月", 2), bar("2月", 0), bar("3月", 4)], "#0d47a1");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let heights: Vec<f64> = doc
            .descendants()
            .filter(|n| n.attribute("fill") == Some("#0d47a1"))
            .map(|n| n.attribute("height").unwrap().parse().unwrap())
            .collect();
        assert_eq!(heights.len(), 2);
        assert!((heights[1] - 2.0 * heights[0]).abs() < 0.2, "{heights:?}");
    }

    #[test]
    fn month_strip_prints_every_count() {
        let bars: Vec<Bar> = (1..=12).map(|m| bar(&format!("{m}月"), m % 3)).collect();
        let svg = month_strip("s", "活动", &bars, 2.0, "#b71c1c");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let texts: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
        assert_eq!(texts.len(), 24, "a count and a month label per cell");
        assert_eq!(texts[..3], ["1", "2", "0"]);
        assert_eq!(texts[12..15], ["1月", "2月", "3月"]);
    }
}
