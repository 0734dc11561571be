//! References that do not resolve, as the graph's stages recorded them
//! ([`Finding`]): duplicate region ids, logos, a page's regions, modes and
//! units, its cover and its materials. Each is located in its file and
//! given a hint ("did you mean", the known names, where to put the file).

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::front_matter::Locator;
use crate::graph::{FileProblem, Finding, PageId, PageNode, RegionNode};
use crate::markdown::NEAREST_HINTS_PER_PAGE;
use crate::messages::{FileRef, Hint, Message};
use crate::site::SiteGraph;

/// Reports every finding: those of regions first, then each page's (in
/// parallel; merged in page order, so the result does not depend on timing).
pub fn report(graph: &SiteGraph, findings: &[Finding], diags: &mut Diagnostics) {
    let mut pages: Vec<(PageId, Vec<&Finding>)> = Vec::new();
    for f in findings {
        match f {
            Finding::DuplicateRegion { region, other } => {
                let message = Message::DuplicateRegion { id: region.id.clone(), other: other.clone() };
                diags.push(Diagnostic::new(&*region.shown, 0, 0, message).with_hint(Hint::KeepOneFile));
            }
            Finding::Logo { region, problem } => diags.push(logo(&graph.regions[*region], *problem)),
            Finding::UnknownRegion { page, .. }
            | Finding::UnknownMode { page, .. }
            | Finding::UnknownUnit { page, .. }
            | Finding::UnknownHost { page, .. }
            | Finding::Cover { page, .. }
            | Finding::Gallery { page, .. }
            | Finding::Material { page, .. } => match pages.last_mut() {
                Some((p, list)) if p == page => list.push(f),
                _ => pages.push((*page, vec![f])),
            },
        }
    }
    let found: Vec<Vec<Diagnostic>> = pages.par_iter().map(|(page, list)| Page::new(graph, &graph.nodes[*page]).report(list)).collect();
    diags.extend(Diagnostics::from(found.into_iter().flatten().collect::<Vec<_>>()));
}

/// A region's logo that is missing or refused.
fn logo(region: &RegionNode, problem: FileProblem) -> Diagnostic {
    let r = &region.region;
    let logo = r.brand.logo.clone().unwrap_or_default();
    let name = logo.rsplit('/').next().unwrap_or(&logo);
    let (line, column) = crate::front_matter::locate_text(&r.text, 1, name).unwrap_or((0, 0));
    let (message, hint) = match problem {
        FileProblem::Refused => (Message::HtmlAsset { what: FileRef::Logo, path: logo.clone() }, Hint::AllowHtml),
        FileProblem::Missing | FileProblem::Outside => {
            (Message::MissingAsset { what: FileRef::Logo, path: logo.clone() }, Hint::LogoRelative)
        }
    };
    Diagnostic::new(&*r.shown, line, column, message).with_hint(hint).with_source(&r.text)
}

/// One page's findings, located in its text.
struct Page<'a> {
    graph: &'a SiteGraph,
    node: &'a PageNode,
    /// "Did you mean" hints left: comparing with every region or unit is
    /// done for the first few problems of a page only.
    hints_left: usize,
}

