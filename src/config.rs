//! Site settings from `site.yaml`: every key has a default, so a site without
//! the file still builds. Values are checked here once, so later stages can
//! rely on a normalized [`SiteConfig`] (base URL ends with `/`, modes unique).

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::front_matter::{Locator, locate_key, show_value, strip_location};
use crate::language::Language;
use crate::messages::{Expected, Hint, Message};

// The 四好 assessment of `site.yaml`.
mod assessment;
pub use assessment::{AssessmentConfig, Criterion, TotalRule};
// `images:` (photos).
mod images;
pub use images::ImagesConfig;

/// One co-building mode (六共).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ModeConfig {
    /// ASCII id used in URLs (`/modes/<id>/`).
    pub id: String,
    /// Display name, e.g. `组织共建`.
    pub name: String,
}

/// Dashboard targets per region. Activities and classes each have at most
/// one target, per month, per quarter or per year (`check` refuses two);
/// each is judged in its own periods (`regional::targets`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Activities expected per region per month.
    pub activities_per_month: Option<f64>,
    /// Party classes expected per region per quarter.
    pub classes_per_quarter: Option<f64>,
    /// Share of member units named in at least one report in the year.
    pub unit_coverage: Option<f64>,
    // The other periods of a target.
    /// Activities expected per region per quarter.
    pub activities_per_quarter: Option<f64>,
    /// Activities expected per region per year.
    pub activities_per_year: Option<f64>,
    /// Party classes expected per region per month.
    pub classes_per_month: Option<f64>,
    /// Party classes expected per region per year.
    pub classes_per_year: Option<f64>,
}

// A target and the period it is judged in.
/// The period a target counts over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Per {
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

impl Per {
    /// Months in one period.
    pub fn months(self) -> u32 {
        match self {
            Per::Month => 1,
            Per::Quarter => 3,
            Per::Year => 12,
        }
    }

    /// The key word in `site.yaml` (`month`, `quarter`, `year`).
    pub fn word(self) -> &'static str {
        match self {
            Per::Month => "month",
            Per::Quarter => "quarter",
            Per::Year => "year",
        }
    }
}

/// One target: so many per period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// How many per period (may be fractional: 1.5 a month).
    pub count: f64,
    /// The period.
    pub per: Per,
}

impl Targets {
    /// The activity target, if any (the first given of month, quarter, year).
    pub fn activities(&self) -> Option<Target> {
        Self::first([
            (self.activities_per_month, Per::Month),
            (self.activities_per_quarter, Per::Quarter),
            (self.activities_per_year, Per::Year),
        ])
    }

    /// The class target, if any (the first given of month, quarter, year).
    pub fn classes(&self) -> Option<Target> {
        Self::first([(self.classes_per_month, Per::Month), (self.classes_per_quarter, Per::Quarter), (self.classes_per_year, Per::Year)])
    }

    fn first(options: [(Option<f64>, Per); 3]) -> Option<Target> {
        options.into_iter().find_map(|(c, per)| c.map(|count| Target { count, per }))
    }

    /// The keys that set a second target for the same thing (each after the first).
    fn doubled(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (thing, options) in [
            ("activities", [self.activities_per_month, self.activities_per_quarter, self.activities_per_year]),
            ("classes", [self.classes_per_month, self.classes_per_quarter, self.classes_per_year]),
        ] {
            let given: Vec<&str> = options.iter().zip(["month", "quarter", "year"]).filter(|(o, _)| o.is_some()).map(|(_, w)| w).collect();
            out.extend(given.iter().skip(1).map(|w| format!("{thing}_per_{w}")));
        }
        out
    }
}

// The levels of honours.
/// Honours (先进典型): the levels an honour may have, lowest first.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct HonoursConfig {
    /// Level names, lowest first (`公司级` before `国家级`); the year pages
    /// list the highest first. Assessment awards take the lowest.
    #[serde(default = "HonoursConfig::default_levels")]
    pub levels: Vec<String>,
}

impl HonoursConfig {
    fn default_levels() -> Vec<String> {
        ["公司级", "局级", "省部级", "国家级"].iter().map(|s| s.to_string()).collect()
    }
}

impl Default for HonoursConfig {
    fn default() -> Self {
        HonoursConfig { levels: Self::default_levels() }
    }
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

/// Options for the files linked from content (`assets:` in site.yaml).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AssetsConfig {
    /// Publish linked HTML and XML documents (`.html`, `.htm`, `.xhtml`,
    /// `.xml`…) as they are. Off by default: such a file runs its scripts
    /// on the site, around the cleaning of raw HTML in Markdown.
    #[serde(default)]
    pub allow_html: bool,
}

