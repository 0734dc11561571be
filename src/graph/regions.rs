//! Stage 1 of the graph: the regions, sorted, each with its URL, brand
//! colours, rendered description and copied logo. A second profile with
//! an id taken (compared without case) is left out and recorded.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::color::text_color_on;
use crate::config::SiteConfig;
use crate::content::Region;
use crate::markdown;

use super::findings::{FileProblem, Finding};
use super::nodes::{AssetMap, AssetOrigin, RegionId, RegionNode, refuses_document, sanitizes};

/// The regions of the graph and their index by id.
pub struct Regions {
    /// By `order`, then name, then id.
    pub nodes: Vec<RegionNode>,
    /// Region id -> index into `nodes`.
    pub index: HashMap<String, RegionId>,
}

/// The brand colour of a region whose profile gives none.
const DEFAULT_COLOR: &str = "#9f1d20";

/// Builds the region nodes from the loaded profiles. The logo of each is
/// added to `assets` (site path, source, where named) when it exists.
pub fn build(
    config: &SiteConfig,
    mut regions: Vec<Region>,
    content_assets: &BTreeSet<String>,
    assets: &mut AssetMap,
    findings: &mut Vec<Finding>,
) -> Regions {
    regions.sort_by(|a, b| (a.order, &a.name, &a.id).cmp(&(b.order, &b.name, &b.id)));
    let mut nodes: Vec<RegionNode> = Vec::with_capacity(regions.len());
    let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
    for region in regions {
        if let Some(other) = seen_ids.insert(region.id.to_lowercase(), region.shown.clone()) {
            findings.push(Finding::DuplicateRegion { region: Box::new(region), other });
            continue;
        }
        let url = format!("/regions/{}/", region.id);
        let color = region.brand.color.clone().unwrap_or_else(|| DEFAULT_COLOR.to_string());
        let logo_url = match &region.brand.logo {
            Some(logo) if refuses_document(config, content_assets, logo) => {
                findings.push(Finding::Logo { region: RegionId(nodes.len()), problem: FileProblem::Refused });
                None
            }
            Some(logo) if content_assets.contains(logo) => {
                let name = logo.rsplit('/').next().unwrap_or(logo);
                let out = format!("{url}{name}");
                let (line, column) = crate::front_matter::locate_text(&region.text, 1, name).unwrap_or((0, 0));
                assets.entry((out.clone(), logo.clone())).or_insert(AssetOrigin { shown: region.shown.clone(), line, column });
                Some(crate::escape::url_path(&out))
            }
            Some(_) => {
                findings.push(Finding::Logo { region: RegionId(nodes.len()), problem: FileProblem::Missing });
                None
            }
            None => None,
        };
        let description_html = region.description.as_deref().map(|d| markdown::render_plain(d, sanitizes(config))).unwrap_or_default();
        nodes.push(RegionNode {
            text_color: text_color_on(&color),
            color,
            url,
            description_html,
            logo_url,
            reports: Vec::new(),
            classes: Vec::new(),
            unit_stats: vec![(0, None); region.units.len()],
            participants: 0,
            region,
        });
    }
    let index = nodes.iter().enumerate().map(|(i, r)| (r.region.id.clone(), RegionId(i))).collect();
    Regions { nodes, index }
}
