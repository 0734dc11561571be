//! Fuzz target: the front-matter splitter and the typed YAML field reader.
//!
//! Any input must give either a split or a located error, and reading every
//! kind of field must never panic; every diagnostic must render.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regionpress::config::Language;
use regionpress::front_matter::{Fields, split};

/// Prints a diagnostic every way the CLI can (both languages, JSON, GitHub).
fn show(d: &regionpress::diagnostics::Diagnostic) {
    for lang in [Language::ZhCn, Language::En] {
        let _ = d.render(lang);
        let _ = d.to_json(lang).to_string();
        let _ = d.to_github(lang, "site/");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(parts) = split(text) else { return };
    assert!(parts.body_line >= 3);
    assert!(text.ends_with(parts.body));
    let mut fields = match Fields::parse("content/reports/fuzz.md", text, parts.yaml, 1) {
        Ok(f) => f,
        Err(d) => {
            show(&d);
            return;
        }
    };
    fields.warn_unknown_keys(&["title", "date", "region", "units", "materials", "brand", "draft", "participants"]);
    let _ = fields.string("title", true);
    let _ = fields.date("date", true);
    let _ = fields.string_list("region");
    let _ = fields.string_list("units");
    let _ = fields.count("participants");
    let _ = fields.boolean("draft");
    let _ = fields.mapping_list("materials");
    let _ = fields.mapping("brand");
    for d in fields.diags.sorted() {
        show(&d);
    }
});