/// A format bulletin issues are exported to (`exports: formats:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// PDF/A-2b, for circulation and the archive.
    Pdf,
    /// Word (Office Open XML), for editing.
    Docx,
}

impl ExportFormat {
    /// The file extension (and the name in `site.yaml`).
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Docx => "docx",
        }
    }
}

/// The PDF and Word files of bulletin issues (`exports:` in site.yaml;
/// see docs/exports.md).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ExportsConfig {
    /// The formats every issued issue is exported to at build time (both
    /// by default; `[]` for none).
    #[serde(default = "ExportsConfig::default_formats")]
    pub formats: Vec<ExportFormat>,
    /// Whether issues not yet issued get files too (marked 待印发).
    #[serde(default)]
    pub previews: bool,
    /// The site's folder of font files for the PDF, searched first.
    #[serde(default = "ExportsConfig::default_fonts")]
    pub fonts: String,
    /// Whether the system's fonts are searched after the site's.
    #[serde(default = "ExportsConfig::yes")]
    pub system_fonts: bool,
}

impl ExportsConfig {
    fn default_formats() -> Vec<ExportFormat> {
        vec![ExportFormat::Pdf, ExportFormat::Docx]
    }

    fn default_fonts() -> String {
        "fonts".into()
    }

    fn yes() -> bool {
        true
    }
}

/// Review before publishing (`review:` in site.yaml).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
    /// Publish only content marked 已审 (`review: 已审`); the rest is
    /// built only with `--drafts` and by `serve`. Off when the key is
    /// absent (sites made before review existed publish as they did);
    /// `regionpress init` writes it on.
    #[serde(default)]
    pub required: bool,
}

impl Default for ExportsConfig {
    fn default() -> Self {
        ExportsConfig { formats: Self::default_formats(), previews: false, fonts: Self::default_fonts(), system_fonts: true }
    }
}

/// The keys of `site.yaml` as written, each read on its own ([`RawConfig::set`]).
#[derive(Debug, Default)]
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
    assessment: Option<serde_yaml::Value>,
    markdown: Option<MarkdownConfig>,
    assets: Option<AssetsConfig>,
    exports: Option<ExportsConfig>,
    search: Option<bool>,
    bulletin: Option<serde_yaml::Mapping>,
    review: Option<ReviewConfig>,
    honours: Option<HonoursConfig>,
    images: Option<ImagesConfig>,
}

impl RawConfig {
    /// Reads one top-level key: `Err(None)` for an unknown key,
    /// `Err(Some(_))` for a value of the wrong type.
    fn set(&mut self, key: &str, value: serde_yaml::Value) -> Result<(), Option<serde_yaml::Error>> {
        fn read<T: serde::de::DeserializeOwned>(slot: &mut Option<T>, value: serde_yaml::Value) -> Result<(), Option<serde_yaml::Error>> {
            *slot = serde_yaml::from_value(value).map_err(Some)?;
            Ok(())
        }
        match key {
            "title" => read(&mut self.title, value),
            "description" => read(&mut self.description, value),
            "base_url" => read(&mut self.base_url, value),
            "language" => read(&mut self.language, value),
            "theme" => read(&mut self.theme, value),
            "relative_urls" => read(&mut self.relative_urls, value),
            "paginate_by" => read(&mut self.paginate_by, value),
            "bulletin_period" => read(&mut self.bulletin_period, value),
            "modes" => read(&mut self.modes, value),
            "targets" => read(&mut self.targets, value),
            "assessment" => read(&mut self.assessment, value),
            "markdown" => read(&mut self.markdown, value),
            "search" => read(&mut self.search, value),
            "assets" => read(&mut self.assets, value),
            "exports" => read(&mut self.exports, value),
            "bulletin" => read(&mut self.bulletin, value),
            "review" => read(&mut self.review, value),
            "honours" => read(&mut self.honours, value),
            "images" => read(&mut self.images, value),
            _ => Err(None),
        }
    }
}