impl<'a> Page<'a> {
    fn new(graph: &'a SiteGraph, node: &'a PageNode) -> Page<'a> {
        Page { graph, node, hints_left: NEAREST_HINTS_PER_PAGE }
    }

    fn report(mut self, findings: &[&Finding]) -> Vec<Diagnostic> {
        let locator = Locator::new(&self.node.doc.text);
        // Where each value of a list field is: looked for once per field, each after the one before.
        let mut positions: [Option<Vec<(usize, usize)>>; 4] = Default::default();
        let mut out = Vec::with_capacity(findings.len());
        for f in findings {
            let d = match **f {
                Finding::UnknownRegion { index, .. } => {
                    let at = self.position(&locator, &mut positions[0], "region", &self.node.doc.regions, index);
                    self.unknown_region(at, index)
                }
                Finding::UnknownMode { index, .. } => {
                    let at = self.position(&locator, &mut positions[1], "mode", &self.node.doc.modes, index);
                    self.unknown_mode(at, index)
                }
                Finding::UnknownUnit { index, .. } => {
                    let at = self.position(&locator, &mut positions[2], "units", &self.node.doc.units, index);
                    self.unknown_unit(at, index, false)
                }
                Finding::UnknownHost { index, .. } => {
                    let at = self.position(&locator, &mut positions[3], "hosts", &self.node.doc.hosts, index);
                    self.unknown_unit(at, index, true)
                }
                Finding::Cover { problem, .. } => self.cover(problem),
                Finding::Material { index, problem, .. } => self.material(&locator, index, problem),
                Finding::Gallery { index, problem, .. } => self.gallery(&locator, index, problem),
                Finding::DuplicateRegion { .. } | Finding::Logo { .. } => continue,
            };
            out.push(d.with_source_in(locator.lines()));
        }
        out
    }

    /// Where the `index`th value of the list field `key` is written.
    fn position(
        &self,
        locator: &Locator<'_>,
        cache: &mut Option<Vec<(usize, usize)>>,
        key: &str,
        items: &[String],
        index: usize,
    ) -> (usize, usize) {
        let all = cache.get_or_insert_with(|| {
            let (l, _) = self.node.doc.pos(key);
            locator.find_each(l, items.iter().map(String::as_str)).into_iter().map(|p| p.unwrap_or((l, 0))).collect()
        });
        *all.get(index).unwrap_or(&(1, 0))
    }

    fn diag(&self, (line, column): (usize, usize), message: Message) -> Diagnostic {
        Diagnostic::new(&*self.node.doc.shown, line, column, message)
    }

    /// True while "did you mean" hints are left for this page (and uses one).
    fn take_hint(&mut self) -> bool {
        match self.hints_left.checked_sub(1) {
            Some(left) => {
                self.hints_left = left;
                true
            }
            None => false,
        }
    }

    fn unknown_region(&mut self, at: (usize, usize), index: usize) -> Diagnostic {
        let regions = &self.graph.regions;
        let id = &self.node.doc.regions[index];
        let near = if self.take_hint() { nearest(id, regions.iter().map(|r| r.region.id.as_str())) } else { Vec::new() };
        let all: Vec<String> = regions.iter().take(50).map(|r| r.region.id.clone()).collect();
        let fallback = if all.is_empty() { Hint::NoRegionYet } else { Hint::KnownRegions(all) };
        self.diag(at, Message::UnknownRegion { id: id.clone() }).with_hint(Hint::nearest_or(near, fallback))
    }

    fn unknown_mode(&self, at: (usize, usize), index: usize) -> Diagnostic {
        let modes = &self.graph.config.modes;
        let mode = &self.node.doc.modes[index];
        let names = modes.iter().map(|c| c.name.as_str());
        let near = nearest(mode, names.clone().chain(modes.iter().map(|c| c.id.as_str())));
        let all = Hint::OneOf(names.map(str::to_string).collect());
        self.diag(at, Message::UnknownMode { mode: mode.clone() }).with_hint(Hint::nearest_or(near.into_iter().take(1).collect(), all))
    }

    /// An unknown unit of `units`, or of `hosts` when `host`.
    fn unknown_unit(&mut self, at: (usize, usize), index: usize, host: bool) -> Diagnostic {
        let unit = if host { &self.node.doc.hosts[index] } else { &self.node.doc.units[index] };
        let near = if self.take_hint() {
            let regions = &self.graph.regions;
            let names = self.node.regions.iter().flat_map(|&r| regions[r].region.units.iter().map(|x| x.name.as_str()));
            nearest(unit, names).into_iter().take(1).collect()
        } else {
            Vec::new()
        };
        let message = if host { Message::UnknownHost { unit: unit.clone() } } else { Message::UnknownUnit { unit: unit.clone() } };
        self.diag(at, message).with_hint(Hint::nearest_or(near, Hint::AddUnit))
    }

    fn cover(&self, problem: FileProblem) -> Diagnostic {
        let doc = &self.node.doc;
        let path = doc.cover.clone().unwrap_or_default();
        let at = doc.pos("cover");
        match problem {
            FileProblem::Refused => self.diag(at, Message::HtmlAsset { what: FileRef::Cover, path }).with_hint(Hint::AllowHtml),
            FileProblem::Missing => {
                self.diag(at, Message::MissingAsset { what: FileRef::Cover, path }).with_hint(Hint::PutNextTo { file: doc.shown.clone() })
            }
            FileProblem::Outside => self.diag(at, Message::PathOutside { what: FileRef::Cover, path }).with_hint(Hint::StayInside),
        }
    }

    /// A photo of the gallery, missing or refused.
    fn gallery(&self, locator: &Locator<'_>, index: usize, problem: FileProblem) -> Diagnostic {
        let doc = &self.node.doc;
        let m = &doc.gallery[index];
        let written = m.file_ref.clone().unwrap_or_default();
        let at = (m.line, locator.find(m.line, &written).map(|p| p.1).unwrap_or(0));
        match problem {
            FileProblem::Refused => self.diag(at, Message::HtmlAsset { what: FileRef::Image, path: written }).with_hint(Hint::AllowHtml),
            FileProblem::Missing | FileProblem::Outside => self
                .diag(at, Message::MissingAsset { what: FileRef::Image, path: written })
                .with_hint(Hint::PutNextTo { file: doc.shown.clone() }),
        }
    }

    fn material(&self, locator: &Locator<'_>, index: usize, problem: FileProblem) -> Diagnostic {
        let doc = &self.node.doc;
        let m = &doc.materials[index];
        let written = m.file_ref.clone().unwrap_or_default();
        let col = locator.find(m.line, &written).map(|p| p.1).unwrap_or(0);
        match problem {
            FileProblem::Refused => {
                self.diag((m.line, col), Message::HtmlAsset { what: FileRef::Material, path: written }).with_hint(Hint::AllowHtml)
            }
            FileProblem::Missing | FileProblem::Outside => self
                .diag((m.line, col), Message::MissingAsset { what: FileRef::Material, path: written })
                .with_hint(Hint::PutNextTo { file: doc.shown.clone() }),
        }
    }
}
