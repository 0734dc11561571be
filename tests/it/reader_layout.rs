//! What the readers' layout promises that can be
//! checked without a browser. The renderer hints on every page; the default
//! theme's stylesheets read by a small CSS tokenizer (every size in rem,
//! every `var()` after a plain declaration of the same property, grid only
//! inside `@supports (display:grid)`, the dashboard's A4 landscape page);
//! the protective marking of `site.yaml` in every page's print rules; the
//! dashboard's tables with rank, region and total first; the region chart's
//! scroll box and the month strip's labels. `tests/it/e2e_layout.rs` measures
//! the same pages in Chromium.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{Site, attrs, texts};
use scraper::{Html, Selector};

fn theme_css(name: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static").join(name)).unwrap()
}

/// One item of a stylesheet: a declaration, or a block (a rule or an
/// at-rule) with its prelude and its items.
#[derive(Debug)]
enum Item {
    Decl(String, String),
    Block(String, Vec<Item>),
}

/// A small CSS parser: comments dropped, strings and parentheses respected,
/// enough for the theme's stylesheets (which the tests below hold to).
fn parse_css(text: &str) -> Vec<Item> {
    fn block(s: &[char], i: &mut usize) -> Vec<Item> {
        let mut items = Vec::new();
        while *i < s.len() {
            let c = s[*i];
            if c.is_whitespace() || c == ';' {
                *i += 1;
                continue;
            }
            if c == '/' && s.get(*i + 1) == Some(&'*') {
                *i += 2;
                while *i + 1 < s.len() && !(s[*i] == '*' && s[*i + 1] == '/') {
                    *i += 1;
                }
                *i += 2;
                continue;
            }
            if c == '}' {
                *i += 1;
                return items;
            }
            let start = *i;
            let (mut depth, mut quote) = (0i32, None::<char>);
            while *i < s.len() {
                let ch = s[*i];
                match quote {
                    Some(_) if ch == '\\' => *i += 1,
                    Some(q) if ch == q => quote = None,
                    Some(_) => {}
                    None if ch == '"' || ch == '\'' => quote = Some(ch),
                    None if ch == '(' => depth += 1,
                    None if ch == ')' => depth -= 1,
                    None if depth == 0 && (ch == ';' || ch == '{' || ch == '}') => break,
                    None => {}
                }
                *i += 1;
            }
            let text: String = s[start..*i].iter().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
            if s.get(*i) == Some(&'{') {
                *i += 1;
                items.push(Item::Block(text, block(s, i)));
            } else {
                let (p, v) = text.split_once(':').unwrap_or_else(|| panic!("not a declaration: {text:?}"));
                items.push(Item::Decl(p.trim().to_string(), v.trim().to_string()));
            }
        }
        items
    }
    let chars: Vec<char> = text.chars().collect();
    block(&chars, &mut 0)
}

