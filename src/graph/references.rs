//! Stage 5 of the graph: each page's references resolved: regions, modes,
//! units, tags, lecturer, cover image and class materials. Files a page
//! names are given their site paths; whatever does not resolve is recorded
//! as a [`Finding`] for the checks across files.

use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::markdown;

use super::findings::{FileProblem, Finding};
use super::nodes::{AssetOrigin, GalleryOut, MaterialOut, PageId, PageNode, RegionId, RegionNode, refuses_document};

/// What references resolve against.
pub struct Known<'a> {
    /// Settings (modes, the raw-HTML setting).
    pub config: &'a SiteConfig,
    /// The files of `content/` that are not sources.
    pub content_assets: &'a BTreeSet<String>,
    /// The regions.
    pub regions: &'a [RegionNode],
    /// Region id -> index into `regions`.
    pub region_index: &'a HashMap<String, RegionId>,
    /// Tag name -> index into the graph's tags.
    pub tag_index: &'a HashMap<&'a str, usize>,
    /// Lecturer name -> index into the graph's lecturers.
    pub lecturer_index: &'a HashMap<&'a str, usize>,
}

/// Files one page copies: (site path of the copy, content-relative source, where named).
pub type Copies = Vec<(String, String, AssetOrigin)>;

/// Resolves the references of every page (in parallel); returns, in page
/// order, what did not resolve and the files each page copies.
pub fn resolve(nodes: &mut [PageNode], known: &Known<'_>) -> (Vec<Finding>, Vec<Copies>) {
    let unit_names: Vec<HashSet<&str>> = known.regions.iter().map(|r| r.region.units.iter().map(|u| u.name.as_str()).collect()).collect();
    let resolved: Vec<(Vec<Finding>, Copies)> =
        nodes.par_iter_mut().enumerate().map(|(page, n)| resolve_page(PageId(page), n, known, &unit_names)).collect();
    let mut findings = Vec::new();
    let mut copies = Vec::with_capacity(resolved.len());
    for (f, c) in resolved {
        findings.extend(f);
        copies.push(c);
    }
    (findings, copies)
}

fn resolve_page(page: PageId, n: &mut PageNode, known: &Known<'_>, unit_names: &[HashSet<&str>]) -> (Vec<Finding>, Copies) {
    let doc = n.doc.clone();
    let mut findings = Vec::new();
    for (index, rid) in doc.regions.iter().enumerate() {
        match known.region_index.get(rid.as_str()) {
            Some(&r) if !n.regions.contains(&r) => n.regions.push(r),
            Some(_) => {}
            None => findings.push(Finding::UnknownRegion { page, index }),
        }
    }
    for (index, m) in doc.modes.iter().enumerate() {
        match known.config.modes.iter().position(|c| &c.name == m || &c.id == m) {
            Some(i) if !n.modes.contains(&i) => n.modes.push(i),
            Some(_) => {}
            None => findings.push(Finding::UnknownMode { page, index }),
        }
    }
    // A region whose file did not read knows no units: its error is enough.
    if !n.regions.is_empty() && !n.regions.iter().any(|&r| known.regions[r.index()].region.unparsed) {
        for (index, u) in doc.units.iter().enumerate() {
            if !n.regions.iter().any(|&r| unit_names[r.index()].contains(u.as_str())) {
                findings.push(Finding::UnknownUnit { page, index });
            }
        }
        for (index, u) in doc.hosts.iter().enumerate() {
            if !n.regions.iter().any(|&r| unit_names[r.index()].contains(u.as_str())) {
                findings.push(Finding::UnknownHost { page, index });
            }
        }
    }
    n.tags = doc.tags.iter().filter_map(|t| known.tag_index.get(t.as_str()).copied()).collect();
    n.tags.dedup();
    n.lecturer = doc.lecturer.as_deref().and_then(|l| known.lecturer_index.get(l).copied());
    let copies = resolve_files(page, n, known, &mut findings);
    (findings, copies)
}

/// The files a page copies: those its body links (named while rendering),
/// its cover and its materials; each takes a name free among them.
fn resolve_files(page: PageId, n: &mut PageNode, known: &Known<'_>, findings: &mut Vec<Finding>) -> Copies {
    let doc = n.doc.clone();
    let origin = |(line, column): (usize, usize)| AssetOrigin { shown: doc.shown.clone(), line, column };
    let mut copies: Copies = Vec::new();
    let mut names = markdown::AssetNames::default();
    for ((src, out), at) in n.rendered.assets.iter().zip(&n.rendered.asset_at) {
        names.insert(src, out);
        copies.push((out.clone(), src.clone(), origin(*at)));
    }
    let refused = |p: &str| refuses_document(known.config, known.content_assets, p);
    if let Some(cover) = &doc.cover {
        match crate::content_path::resolve_relative(&doc.source, cover) {
            Some(p) if refused(&p) => findings.push(Finding::Cover { page, problem: FileProblem::Refused }),
            Some(p) if known.content_assets.contains(&p) => {
                let (out, _) = names.name(&n.url, &p, cover);
                n.cover_url = Some(crate::escape::url_path(&out));
                copies.push((out, p, origin(doc.pos("cover"))));
            }
            Some(_) => findings.push(Finding::Cover { page, problem: FileProblem::Missing }),
            None => findings.push(Finding::Cover { page, problem: FileProblem::Outside }),
        }
    }
    // The text's lines are indexed once, at the first material file of
    // the page, for the columns where files are named.
    let locator: std::cell::OnceCell<crate::front_matter::Locator<'_>> = std::cell::OnceCell::new();
    let locator = || locator.get_or_init(|| crate::front_matter::Locator::new(&doc.text));
    for (index, m) in doc.materials.iter().enumerate() {
        match (&m.file, &m.file_ref, &m.url) {
            (Some(file), Some(_), _) if refused(file) => findings.push(Finding::Material { page, index, problem: FileProblem::Refused }),
            (Some(file), Some(written), _) if known.content_assets.contains(file) => {
                let (out, _) = names.name(&n.url, file, written);
                let ext = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
                let url = crate::escape::url_path(&out);
                n.materials.push(MaterialOut { title: m.title.clone(), url, is_file: true, ext });
                let col = locator().find(m.line, written).map(|p| p.1).unwrap_or(0);
                copies.push((out, file.clone(), origin((m.line, col))));
            }
            (Some(_), Some(_), _) => findings.push(Finding::Material { page, index, problem: FileProblem::Missing }),
            (_, _, Some(url)) => {
                n.materials.push(MaterialOut { title: m.title.clone(), url: url.clone(), is_file: false, ext: String::new() })
            }
            _ => {}
        }
    }
    // The gallery's photos.
    for (index, m) in doc.gallery.iter().enumerate() {
        let (Some(file), Some(written)) = (&m.file, &m.file_ref) else { continue };
        if refused(file) {
            findings.push(Finding::Gallery { page, index, problem: FileProblem::Refused });
        } else if known.content_assets.contains(file) {
            let (out, _) = names.name(&n.url, file, written);
            let alt = if m.title.is_empty() { doc.title.clone() } else { m.title.clone() };
            n.gallery.push(GalleryOut { url: crate::escape::url_path(&out), caption: m.title.clone(), alt, source: file.clone() });
            let col = locator().find(m.line, written).map(|p| p.1).unwrap_or(0);
            copies.push((out, file.clone(), origin((m.line, col))));
        } else {
            findings.push(Finding::Gallery { page, index, problem: FileProblem::Missing });
        }
    }
    copies
}
