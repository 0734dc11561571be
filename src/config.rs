//! Site settings from `site.yaml`: every key has a default, so a site without
//! the file still builds. Values are checked here once, so later stages can
//! rely on a normalized [`SiteConfig`] (base URL ends with `/`, modes unique).

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::front_matter::locate_key;
use crate::messages::{Hint, Message};

/// One co-building mode (六共).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ModeConfig {
    /// ASCII id used in URLs (`/modes/<id>/`).
    pub id: String,
    /// Display name, e.g. `组织共建`.
    pub name: String,
}

/// Dashboard targets per region.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Activities expected per region per month.
    pub activities_per_month: Option<f64>,
    /// Party classes expected per region per quarter.
    pub classes_per_quarter: Option<f64>,
    /// Share of member units named in at least one report in the year.
    pub unit_coverage: Option<f64>,
}

/// How bulletin issues are cut.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BulletinPeriod {
    /// One issue per month (`2020-05`).
    #[default]
    Month,
    /// One issue per quarter (`2020-q2`).
    Quarter,
}

/// Markdown options.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// `sanitized` (default) or `trusted`: whether raw HTML in Markdown is cleaned.
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// Treatment of raw HTML inside Markdown bodies.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Cleaned by ammonia: no scripts, handlers or `javascript:` URLs.
    #[default]
    Sanitized,
    /// Passed through as written.
    Trusted,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    theme: Option<String>,
    relative_urls: Option<bool>,
    paginate_by: Option<usize>,
    bulletin_period: Option<BulletinPeriod>,
    modes: Option<Vec<ModeConfig>>,
    targets: Option<Targets>,
    markdown: Option<MarkdownConfig>,
    search: Option<bool>,
}

/// UI and message language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Simplified Chinese (default).
    #[default]
    ZhCn,
    /// English.
    En,
}

impl Language {
    /// The BCP 47 tag (`zh-CN`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }
}

/// Validated site settings.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Absolute base URL ending with `/` (or `/` alone when none was given).
    pub base_url: String,
    /// Path part of the base URL: `/` or `/party/`.
    pub base_path: String,
    /// UI language.
    pub language: Language,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Make every link relative.
    pub relative_urls: bool,
    /// Entries per list page.
    pub paginate_by: usize,
    /// Bulletin period.
    pub bulletin_period: BulletinPeriod,
    /// The co-building modes, in display order.
    pub modes: Vec<ModeConfig>,
    /// Dashboard targets.
    pub targets: Targets,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Whether the search index and page are built.
    pub search: bool,
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "relative_urls",
    "paginate_by",
    "bulletin_period",
    "modes",
    "targets",
    "markdown",
    "search",
];

/// The six co-building modes of the contract.
pub fn default_modes() -> Vec<ModeConfig> {
    [
        ("organization", "组织共建"),
        ("resources", "资源共享"),
        ("cadres", "干部共培"),
        ("conduct", "作风共抓"),
        ("problems", "难题共解"),
        ("events", "活动共办"),
    ]
    .into_iter()
    .map(|(id, name)| ModeConfig { id: id.into(), name: name.into() })
    .collect()
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Regional Bulletins".into(),
            description: String::new(),
            base_url: "/".into(),
            base_path: "/".into(),
            language: Language::ZhCn,
            theme: "default".into(),
            relative_urls: false,
            paginate_by: 20,
            bulletin_period: BulletinPeriod::Month,
            modes: default_modes(),
            targets: Targets::default(),
            markdown: MarkdownConfig::default(),
            search: true,
        }
    }
}

