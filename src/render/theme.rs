//! Themes: the default theme embedded in the binary, and a site's own
//! `themes/<name>/` overriding it file by file (templates, static files and
//! single UI strings). A theme file that cannot be read is an
//! [`OutputError`] naming it (an `io` problem, not a template one); a
//! missing theme, a template that is not UTF-8 text and UI strings that
//! are no valid YAML are a [`ThemeError`]: a located diagnostic worded
//! when it is printed, in the language chosen then.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::diagnostics::Diagnostic;
use crate::language::Language;
use crate::messages::{Hint, Message};
use crate::output::OutputError;

/// A theme that cannot be used, as the diagnostic that says why (see the
/// module docs); its `Display` is the English text, for logs.
#[derive(Debug, Clone)]
pub struct ThemeError(pub Diagnostic);

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.0.path, self.0.message.text(Language::En))
    }
}

impl std::error::Error for ThemeError {}

fn theme_error(d: Diagnostic) -> anyhow::Error {
    anyhow::Error::new(ThemeError(d))
}

/// `bytes` of the theme file shown as `shown` as text, or the located
/// `not-utf8` problem.
fn theme_text(bytes: Vec<u8>, shown: &str) -> Result<String> {
    crate::text::decode_text(bytes, shown).map_err(|d| theme_error(*d))
}

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

/// Merges the UI strings of `lang` from the `strings.yaml` text `yaml`
/// (shown as `origin`) into `into`; YAML that does not parse, or that is
/// not a table of languages to tables of strings, is a located
/// `yaml-syntax` or `yaml-too-deep` problem.
fn merge_strings(into: &mut BTreeMap<String, String>, yaml: &str, lang: Language, origin: &str) -> Result<()> {
    if let Err((line, col)) = crate::front_matter::check_nesting(yaml) {
        let limit = crate::front_matter::MAX_YAML_NESTING;
        return Err(theme_error(Diagnostic::new(origin, line, col, Message::YamlTooDeep { limit }).with_source(yaml)));
    }
    let table: BTreeMap<String, BTreeMap<String, String>> = serde_yaml::from_str(yaml).map_err(|e| {
        let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
        let detail = crate::front_matter::strip_location(&e.to_string());
        let d = Diagnostic::new(origin, line, col, Message::YamlSyntax { detail }).with_hint(Hint::YamlQuoting);
        theme_error(if line > 0 { d.with_source(yaml) } else { d })
    })?;
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
                let text = theme_text(data.data.into_owned(), &format!("default theme: {file}"))?;
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
                let d = Diagnostic::new("site.yaml", 0, 0, Message::ThemeMissing { name: name.to_string() });
                return Err(theme_error(d.with_hint(Hint::ThemeMissing)));
            }
            return Ok(theme);
        }
        for (rel, path) in walk_files(root, &dir.join("templates")) {
            let bytes = crate::files::read_regular(&path).map_err(OutputError::reading(&path))?;
            let shown = format!("themes/{name}/templates/{rel}");
            let text = theme_text(bytes, &shown)?;
            theme.templates.insert(rel.clone(), (text, shown));
        }
        for (rel, path) in walk_files(root, &dir.join("static")) {
            theme.statics.insert(format!("/{rel}"), StaticSource::File(path));
        }
        let strings = dir.join("strings.yaml");
        if strings.is_file() {
            let bytes = crate::files::read_regular(&strings).map_err(OutputError::reading(&strings))?;
            let shown = format!("themes/{name}/strings.yaml");
            let text = theme_text(bytes, &shown)?;
            merge_strings(&mut theme.strings, &text, lang, &shown)?;
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
        let err = merge_strings(&mut strings, &yaml, Language::En, "themes/x/strings.yaml").unwrap_err();
        let d = &err.downcast_ref::<ThemeError>().expect("a theme error").0;
        assert_eq!((d.path.as_str(), d.line, d.column, d.code), ("themes/x/strings.yaml", 2, 74, "yaml-too-deep"));
        merge_strings(&mut strings, "en:\n  title: \"[[[\"\n", Language::En, "x").unwrap();
        assert_eq!(strings["title"], "[[[");
    }
}
