//! Built-in full-text search: a sharded index of every published page,
//! written at build time, and read by `search.js` in the browser.
//!
//! The stages:
//! - [`collect`] turns the site graph into a flat list of [`SearchDoc`]s
//!   (reports, classes, free pages, regions, bulletin issues, honours; any other
//!   page kind is one more `docs.extend(..)` there);
//! - [`index::build`] tokenizes them in parallel ([`tokenize`]) and gathers
//!   postings: per token, the documents holding it with a BM25 weight, a
//!   title flag and a position mask; as each document is tokenized, its
//!   small JSON file for result display and snippets
//!   ([`shard::doc_file`]) goes to the sink and its text is dropped;
//! - [`shard::write`] encodes the postings into a small manifest, hashed
//!   shards and one file per large token, handing each file to the
//!   [`Sink`] (the staging folder of a build, the dev server's memory: the
//!   same sink the pages go to) as soon as it is ready.
//!
//! Everything is sorted before it is written (documents newest first, then
//! by URL; tokens by their bytes), so two builds are byte-identical.
//! `docs/search.md` describes the format and the ranking.

pub mod encoding;
pub mod index;
pub mod shard;
pub mod tokenize;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::content::DocKind;
use crate::language::Language;
use crate::output::Sink;
use crate::render::html_to_text;
use crate::site::SiteGraph;

/// One searchable page, independent of where it came from.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Site path of the page.
    pub url: String,
    /// `report`, `class`, `page`, `region` (and later `bulletin`).
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// Date, if the page has one (used for ordering and the year filter).
    pub date: Option<NaiveDate>,
    /// Regions, as indices into `SiteGraph::regions`.
    pub regions: Vec<usize>,
    /// Co-building modes, as indices into `config.modes`.
    pub modes: Vec<usize>,
    /// Further searchable words shown nowhere in results: tags, units, lecturer.
    pub keywords: Vec<String>,
    /// Plain text of the body.
    pub text: SearchText,
}

/// A document's body text, compressed in memory (all documents' text is
/// held while the index is built), with its number of positions
/// ([`tokenize::positions`]) counted while it was at hand.
#[derive(Debug, Clone, Default)]
pub struct SearchText {
    /// The text.
    pub packed: crate::markdown::Packed,
    /// Its positions.
    pub positions: u32,
}

impl From<&str> for SearchText {
    fn from(text: &str) -> SearchText {
        SearchText { packed: text.into(), positions: tokenize::positions(text) }
    }
}

/// What the index holds and what was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct SearchStats {
    /// Documents indexed.
    pub docs: usize,
    /// Distinct tokens.
    pub tokens: usize,
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: usize,
}

/// The searchable documents of a site, in graph order.
pub fn collect(g: &SiteGraph) -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = Vec::with_capacity(g.nodes.len() + g.regions.len());
    docs.par_extend(g.pages.par_iter().map(|&p| {
        let n = &g.nodes[p];
        let d = &n.doc;
        let mut keywords: Vec<String> = d.tags.clone();
        keywords.extend(d.units.iter().cloned());
        keywords.extend(d.lecturer.iter().cloned());
        keywords.extend(d.author.iter().cloned());
        SearchDoc {
            url: n.url.clone(),
            kind: d.kind.as_str(),
            title: d.title.clone(),
            date: if d.kind == DocKind::Page { None } else { d.date },
            regions: n.regions.iter().map(|r| r.index()).collect(),
            modes: n.modes.clone(),
            keywords,
            text: html_to_text(&n.rendered.html.unpack()).as_str().into(),
        }
    }));
    docs.extend(g.regions.iter().enumerate().map(|(i, r)| {
        let reg = &r.region;
        let b = &reg.brand;
        let mut keywords: Vec<String> = [&b.name, &b.slogan, &b.feature, &reg.leader].into_iter().flatten().cloned().collect();
        keywords.extend(reg.units.iter().map(|u| u.name.clone()));
        let mut text = reg.summary.clone().unwrap_or_default();
        text.push('\n');
        text.push_str(&html_to_text(&r.description_html));
        SearchDoc {
            url: r.url.clone(),
            kind: "region",
            title: reg.name.clone(),
            date: None,
            regions: vec![i],
            modes: Vec::new(),
            keywords,
            text: text.as_str().into(),
        }
    }));
    docs.extend(g.regional.bulletins.issues.iter().map(|issue| bulletin_doc(g, issue)));
    docs.extend(g.honours.nodes.iter().map(|h| honour_doc(g, h)));
    docs.extend(g.problems.records.iter().map(problem_doc));
    docs
}

/// An honour: found by the recipient, the honour, its
/// level, unit, post and awarding body, its citation and the titles of its
/// reports; its URL is its place on the year page (`/honours/2025/#h3`).
fn honour_doc(g: &SiteGraph, h: &crate::graph::honours::HonourNode) -> SearchDoc {
    let title = match g.config.language {
        Language::ZhCn => format!("{} · {}（{}年度）", h.name, h.honour, h.year),
        Language::En => format!("{} · {} ({})", h.name, h.honour, h.year),
    };
    let mut keywords: Vec<String> = [&h.unit, &h.post, &h.by].into_iter().flatten().cloned().collect();
    keywords.push(g.config.honours.levels[h.level].clone());
    let mut text = html_to_text(&h.citation_html);
    for &p in &h.reports {
        text.push('\n');
        text.push_str(&g.nodes[p].doc.title);
    }
    SearchDoc {
        url: h.url.clone(),
        kind: "honour",
        title,
        date: Some(h.date),
        regions: vec![h.region.index()],
        modes: Vec::new(),
        keywords,
        text: text.as_str().into(),
    }
}