/// Each key of `map` read into a [`RawConfig`] on its own; unknown keys and
/// values of the wrong type are reported, located in `text`.
fn read_keys(text: &str, map: serde_yaml::Mapping, diags: &mut Diagnostics) -> RawConfig {
    let err = |line: usize, col: usize, message: Message| Diagnostic::new("site.yaml", line, col, message).with_source(text);
    let mut raw = RawConfig::default();
    for (key, value) in map {
        // A key that is not text (`1:`, `true:`) is no key of ours either.
        let Some(key) = key.as_str().map(str::to_string) else {
            let shown = show_key(&key);
            let (l, c) = locate_key(text, &shown).unwrap_or((0, 0));
            diags.push(err(l, c, Message::ConfigUnknownKey { key: shown }));
            continue;
        };
        if let Err(e) = raw.set(&key, value) {
            let (l, c) = locate_key(text, &key).unwrap_or((0, 0));
            let d = match e {
                None => {
                    let d = err(l, c, Message::ConfigUnknownKey { key: key.clone() });
                    match nearest(&key, KEYS.iter().copied()).first() {
                        Some(best) => d.with_hint(Hint::DidYouMean(vec![best.to_string()])),
                        None => d,
                    }
                }
                Some(e) => err(l, c, Message::ConfigInvalid { detail: format!("`{key}`: {}", strip_location(&e.to_string())) }),
            };
            diags.push(d);
        }
    }
    raw
}