impl SiteConfig {
    /// Reads `site.yaml` under `root` (a missing file gives the defaults).
    /// Problems are pushed to `diags`; the returned config is usable either way.
    /// With the XXH3-128 hash of the bytes read (none when there was no
    /// file to read).
    pub fn load(root: &Path, diags: &mut Diagnostics) -> (SiteConfig, Option<u128>) {
        let path = root.join("site.yaml");
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (SiteConfig::default(), None),
            Err(e) => {
                diags.push(Diagnostic::new("site.yaml", 0, 0, Message::Io { path: "site.yaml".into(), detail: e.to_string() }));
                return (SiteConfig::default(), None);
            }
        };
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        let config = match crate::content::decode_text(bytes, "site.yaml") {
            Ok(text) => Self::parse(&text, diags),
            Err(d) => {
                diags.push(*d);
                SiteConfig::default()
            }
        };
        (config, Some(hash))
    }

    /// Parses the text of a `site.yaml`.
    pub fn parse(text: &str, diags: &mut Diagnostics) -> SiteConfig {
        let err = |line: usize, col: usize, message: Message| Diagnostic::new("site.yaml", line, col, message).with_source(text);
        if text.trim().is_empty() {
            return SiteConfig::default();
        }
        if let Err((line, col)) = crate::front_matter::check_nesting(text) {
            let limit = crate::front_matter::MAX_YAML_NESTING;
            diags.push(err(line, col, Message::YamlTooDeep { limit }).with_hint(Hint::FlattenYaml));
            return SiteConfig::default();
        }
        let raw: RawConfig = match serde_yaml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
                let msg = e.to_string();
                let mut d = err(line, col, Message::ConfigInvalid { detail: strip_location(&msg) });
                if let Some(field) = unknown_field_name(&msg) {
                    let (l, c) = locate_key(text, field).unwrap_or((line, col));
                    d = err(l, c, Message::ConfigUnknownKey { key: field.to_string() });
                    if let Some(best) = nearest(field, KEYS.iter().copied()).first() {
                        d = d.with_hint(Hint::DidYouMean(vec![best.to_string()]));
                    }
                }
                diags.push(d);
                return SiteConfig::default();
            }
        };
        let mut cfg = SiteConfig::default();
        if let Some(t) = raw.title {
            cfg.title = t;
        }
        if let Some(d) = raw.description {
            cfg.description = d;
        }
        if let Some(url) = raw.base_url {
            match normalize_base_url(&url) {
                Some((base, path)) => {
                    cfg.base_url = base;
                    cfg.base_path = path;
                }
                None => {
                    let (l, c) = locate_key(text, "base_url").unwrap_or((0, 0));
                    diags.push(err(l, c, Message::ConfigBaseUrl { url }).with_hint(Hint::BaseUrlExample));
                }
            }
        }
        if let Some(lang) = raw.language {
            cfg.language = match lang.to_ascii_lowercase().as_str() {
                "zh-cn" | "zh" | "zh-hans" => Language::ZhCn,
                "en" | "en-us" | "en-gb" => Language::En,
                _ => {
                    let (l, c) = locate_key(text, "language").unwrap_or((0, 0));
                    diags.push(err(l, c, Message::ConfigLanguage { value: lang.clone() }).with_hint(Hint::LanguageChoice));
                    Language::ZhCn
                }
            };
        }
        if let Some(theme) = raw.theme {
            cfg.theme = theme;
        }
        if let Some(r) = raw.relative_urls {
            cfg.relative_urls = r;
        }
        if let Some(n) = raw.paginate_by {
            if n == 0 {
                let (l, c) = locate_key(text, "paginate_by").unwrap_or((0, 0));
                diags.push(err(l, c, Message::ConfigPaginate));
            } else {
                cfg.paginate_by = n;
            }
        }
        if let Some(p) = raw.bulletin_period {
            cfg.bulletin_period = p;
        }
        if let Some(modes) = raw.modes {
            let (l, c) = locate_key(text, "modes").unwrap_or((0, 0));
            let mut seen = std::collections::BTreeSet::new();
            let mut ok = !modes.is_empty();
            for m in &modes {
                if !crate::slug::is_ascii_id(&m.id) || !seen.insert(m.id.clone()) || !seen.insert(format!("name:{}", m.name)) {
                    ok = false;
                }
            }
            if ok {
                cfg.modes = modes;
            } else {
                diags.push(err(l, c, Message::ConfigModes));
            }
        }
        if let Some(t) = raw.targets {
            cfg.targets = t;
        }
        if let Some(m) = raw.markdown {
            cfg.markdown = m;
        }
        if let Some(s) = raw.search {
            cfg.search = s;
        }
        cfg
    }

    /// Replaces the base URL (from `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let (base, path) =
            normalize_base_url(url).ok_or_else(|| format!("`{url}` is not an absolute http(s) URL or a path starting with `/`"))?;
        self.base_url = base;
        self.base_path = path;
        Ok(())
    }

    /// The absolute URL of a site path (`/reports/x/`).
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }
}

/// Splits a base URL into its normalized form (ending with `/`) and its path part.
fn normalize_base_url(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    let with_slash = if url.ends_with('/') { url.to_string() } else { format!("{url}/") };
    if with_slash.starts_with('/') {
        return Some((with_slash.clone(), with_slash));
    }
    let rest = with_slash.strip_prefix("https://").or_else(|| with_slash.strip_prefix("http://"))?;
    let slash = rest.find('/')?;
    if slash == 0 {
        return None;
    }
    Some((with_slash.clone(), rest[slash..].to_string()))
}

/// serde_yaml messages end with "at line X column Y"; we print the location ourselves.
pub(crate) fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Extracts `foo` from serde's "unknown field `foo`, expected ..." message.
pub(crate) fn unknown_field_name(msg: &str) -> Option<&str> {
    let rest = msg.split("unknown field `").nth(1)?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_path_part_is_the_deploy_sub_path() {
        let mut d = Diagnostics::default();
        let cfg = SiteConfig::parse("base_url: https://host.example/party\n", &mut d);
        assert!(d.is_empty());
        assert_eq!(cfg.base_url, "https://host.example/party/");
        assert_eq!(cfg.base_path, "/party/");
        assert_eq!(cfg.permalink("/reports/a/"), "https://host.example/party/reports/a/");
    }

    #[test]
    fn unknown_key_is_located_with_suggestion() {
        let mut d = Diagnostics::default();
        SiteConfig::parse("title: x\ntittle: y\n", &mut d);
        let all = d.sorted();
        assert_eq!(all.len(), 1);
        assert_eq!((all[0].line, all[0].code), (2, "config-unknown-key"));
        assert_eq!(all[0].hint_text(Language::En).as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn empty_file_gives_defaults() {
        let mut d = Diagnostics::default();
        let cfg = SiteConfig::parse("", &mut d);
        assert_eq!(cfg.modes.len(), 6);
        assert_eq!(cfg.paginate_by, 20);
    }
}
