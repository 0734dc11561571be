//! Paths inside `content/`: resolving a relative reference from a file,
//! and the kinds of file a site may not publish as they are. A leaf.

/// True for a file that a browser opens as a document able to run scripts
/// (HTML, and XML, which may hold XHTML or an XSLT style sheet making
/// HTML): linked from content, such a file is refused unless the site
/// allows it (`assets: { allow_html: true }`), since published as it is it
/// would get around the cleaning of raw HTML. SVG images are cleaned
/// instead (crate::svg).
pub fn is_script_document(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "html" | "htm" | "xhtml" | "xht" | "shtml" | "xml" | "xsl" | "xslt")
}

/// Resolves `reference` (relative to the folder of `from`, both content-relative)
/// to a content-relative path, or `None` if it climbs out of `content/`.
pub fn resolve_relative(from: &str, reference: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in reference.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_inside_content() {
        assert_eq!(resolve_relative("reports/2020/a.md", "b.md").as_deref(), Some("reports/2020/b.md"));
        assert_eq!(resolve_relative("reports/2020/a.md", "../2019/c.md").as_deref(), Some("reports/2019/c.md"));
        assert_eq!(resolve_relative("reports/a.md", "../../../etc/passwd"), None);
    }
}