/// A YAML key that is not text, as written in a message.
fn show_key(key: &serde_yaml::Value) -> String {
    serde_yaml::to_string(key).map(|s| s.trim_end().to_string()).unwrap_or_default()
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
    /// The path part of `site.yaml`'s `base_url`, kept when
    /// `--base-url` (or the dev server) replaces it: a link written with
    /// it (`/party/about/`) is taken the same in every build.
    pub written_base_path: String,
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
    /// The 四好 assessment: criteria, weights, maxima, the total.
    pub assessment: AssessmentConfig,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Options for files linked from content.
    pub assets: AssetsConfig,
    /// The PDF and Word files of bulletin issues.
    pub exports: ExportsConfig,
    /// Whether the search index and page are built.
    pub search: bool,
    /// The site-wide defaults of the bulletin fields (`bulletin:`).
    pub bulletin: BulletinFields,
    /// Review before publishing (`review:`).
    pub review: ReviewConfig,
    /// Honours: their levels (`honours:`).
    pub honours: HonoursConfig,
    /// Photos: widths, quality, limits (`images:`).
    pub images: ImagesConfig,
    /// The build date (problems and decisions: what is overdue): not a key
    /// of `site.yaml` but `--date` or `REGIONPRESS_DATE`, by default the
    /// local calendar date when the site is loaded.
    pub build_date: chrono::NaiveDate,
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
    "assessment",
    "markdown",
    "assets",
    "exports",
    "search",
    "bulletin",
    "review",
    "honours",
    "images",
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
            written_base_path: "/".into(),
            language: Language::ZhCn,
            theme: "default".into(),
            relative_urls: false,
            paginate_by: 20,
            bulletin_period: BulletinPeriod::Month,
            modes: default_modes(),
            targets: Targets::default(),
            assessment: AssessmentConfig::default(),
            markdown: MarkdownConfig::default(),
            assets: AssetsConfig::default(),
            exports: ExportsConfig::default(),
            search: true,
            bulletin: BulletinFields::default(),
            review: ReviewConfig::default(),
            honours: HonoursConfig::default(),
            images: ImagesConfig::default(),
            build_date: chrono::Local::now().date_naive(),
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
        // A FIFO or a device in its place is refused unopened: reading one
        // would wait for a writer forever.
        match std::fs::metadata(&path).map(|m| crate::files::special_kind(&m.file_type())) {
            Ok(Some(kind)) => {
                diags.push(crate::files::not_a_file("site.yaml", kind));
                return (SiteConfig::default(), None);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (SiteConfig::default(), None),
            _ => {}
        }
        let bytes = match crate::files::read_regular(&path) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::new("site.yaml", 0, 0, Message::Io { path: "site.yaml".into(), detail: e.into() }));
                return (SiteConfig::default(), None);
            }
        };
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        let config = match crate::text::decode_text(bytes, "site.yaml") {
            Ok(text) => Self::parse(&text, diags),
            Err(d) => {
                diags.push(*d);
                SiteConfig::default()
            }
        };
        (config, Some(hash))
    }

    /// Parses the text of a `site.yaml`. Every key is read on its own, so
    /// that each unknown key and each value of the wrong type is reported,
    /// not only the first.
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
        let value: serde_yaml::Value = match serde_yaml::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                // A Chinese-keyboard slip is named where it is, in place of the parser's error.
                let named = crate::front_matter::slips::file_diagnostics("site.yaml", text, Some(e.location().map(|l| l.line())));
                if !named.is_empty() {
                    diags.extend(named.into());
                    return SiteConfig::default();
                }
                let (line, col) = crate::front_matter::duplicate_key_position(text, &e)
                    .or_else(|| e.location().map(|l| (l.line(), l.column())))
                    .unwrap_or((0, 0));
                diags.push(err(line, col, Message::ConfigInvalid { detail: strip_location(&e.to_string()) }));
                return SiteConfig::default();
            }
        };
        let map = match value {
            serde_yaml::Value::Mapping(m) => m,
            serde_yaml::Value::Null => serde_yaml::Mapping::new(),
            _ => {
                let named = crate::front_matter::slips::file_diagnostics("site.yaml", text, Some(None));
                match named.is_empty() {
                    true => diags.push(err(1, 1, Message::YamlNotMapping)),
                    false => diags.extend(named.into()),
                }
                return SiteConfig::default();
            }
        };
        diags.extend(crate::front_matter::slips::file_diagnostics("site.yaml", text, None).into());
        let raw = read_keys(text, map, diags);
        Self::from_raw(raw, text, diags)
    }

    /// The configuration `raw` describes, over the defaults; values out of
    /// range are reported (located in `text`) and leave the default.
    fn from_raw(raw: RawConfig, text: &str, diags: &mut Diagnostics) -> SiteConfig {
        let err = |line: usize, col: usize, message: Message| Diagnostic::new("site.yaml", line, col, message).with_source(text);
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
                    cfg.written_base_path = path.clone();
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
            // One folder under `themes/`: a path would read templates and
            // static files from anywhere (`../../secrets`).
            let plain =
                !theme.is_empty() && !theme.starts_with('.') && !theme.contains(['/', '\\', ':']) && !theme.chars().any(char::is_control);
            if plain {
                cfg.theme = theme;
            } else {
                let (l, c) = locate_key(text, "theme").unwrap_or((0, 0));
                diags.push(err(l, c, Message::ConfigThemeName { value: theme }));
            }
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
            for key in t.doubled() {
                let (l, c) = Locator::new(text).find(locate_key(text, "targets").map_or(1, |p| p.0), &key).unwrap_or((0, 0));
                diags.push(err(l, c, Message::ConfigTargetTwice { key }).with_hint(Hint::OneTargetPeriod));
            }
            cfg.targets = t;
        }
        if let Some(a) = raw.assessment {
            cfg.assessment = assessment::read(a, text, diags);
        }
        if let Some(m) = raw.markdown {
            cfg.markdown = m;
        }
        if let Some(a) = raw.assets {
            cfg.assets = a;
        }
        if let Some(e) = raw.exports {
            cfg.exports = e;
        }
        if let Some(s) = raw.search {
            cfg.search = s;
        }
        if let Some(map) = raw.bulletin {
            cfg.bulletin = site_bulletin_fields(&map, &cfg.modes, text, diags);
        }
        if let Some(r) = raw.review {
            cfg.review = r;
        }
        if let Some(i) = raw.images {
            cfg.images = i.validated(text, diags);
        }
        if let Some(h) = raw.honours {
            let mut seen = std::collections::BTreeSet::new();
            if !h.levels.is_empty() && h.levels.iter().all(|l| !l.trim().is_empty() && seen.insert(l.as_str())) {
                cfg.honours = h;
            } else {
                let (l, c) = locate_key(text, "honours").unwrap_or((0, 0));
                let detail = "`honours.levels`: a list of distinct level names, lowest first".to_string();
                diags.push(err(l, c, Message::ConfigInvalid { detail }));
            }
        }
        cfg
    }

    /// Replaces the base URL (from `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let (base, path) = normalize_base_url(url)
            .ok_or_else(|| format!("`{url}` is not an absolute http(s) URL with a host or a path starting with one `/`"))?;
        self.base_url = base;
        self.base_path = path;
        Ok(())
    }

    /// The absolute URL of a site path (`/reports/x/`).
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }
}