/// A problem or decision: found by its title, description, responsible
/// unit, who raised it and the notes of its steps; dated by its latest step.
fn problem_doc(r: &crate::regional::problems::Record) -> SearchDoc {
    let mut text = html_to_text(&r.description_html);
    for s in &r.steps {
        for words in [&s.note, &s.reason].into_iter().flatten() {
            text.push('\n');
            text.push_str(words);
        }
    }
    SearchDoc {
        url: r.url.clone(),
        kind: "problem",
        title: r.title.clone(),
        date: r.steps.last().map(|s| s.date),
        regions: r.regions.iter().map(|x| x.index()).collect(),
        modes: Vec::new(),
        keywords: r.unit.iter().chain(&r.raised_by).cloned().collect(),
        text: text.as_str().into(),
    }
}

/// A bulletin issue: found by its editor's note and the titles it prints
/// (the reports and classes themselves are documents of their own). Its
/// title is the headline of the note, else the region (or site) and period
/// (or supplement);
/// the results show the kind "bulletin" beside it.
fn bulletin_doc(g: &SiteGraph, issue: &crate::regional::Issue) -> SearchDoc {
    let lang = g.config.language;
    let name = issue.region.map(|r| g.regions[r].region.name.as_str()).unwrap_or(g.config.title.as_str());
    // A supplement is named as such: its period is only the month it went out.
    let period = match (issue.supplement, lang) {
        (None, _) => issue.period.label(lang),
        (Some(n), Language::ZhCn) => format!("{}年增刊第{n}期", issue.period.year),
        (Some(n), Language::En) => format!("{} Supplement No. {n}", issue.period.year),
    };
    let headline = issue.note.as_ref().and_then(|n| n.title.clone());
    let title = match (headline, lang) {
        (Some(h), Language::ZhCn) => format!("{h}（{name} {period}）"),
        (Some(h), Language::En) => format!("{h} ({name}, {period})"),
        (None, _) => format!("{name} {period}"),
    };
    let mut text = issue.note.as_ref().map(|n| html_to_text(&n.html)).unwrap_or_default();
    for &p in issue.items.reports.iter().chain(&issue.items.classes) {
        text.push('\n');
        text.push_str(&g.nodes[p].doc.title);
    }
    SearchDoc {
        url: issue.url.clone(),
        kind: "bulletin",
        title,
        date: Some(issue.last_date),
        regions: issue.region.map(|r| r.index()).into_iter().collect(),
        modes: Vec::new(),
        keywords: issue.note.as_ref().and_then(|n| n.editor.clone()).into_iter().collect(),
        text: text.as_str().into(),
    }
}

/// Builds the search files of a site and hands them to `sink` (nothing
/// when `search: false`). A file the sink cannot write stops the build of
/// the index with the sink's error, as it was.
pub fn build(g: &SiteGraph, sink: &dyn Sink) -> anyhow::Result<SearchStats> {
    if !g.config.search {
        return Ok(SearchStats::default());
    }
    let mut phases = crate::timing::Phases::start("    search/");
    let docs = collect(g);
    phases.mark("collect");
    let region_names: Vec<String> = g.regions.iter().map(|r| r.region.name.clone()).collect();
    let mode_names: Vec<String> = g.config.modes.iter().map(|m| m.name.clone()).collect();
    let language = g.config.language;
    let doc_files = std::sync::Mutex::new(Vec::with_capacity(docs.len()));
    let each = |id: u32, doc: &SearchDoc, text: &str| -> anyhow::Result<()> {
        let (path, bytes) = shard::doc_file(id, doc, text, language)?;
        let written = shard::emit(sink, path, bytes)?;
        doc_files.lock().map_err(|_| anyhow::anyhow!("a search writer panicked"))?.push(written);
        Ok(())
    };
    let idx = index::build(docs, &index::Labels { regions: &region_names, modes: &mode_names }, &each)?;
    phases.mark("index and documents");
    let meta = shard::SiteMeta {
        regions: g
            .regions
            .iter()
            .map(|r| shard::RegionMeta {
                id: r.region.id.clone(),
                name: r.region.name.clone(),
                short: r.region.short_name.clone(),
                url: r.url.clone(),
                color: r.color.clone(),
                text: r.text_color.to_string(),
            })
            .collect(),
        modes: g.config.modes.iter().map(|m| shard::ModeMeta { id: m.id.clone(), name: m.name.clone() }).collect(),
        language,
        relative: g.config.relative_urls,
    };
    let doc_files = doc_files.into_inner().map_err(|_| anyhow::anyhow!("a search writer panicked"))?;
    let stats = shard::write(idx, &meta, doc_files, sink);
    phases.mark("write");
    stats
}