/// Every declaration with the preludes of the blocks around it (outermost first).
fn declarations(items: &[Item]) -> Vec<(Vec<String>, String, String)> {
    fn walk(items: &[Item], path: &mut Vec<String>, out: &mut Vec<(Vec<String>, String, String)>) {
        for it in items {
            match it {
                Item::Decl(p, v) => out.push((path.clone(), p.clone(), v.clone())),
                Item::Block(pre, inner) => {
                    path.push(pre.clone());
                    walk(inner, path, out);
                    path.pop();
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(items, &mut Vec::new(), &mut out);
    out
}

/// Lengths written in `unit` in a value (`12px`, `-1.5px`), as numbers.
fn lengths(value: &str, unit: &str) -> Vec<f64> {
    let chars: Vec<char> = value.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '#' || chars[i - 1] == '-' || chars[i - 1] == '.');
        if boundary
            && (chars[i].is_ascii_digit()
                || chars[i] == '.'
                || (chars[i] == '-' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit() || *c == '.')))
        {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let num: String = chars[start..i].iter().collect();
            let rest: String = chars[i..].iter().take(unit.len() + 1).collect();
            if rest.starts_with(unit) && !rest[unit.len()..].starts_with(|c: char| c.is_alphabetic()) {
                out.push(num.parse().unwrap());
            }
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn the_css_length_reader_finds_units() {
    assert_eq!(lengths("0 12px 1.5rem -3px", "px"), [12.0, -3.0]);
    assert_eq!(lengths("#12px0a", "px"), Vec::<f64>::new());
    assert_eq!(lengths("10.5pt", "pt"), [10.5]);
}

/// Properties whose px are hairlines or effects, not sizes the reader reads.
fn px_allowed(prop: &str) -> bool {
    ["border", "outline", "box-shadow", "text-shadow", "stroke", "--radius"].iter().any(|p| prop.starts_with(p))
}

#[test]
fn every_size_in_the_theme_is_in_rem() {
    for name in ["theme.css", "regional.css"] {
        let decls = declarations(&parse_css(&theme_css(name)));
        assert!(decls.len() > 300, "{name}: {} declarations read", decls.len());
        let mut wrong = Vec::new();
        for (path, prop, value) in &decls {
            let in_page = path.iter().any(|p| p.starts_with("@page"));
            let print_root = path.iter().any(|p| p.starts_with("@media print")) && path.last().is_some_and(|s| s.starts_with("html"));
            if prop == "font-size" && !in_page && !print_root && (!lengths(value, "px").is_empty() || !lengths(value, "pt").is_empty()) {
                wrong.push(format!("{path:?} {prop}:{value}"));
            }
            if !px_allowed(prop) && lengths(value, "px").iter().any(|n| n.abs() > 3.0) {
                wrong.push(format!("{path:?} {prop}:{value}"));
            }
            for p in path.iter().filter(|p| p.starts_with("@media")) {
                if !lengths(p, "px").is_empty() {
                    wrong.push(format!("media query in px: {p}"));
                }
            }
        }
        assert!(wrong.is_empty(), "{name}: sizes not in rem:\n{}", wrong.join("\n"));
    }
    // The reading sizes: body 1rem with line-height 1.8, Chinese prose about 38em wide, print at 12pt.
    let css = declarations(&parse_css(&theme_css("theme.css")));
    let find = |sel: &str, prop: &str, media: Option<&str>| {
        css.iter()
            .filter(|(path, p, _)| {
                p == prop
                    && path.last().map(String::as_str) == Some(sel)
                    && media.map_or(path.len() == 1, |m| path.iter().any(|x| x.starts_with(m)))
            })
            .map(|(_, _, v)| v.clone())
            .next_back()
            .unwrap_or_else(|| panic!("no {sel} {{ {prop} }}"))
    };
    assert!(find("body", "font", None).starts_with("1rem/1.8 "));
    assert_eq!(find(".prose", "max-width", None), "38em");
    assert_eq!(find("html,html[data-text-size]", "font-size", Some("@media print")), "12pt");
    assert_eq!(find("body", "font-size", Some("@media print")), "1rem");
}

#[test]
fn every_var_has_a_plain_declaration_before_it() {
    fn check(items: &[Item], where_: &str, wrong: &mut Vec<String>) {
        let mut plain: Vec<&str> = Vec::new();
        for it in items {
            match it {
                Item::Decl(p, v) if p.starts_with("--") => {}
                Item::Decl(p, v) if v.contains("var(") => {
                    if !plain.contains(&p.as_str()) {
                        wrong.push(format!("{where_} {{ {p}:{v} }}"));
                    }
                }
                Item::Decl(p, _) => plain.push(p),
                Item::Block(pre, inner) => check(inner, pre, wrong),
            }
        }
    }
    for name in ["theme.css", "regional.css"] {
        let mut wrong = Vec::new();
        check(&parse_css(&theme_css(name)), "", &mut wrong);
        assert!(wrong.is_empty(), "{name}: var() without a plain fallback before it:\n{}", wrong.join("\n"));
    }
}

#[test]
fn grid_layout_is_only_an_enhancement() {
    for name in ["theme.css", "regional.css"] {
        let decls = declarations(&parse_css(&theme_css(name)));
        let grid: Vec<_> = decls.iter().filter(|(_, p, v)| p.starts_with("grid") || (p == "display" && v == "grid")).collect();
        assert!(!grid.is_empty());
        for (path, p, v) in grid {
            assert!(path.iter().any(|x| x == "@supports (display:grid)"), "{name}: {path:?} {p}:{v} outside @supports (display:grid)");
        }
    }
}

#[test]
fn the_dashboard_prints_on_a4_landscape_with_page_numbers() {
    let items = parse_css(&theme_css("regional.css"));
    let page = |name: &str| {
        items
            .iter()
            .filter_map(|it| match it {
                Item::Block(pre, inner) if pre == name => Some(inner),
                _ => None,
            })
            .next_back()
            .unwrap_or_else(|| panic!("no {name}"))
    };
    assert!(page("@page dashboard").iter().any(|d| matches!(d, Item::Decl(p, v) if p == "size" && v == "A4 landscape")));
    let numbers = page("@page").iter().find_map(|d| match d {
        Item::Block(pre, inner) if pre == "@bottom-center" => Some(inner),
        _ => None,
    });
    assert!(
        numbers.unwrap().iter().any(|d| matches!(d, Item::Decl(p, v) if p == "content" && v.contains("counter(page)"))),
        "a page number at the foot of every page"
    );
    let decls = declarations(&items);
    assert!(
        decls.iter().any(|(path, p, v)| path.last().map(String::as_str) == Some("body.kind-dashboard") && p == "page" && v == "dashboard")
    );
    // Closed <details> (the definitions, the shortfalls) print open.
    assert!(decls.iter().any(|(path, p, v)| path.iter().any(|x| x == "@media print")
        && path.last().is_some_and(|s| s.contains("details::details-content"))
        && p == "content-visibility"
        && v == "visible"));
}

/// The example site, built once per test that needs it.
fn example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_regionpress"))
        .args(["build", "-q", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(&public)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (tmp, public)
}

fn html_pages(public: &Path) -> Vec<(String, Html)> {
    let mut pages: Vec<(String, Html)> = walkdir::WalkDir::new(public)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(public).unwrap().to_string_lossy().into_owned();
            (rel, Html::parse_document(&fs::read_to_string(e.path()).unwrap()))
        })
        .collect();
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    pages
}

/// The text of the `@page { @top-right { content: … } }` rule in a page's print style, unescaped.
fn printed_marking(doc: &Html) -> Option<String> {
    let style = Selector::parse("head style[media=print]").unwrap();
    let text: String = doc.select(&style).next()?.text().collect();
    let items = parse_css(&text);
    let content = declarations(&items).into_iter().find(|(path, p, _)| {
        p == "content" && path.first().map(String::as_str) == Some("@page") && path.last().map(String::as_str) == Some("@top-right")
    })?;
    let v = content.2.trim_matches('"');
    // Undo the CSS escapes (`\22 `) of escape::css_string.
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let hex: String = rest[i + 1..].chars().take_while(char::is_ascii_hexdigit).collect();
        out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
        rest = rest[i + 1 + hex.len()..].strip_prefix(' ').unwrap_or(&rest[i + 1 + hex.len()..]);
    }
    out.push_str(rest);
    Some(out)
}

#[test]
fn every_page_carries_the_renderer_hints_the_text_size_control_and_the_marking() {
    let (_tmp, public) = example();
    let pages = html_pages(&public);
    assert!(pages.len() > 200, "{} pages", pages.len());
    for (rel, doc) in &pages {
        assert_eq!(attrs(doc, "head meta[name=renderer]", "content"), ["webkit"], "{rel}");
        assert_eq!(attrs(doc, "head meta[http-equiv=X-UA-Compatible]", "content"), ["IE=edge"], "{rel}");
        // The control is hidden until theme.js shows it: without script the default size reads.
        assert_eq!(attrs(doc, ".masthead .text-size[hidden] button", "data-text-size"), ["large", "medium", "small"], "{rel}");
        assert_eq!(texts(doc, ".masthead .text-size button"), ["大", "中", "小"], "{rel}");
        // site.yaml: bulletin.marking "内部资料 注意保存" on every printed page (an issue's own on its pages).
        assert_eq!(printed_marking(doc).as_deref(), Some("内部资料 注意保存"), "{rel}");
    }
}

#[test]
fn the_marking_is_escaped_into_the_print_style_and_absent_when_unset() {
    let site = Site::new("regional");
    site.set_config("bulletin:\n  marking: '机密\"</style><b>x'\n");
    site.build_ok(&["-q"]);
    let doc = site.html("index.html");
    assert_eq!(printed_marking(&doc).as_deref(), Some("机密\"</style><b>x"));
    assert!(texts(&doc, "b").is_empty(), "the marking did not leave the style element");
    let plain = Site::new("regional");
    plain.build_ok(&["-q"]);
    assert_eq!(printed_marking(&plain.html("index.html")), None, "no marking unless site.yaml sets one");
}

#[test]
fn the_dashboard_shows_rank_region_and_total_first_and_the_strip_labels_its_months() {
    let (_tmp, public) = example();
    let doc = Html::parse_document(&fs::read_to_string(public.join("dashboard/2025/index.html")).unwrap());
    let classes = |sel: &str| -> Vec<String> {
        let s = Selector::parse(sel).unwrap();
        doc.select(&s).map(|e| e.value().attr("class").unwrap_or("").to_string()).collect()
    };
    let head = classes(".assessment-table thead tr:first-child > th");
    assert!(head[0].contains("col-rank") && head[1].contains("col-region") && head[2].contains("col-total"), "{head:?}");
    assert_eq!(texts(&doc, ".assessment-table thead th")[..3], ["排名", "区域", "组织考核总分"]);
    let rows = Selector::parse(".assessment-table tbody tr").unwrap();
    let mut n = 0;
    for (i, row) in doc.select(&rows).enumerate() {
        let cells: Vec<_> = row.children().filter_map(scraper::ElementRef::wrap).collect();
        assert_eq!(cells[0].value().name(), "td");
        assert_eq!(cells[0].text().collect::<String>(), (i + 1).to_string());
        assert_eq!((cells[1].value().name(), cells[1].value().attr("scope")), ("th", Some("row")));
        assert!(cells[2].value().attr("class").unwrap().contains("col-total"));
        assert!(cells[2].text().collect::<String>().parse::<f64>().is_ok(), "a committee total in row {i}");
        n += 1;
    }
    assert_eq!(n, 5, "every region of the example");
    // Both tables say they scroll sideways; the activity table keeps rank and region first.
    assert_eq!(texts(&doc, ".scroll-hint"), ["表格可左右滑动", "表格可左右滑动"]);
    assert_eq!(
        classes(".dashboard-table thead th")[..2].iter().map(|c| c.contains("col-rank") || c.contains("col-region")).collect::<Vec<_>>(),
        [true, true]
    );
    // The month strips carry a label under every cell.
    let months = texts(&doc, ".dashboard-summary .chart-strip .chart-strip-months text");
    assert_eq!(months.len(), 12);
    assert_eq!(months[0], "1月");
    assert_eq!(months[11], "12月");
    // The definitions can be found from print (an id) and are a <details> opened by the print style.
    assert_eq!(attrs(&doc, "details.definitions", "id"), ["definitions"]);

    // The region page's 24-month chart sits in a box of its own that scrolls, and keeps its data table.
    let region = Html::parse_document(&fs::read_to_string(public.join("regions/chengdu/index.html")).unwrap());
    assert_eq!(attrs(&region, ".chart-scroll", "tabindex"), ["0"]);
    assert_eq!(texts(&region, ".chart-scroll svg.chart-columns > g").len(), 24);
    assert_eq!(texts(&region, ".chart-panel-wide .chart-table tbody tr").len(), 24);
}