/// The bulletin fields as written in one place (`site.yaml`, a region
/// profile, an issue's note): each is unset where that place does not give
/// it. `regional::fields` resolves them, note over region over site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct BulletinFields {
    /// The masthead name; `{region}` stands for the region's name.
    pub name: Option<String>,
    /// The editing unit (编印单位).
    pub unit: Option<String>,
    /// The protective marking; an empty text means none.
    pub marking: Option<String>,
    /// The columns (栏目): co-building mode names or ids, in order.
    pub columns: Option<Vec<String>>,
    /// Items in full (true) or their summaries (false).
    pub full_text: Option<bool>,
    /// 报: the bodies reported to.
    pub report_to: Option<Vec<String>>,
    /// 送: the bodies sent to.
    pub send_to: Option<Vec<String>>,
    /// 发: the bodies issued to.
    pub issue_to: Option<Vec<String>>,
    /// The print run (共印X份).
    pub copies: Option<u64>,
    /// The responsible editor (责任编辑).
    pub editor: Option<String>,
    /// The reviewer (审核).
    pub reviewer: Option<String>,
    /// The signer (签发).
    pub signer: Option<String>,
}

impl BulletinFields {
    /// Every key of a `bulletin:` block.
    pub const KEYS: &'static [&'static str] =
        &["name", "unit", "marking", "columns", "full_text", "report_to", "send_to", "issue_to", "copies", "editor", "reviewer", "signer"];

    /// Reads the fields of `map` whose keys are among `keys` (a subset of
    /// [`Self::KEYS`]); other keys are left to the caller. A value of the
    /// wrong type is given to `problem` (the key and its message, whose key
    /// is prefixed with `prefix`) and left unset.
    pub fn read(map: &serde_yaml::Mapping, keys: &[&str], prefix: &str, problem: &mut dyn FnMut(&str, Message)) -> BulletinFields {
        use serde_yaml::Value;
        let mut out = BulletinFields::default();
        for &key in keys {
            let Some(value) = map.get(key).filter(|v| !v.is_null()) else { continue };
            let mut wrong = |expected: Expected| {
                problem(key, Message::WrongType { key: format!("{prefix}{key}"), expected, found: show_value(value) });
            };
            let text = |v: &Value| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            match key {
                "full_text" => match value {
                    Value::Bool(b) => out.full_text = Some(*b),
                    _ => wrong(Expected::Bool),
                },
                "copies" => match value.as_u64() {
                    Some(n) => out.copies = Some(n),
                    None => wrong(Expected::WholeNumber),
                },
                "columns" | "report_to" | "send_to" | "issue_to" => {
                    let list = match value {
                        Value::Sequence(seq) => seq.iter().map(text).collect::<Option<Vec<String>>>(),
                        v => text(v).map(|s| vec![s]),
                    };
                    let Some(list) = list else {
                        wrong(Expected::NameOrList);
                        continue;
                    };
                    let slot = match key {
                        "columns" => &mut out.columns,
                        "report_to" => &mut out.report_to,
                        "send_to" => &mut out.send_to,
                        _ => &mut out.issue_to,
                    };
                    *slot = Some(list);
                }
                _ => {
                    let Some(s) = text(value) else {
                        wrong(Expected::Text);
                        continue;
                    };
                    let slot = match key {
                        "name" => &mut out.name,
                        "unit" => &mut out.unit,
                        "marking" => &mut out.marking,
                        "editor" => &mut out.editor,
                        "reviewer" => &mut out.reviewer,
                        _ => &mut out.signer,
                    };
                    *slot = Some(s);
                }
            }
        }
        out
    }

    /// The column names of `columns` that are neither the name nor the id
    /// of one of `modes`.
    pub fn unknown_columns(&self, modes: &[ModeConfig]) -> Vec<&str> {
        let known = |c: &str| modes.iter().any(|m| m.id == c || m.name == c);
        self.columns.iter().flatten().map(String::as_str).filter(|c| !known(c)).collect()
    }
}

