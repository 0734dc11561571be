//! Fuzz target: loading one report file from raw bytes (UTF-8 decoding, BOM,
//! front matter, every field), then rendering its Markdown body with links
//! and assets checked, and printing every diagnostic.
#![no_main]

use std::collections::{BTreeSet, HashMap};

use libfuzzer_sys::fuzz_target;
use regionpress::config::Language;
use regionpress::content::load_doc_bytes;
use regionpress::graph::render_doc;
use regionpress::markdown::LinkContext;

/// Prints a diagnostic every way the CLI can (both languages, JSON, GitHub).
fn show(d: &regionpress::diagnostics::Diagnostic) {
    for lang in [Language::ZhCn, Language::En] {
        let _ = d.render(lang);
        let _ = d.to_json(lang).to_string();
        let _ = d.to_github(lang, "site/");
    }
}

fuzz_target!(|data: &[u8]| {
    let (doc, diags) = load_doc_bytes("reports/2020/fuzz.md", data.to_vec());
    for d in diags.sorted() {
        show(&d);
    }
    let Some(doc) = doc else { return };
    let targets = HashMap::new();
    let assets = BTreeSet::new();
    let ctx = LinkContext { targets: &targets, assets: &assets, sanitize: true, allow_html: false };
    let rendered = render_doc(&doc, "/reports/fuzz/", &ctx);
    assert!(!rendered.html.unpack().contains("<script"));
    for d in &rendered.diags {
        show(d);
    }
});
