//! The photos of a loaded site: every raster image among the
//! site's copied files processed through [`crate::photos`], and the files
//! of their smaller widths added to the copies, where the output check
//! sees their names like any other file's.

use std::sync::Arc;

use super::SiteGraph;
use crate::diagnostics::Diagnostics;
use crate::graph::nodes::AssetOrigin;

/// Processes the photos of `graph` (through the cache of the site at
/// `root`), records them in `graph.photos` and their extra files in
/// `graph.assets`; returns what cannot be published.
pub fn prepare(root: &std::path::Path, graph: &mut SiteGraph) -> Diagnostics {
    let uses: Vec<crate::photos::Use<'_>> = graph
        .assets
        .iter()
        .zip(&graph.asset_origins)
        .map(|((src, url), o)| crate::photos::Use { src, url, shown: &o.shown, at: (o.line, o.column) })
        .collect();
    let cache_dir = crate::photos::cache_root(root).join("images");
    let (photos, diags) = crate::photos::prepare(root, &uses, &graph.config.images, &cache_dir);
    drop(uses);
    let mut extra: Vec<((String, String), AssetOrigin)> = Vec::new();
    let known: std::collections::BTreeSet<&str> = graph.assets.iter().map(|(_, url)| url.as_str()).collect();
    let mut first_use: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (i, (src, _)) in graph.assets.iter().enumerate() {
        first_use.entry(src.as_str()).or_insert(i);
    }
    for (url, (_, src)) in &photos.files {
        if !known.contains(url.as_str()) {
            let origin = first_use.get(src.as_str()).map(|i| graph.asset_origins[*i].clone());
            extra.push(((src.clone(), url.clone()), origin.unwrap_or(AssetOrigin { shown: String::new(), line: 0, column: 0 })));
        }
    }
    if !extra.is_empty() {
        let mut all: Vec<((String, String), AssetOrigin)> =
            std::mem::take(&mut graph.assets).into_iter().zip(std::mem::take(&mut graph.asset_origins)).chain(extra).collect();
        // Sorted by site path, then source, as `SiteGraph::assets` promises.
        all.sort_by(|a, b| (&a.0.1, &a.0.0).cmp(&(&b.0.1, &b.0.0)));
        (graph.assets, graph.asset_origins) = all.into_iter().unzip();
    }
    graph.photos = Arc::new(photos);
    diags
}