/// The `bulletin:` block of `site.yaml`: each unknown key, value of the
/// wrong type and column that is no co-building mode reported, located
/// from the block's line on.
fn site_bulletin_fields(map: &serde_yaml::Mapping, modes: &[ModeConfig], text: &str, diags: &mut Diagnostics) -> BulletinFields {
    let from = locate_key(text, "bulletin").map(|p| p.0).unwrap_or(1);
    let locator = Locator::new(text);
    let at = |needle: &str| locator.find(from, needle).unwrap_or((from, 1));
    let err = |(line, col): (usize, usize), message: Message| Diagnostic::new("site.yaml", line, col, message).with_source(text);
    for key in map.keys() {
        let shown = key.as_str().map(str::to_string).unwrap_or_else(|| show_key(key));
        if !BulletinFields::KEYS.contains(&shown.as_str()) {
            let d = err(at(&format!("{shown}:")), Message::ConfigUnknownKey { key: format!("bulletin.{shown}") });
            let known = BulletinFields::KEYS.iter().map(|k| k.to_string()).collect();
            diags.push(d.with_hint(Hint::nearest_or(nearest(&shown, BulletinFields::KEYS.iter().copied()), Hint::KnownFields(known))));
        }
    }
    let fields = BulletinFields::read(map, BulletinFields::KEYS, "bulletin.", &mut |key, message| {
        diags.push(err(at(&format!("{key}:")), message));
    });
    let names: Vec<String> = modes.iter().map(|m| m.name.clone()).collect();
    for c in fields.unknown_columns(modes) {
        let (line, _) = at("columns:");
        let d = err(locator.find(line, c).unwrap_or((line, 1)), Message::UnknownColumn { name: c.to_string() });
        diags.push(d.with_hint(Hint::nearest_or(nearest(c, names.iter().map(String::as_str)), Hint::OneOf(names.clone()))));
    }
    fields
}

/// Checks a base URL and splits it into its normalized form (ending with
/// `/`) and its path part. Two forms are accepted:
/// - an absolute `http://` or `https://` URL with a host, and no user name,
///   password, query or fragment;
/// - a root-relative path starting with a single `/` (`/party/`), for a
///   site whose pages link only within one host.
///
/// `//host/` (protocol-relative: every page would load its CSS and scripts
/// from that host), `/\host/` (browsers read it the same way), other
/// schemes (`javascript:`, `file:`) and control characters are refused.
/// The result is what the `url` crate serializes: host lowercased (IDNA),
/// and the characters a URL may not hold raw (`"`, `<`, `>`, space,
/// non-ASCII) percent-encoded, so it can be written into any output as it
/// is, save `&` and `'`, which HTML and XML writers still escape.
fn normalize_base_url(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    if url.chars().any(|c| c.is_control() || c == '\\') {
        return None;
    }
    if url.starts_with('/') {
        if url.starts_with("//") {
            return None;
        }
        // Resolved against a stand-in origin only to normalize the path.
        let parsed = url::Url::parse("http://base.invalid/").ok()?.join(url).ok()?;
        if parsed.host_str() != Some("base.invalid") || parsed.query().is_some() || parsed.fragment().is_some() {
            return None;
        }
        let path = with_trailing_slash(parsed.path());
        return Some((path.clone(), path));
    }
    // Written out in full: the parser would also take `https:/host` and
    // `https:///host` (as browsers do), which are more likely typos.
    let lower = url.to_ascii_lowercase();
    let after_scheme = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"))?;
    if after_scheme.starts_with('/') {
        return None;
    }
    let mut parsed = url::Url::parse(url).ok()?;
    let has_host = parsed.host_str().is_some_and(|h| !h.is_empty());
    if !matches!(parsed.scheme(), "http" | "https")
        || !has_host
        || !parsed.username().is_empty()
        || parsed.password().is_some()
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return None;
    }
    let path = with_trailing_slash(parsed.path());
    parsed.set_path(&path);
    Some((parsed.to_string(), parsed.path().to_string()))
}

