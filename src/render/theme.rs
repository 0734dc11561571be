//! Themes: the default theme embedded in the binary, and a site's own
//! `themes/<name>/` overriding it file by file (templates, static files and
//! single UI strings). A theme file that cannot be read is an
//! [`OutputError`] naming it (an `io` problem, not a template one).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::language::Language;
use crate::output::OutputError;

#[derive(rust_embed::Embed)]
#[folder = "themes/default/"]
struct DefaultTheme;

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// Built into the binary.
    Embedded(Cow<'static, [u8]>),
    /// A file of the site.
    File(PathBuf),
}

impl StaticSource {
    /// The bytes; a file that cannot be read is an [`OutputError`] naming it.
    pub fn read(&self) -> Result<Cow<'static, [u8]>> {
        match self {
            StaticSource::Embedded(b) => Ok(b.clone()),
            StaticSource::File(p) => Ok(Cow::Owned(crate::files::read_regular(p).map_err(OutputError::reading(p))?)),
        }
    }
}

/// A resolved theme.
#[derive(Debug, Default)]
pub struct Theme {
    /// Template name -> (source text, where it came from).
    pub templates: BTreeMap<String, (String, String)>,
    /// Output site path -> source (moved out by [`Theme::take_statics`]).
    pub statics: BTreeMap<String, StaticSource>,
    /// UI strings for the site's language.
    pub strings: BTreeMap<String, String>,
}

fn merge_strings(into: &mut BTreeMap<String, String>, yaml: &str, lang: Language, origin: &str) -> Result<()> {
    if let Err((line, col)) = crate::front_matter::check_nesting(yaml) {
        let limit = crate::front_matter::MAX_YAML_NESTING;
        bail!("invalid UI strings in `{origin}`: brackets nested more than {limit} levels deep at line {line} column {col}");
    }
    let table: BTreeMap<String, BTreeMap<String, String>> =
        serde_yaml::from_str(yaml).with_context(|| format!("invalid UI strings in `{origin}`"))?;
    let wanted = table.get(lang.tag()).or_else(|| table.get(&lang.tag().to_ascii_lowercase()));
    if let Some(t) = wanted {
        into.extend(t.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Ok(())
}

/// The regular files of a theme or site folder under `root`, by the rules
/// of [`crate::files`] (hidden files skipped, links followed only inside
/// `dir`). What it skips or refuses is reported by
/// [`crate::files::check_folders`] when the site is loaded.
fn walk_files(root: &Path, dir: &Path) -> Vec<(String, PathBuf)> {
    crate::files::walk_folder(root, dir).files
}

impl Theme {
    /// Loads the default theme, then the site's `themes/<name>/` over it.
    pub fn load(root: &Path, name: &str, lang: Language) -> Result<Theme> {
        let mut theme = Theme::default();
        for file in DefaultTheme::iter() {
            let Some(data) = DefaultTheme::get(&file) else { continue };
            if let Some(tpl) = file.strip_prefix("templates/") {
                let text =
                    String::from_utf8(data.data.into_owned()).with_context(|| format!("default theme template `{tpl}` is not UTF-8"))?;
                theme.templates.insert(tpl.to_string(), (text, format!("default theme: {file}")));
            } else if let Some(stat) = file.strip_prefix("static/") {
                theme.statics.insert(format!("/{stat}"), StaticSource::Embedded(data.data));
            } else if file == "strings.yaml" {
                let text = String::from_utf8_lossy(&data.data).into_owned();
                merge_strings(&mut theme.strings, &text, lang, "default theme strings.yaml")?;
            }
        }
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            if name != "default" {
                bail!(
                    "theme `{name}` not found: there is no folder `themes/{name}/` (remove `theme:` from site.yaml to use the built-in default theme)"
                );
            }
            return Ok(theme);
        }
        for (rel, path) in walk_files(root, &dir.join("templates")) {
            let bytes = crate::files::read_regular(&path).map_err(OutputError::reading(&path))?;
            let text = String::from_utf8(bytes).with_context(|| format!("template `{}` is not UTF-8", path.display()))?;
            theme.templates.insert(rel.clone(), (text, format!("themes/{name}/templates/{rel}")));
        }
        for (rel, path) in walk_files(root, &dir.join("static")) {
            theme.statics.insert(format!("/{rel}"), StaticSource::File(path));
        }
        let strings = dir.join("strings.yaml");
        if strings.is_file() {
            let bytes = crate::files::read_regular(&strings).map_err(OutputError::reading(&strings))?;
            let text = String::from_utf8(bytes).with_context(|| format!("`{}` is not UTF-8", strings.display()))?;
            merge_strings(&mut theme.strings, &text, lang, &format!("themes/{name}/strings.yaml"))?;
        }
        Ok(theme)
    }

    /// The static files a site gets: the theme's (taken out of `self`),
    /// with the site's own `static/` files over them. Resolved once per
    /// renderer, so that planning, writing, URL hashes and change detection
    /// agree on where each file comes from.
    pub fn take_statics(&mut self, root: &Path) -> BTreeMap<String, StaticSource> {
        let mut statics = std::mem::take(&mut self.statics);
        for (rel, path) in walk_files(root, &root.join("static")) {
            statics.insert(format!("/{rel}"), StaticSource::File(path));
        }
        statics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_ui_strings_are_refused_before_parsing() {
        let yaml = format!("en:\n  title: {}\n", "[".repeat(100_000));
        let mut strings = BTreeMap::new();
        let err = merge_strings(&mut strings, &yaml, Language::En, "themes/x/strings.yaml").unwrap_err().to_string();
        assert!(err.contains("more than 64 levels deep at line 2 column 74"), "{err}");
        merge_strings(&mut strings, "en:\n  title: \"[[[\"\n", Language::En, "x").unwrap();
        assert_eq!(strings["title"], "[[[");
    }
}
