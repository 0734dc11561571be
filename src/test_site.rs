//! Small sites written into temporary folders, for unit tests.

use std::path::Path;

use tempfile::TempDir;

/// A site with `site.yaml`, the region `alpha` (two units, a logo) and
/// `files` (content-relative path under the site, text).
pub fn write(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    put(root, "site.yaml", "title: 测试\nbase_url: https://intranet.example/\n");
    put(
        root,
        "content/regions/alpha.yaml",
        "name: 甲片区\nbrand:\n  name: 甲\n  logo: alpha-logo.svg\nunits:\n  - name: 甲一项目部\n  - name: 甲监理站\n",
    );
    put(root, "content/regions/alpha-logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    for (path, text) in files {
        put(root, path, text);
    }
    dir
}

/// Writes `text` at `rel` under `root`, making its folders.
pub fn put(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("folders made");
    std::fs::write(path, text).expect("file written");
}

/// A report of `region` dated `date` (`2026-03-02`) with `extra` front matter lines.
pub fn report(date: &str, region: &str, extra: &str) -> String {
    format!("---\ntitle: 报道{date}\ndate: {date}\nregion: {region}\n{extra}---\n\n正文。\n")
}

/// A test site with `files` (see [`write`]), loaded: it must have no errors.
pub fn load_ok(files: &[(&str, String)]) -> crate::site::SiteGraph {
    let all: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let dir = write(&all);
    let (graph, diags) = crate::load_site(dir.path(), None, false);
    assert!(!diags.has_errors(), "{diags:?}");
    graph
}