fn with_trailing_slash(path: &str) -> String {
    if path.ends_with('/') { path.to_string() } else { format!("{path}/") }
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
    fn base_url_forms() {
        let ok = |url: &str| normalize_base_url(url);
        assert_eq!(ok("/party"), Some(("/party/".into(), "/party/".into())));
        assert_eq!(ok("https://HOST.example"), Some(("https://host.example/".into(), "/".into())));
        assert_eq!(ok("http://host.example:8080/a b/"), Some(("http://host.example:8080/a%20b/".into(), "/a%20b/".into())));
        // Characters that could leave an attribute or a feed element are encoded.
        assert_eq!(ok("https://h.example/a\"b<c>&d'/").map(|u| u.0), Some("https://h.example/a%22b%3Cc%3E&d'/".into()));
        assert_eq!(ok("/a\"b<c/").map(|u| u.0), Some("/a%22b%3Cc/".into()));
        for bad in [
            "//evil.example/",
            "/\\evil.example/",
            "javascript:alert(1)//",
            "file:///etc/",
            "ftp://host.example/",
            "https://",
            "https:///path/",
            "https:/host.example/",
            "https://user:secret@host.example/",
            "https://host.example/?q=1",
            "https://host.example/#top",
            "/a?b",
            "https://host.example/a\nb/",
            "host.example/party/",
        ] {
            assert_eq!(ok(bad), None, "{bad:?} was accepted");
        }
    }

    #[test]
    fn every_type_error_of_site_yaml_is_reported() {
        let mut d = Diagnostics::default();
        let cfg = SiteConfig::parse("title: [a]\npaginate_by: many\nsearch: 是\ntittle: x\nbase_urll: y\nlanguage: en\n1: z\n", &mut d);
        let all = d.sorted();
        let found: Vec<(usize, &str)> = all.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(
            found,
            [
                (1, "config-invalid"),
                (2, "config-invalid"),
                (3, "config-invalid"),
                (4, "config-unknown-key"),
                (5, "config-unknown-key"),
                (7, "config-unknown-key")
            ]
        );
        assert!(all[1].message_text(Language::En).contains("`paginate_by`"), "{}", all[1].message_text(Language::En));
        // The keys that are right still count.
        assert_eq!(cfg.language, Language::En);
    }

    #[test]
    fn duplicate_key_of_site_yaml_points_at_the_duplicate() {
        let mut d = Diagnostics::default();
        SiteConfig::parse("title: a\nlanguage: en\ntitle: b\n", &mut d);
        let all = d.sorted();
        assert_eq!((all.len(), all[0].line, all[0].column, all[0].code), (1, 3, 1, "config-invalid"));
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
    fn linked_html_is_refused_unless_allowed() {
        let mut d = Diagnostics::default();
        assert!(!SiteConfig::parse("title: x\n", &mut d).assets.allow_html);
        assert!(SiteConfig::parse("assets:\n  allow_html: true\n", &mut d).assets.allow_html);
        assert!(d.is_empty());
        // A misspelt option inside `assets:` is an error at the key, naming it.
        SiteConfig::parse("assets:\n  allow_htm: true\n", &mut d);
        let all = d.sorted();
        assert_eq!((all.len(), all[0].line, all[0].code), (1, 1, "config-invalid"));
        assert!(all[0].message.text(Language::En).contains("allow_htm"), "{:?}", all[0].message);
    }

    #[test]
    fn a_theme_is_one_folder_under_themes() {
        for bad in ["../../secrets", "/etc", "a/b", "..", ".hidden", "c:\\x", ""] {
            let mut d = Diagnostics::default();
            let cfg = SiteConfig::parse(&format!("theme: \"{}\"\n", bad.replace('\\', "\\\\")), &mut d);
            let all = d.sorted();
            assert_eq!((all.len(), all[0].line, all[0].code), (1, 1, "config-invalid"), "{bad}");
            assert_eq!(cfg.theme, "default", "{bad}");
        }
        let mut d = Diagnostics::default();
        assert_eq!(SiteConfig::parse("theme: 党建红\n", &mut d).theme, "党建红");
        assert!(d.is_empty());
    }

    #[test]
    fn the_bulletin_block_is_read_and_its_problems_located() {
        let mut d = Diagnostics::default();
        let text = "title: x\nbulletin:\n  unit: 推进小组办公室\n  send_to: 各片区\n  copies: 40\n";
        let cfg = SiteConfig::parse(text, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!((cfg.bulletin.unit.as_deref(), cfg.bulletin.copies), (Some("推进小组办公室"), Some(40)));
        assert_eq!(cfg.bulletin.send_to, Some(vec!["各片区".to_string()]));
        let text = "modes:\n  - id: a\n    name: 甲\nbulletin:\n  name: 简报\n  copis: 40\n  full_text: yes please\n  columns: [甲, 乙]\n";
        let cfg = SiteConfig::parse(text, &mut d);
        let found: Vec<(usize, &str)> = d.sorted().iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(found, [(6, "config-unknown-key"), (7, "wrong-type"), (8, "unknown-column")]);
        assert_eq!((cfg.bulletin.name.as_deref(), cfg.bulletin.full_text), (Some("简报"), None));
    }

    #[test]
    fn empty_file_gives_defaults() {
        let mut d = Diagnostics::default();
        let cfg = SiteConfig::parse("", &mut d);
        assert_eq!(cfg.modes.len(), 6);
        assert_eq!(cfg.paginate_by, 20);
    }
}
