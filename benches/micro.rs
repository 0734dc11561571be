//! Micro-benchmarks of a build's hot paths, one call at a time, with divan:
//! rendering one report's Markdown (syntect highlighting included),
//! rendering one report page and one list page with the default theme, and
//! building the search index of a small site in memory.
//!
//! ```sh
//! cargo bench --bench micro              # all of them
//! cargo bench --bench micro -- render    # those whose path contains `render`
//! ```
//!
//! The inputs are in the repository, so a fresh clone runs them as they are:
//! the report body is `benches/fixtures/report.md`, the site is the example
//! site at the repository root (`site.yaml`, `content/`). Loading the site,
//! compiling the theme and loading syntect's syntaxes happen once, before
//! timing starts. The figures and how to read them are in
//! `docs/performance.md`.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::LazyLock;

use divan::Bencher;
use regionpress::markdown::{LinkContext, LinkTarget, Source};
use regionpress::render::{Job, Renderer};
use regionpress::site::SiteGraph;

fn main() {
    divan::main();
}

/// The example site's folder: the repository root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example site, loaded and validated once for every benchmark that uses it.
static SITE: LazyLock<SiteGraph> = LazyLock::new(|| {
    let (graph, diags) = regionpress::load_site(root(), None, false);
    assert!(!diags.has_errors(), "the example site has errors; run `regionpress check` to see them");
    graph
});

mod markdown {
    use super::*;

    /// A report body of about 4.7 KB: headings, nested lists, a table, a
    /// quote, YAML and Python code blocks, internal, anchor and external links.
    const REPORT: &str = include_str!("fixtures/report.md");

    /// The Markdown code blocks of `text`: (language, code), in order.
    fn code_blocks(text: &str) -> Vec<(&str, String)> {
        let mut blocks = Vec::new();
        let mut open: Option<(&str, String)> = None;
        for line in text.split_inclusive('\n') {
            match (open.as_mut(), line.strip_prefix("```")) {
                (Some(_), Some(_)) => blocks.extend(open.take()),
                (Some((_, code)), None) => code.push_str(line),
                (None, Some(lang)) => open = Some((lang.trim(), String::new())),
                (None, None) => {}
            }
        }
        blocks
    }

    /// The whole document as the site graph renders each report: HTML,
    /// heading ids and table of contents, highlighting, links, word count.
    /// Identical code blocks are highlighted once per process, so after the
    /// first call this times everything but syntect (`highlight_code_blocks`
    /// times syntect alone).
    #[divan::bench]
    fn report_body(bencher: Bencher) {
        let targets: HashMap<String, LinkTarget> = [
            ("reports/2025/2025-12-26-chengdu-year-review.md", "/reports/2025-12-26-chengdu-year-review/"),
            ("reports/2026/2026-03-18-chongqing-expert-pool.md", "/reports/2026-03-18-chongqing-expert-pool/"),
        ]
        .into_iter()
        .map(|(source, url)| (source.to_string(), LinkTarget { url: url.to_string(), excluded_draft: false }))
        .collect();
        let assets = BTreeSet::new();
        let site = regionpress::markdown::SiteUrls::default();
        let ctx = LinkContext { targets: &targets, assets: &assets, sanitize: true, allow_html: false, site: &site };
        let source = Source {
            source: "reports/2026/2026-04-02-chengdu-q1-ledger.md",
            shown: "content/reports/2026/2026-04-02-chengdu-q1-ledger.md",
            file_text: REPORT,
            body: REPORT,
            body_offset: 0,
            url: "/reports/chengdu-2026-q1-ledger/",
        };
        // The first call loads syntect's syntaxes; it also proves the fixture renders cleanly.
        let first = regionpress::markdown::render(&source, &ctx);
        assert!(first.diags.is_empty(), "the fixture has problems: {:?}", first.diags);
        assert!(first.html.unpack().contains("hl-"), "the fixture's code was not highlighted");
        bencher.bench(|| regionpress::markdown::render(&source, &ctx));
    }

    /// The fixture's code blocks alone, highlighted afresh each time: what a
    /// document with new code blocks adds to `report_body`.
    #[divan::bench]
    fn highlight_code_blocks(bencher: Bencher) {
        let blocks = code_blocks(REPORT);
        assert_eq!(blocks.iter().map(|(lang, _)| *lang).collect::<Vec<_>>(), ["yaml", "python"]);
        let highlight_all = || blocks.iter().map(|(lang, code)| regionpress::markdown::highlight_uncached(code, lang)).collect::<Vec<_>>();
        // As in `report_body`: each syntax's rules compile on its first use, before timing.
        assert!(highlight_all().iter().all(|html| html.contains("hl-")), "a code block was not highlighted");
        bencher.bench(highlight_all);
    }
}

mod render {
    use super::*;

    /// Times one job of a renderer of the example site with the default theme.
    fn bench_job(bencher: Bencher, select: impl FnOnce(&Renderer<'_>) -> Job) {
        let renderer = Renderer::new(&SITE, root()).expect("the default theme compiles");
        let job = select(&renderer);
        let (path, html) = renderer.render_job(&job).expect("the job renders");
        assert!(html.contains("</html>"), "{path} is not a whole page");
        bencher.bench(|| renderer.render_job(&job));
    }

    /// A report page: the site's longest report (ties broken by URL), so
    /// that its table of contents, tables and code are in the page.
    #[divan::bench]
    fn report_page(bencher: Bencher) {
        bench_job(bencher, |_| {
            let nodes = &SITE.nodes;
            let longest = SITE.reports.iter().copied().max_by(|&a, &b| {
                nodes[a].rendered.html.len().cmp(&nodes[b].rendered.html.len()).then_with(|| nodes[b].url.cmp(&nodes[a].url))
            });
            Job::Page(longest.expect("the example site has reports"))
        });
    }

    /// A list page: the first page of the first list (all reports, newest first).
    #[divan::bench]
    fn list_page(bencher: Bencher) {
        bench_job(bencher, |renderer| {
            renderer.plan().into_iter().find(|job| matches!(job, Job::List(_, 1))).expect("the example site has a report list")
        });
    }
}

mod search {
    use super::*;

    /// The whole index of the example site (collecting the documents,
    /// tokenizing, postings, encoding every file), written nowhere.
    #[divan::bench]
    fn build_index(bencher: Bencher) {
        let graph: &SiteGraph = &SITE;
        bencher.bench(|| regionpress::search::build(graph, &|_: &str, _: &[u8]| Ok(())).expect("the index builds"));
    }
}
