//! What the faster paths of a build must keep doing.

use crate::common::*;

/// A bulletin issue in full text links the highlighting stylesheet when an
/// item has highlighted code (its body is unpacked once, for the embedded
/// text and this test), and only then.
#[test]
fn a_bulletin_links_the_syntax_stylesheet_only_when_an_item_has_code() {
    let site = Site::new("regional");
    let share = "content/reports/2026-03-02-west-share.md";
    let text = std::fs::read_to_string(site.root.join(share)).unwrap();
    site.write(share, &format!("{text}\n```rust\nfn main() {{}}\n```\n"));
    site.build_ok(&[]);
    let sheet = |rel: &str| attrs(&site.html(rel), "link[rel=stylesheet]", "href").iter().filter(|h| h.starts_with("/syntax.css")).count();
    assert_eq!(sheet("bulletins/west/2026-03/index.html"), 1, "an item with code");
    assert_eq!(texts(&site.html("bulletins/west/2026-03/index.html"), ".bulletin-text pre code").len(), 1);
    assert_eq!(sheet("bulletins/west/2026-02/index.html"), 0, "no item with code");
    assert_eq!(sheet("bulletins/all/2026-03/index.html"), 0, "the company's issue has summaries");
}
