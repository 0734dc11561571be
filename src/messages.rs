//! The message catalogue: every diagnostic text regionpress prints, in
//! Chinese and in English, keyed by the stable diagnostic code.
//!
//! Call sites build a [`Message`] (and maybe a [`Hint`]) with the values that
//! vary; the words live here only, so a message reads the same wherever it
//! is raised, and adding a language means editing one file. A message knows
//! its code and its severity; several messages may share one code when they
//! describe one kind of problem (`missing-asset` for a cover, a logo or an
//! image). Codes never change once released: CI scripts and
//! `docs/errors.md` refer to them.
//!
//! Texts that come from elsewhere (the YAML parser, the operating system,
//! Tera) are kept as they are, inside a translated frame.
//!
//! The words of messages and hints are kept by family of problem, one
//! function each: reading a source file, the value of a field, cross
//! references, files and output, `site.yaml` (and, for hints, the choices
//! that would be valid). A new message goes into its family's match.

use crate::language::Language;

/// The words of a message in the language asked for: English, Chinese.
/// Defined before the child modules so that they use it too.
macro_rules! tr {
    ($lang:expr, $en:literal, $zh:literal) => {
        match $lang {
            Language::En => format!($en),
            Language::ZhCn => format!($zh),
        }
    };
}

// Problems and decisions: their messages live in a file of their own.
mod problems;
pub use problems::{ProblemHint, ProblemMessage};

// Links and YAML slips: two families of their own.
mod links;
pub use links::{LinkHint, LinkMessage};
mod yaml_slips;
pub use yaml_slips::{SlipHint, SlipMessage};
// Importing Word manuscripts (`regionpress import`).
pub mod import;
pub use import::{ImportHint, ImportMessage};
// Photos: the images a page publishes, in a file of their own.
mod photos;
pub use photos::{PhotoHint, PhotoMessage};
// The command line's own words (help, usage errors, what each command
// prints) and unfinished content.
pub mod cli;
mod io;
pub use io::IoCause;
mod unfinished;
pub use unfinished::Unfinished;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot succeed.
    Error,
    /// Worth fixing; the build still succeeds.
    Warning,
    /// Worth knowing; never fails anything, not even `check --strict`.
    Note,
}

impl Severity {
    /// `error` / `warning`, or their Chinese names.
    pub fn label(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Severity::Error, Language::En) => "error",
            (Severity::Warning, Language::En) => "warning",
            (Severity::Error, Language::ZhCn) => "错误",
            (Severity::Warning, Language::ZhCn) => "警告",
            (Severity::Note, Language::En) => "note",
            (Severity::Note, Language::ZhCn) => "提示",
        }
    }

    /// The stable name used in JSON and annotations.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }

    /// The GitHub Actions workflow command: `error`, `warning` or `notice`.
    pub fn github_command(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        }
    }
}

/// Every diagnostic code, in the order of `docs/errors.md`.
pub const ALL_CODES: &[&str] = &[
    "empty-file",
    "missing-front-matter",
    "unterminated-front-matter",
    "not-utf8",
    "file-too-large",
    "yaml-syntax",
    "yaml-too-deep",
    "yaml-not-mapping",
    "markdown-too-complex",
    "wrong-type",
    "count-range",
    "invalid-date",
    "missing-field",
    "empty-title",
    "unknown-field",
    "invalid-slug",
    "unknown-region",
    "unknown-mode",
    "unknown-unit",
    "duplicate-url",
    "name-too-long",
    "duplicate-region",
    "duplicate-unit",
    "unit-invalid",
    "unit-kind",
    "invalid-region-id",
    "reserved-region-id",
    "invalid-color",
    "broken-link",
    "unknown-anchor",
    "link-to-draft",
    "missing-asset",
    "path-outside",
    "html-asset",
    "svg-invalid",
    "material-invalid",
    "unsafe-url",
    "invalid-period",
    "note-without-issue",
    "note-period-mismatch",
    "supplement-items",
    "bulletin-item-missing",
    "issued-number-duplicate",
    "issued-number-gap",
    "issued-date",
    "issued-numbering",
    "late-report",
    "issue-refused",
    "export-refused",
    "invalid-year",
    "score-range",
    // Assessment and targets.
    "unknown-criterion",
    "missing-criterion",
    "score-field",
    "case-collision",
    "symlink-loop",
    "symlink-dropped",
    "not-a-file",
    "ignored-file",
    "no-content",
    "io",
    "output-refused",
    "config-invalid",
    "config-unknown-key",
    "config-base-url",
    "config-language",
    "config-paginate",
    "config-modes",
    // Assessment and targets.
    "config-assessment",
    "config-targets",
    "template",
    "export-fonts",
    "export-failed",
    // Hosts and review.
    "unknown-host",
    "review-state",
    // Honours.
    "honour-kind",
    "honour-date",
    "honour-level",
    "honour-unit",
    "honour-report",
    // Problems and decisions.
    "problem-status",
    "problem-step-date",
    "problem-step-order",
    "problem-shelved-reason",
    "problem-unit",
    "problem-unknown",
    "problem-duplicate",
    "problem-id",
    "problem-overdue",
    "build-date",
    // Importing Word manuscripts.
    "import-old-format",
    "import-unreadable",
    "import-exists",
    "import-skipped",
    // Photos (`messages/photos.rs`).
    "image-corrupt",
    "image-format-mismatch",
    "image-too-many-pixels",
    "image-unsupported",
    "image-name-spaces",
    "image-source-large",
    "image-over-budget",
    "config-images",
    // What `new` left unfilled.
    "unfinished",
];

/// What a value was expected to be (for `wrong-type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Expected {
    /// Plain text.
    Text,
    /// A non-negative whole number.
    WholeNumber,
    /// An integer (may be negative).
    Integer,
    /// `true` or `false`.
    Bool,
    /// A date.
    Date,
    /// A list of names.
    NameList,
    /// A name or a list of names.
    NameOrList,
    /// A region id (text) or a list of them.
    RegionIds,
    /// A list of `key: value` entries.
    EntryList,
    /// A list.
    List,
    /// A set of `key: value` fields.
    Mapping,
    /// `criterion: score` lines.
    Scores,
    /// A list of paths under `content/`.
    PathList,
}

impl Expected {
    fn text(self, lang: Language) -> &'static str {
        use Expected::*;
        match (lang, self) {
            (Language::En, Text) => "text",
            (Language::En, WholeNumber) => "a whole number",
            (Language::En, Integer) => "a whole number (may be negative)",
            (Language::En, Bool) => "`true` or `false`",
            (Language::En, Date) => "a date like `2020-05-12`",
            (Language::En, NameList) => "a list of names",
            (Language::En, NameOrList) => "a name or a list of names",
            (Language::En, RegionIds) => "a region id or a list of region ids",
            (Language::En, EntryList) => "a list of `key: value` entries",
            (Language::En, List) => "a list",
            (Language::En, Mapping) => "a set of `key: value` fields",
            (Language::En, Scores) => "`criterion: score` lines",
            (Language::En, PathList) => "a list of paths under content/",
            (Language::ZhCn, Text) => "文本",
            (Language::ZhCn, WholeNumber) => "非负整数",
            (Language::ZhCn, Integer) => "整数",
            (Language::ZhCn, Bool) => "`true` 或 `false`",
            (Language::ZhCn, Date) => "形如 `2020-05-12` 的日期",
            (Language::ZhCn, NameList) => "名称列表",
            (Language::ZhCn, NameOrList) => "一个名称或名称列表",
            (Language::ZhCn, RegionIds) => "区域 id 或区域 id 列表",
            (Language::ZhCn, EntryList) => "由 `字段: 值` 条目组成的列表",
            (Language::ZhCn, List) => "列表",
            (Language::ZhCn, Mapping) => "一组 `字段: 值`",
            (Language::ZhCn, Scores) => "`指标: 分数` 形式的若干行",
            (Language::ZhCn, PathList) => "content/ 下的路径列表",
        }
    }
}

/// Why an output folder is refused (for `output-refused`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutputRefusal {
    /// It is the site folder itself.
    SiteRoot,
    /// The site folder lies inside it.
    ContainsSite,
    /// It lies inside `content/`, `static/` or `themes/`.
    InsideSources,
    /// It lies inside a hidden folder of the site (`.git`, …).
    InsideHidden,
    /// It holds `content/` or `site.yaml`.
    LooksLikeSite,
    /// It holds a git repository.
    Repository,
    /// It is a symbolic link.
    Symlink,
    /// It exists and is a file, a device, a FIFO or a socket.
    NotAFolder,
    /// A non-empty folder that regionpress did not make (no
    /// `.regionpress-output` mark, no manifest of it).
    NotOurs,
}

impl OutputRefusal {
    fn text(self, lang: Language) -> &'static str {
        use OutputRefusal::*;
        match (lang, self) {
            (Language::En, SiteRoot) => "it is the site folder itself",
            (Language::En, ContainsSite) => "the site folder lies inside it",
            (Language::En, InsideSources) => "it lies inside the site's sources (`content/`, `static/` or `themes/`)",
            (Language::En, InsideHidden) => "it lies inside a hidden folder of the site (such as `.git`)",
            (Language::En, LooksLikeSite) => "it holds `content/` or `site.yaml`, so it looks like a site, not generated output",
            (Language::En, Repository) => "it holds a git repository",
            (Language::En, Symlink) => "it is a symbolic link, which regionpress never follows or replaces",
            (Language::En, NotAFolder) => "it exists and is not a folder (a file, a device, a FIFO or a socket)",
            (Language::En, NotOurs) => "it is a folder with files that regionpress did not write",
            (Language::ZhCn, SiteRoot) => "这是网站文件夹本身",
            (Language::ZhCn, ContainsSite) => "网站文件夹就在它里面",
            (Language::ZhCn, InsideSources) => "它位于网站的源文件中（`content/`、`static/` 或 `themes/`）",
            (Language::ZhCn, InsideHidden) => "它位于网站的隐藏文件夹中（例如 `.git`）",
            (Language::ZhCn, LooksLikeSite) => "其中有 `content/` 或 `site.yaml`，像是一个网站的源文件夹，而不是生成的输出",
            (Language::ZhCn, Repository) => "其中有 git 仓库",
            (Language::ZhCn, Symlink) => "它是符号链接，regionpress 从不跟随或替换符号链接",
            (Language::ZhCn, NotAFolder) => "它已存在且不是文件夹（而是文件、设备、FIFO 或套接字）",
            (Language::ZhCn, NotOurs) => "这个文件夹里有不是 regionpress 生成的文件",
        }
    }
}

/// Why `regionpress bulletin issue` does not issue an issue (for `issue-refused`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum IssueRefusal {
    /// The site has errors; they are printed first.
    SiteHasErrors,
    /// No region with this id, and it is not `all`.
    UnknownSeries,
    /// Not a period (`2026-05`, `2026-q2`) or a supplement (`2026-s1`) of this site.
    BadPeriod,
    /// The series has no issue in this period.
    NoIssue,
    /// The issue was issued on this date.
    AlreadyIssued {
        /// The recorded issue date.
        date: String,
    },
    /// The date given is after today.
    FutureDate {
        /// The date given.
        date: String,
    },
    /// The date given is before the first day of the issue's period.
    DateBeforePeriod {
        /// The date given.
        date: String,
    },
    /// The issue's copy of an item exists and differs from the item
    /// (left by something else: it is not replaced).
    CopyDiffers {
        /// The copy, under `content/`.
        path: String,
    },
    /// (`bulletin keep`) The issue is not issued: `bulletin issue` keeps its copies.
    NotIssued,
    /// An earlier issue of the series is still open.
    Gap {
        /// The open issue's period.
        earlier: String,
    },
    /// (`export report`) No report or class has this slug.
    UnknownPage,
    /// (`export`) The output file exists and `--force` was not given.
    FileExists {
        /// The file.
        path: String,
    },
}

/// What kind of file a path refers to (for `missing-asset`, `path-outside`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileRef {
    /// `cover:` of a report or class.
    Cover,
    /// `brand.logo` of a region.
    Logo,
    /// A class material's `file:`.
    Material,
    /// An image in Markdown.
    Image,
    /// A link to a file in Markdown.
    Link,
}

impl FileRef {
    fn text(self, lang: Language) -> &'static str {
        use FileRef::*;
        match (lang, self) {
            (Language::En, Cover) => "cover",
            (Language::En, Logo) => "logo",
            (Language::En, Material) => "material file",
            (Language::En, Image) => "image",
            (Language::En, Link) => "linked file",
            (Language::ZhCn, Cover) => "封面",
            (Language::ZhCn, Logo) => "标志",
            (Language::ZhCn, Material) => "材料文件",
            (Language::ZhCn, Image) => "图片",
            (Language::ZhCn, Link) => "链接的文件",
        }
    }
}

/// What a path is when it is not a regular file or a folder (for `not-a-file`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecialFile {
    /// A named pipe (`mkfifo`): reading it waits for a writer.
    Fifo,
    /// A Unix domain socket.
    Socket,
    /// A block or character device (`/dev/...`).
    Device,
    /// Anything else the system reports that is neither file nor folder.
    Other,
}

impl SpecialFile {
    fn text(self, lang: Language) -> &'static str {
        use SpecialFile::*;
        match (lang, self) {
            (Language::En, Fifo) => "a named pipe (FIFO)",
            (Language::En, Socket) => "a socket",
            (Language::En, Device) => "a device",
            (Language::En, Other) => "not a regular file",
            (Language::ZhCn, Fifo) => "命名管道（FIFO）",
            (Language::ZhCn, Socket) => "套接字",
            (Language::ZhCn, Device) => "设备文件",
            (Language::ZhCn, Other) => "不是普通文件",
        }
    }
}

/// Why a symbolic link was skipped (for `symlink-dropped`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum DropReason {
    /// It leads out of its folder (`content`, `static`, a theme folder).
    Outside {
        /// The folder, as shown (`content/`).
        folder: String,
    },
    /// It leads into a hidden file or folder (`.git`).
    Hidden,
    /// What it points to does not exist.
    Dangling,
}

/// Who else writes an output file (for `duplicate-url`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum UrlOwner {
    /// A file of the site (content, `static/`, a theme folder), site-relative.
    File(String),
    /// A file copied for a page (content-relative source, and the page's
    /// or region's file).
    Asset {
        /// The copied file, site-relative.
        file: String,
        /// The file linking it, site-relative.
        by: String,
    },
    /// A page regionpress generates, by its site path.
    Generated(String),
    /// The page of a tag (its name).
    Tag(String),
    /// The page of a lecturer (their name).
    Lecturer(String),
    /// The page of a co-building mode (its name).
    Mode(String),
    /// The search index (`/search/`).
    SearchIndex,
    /// A file of the built-in theme, by its site path.
    BuiltinTheme(String),
}

/// One problem, with the values that vary. See `docs/errors.md`.
#[allow(missing_docs)] // the variants read as their English text below
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Message {
    EmptyFile,
    MissingFrontMatter,
    UnterminatedFrontMatter,
    FileTooLarge {
        mib: u64,
        limit_mib: u64,
    },
    NotUtf8 {
        /// The encoding the bytes look like (`GBK/GB18030`, `UTF-16LE`, `UTF-16BE`).
        likely: Option<&'static str>,
    },
    YamlSyntax {
        detail: String,
    },
    YamlTooDeep {
        limit: usize,
    },
    YamlNotMapping,
    MarkdownTooComplex {
        limit: usize,
    },
    WrongType {
        key: String,
        expected: Expected,
        found: String,
    },
    CountTooLarge {
        key: String,
        value: u64,
        max: u64,
    },
    InvalidDate {
        key: String,
        value: String,
    },
    MissingField {
        key: String,
    },
    EmptyTitle,
    UnknownField {
        key: String,
    },
    InvalidSlug {
        value: String,
    },
    UnknownRegion {
        id: String,
    },
    UnknownAssessmentRegion {
        id: String,
        year: i32,
    },
    UnknownNoteRegion {
        id: String,
    },
    UnknownMode {
        mode: String,
    },
    UnknownUnit {
        unit: String,
    },
    DuplicateUrl {
        url: String,
        other: UrlOwner,
    },
    ReservedUrl {
        url: String,
    },
    NameTooLong {
        name: String,
        bytes: usize,
    },
    DuplicateRegion {
        id: String,
        other: String,
    },
    DuplicateUnit {
        name: String,
    },
    UnitWithoutName,
    UnitKind {
        kind: String,
    },
    UnknownColumn {
        name: String,
    },
    InvalidRegionId {
        id: String,
    },
    ReservedRegionId {
        id: String,
    },
    InvalidColor {
        value: String,
    },
    UnquotedColor,
    BrokenLink {
        dest: String,
    },
    UnknownAnchor {
        anchor: String,
    },
    UnknownAnchorIn {
        target: String,
        anchor: String,
    },
    LinkToDraft {
        dest: String,
    },
    MissingAsset {
        what: FileRef,
        path: String,
    },
    PathOutside {
        what: FileRef,
        path: String,
    },
    HtmlAsset {
        what: FileRef,
        path: String,
    },
    SvgInvalid {
        detail: String,
    },
    MaterialInvalid {
        index: usize,
    },
    UnsafeUrl {
        url: String,
    },
    InvalidPeriod {
        period: String,
    },
    NoteWithoutIssue {
        region: String,
        period: String,
    },
    NotePeriodMismatch {
        period: String,
        monthly: bool,
    },
    ItemsOutsideSupplement,
    BulletinItemMissing {
        path: String,
        recorded: bool,
    },
    IssuedNumberTwice {
        number: u32,
        year: i32,
        other: String,
    },
    IssuedNumberGap {
        missing: u32,
        year: i32,
    },
    IssuedDateBeforePeriod {
        date: String,
        period: String,
    },
    IssuedDateFuture {
        date: String,
    },
    SupplementTotal,
    SupplementNumber {
        number: u32,
        n: u32,
    },
    IssuedTotalMissing,
    LateReport {
        period: String,
        joins: String,
    },
    /// An issued issue's record names a photo that no item's gallery has.
    BulletinPhotoMissing {
        path: String,
    },
    /// The photos an issued issue printed beside `item` are not those its
    /// gallery would give now (file names, `、`-joined; empty: none).
    IssuedPhotosChanged {
        item: String,
        printed: String,
        now: String,
    },
    /// An item of an issued issue is not its copy any more (`gone`: no
    /// longer a published report or class); the issue prints the copy.
    IssuedItemChanged {
        item: String,
        copy: String,
        gone: bool,
    },
    /// The note, region profile or `site.yaml` would now give an issued
    /// issue another note or other fields (`what`: the keys, `title`,
    /// `text`, `、`-joined); the issue keeps its note's copy.
    IssuedNoteChanged {
        copy: String,
        what: String,
    },
    /// A copies folder (`folder`, content-relative) kept by an issued
    /// issue whose note `note` (content-relative) no longer holds an
    /// `issued:` record: the note or its record was deleted.
    IssuedRecordMissing {
        folder: String,
        note: String,
    },
    IssueRefused {
        issue: String,
        reason: IssueRefusal,
    },
    /// `regionpress export` wrote nothing: what it was asked for, and why.
    ExportRefused {
        target: String,
        reason: IssueRefusal,
    },
    InvalidYear {
        stem: String,
    },
    ScoreRange {
        criterion: String,
        value: String,
        /// The criterion's maximum, as written.
        max: String,
    },
    CaseCollision {
        other: String,
    },
    SymlinkLoop {
        ancestor: String,
    },
    SymlinkDropped {
        reason: DropReason,
    },
    NotAFile {
        kind: SpecialFile,
    },
    IgnoredFile,
    NoContent,
    Io {
        path: String,
        detail: IoCause,
    },
    /// Writing the output failed (`io`): the file or folder and the
    /// operating system's words.
    WriteFailed {
        path: String,
        detail: IoCause,
    },
    /// The output folder given is not one regionpress may write into.
    OutputRefused {
        path: String,
        reason: OutputRefusal,
    },
    ConfigInvalid {
        detail: String,
    },
    /// `theme:` is not the name of one folder under `themes/`.
    ConfigThemeName {
        value: String,
    },
    /// `theme:` names a folder that `themes/` does not have.
    ThemeMissing {
        name: String,
    },
    ConfigUnknownKey {
        key: String,
    },
    ConfigBaseUrl {
        url: String,
    },
    ConfigLanguage {
        value: String,
    },
    ConfigPaginate,
    ConfigModes,
    Template {
        detail: String,
    },
    /// No font found covers characters of exported documents (PDF):
    /// how many documents, the first one's title, the characters (at most
    /// 20, each once) and how many in all.
    ExportFonts {
        documents: usize,
        first: String,
        chars: String,
        count: usize,
    },
    /// A document could not be exported: its title, the format, the
    /// typesetter's or writer's words.
    ExportFailed {
        title: String,
        format: String,
        detail: String,
    },
    // Hosts and review (words in `hosts_review_text`).
    /// A report's `hosts` names a unit of none of its regions.
    UnknownHost {
        unit: String,
    },
    /// `review:` is none of 初稿, 待审, 已审 (draft, pending, approved).
    ReviewState {
        value: String,
    },
    // Honours (`content/honours/<year>.yaml`).
    /// An honour's `kind` is not person, unit or region.
    HonourKind {
        kind: String,
    },
    /// A date of an honours file that is not in the file's year.
    HonourDateYear {
        date: String,
        year: i32,
    },
    /// An honour's level is none of `honours.levels`.
    HonourLevel {
        level: String,
    },
    /// An honour's unit is not a member unit of its region.
    HonourUnit {
        unit: String,
        region: String,
    },
    /// An honour links a path that is no published report.
    HonourReport {
        path: String,
    },
    // Assessment and targets; words in `messages/assessment.rs`.
    /// A criterion of `assessment:` in site.yaml that cannot be used.
    ConfigCriterion {
        name: String,
        problem: CriterionProblem,
    },
    /// `targets:` gives two periods for one thing (`activities_per_month` and `activities_per_year`).
    ConfigTargetTwice {
        key: String,
    },
    /// A region's assessment names a criterion site.yaml does not have.
    UnknownCriterion {
        name: String,
        year: i32,
    },
    /// A region's assessment lacks a criterion.
    MissingCriterion {
        region: String,
        criterion: String,
    },
    /// A key inside a criterion's scores that is not 自评, 组织考核 or 评语.
    ScoreField {
        criterion: String,
        key: String,
    },
    /// A criterion's scores without a score.
    NoScore {
        criterion: String,
    },
    /// A problem of a problem or decision record (see [`ProblemMessage`]).
    Problem(ProblemMessage),
    /// A link or image of a page (see [`LinkMessage`]).
    Link(LinkMessage),
    /// A keyboard slip in YAML (see [`SlipMessage`]).
    YamlSlip(SlipMessage),
    /// A problem of `regionpress import` (see [`ImportMessage`]).
    Import(ImportMessage),
    /// A problem of an image a page publishes (see [`PhotoMessage`]).
    Photo(PhotoMessage),
    /// What `regionpress new` left to fill in, unfilled (a
    /// warning in a draft).
    Unfinished {
        what: Unfinished,
        draft: bool,
    },
}

/// A suggestion printed under a diagnostic.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hint {
    /// "did you mean `a`?" (or "`a` or `b`") — the values are printed as given.
    DidYouMean(Vec<String>),
    // Assessment and targets; words in `messages/assessment.rs`.
    ScoreFields,
    AddCriterion {
        criterion: String,
    },
    OneTargetPeriod,
    /// Lists the valid choices.
    OneOf(Vec<String>),
    /// 已审 needs `reviewed_by`.
    NameReviewer,
    KnownRegions(Vec<String>),
    NoRegionYet,
    KnownFields(Vec<String>),
    StartWithFrontMatter,
    AddFrontMatter,
    CloseFrontMatter,
    SaveAsUtf8,
    SaveUtf16AsUtf8,
    SplitLargeFile,
    /// For `output-refused`: choose another folder.
    OtherOutput,
    /// For `output-refused` on a folder regionpress did not make: another
    /// folder, or `--force`.
    OtherOutputOrForce,
    /// For `export-fonts`: where fonts come from.
    InstallCjkFonts {
        folder: String,
    },
    YamlQuoting,
    /// For `theme-missing`: the folder to make, or the key to remove.
    ThemeMissing,
    FlattenYaml,
    DateFormat,
    AddField {
        key: String,
    },
    AddRegion,
    QuoteRegionId {
        value: String,
    },
    SlugOrRename,
    MoveStaticFile,
    RenameAsset,
    ShorterSlug,
    ShorterName,
    ReservedIds(Vec<String>),
    KeepOneFile,
    AddUnit,
    RenameRegionFile {
        suggestion: String,
    },
    ColorExample,
    LinkSyntax,
    PublishOrUnlink,
    TargetHasNoHeadings,
    HeadingsThere(Vec<String>),
    PutNextTo {
        file: String,
    },
    LogoRelative,
    StayInside,
    AllowHtml,
    SvgExport,
    PeriodFileName,
    CheckNotePeriod,
    SupplementFileName,
    RestoreIssuedItem,
    /// For `issued-record-missing`: the note's path, content-relative.
    RestoreIssuedRecord {
        note: String,
    },
    /// For `bulletin-photo-missing`.
    RestoreIssuedPhoto,
    NotePeriodRename {
        monthly: bool,
    },
    YearFileName,
    SafeUrl,
    ScoreExample,
    RenameOne,
    RemoveLink,
    LinkInside {
        folder: String,
    },
    RemoveSpecialFile,
    MoveMarkdown,
    RunInSite,
    BaseUrlExample,
    LanguageChoice,
    /// A hint of the problems and decisions (see [`ProblemHint`]).
    Problem(ProblemHint),
    /// A hint of links (see [`LinkHint`]).
    Link(LinkHint),
    /// How to mend a YAML slip (see [`SlipHint`]).
    YamlSlip(SlipHint),
    /// A hint of `regionpress import` (see [`ImportHint`]).
    Import(ImportHint),
    /// A hint about an image (see [`PhotoHint`]).
    Photo(PhotoHint),
    /// Fill in what the template left, or mark the file a draft.
    FillIn,
    /// For `unfinished` in a file held for review: fill in before approval.
    FillInHeld,
}

// The words of the assessment's and the targets' problems.
mod assessment;
pub use assessment::CriterionProblem;

fn joined(items: &[String], lang: Language) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match lang {
        Language::En => quoted.join(", "),
        Language::ZhCn => quoted.join("、"),
    }
}

impl IssueRefusal {
    fn text(&self, lang: Language) -> String {
        use IssueRefusal::*;
        match self {
            SiteHasErrors => tr!(lang, "the site has errors (printed above); fix them first", "网站有错误（见上文），请先改正"),
            UnknownSeries => tr!(lang, "there is no such region, and it is not `all`", "没有这个区域，也不是 `all`"),
            BadPeriod => tr!(
                lang,
                "it is not a period of this site (`2026-05` or `2026-q2`, as `bulletin_period` says) or a supplement (`2026-s1`)",
                "它不是本站的期号（按 `bulletin_period`，形如 `2026-05` 或 `2026-q2`），也不是增刊（`2026-s1`）"
            ),
            NoIssue => tr!(lang, "the series has no issue there", "这个系列没有这一期"),
            AlreadyIssued { date } => {
                tr!(lang, "it was issued on {date}; an issued issue never changes", "它已于 {date} 印发；已印发的一期不再改变")
            }
            FutureDate { date } => tr!(lang, "{date} is in the future", "{date} 是将来的日期"),
            DateBeforePeriod { date } => tr!(lang, "{date} is before the issue's period begins", "{date} 早于这一期的期间"),
            Gap { earlier } => tr!(
                lang,
                "the earlier issue {earlier} is not issued yet; issue it first, so that the numbers leave no gap",
                "更早的一期 {earlier} 尚未印发；请先印发它，期号才不会出现空缺"
            ),
            NotIssued => tr!(
                lang,
                "it is not issued yet; `bulletin issue` records it and keeps its copies",
                "它尚未印发；`bulletin issue` 会记录印发并留存副本"
            ),
            CopyDiffers { path } => tr!(
                lang,
                "`content/{path}` exists and is not the item as it is now; move it away first (it is not replaced)",
                "`content/{path}` 已存在，且与稿件现在的内容不同；请先把它移走（不会覆盖它）"
            ),
            UnknownPage => tr!(lang, "no report or class has this slug", "没有这个短名（slug）的报道或党课"),
            FileExists { path } => tr!(
                lang,
                "`{path}` exists; choose another file with `-o`, or add `--force` to replace it",
                "`{path}` 已存在；请用 `-o` 另选文件，或加 `--force` 替换它"
            ),
        }
    }
}

/// The words of `issued-record-missing`.
fn issued_record_missing(folder: &str, note: &str, lang: Language) -> String {
    tr!(
        lang,
        "`content/{folder}` keeps the copies of an issued issue, but `content/{note}` holds no `issued:` record (the note or its record was deleted): the issue would lose its number and be printed afresh",
        "`content/{folder}` 保存着一期已印发简报的副本，但 `content/{note}` 中没有 `issued:` 印发记录（编者按文件或其中的记录被删除）：这一期会失去期号并按现在的内容重新编印"
    )
}

/// The words of `issued-item-changed`.
fn issued_item_changed(item: &str, copy: &str, gone: bool, lang: Language) -> String {
    match gone {
        false => tr!(
            lang,
            "`{item}` changed after the issue was issued; the issue keeps the text it printed, from its copy `content/{copy}`",
            "`{item}` 在这一期印发之后改过；这一期仍按印发时的内容发布（取自副本 `content/{copy}`），不随之改变"
        ),
        true => tr!(
            lang,
            "`{item}` is no longer a published report or class; the issued issue still prints it, from its copy `content/{copy}`",
            "`{item}` 已不是已发布的报道或党课；已印发的这一期仍按印发时的内容收录它（取自副本 `content/{copy}`）"
        ),
    }
}

impl UrlOwner {
    /// The owner as the middle of a sentence (in Chinese with the blanks
    /// a code span wants around it).
    fn text(&self, lang: Language) -> String {
        use UrlOwner::*;
        match self {
            File(f) => tr!(lang, "`{f}`", " `{f}` "),
            Asset { file, by } => tr!(lang, "`{file}` (copied for `{by}`)", " `{file}`（为 `{by}` 复制）"),
            Generated(url) => tr!(lang, "the generated page `{url}`", "自动生成的页面 `{url}` "),
            Tag(name) => tr!(lang, "the page of tag `{name}`", "标签 `{name}` 的页面"),
            Lecturer(name) => tr!(lang, "the page of lecturer `{name}`", "主讲人 `{name}` 的页面"),
            Mode(name) => tr!(lang, "the page of mode `{name}`", "模式 `{name}` 的页面"),
            SearchIndex => tr!(lang, "the search index", "搜索索引"),
            BuiltinTheme(url) => tr!(lang, "the built-in theme's `{url}`", "内置主题的 `{url}` "),
        }
    }
}

impl Message {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        use Message::*;
        match self {
            EmptyFile => "empty-file",
            MissingFrontMatter => "missing-front-matter",
            UnterminatedFrontMatter => "unterminated-front-matter",
            NotUtf8 { .. } => "not-utf8",
            FileTooLarge { .. } => "file-too-large",
            YamlSyntax { .. } => "yaml-syntax",
            YamlTooDeep { .. } => "yaml-too-deep",
            YamlNotMapping => "yaml-not-mapping",
            MarkdownTooComplex { .. } => "markdown-too-complex",
            WrongType { .. } => "wrong-type",
            CountTooLarge { .. } => "count-range",
            InvalidDate { .. } => "invalid-date",
            MissingField { .. } => "missing-field",
            EmptyTitle => "empty-title",
            UnknownField { .. } => "unknown-field",
            InvalidSlug { .. } => "invalid-slug",
            UnknownRegion { .. } | UnknownAssessmentRegion { .. } | UnknownNoteRegion { .. } => "unknown-region",
            UnknownMode { .. } => "unknown-mode",
            UnknownUnit { .. } => "unknown-unit",
            DuplicateUrl { .. } | ReservedUrl { .. } => "duplicate-url",
            NameTooLong { .. } => "name-too-long",
            DuplicateRegion { .. } => "duplicate-region",
            DuplicateUnit { .. } => "duplicate-unit",
            UnitWithoutName => "unit-invalid",
            UnitKind { .. } => "unit-kind",
            UnknownColumn { .. } => "unknown-column",
            InvalidRegionId { .. } => "invalid-region-id",
            ReservedRegionId { .. } => "reserved-region-id",
            InvalidColor { .. } | UnquotedColor => "invalid-color",
            BrokenLink { .. } => "broken-link",
            UnknownAnchor { .. } | UnknownAnchorIn { .. } => "unknown-anchor",
            LinkToDraft { .. } => "link-to-draft",
            MissingAsset { .. } => "missing-asset",
            PathOutside { .. } => "path-outside",
            HtmlAsset { .. } => "html-asset",
            SvgInvalid { .. } => "svg-invalid",
            MaterialInvalid { .. } => "material-invalid",
            UnsafeUrl { .. } => "unsafe-url",
            InvalidPeriod { .. } => "invalid-period",
            NoteWithoutIssue { .. } => "note-without-issue",
            ItemsOutsideSupplement => "supplement-items",
            BulletinItemMissing { .. } => "bulletin-item-missing",
            IssuedNumberTwice { .. } => "issued-number-duplicate",
            IssuedNumberGap { .. } => "issued-number-gap",
            IssuedDateBeforePeriod { .. } | IssuedDateFuture { .. } => "issued-date",
            SupplementTotal | SupplementNumber { .. } | IssuedTotalMissing => "issued-numbering",
            LateReport { .. } => "late-report",
            BulletinPhotoMissing { .. } => "bulletin-photo-missing",
            IssuedPhotosChanged { .. } => "issued-photos-changed",
            IssuedItemChanged { .. } => "issued-item-changed",
            IssuedRecordMissing { .. } => "issued-record-missing",
            IssuedNoteChanged { .. } => "issued-note-changed",
            IssueRefused { .. } => "issue-refused",
            ExportRefused { .. } => "export-refused",
            NotePeriodMismatch { .. } => "note-period-mismatch",
            InvalidYear { .. } => "invalid-year",
            ScoreRange { .. } => "score-range",
            // Assessment and targets.
            ConfigCriterion { .. } => "config-assessment",
            ConfigTargetTwice { .. } => "config-targets",
            UnknownCriterion { .. } => "unknown-criterion",
            MissingCriterion { .. } => "missing-criterion",
            ScoreField { .. } | NoScore { .. } => "score-field",
            CaseCollision { .. } => "case-collision",
            SymlinkLoop { .. } => "symlink-loop",
            SymlinkDropped { .. } => "symlink-dropped",
            NotAFile { .. } => "not-a-file",
            IgnoredFile => "ignored-file",
            NoContent => "no-content",
            Io { .. } | WriteFailed { .. } => "io",
            OutputRefused { .. } => "output-refused",
            ConfigInvalid { .. } | ConfigThemeName { .. } => "config-invalid",
            ThemeMissing { .. } => "theme-missing",
            ConfigUnknownKey { .. } => "config-unknown-key",
            ConfigBaseUrl { .. } => "config-base-url",
            ConfigLanguage { .. } => "config-language",
            ConfigPaginate => "config-paginate",
            ConfigModes => "config-modes",
            Template { .. } => "template",
            ExportFonts { .. } => "export-fonts",
            ExportFailed { .. } => "export-failed",
            UnknownHost { .. } => "unknown-host",
            ReviewState { .. } => "review-state",
            HonourKind { .. } => "honour-kind",
            HonourDateYear { .. } => "honour-date",
            HonourLevel { .. } => "honour-level",
            HonourUnit { .. } => "honour-unit",
            HonourReport { .. } => "honour-report",
            Problem(p) => p.code(),
            Link(l) => l.code(),
            YamlSlip(s) => s.code(),
            Import(i) => i.code(),
            Photo(p) => p.code(),
            Unfinished { .. } => "unfinished",
        }
    }

    /// Warnings let the build succeed (and fail `check --strict`); notes
    /// fail nothing.
    pub fn severity(&self) -> Severity {
        use Message::*;
        match self {
            LateReport { .. } | IssuedPhotosChanged { .. } | IssuedItemChanged { .. } | IssuedNoteChanged { .. } => Severity::Note,
            Problem(p) if p.is_note() => Severity::Note,
            Link(l) if l.is_warning() => Severity::Warning,
            YamlSlip(s) if s.is_warning() => Severity::Warning,
            Import(i) if i.is_warning() => Severity::Warning,
            Photo(p) if p.is_warning() => Severity::Warning,
            Unfinished { draft: true, .. } => Severity::Warning,
            UnknownField { .. }
            | UnknownUnit { .. }
            | NoteWithoutIssue { .. }
            | NotePeriodMismatch { .. }
            | CaseCollision { .. }
            | SymlinkDropped { .. }
            | IgnoredFile => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The text in `lang`: short, lowercase, saying what is wrong.
    ///
    /// The words are kept by family of problem, one function each; a new
    /// message goes into the match of its family.
    /// `every_message_is_worded_in_both_languages` checks that each message
    /// has words in one of them.
    pub fn text(&self, lang: Language) -> String {
        self.source_text(lang)
            .or_else(|| self.field_text(lang))
            .or_else(|| self.reference_text(lang))
            .or_else(|| self.file_text(lang))
            .or_else(|| self.config_text(lang))
            .or_else(|| self.hosts_review_text(lang))
            .or_else(|| self.honour_text(lang))
            .or_else(|| self.assessment_text(lang))
            .or_else(|| match self {
                Message::Problem(p) => Some(p.text(lang)),
                Message::Link(l) => Some(l.text(lang)),
                Message::YamlSlip(s) => Some(s.text(lang)),
                Message::Import(i) => Some(i.text(lang)),
                Message::Photo(p) => Some(p.text(lang)),
                Message::Unfinished { what, .. } => Some(what.text(lang)),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// A report's host units and the review of a file.
    fn hosts_review_text(&self, lang: Language) -> Option<String> {
        use Message::*;
        let text = match self {
            UnknownHost { unit } => {
                tr!(lang, "host `{unit}` is not a member unit of this report's region", "主办单位 `{unit}` 不是本报道所属区域的成员单位")
            }
            ReviewState { value } => tr!(
                lang,
                "unknown review state `{value}`: it is 初稿 (draft), 待审 (pending) or 已审 (approved)",
                "未知审核状态 `{value}`：应为 初稿、待审 或 已审（或 draft、pending、approved）"
            ),
            _ => return None,
        };
        Some(text)
    }

    /// Honours: a record that names what does not exist.
    fn honour_text(&self, lang: Language) -> Option<String> {
        use Message::*;
        let text = match self {
            HonourKind { kind } => tr!(
                lang,
                "unknown kind of recipient `{kind}`: a person, a unit or a region",
                "未知的表彰对象类别 `{kind}`：应为个人、单位或区域"
            ),
            HonourDateYear { date, year } => {
                tr!(lang, "the date {date} is not in {year}, the year of this file", "日期 {date} 不在本文件的年份 {year} 年内")
            }
            HonourLevel { level } => tr!(
                lang,
                "unknown honour level `{level}` (the levels are set by `honours.levels` in site.yaml)",
                "未知的荣誉级别 `{level}`（级别由 site.yaml 的 `honours.levels` 规定）"
            ),
            HonourUnit { unit, region } => {
                tr!(lang, "`{unit}` is not a member unit of region `{region}`", "`{unit}` 不是区域 `{region}` 的成员单位")
            }
            HonourReport { path } => tr!(
                lang,
                "`{path}` is not a published report (paths are under content/)",
                "`{path}` 不是已发布的报道（路径从 content/ 下写起）"
            ),
            _ => return None,
        };
        Some(text)
    }

    /// Reading a source file: its bytes, its front matter, its YAML and its Markdown.
    fn source_text(&self, lang: Language) -> Option<String> {
        use Message::*;
        let text = match self {
            EmptyFile => tr!(lang, "the file is empty", "文件是空的"),
            MissingFrontMatter => {
                tr!(lang, "missing front matter: the file must start with a `---` line", "缺少文首信息：文件的第一行必须是 `---`")
            }
            UnterminatedFrontMatter => {
                tr!(lang, "unterminated front matter: no closing `---` line", "文首信息没有结束：缺少结尾的 `---` 行")
            }
            FileTooLarge { mib, limit_mib } => tr!(
                lang,
                "the file is {mib} MiB, more than the {limit_mib} MiB a page may have",
                "文件有 {mib} MiB，超过了单个页面 {limit_mib} MiB 的上限"
            ),
            NotUtf8 { likely: None } => tr!(lang, "the file is not valid UTF-8 text", "文件不是有效的 UTF-8 文本"),
            NotUtf8 { likely: Some(encoding) } => tr!(
                lang,
                "the file is not valid UTF-8 text; it looks like {encoding}",
                "文件不是有效的 UTF-8 文本，看起来是 {encoding} 编码"
            ),
            YamlSyntax { detail } => {
                let detail = match lang {
                    Language::En => detail.clone(),
                    Language::ZhCn => yaml_detail_zh(detail),
                };
                tr!(lang, "invalid YAML: {detail}", "YAML 语法错误：{detail}")
            }
            YamlTooDeep { limit } => {
                tr!(lang, "YAML brackets nested more than {limit} levels deep", "YAML 的方括号或花括号嵌套超过了 {limit} 层")
            }
            YamlNotMapping => tr!(lang, "expected `key: value` fields", "这里应是 `字段: 值` 形式的内容"),
            MarkdownTooComplex { limit } => tr!(
                lang,
                "the page has more than {limit} Markdown marks (line breaks, table bars, list markers, emphasis, links…); it is not rendered",
                "页面的 Markdown 标记（换行、表格竖线、列表符号、强调、链接等）超过了 {limit} 个，不予生成"
            ),
            _ => return None,
        };
        Some(text)
    }

    /// The value of one field of a report, class, page, region, material, bulletin note or assessment.
    fn field_text(&self, lang: Language) -> Option<String> {
        use Message::*;
        let text = match self {
            WrongType { key, expected, found } => {
                let e = expected.text(lang);
                let sp = if e.starts_with('`') { " " } else { "" };
                tr!(lang, "`{key}` must be {e}, not `{found}`", "`{key}` 应为{sp}{e}，而不是 `{found}`")
            }
            CountTooLarge { key, value, max } => {
                tr!(lang, "`{key}` is {value}, more than the largest count accepted, {max}", "`{key}` 为 {value}，超过了允许的最大值 {max}")
            }
            InvalidDate { key, value } => {
                let why = cli::date_reason(value, lang);
                tr!(lang, "`{key}` is not a valid date: `{value}`: {why}", "`{key}` 不是有效的日期：`{value}`，{why}")
            }
            MissingField { key } => tr!(lang, "missing required field `{key}`", "缺少必填字段 `{key}`"),
            EmptyTitle => tr!(lang, "`title` is empty", "`title`（标题）是空的"),
            UnknownField { key } => tr!(lang, "unknown field `{key}`", "未知字段 `{key}`"),
            InvalidSlug { value } => tr!(lang, "`slug` must contain letters or digits: `{value}`", "`slug` 必须包含字母或数字：`{value}`"),
            DuplicateUnit { name } => tr!(lang, "unit `{name}` is listed twice", "成员单位 `{name}` 重复列出"),
            UnitWithoutName => tr!(lang, "every unit needs a `name`", "每个成员单位都需要 `name`（名称）"),
            UnitKind { kind } => tr!(lang, "unknown unit kind `{kind}`", "未知单位类型 `{kind}`"),
            UnknownColumn { name } => {
                tr!(lang, "bulletin column `{name}` is no co-building mode", "简报栏目 `{name}` 不是共建方式")
            }
            InvalidRegionId { id } => tr!(
                lang,
                "region id `{id}` must be lowercase ASCII letters, digits and `-`",
                "区域 id `{id}` 只能由小写英文字母、数字和 `-` 组成"
            ),
            ReservedRegionId { id } => tr!(
                lang,
                "region id `{id}` is reserved for the site's own URLs (`all` is the company-wide bulletin series)",
                "区域 id `{id}` 已留给站点自身的网址（`all` 表示全公司简报系列）"
            ),
            InvalidColor { value } => {
                tr!(lang, "brand colour `{value}` is not `#rgb` or `#rrggbb`", "品牌色 `{value}` 不是 `#rgb` 或 `#rrggbb` 格式")
            }
            UnquotedColor => tr!(
                lang,
                "brand colour is empty: an unquoted `#` starts a YAML comment",
                "品牌色是空的：没有引号时 `#` 会被 YAML 当作注释开头"
            ),
            MaterialInvalid { index } => {
                tr!(lang, "material {index} needs exactly one of `file` or `url`", "第 {index} 个材料必须有且只有 `file` 或 `url` 之一")
            }
            UnsafeUrl { url } => tr!(lang, "unsafe link `{url}`: script URLs are not allowed", "不安全的链接 `{url}`：不允许使用脚本网址"),
            InvalidPeriod { period } => tr!(lang, "`{period}` is not a bulletin period", "`{period}` 不是简报期号"),
            InvalidYear { stem } => tr!(
                lang,
                "file name `{stem}` is not a year (assessments and honours are one file per year: `2025.yaml`)",
                "文件名 `{stem}` 不是年份（考核和先进典型每年一个文件，如 `2025.yaml`）"
            ),
            ScoreRange { criterion, value, max } => tr!(
                lang,
                "score for `{criterion}` must be a number from 0 to {max}, not `{value}`",
                "`{criterion}` 的分数必须是 0 到 {max} 之间的数字，而不是 `{value}`"
            ),
            _ => return None,
        };
        Some(text)
    }

    /// Cross references: a region, mode, unit, link, URL or bulletin issue that must match something elsewhere in the site.
    fn reference_text(&self, lang: Language) -> Option<String> {
        use Message::*;
        let text = match self {
            UnknownRegion { id } => tr!(lang, "unknown region `{id}`", "未知区域 `{id}`"),
            UnknownAssessmentRegion { id, year } => {
                tr!(lang, "the {year} assessment has scores for an unknown region `{id}`", "{year} 年考核结果中的区域 `{id}` 不存在")
            }
            UnknownNoteRegion { id } => {
                tr!(lang, "bulletin folder `{id}` is neither a region id nor `all`", "简报文件夹 `{id}` 既不是区域 id，也不是 `all`")
            }
            UnknownMode { mode } => tr!(lang, "unknown co-building mode `{mode}`", "未知共建模式 `{mode}`"),
            UnknownUnit { unit } => {
                tr!(lang, "`{unit}` is not a member unit of this report's region", "`{unit}` 不是本报道所属区域的成员单位")
            }
            DuplicateUrl { url, other } => {
                let other = other.text(lang);
                tr!(lang, "the URL `{url}` is also claimed by {other}", "网址 `{url}` 也被{other}占用")
            }
            ReservedUrl { url } => tr!(lang, "the URL `{url}` is reserved for a built-in page", "网址 `{url}` 已留给内置页面"),
            DuplicateRegion { id, other } => {
                tr!(lang, "region id `{id}` is also defined by `{other}`", "区域 id `{id}` 已由 `{other}` 定义")
            }
            BrokenLink { dest } => tr!(lang, "link to a missing page `{dest}`", "链接指向不存在的页面 `{dest}`"),
            UnknownAnchor { anchor } => tr!(lang, "no heading with id `#{anchor}` in this page", "本页没有 id 为 `#{anchor}` 的标题"),
            UnknownAnchorIn { target, anchor } => {
                tr!(lang, "`{target}` has no heading with id `#{anchor}`", "`{target}` 中没有 id 为 `#{anchor}` 的标题")
            }
            LinkToDraft { dest } => tr!(lang, "link to a draft `{dest}`", "链接指向草稿 `{dest}`"),
            NoteWithoutIssue { region, period } => tr!(
                lang,
                "no bulletin issue `{region}/{period}`: no published report or class of `{region}` falls in {period}",
                "没有 `{region}/{period}` 这一期简报：`{region}` 在 {period} 没有已发布的报道或党课"
            ),
            NotePeriodMismatch { period, monthly: true } => tr!(
                lang,
                "`{period}` is a quarter, but bulletins are monthly (`bulletin_period: month`)",
                "`{period}` 是季度期号，但简报按月编排（`bulletin_period: month`）"
            ),
            NotePeriodMismatch { period, monthly: false } => tr!(
                lang,
                "`{period}` is a month, but bulletins are quarterly (`bulletin_period: quarter`)",
                "`{period}` 是月份期号，但简报按季度编排（`bulletin_period: quarter`）"
            ),
            ItemsOutsideSupplement => tr!(
                lang,
                "`items` lists the contents of a supplement; a regular issue carries the reports and classes of its period",
                "`items` 只用于增刊；正刊收录本期期间内的报道和党课"
            ),
            BulletinItemMissing { path, recorded: true } => tr!(
                lang,
                "the issued issue carried `{path}`, which is no longer a published report or class (deleted, renamed or made a draft)",
                "已印发的这一期收录了 `{path}`，但它已不是已发布的报道或党课（被删除、改名或改为草稿）"
            ),
            BulletinItemMissing { path, recorded: false } => {
                tr!(lang, "`{path}` is not a published report or class", "`{path}` 不是已发布的报道或党课")
            }
            IssuedNumberTwice { number, year, other } => {
                tr!(lang, "issue number {number} of {year} is also recorded in `{other}`", "{year} 年第 {number} 期也记录在 `{other}` 中")
            }
            IssuedNumberGap { missing, year } => {
                tr!(lang, "the issued numbers of {year} skip number {missing}", "{year} 年已印发的期号缺少第 {missing} 期")
            }
            IssuedDateBeforePeriod { date, period } => tr!(
                lang,
                "issue date {date} is before the first day of the issue's period {period}",
                "印发日期 {date} 早于本期期间 {period} 的第一天"
            ),
            IssuedDateFuture { date } => tr!(lang, "issue date {date} is in the future", "印发日期 {date} 是将来的日期"),
            SupplementTotal => {
                tr!(lang, "a supplement has no running total: it is numbered in its own series", "增刊没有总期号：增刊单独编号")
            }
            SupplementNumber { number, n } => tr!(
                lang,
                "the supplement is recorded as number {number}, but its file name says {n}",
                "增刊记录的期号是第 {number} 期，但文件名是第 {n} 期"
            ),
            IssuedTotalMissing => tr!(lang, "the record of a regular issue needs its `total`", "正刊的印发记录需要 `total`（总期号）"),
            BulletinPhotoMissing { path } => tr!(
                lang,
                "the issued issue printed the photo `{path}`, which no item's gallery has any more",
                "已印发的这一期印了照片 `{path}`，但现在没有哪篇稿件的图集里还有它"
            ),
            IssuedItemChanged { item, copy, gone } => issued_item_changed(item, copy, *gone, lang),
            IssuedRecordMissing { folder, note } => issued_record_missing(folder, note, lang),
            IssuedNoteChanged { copy, what } => tr!(
                lang,
                "the note, the region profile or site.yaml would now change {what} of this issued issue; it keeps what it printed, from `content/{copy}`",
                "按现在的编者按、区域档案或 site.yaml，这一期已印发简报的 {what} 会改变；这一期仍按印发时的内容发布（取自 `content/{copy}`）"
            ),
            IssuedPhotosChanged { item, printed, now } => {
                let (printed_en, printed_zh) = if printed.is_empty() {
                    ("no photo".to_string(), "没有印照片".to_string())
                } else {
                    (printed.clone(), format!("印了 {printed}"))
                };
                let (now_en, now_zh) =
                    if now.is_empty() { ("none".to_string(), "不印照片".to_string()) } else { (now.clone(), format!("印 {now}")) };
                tr!(
                    lang,
                    "the issued issue printed {printed_en} beside `{item}`; its gallery would now give {now_en}; the issue keeps what it printed",
                    "已印发的这一期在 `{item}` 旁{printed_zh}；按现在的图集会{now_zh}；已印发的期次保持原样"
                )
            }
            LateReport { period, joins } => tr!(
                lang,
                "late report: it would have joined {period}, but that issue (or a later one) is already issued; it joins {joins} as a late item (补报)",
                "补报：本篇本应编入 {period}，但该期（或其后一期）简报已印发；现作为补报编入 {joins}"
            ),
            IssueRefused { issue, reason } => {
                let reason = reason.text(lang);
                tr!(lang, "not issuing {issue}: {reason}", "未印发 {issue}：{reason}")
            }
            ExportRefused { target, reason } => {
                let reason = reason.text(lang);
                tr!(lang, "not exporting {target}: {reason}", "未导出 {target}：{reason}")
            }
            _ => return None,
        };
        Some(text)
    }

    /// Files and output: files that pages publish, the walk of the site, reading, writing, templates.
    fn file_text(&self, lang: Language) -> Option<String> {
        use Message::*;
        let text = match self {
            NameTooLong { name, bytes } => tr!(
                lang,
                "the output name `{name}` is {bytes} bytes long; file systems allow at most 255",
                "输出文件名 `{name}` 长 {bytes} 字节，文件系统最多允许 255 字节"
            ),
            MissingAsset { what, path } => {
                let w = what.text(lang);
                tr!(lang, "{w} `{path}` does not exist", "{w} `{path}` 不存在")
            }
            PathOutside { what, path } => {
                let w = what.text(lang);
                tr!(lang, "{w} `{path}` points outside the site", "{w} `{path}` 指向站点以外")
            }
            HtmlAsset { what, path } => {
                let w = what.text(lang);
                tr!(
                    lang,
                    "{w} `{path}` is an HTML or XML document: published as it is, it would run its scripts on the site",
                    "{w} `{path}` 是 HTML 或 XML 文档：原样发布会在站点上运行其中的脚本"
                )
            }
            SvgInvalid { detail } => tr!(lang, "this SVG image cannot be read: {detail}", "无法读取这个 SVG 图片：{detail}"),
            CaseCollision { other } => tr!(
                lang,
                "this name differs from `{other}` only in case: the two collide on Windows and macOS",
                "此文件名与 `{other}` 仅大小写不同：在 Windows 和 macOS 上会冲突"
            ),
            SymlinkLoop { ancestor } => {
                tr!(lang, "symbolic link loop: this link points back to `{ancestor}`", "符号链接循环：此链接指回了 `{ancestor}`")
            }
            SymlinkDropped { reason: DropReason::Outside { folder } } => tr!(
                lang,
                "this symbolic link points outside `{folder}`: it is skipped, nothing behind it is read or published",
                "此符号链接指向 `{folder}` 以外：已跳过，其指向的内容不会被读取或发布"
            ),
            SymlinkDropped { reason: DropReason::Hidden } => tr!(
                lang,
                "this symbolic link points into a hidden file or folder: it is skipped, nothing behind it is read or published",
                "此符号链接指向隐藏的文件或文件夹：已跳过，其指向的内容不会被读取或发布"
            ),
            SymlinkDropped { reason: DropReason::Dangling } => {
                tr!(lang, "this symbolic link points to nothing: it is skipped", "此符号链接指向的文件不存在：已跳过")
            }
            NotAFile { kind } => {
                let k = kind.text(lang);
                tr!(lang, "this is {k}, not a regular file: it is not read", "这是{k}，不是普通文件：不会读取")
            }
            IgnoredFile => tr!(
                lang,
                "this Markdown file is not in a known folder and is not built",
                "这个 Markdown 文件不在约定的文件夹里，不会生成页面"
            ),
            NoContent => tr!(lang, "there is no `content/` folder here", "这里没有 `content/` 文件夹"),
            Io { path, detail } => {
                let detail = detail.text(lang);
                tr!(lang, "cannot read `{path}`: {detail}", "无法读取 `{path}`：{detail}")
            }
            WriteFailed { path, detail } => {
                let detail = detail.text(lang);
                tr!(lang, "cannot write `{path}`: {detail}", "无法写入 `{path}`：{detail}")
            }
            OutputRefused { path, reason } => {
                let why = reason.text(lang);
                tr!(lang, "refusing to write the site into `{path}`: {why}", "拒绝把网站写入 `{path}`：{why}")
            }
            Template { detail } => tr!(lang, "template error: {detail}", "模板错误：{detail}"),
            ExportFonts { documents: 1, first, chars, count } => tr!(
                lang,
                "cannot make the PDF of {first}: no font found covers {count} of its characters ({chars})",
                "无法生成《{first}》的 PDF：找不到包含其中 {count} 个字符（{chars}）的字体"
            ),
            ExportFonts { documents, first, chars, count } => tr!(
                lang,
                "cannot make the PDFs of {documents} documents, the first {first}: no font found covers {count} of their characters ({chars})",
                "无法生成 {documents} 份文件的 PDF（第一份为《{first}》）：找不到包含其中 {count} 个字符（{chars}）的字体"
            ),
            ExportFailed { title, format, detail } => {
                tr!(lang, "cannot make the {format} file of {title}: {detail}", "无法生成《{title}》的 {format} 文件：{detail}")
            }
            _ => return None,
        };
        Some(text)
    }

    /// `site.yaml`.
    fn config_text(&self, lang: Language) -> Option<String> {
        use Message::*;
        let text = match self {
            ConfigInvalid { detail } => tr!(lang, "invalid site.yaml: {detail}", "site.yaml 有误：{detail}"),
            ConfigThemeName { value } => tr!(
                lang,
                "`theme` must be the name of a folder under `themes/` (no `/`, `\\`, `..` or leading `.`), not `{value}`",
                "`theme` 必须是 `themes/` 下一个文件夹的名称（不能含 `/`、`\\`、`..`，也不能以 `.` 开头），而不是 `{value}`"
            ),
            ThemeMissing { name } => {
                tr!(
                    lang,
                    "theme `{name}` not found: there is no folder `themes/{name}/`",
                    "找不到主题 `{name}`：没有 `themes/{name}/` 文件夹"
                )
            }
            ConfigUnknownKey { key } => tr!(lang, "unknown key `{key}` in site.yaml", "site.yaml 中有未知字段 `{key}`"),
            ConfigBaseUrl { url } => tr!(
                lang,
                "`base_url` must be an absolute http(s) URL with a host, or a path starting with one `/`, not `{url}`",
                "`base_url` 必须是带主机名的完整 http(s) 网址，或以单个 `/` 开头的路径，而不是 `{url}`"
            ),
            ConfigLanguage { value } => tr!(lang, "unsupported language `{value}`", "不支持的语言 `{value}`"),
            ConfigPaginate => tr!(lang, "`paginate_by` must be at least 1", "`paginate_by` 至少为 1"),
            ConfigModes => tr!(
                lang,
                "`modes` needs unique ids (lowercase ASCII letters, digits, `-`) and unique names",
                "`modes` 中的 id（小写英文字母、数字、`-`）和名称都不能重复"
            ),
            _ => return None,
        };
        Some(text)
    }
}

/// The line a build prints when another build holds the output's lock
/// and it waits for it (not a diagnostic: nothing is wrong).
pub fn waiting_for_output(lang: Language, out: &std::path::Path, pid: Option<u32>) -> String {
    let out = out.display();
    let by = pid.map(|p| format!(" (process {p})")).unwrap_or_default();
    let by_zh = pid.map(|p| format!("（进程 {p}）")).unwrap_or_default();
    tr!(lang, "waiting for another build{by} to finish writing `{out}`…", "另一个生成任务{by_zh}正在写入 `{out}`，等待其完成…")
}

/// The most frequent YAML parser messages in Chinese; others stay as the
/// parser wrote them (with the English original after a Chinese gloss).
fn yaml_detail_zh(detail: &str) -> String {
    const TABLE: &[(&str, &str)] = &[
        ("did not find expected ',' or ']'", "列表 `[…]` 没有用 `]` 结束，或元素之间缺少 `,`"),
        ("did not find expected ',' or '}'", "`{…}` 没有用 `}` 结束，或字段之间缺少 `,`"),
        ("mapping values are not allowed in this context", "这里不能出现 `: `（值里有冒号时请给整个值加引号）"),
        ("did not find expected key", "缩进不一致，或字段后面多了内容"),
        ("found unexpected end of stream", "内容意外结束（引号或括号没有闭合）"),
        ("found character that cannot start any token", "出现了不能作为开头的字符（例如制表符 Tab、`@` 或反引号）"),
        ("did not find expected '-' indicator", "列表项的缩进不一致"),
        ("unknown anchor", "引用了不存在的锚点（`*` 开头的值请加引号）"),
        ("found duplicate key", "字段重复"),
        ("duplicate entry with key", "字段重复"),
    ];
    for (en, zh) in TABLE {
        if detail.starts_with(en) {
            return format!("{zh}（{detail}）");
        }
    }
    detail.to_string()
}

impl Hint {
    /// "did you mean" for the nearest candidates, or `fallback` when none is near.
    pub fn nearest_or(near: Vec<&str>, fallback: Hint) -> Hint {
        if near.is_empty() { fallback } else { Hint::DidYouMean(near.into_iter().map(str::to_string).collect()) }
    }

    /// The text in `lang`.
    ///
    /// As for [`Message::text`], the words are kept by family, one function
    /// each, and every hint has words in one of them.
    pub fn text(&self, lang: Language) -> String {
        self.choice_text(lang)
            .or_else(|| self.source_text(lang))
            .or_else(|| self.field_text(lang))
            .or_else(|| self.reference_text(lang))
            .or_else(|| self.file_text(lang))
            .or_else(|| self.assessment_text(lang))
            .or_else(|| match self {
                Hint::Problem(p) => Some(p.text(lang)),
                Hint::Link(l) => Some(l.text(lang)),
                Hint::YamlSlip(s) => Some(s.text(lang)),
                Hint::Import(i) => Some(i.text(lang)),
                Hint::Photo(p) => Some(p.text(lang)),
                Hint::FillIn => Some(Unfinished::hint(lang)),
                Hint::FillInHeld => Some(Unfinished::held_hint(lang)),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// What would be valid: the nearest names, the choices, what exists.
    fn choice_text(&self, lang: Language) -> Option<String> {
        use Hint::*;
        let text = match self {
            DidYouMean(items) => {
                let list = match lang {
                    Language::En => items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or "),
                    Language::ZhCn => items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" 或 "),
                };
                tr!(lang, "did you mean {list}?", "是不是想写 {list}？")
            }
            OneOf(items) => {
                let list = joined(items, lang);
                tr!(lang, "use one of: {list}", "可选值：{list}")
            }
            KnownRegions(items) => {
                let list = joined(items, lang);
                tr!(lang, "known regions: {list}", "已有的区域：{list}")
            }
            NoRegionYet => {
                tr!(lang, "there is no region yet: add content/regions/<id>.yaml", "还没有任何区域：请添加 content/regions/<id>.yaml")
            }
            KnownFields(items) => {
                let list = joined(items, lang);
                tr!(lang, "the fields here are: {list}", "这里可用的字段：{list}")
            }
            ReservedIds(ids) => {
                let ids = joined(ids, lang);
                tr!(lang, "reserved ids: {ids}; rename the file", "保留的 id：{ids}；请重命名文件")
            }
            TargetHasNoHeadings => tr!(lang, "the target page has no headings", "目标页面没有任何标题"),
            HeadingsThere(items) => {
                let list = joined(items, lang);
                tr!(lang, "headings there: {list}", "那里的标题：{list}")
            }
            LanguageChoice => tr!(lang, "use `zh-CN` or `en`", "请使用 `zh-CN` 或 `en`"),
            _ => return None,
        };
        Some(text)
    }

    /// Fixing a source file: its encoding, its size, its front matter, its YAML.
    fn source_text(&self, lang: Language) -> Option<String> {
        use Hint::*;
        let text = match self {
            StartWithFrontMatter => tr!(
                lang,
                "start it with a `---` line, the front matter, and a closing `---` line",
                "文件应以一行 `---` 开头，接着写文首信息字段，再以一行 `---` 结束"
            ),
            AddFrontMatter => tr!(
                lang,
                "put the YAML fields between two `---` lines at the very top of the file",
                "把 YAML 字段写在文件最开头的两行 `---` 之间"
            ),
            CloseFrontMatter => tr!(lang, "add a line `---` after the last front-matter field", "在最后一个文首信息字段之后加一行 `---`"),
            SplitLargeFile => tr!(
                lang,
                "split it into several pages, or attach the data as a file linked from a short page",
                "请拆成几个页面，或把数据作为附件文件，从一个简短的页面链接过去"
            ),
            SaveAsUtf8 => tr!(
                lang,
                "save the file as UTF-8 (in Notepad or WPS: Save As, Encoding: UTF-8)",
                "请把文件另存为 UTF-8 编码（记事本或 WPS：“另存为”，编码选 UTF-8）"
            ),
            SaveUtf16AsUtf8 => tr!(
                lang,
                "save the file as UTF-8 (in Notepad or WPS: Save As, Encoding: UTF-8, not “Unicode”, which is UTF-16)",
                "请把文件另存为 UTF-8 编码（记事本或 WPS：“另存为”，编码选 UTF-8，不要选“Unicode”，那是 UTF-16）"
            ),
            FlattenYaml => tr!(
                lang,
                "close the brackets that were opened, or write the list one item per line (`- item`)",
                "请补上缺少的右括号，或把列表写成每行一项（`- 项目`）"
            ),
            ThemeMissing => tr!(
                lang,
                "create the folder, or remove `theme:` from site.yaml to use the built-in default theme",
                "请创建这个文件夹，或删去 site.yaml 中的 `theme:` 以使用内置的默认主题"
            ),
            YamlQuoting => tr!(
                lang,
                "check indentation, and quote values that contain `: ` or start with `#`, `@`, `*` or `[`",
                "请检查缩进；含有 `: ` 或以 `#`、`@`、`*`、`[` 开头的值要加引号"
            ),
            _ => return None,
        };
        Some(text)
    }

    /// Fixing the value of a field (front matter, region files, assessments, `site.yaml`).
    fn field_text(&self, lang: Language) -> Option<String> {
        use Hint::*;
        let text = match self {
            DateFormat => tr!(
                lang,
                "write the date as year-month-day, e.g. `2026-05-12` (a time may follow: `2026-05-12T09:30:00+08:00`)",
                "日期请写成“年-月-日”，例如 `2026-05-12`（也可以带上时间：`2026-05-12T09:30:00+08:00`）"
            ),
            AddField { key } => tr!(lang, "add a line `{key}: …`", "请加一行 `{key}: …`"),
            AddRegion => tr!(
                lang,
                "add `region: <id>` (a file name under content/regions/)",
                "请加上 `region: <id>`（id 是 content/regions/ 下的文件名）"
            ),
            QuoteRegionId { value } => tr!(
                lang,
                "region ids are file names under content/regions/, like `chengdu`; if the id really is `{value}`, quote it: `\"{value}\"`",
                "区域 id 是 content/regions/ 下的文件名，例如 `chengdu`；如果 id 确实是 `{value}`，请加引号：`\"{value}\"`"
            ),
            AddUnit => tr!(lang, "add the unit to the region's `units` list", "请把该单位加入区域的 `units` 列表"),
            ColorExample => tr!(lang, "for example `color: \"#b71c1c\"` (quoted)", "例如 `color: \"#b71c1c\"`（要加引号）"),
            SafeUrl => tr!(lang, "use an `https://` address, or a file next to the page", "请使用 `https://` 网址，或放在页面旁边的文件"),
            ScoreExample => tr!(lang, "for example `项目管控效益好: 92`", "例如 `项目管控效益好: 92`"),
            NameReviewer => tr!(
                lang,
                "say who approved it: `reviewed_by: 王强` (and `reviewed_on: YYYY-MM-DD`)",
                "请写明审核人：`reviewed_by: 王强`（可加 `reviewed_on: YYYY-MM-DD`）"
            ),
            BaseUrlExample => tr!(lang, "for example `https://intranet.example/party/`", "例如 `https://intranet.example/party/`"),
            _ => return None,
        };
        Some(text)
    }

    /// Fixing a cross reference, or a name that two things claim.
    fn reference_text(&self, lang: Language) -> Option<String> {
        use Hint::*;
        let text = match self {
            SlugOrRename => {
                tr!(lang, "give one of them another `slug:` (or rename the file)", "请给其中一个换一个 `slug:`（或重命名文件）")
            }
            MoveStaticFile => tr!(
                lang,
                "rename or remove the static file: static files may not replace pages or other files",
                "请重命名或删除该静态文件：静态文件不能替换页面或其他文件"
            ),
            RenameAsset => tr!(
                lang,
                "rename the file (or link it from another page): a copied file may not take a page's or another file's place",
                "请重命名该文件（或从别的页面链接）：复制的文件不能占用页面或其他文件的位置"
            ),
            ShorterSlug => {
                tr!(lang, "give the page a shorter `slug:` (or a shorter file name)", "请给页面设置较短的 `slug:`（或缩短文件名）")
            }
            ShorterName => tr!(lang, "use a shorter name", "请使用较短的名称"),
            KeepOneFile => tr!(lang, "keep only one of the two files", "两个文件只保留一个"),
            RenameRegionFile { suggestion } => {
                tr!(lang, "rename the file, e.g. to `{suggestion}.yaml`", "请重命名文件，例如改为 `{suggestion}.yaml`")
            }
            LinkSyntax => tr!(
                lang,
                "link targets are paths under content/, like `@/reports/2020/a.md`",
                "链接目标是 content/ 下的路径，例如 `@/reports/2020/a.md`"
            ),
            PublishOrUnlink => tr!(
                lang,
                "publish the target (remove `draft: true`) or remove the link",
                "请发布目标页面（删除 `draft: true`），或删除这个链接"
            ),
            PeriodFileName => tr!(
                lang,
                "name the file after the period: `2020-05.md` (monthly) or `2020-q2.md` (quarterly)",
                "请用期号命名文件：`2020-05.md`（按月）或 `2020-q2.md`（按季度）"
            ),
            SupplementFileName => tr!(
                lang,
                "name a supplement's file `<year>-s<N>.md`, like `2026-s1.md`, or remove `items`",
                "增刊的文件名应为 `<年>-s<序号>.md`，例如 `2026-s1.md`；否则请删除 `items`"
            ),
            RestoreIssuedItem => tr!(
                lang,
                "an issued issue keeps its contents: restore the file at this path and publish it",
                "已印发的简报内容不变：请在这个路径恢复该文件并发布"
            ),
            RestoreIssuedRecord { note } => tr!(
                lang,
                "an issued issue keeps its number and contents: restore the note with its record (`git checkout -- content/{note}`); if the issue was never issued, delete the copies folder",
                "已印发的简报期号和内容不变：请恢复编者按文件及其印发记录（`git checkout -- content/{note}`）；如果这一期其实从未印发，请删除这个副本文件夹"
            ),
            RestoreIssuedPhoto => tr!(
                lang,
                "an issued issue keeps its contents: put the photo back in its report's `gallery:`",
                "已印发的简报内容不变：请把这张照片放回原稿件的 `gallery:` 图集"
            ),
            CheckNotePeriod => tr!(
                lang,
                "check the period in the file name, or remove the note: it is not printed anywhere",
                "请检查文件名中的期号，或删除这条编者按：它不会出现在任何页面上"
            ),
            NotePeriodRename { monthly: true } => tr!(
                lang,
                "name it after a month, like `2020-05.md`, or set `bulletin_period: quarter` in site.yaml",
                "请按月份命名，例如 `2020-05.md`，或在 site.yaml 中设置 `bulletin_period: quarter`"
            ),
            NotePeriodRename { monthly: false } => tr!(
                lang,
                "name it after a quarter, like `2020-q2.md`, or set `bulletin_period: month` in site.yaml",
                "请按季度命名，例如 `2020-q2.md`，或在 site.yaml 中设置 `bulletin_period: month`"
            ),
            YearFileName => tr!(lang, "name it like `2020.yaml`", "请命名为年份，例如 `2020.yaml`"),
            RenameOne => tr!(lang, "rename one of them", "请重命名其中一个"),
            _ => return None,
        };
        Some(text)
    }

    /// Fixing a file that pages publish, the walk of the site or the output folder.
    fn file_text(&self, lang: Language) -> Option<String> {
        use Hint::*;
        let text = match self {
            OtherOutput => tr!(
                lang,
                "choose another output folder with `--output`, for example `public`",
                "请用 `--output` 另选输出文件夹，例如 `public`"
            ),
            OtherOutputOrForce => tr!(
                lang,
                "choose a new or empty folder with `--output`; to replace this folder's contents anyway, add `--force`",
                "请用 `--output` 选择一个新的或空的文件夹；如确实要替换这个文件夹的内容，请加 `--force`"
            ),
            InstallCjkFonts { folder } => tr!(
                lang,
                "install Chinese fonts on this machine (on Debian or Ubuntu: `apt install fonts-noto-cjk`), or put a font file (.ttf, .otf, .ttc) that has them in the site's `{folder}` folder; `exports: system_fonts: false` in site.yaml searches that folder alone",
                "请在本机安装中文字体（Debian 或 Ubuntu：`apt install fonts-noto-cjk`），或把包含这些字符的字体文件（.ttf、.otf、.ttc）放进网站的 `{folder}` 文件夹；site.yaml 中 `exports: system_fonts: false` 时只查找该文件夹"
            ),
            PutNextTo { file } => tr!(lang, "put the file next to `{file}`", "请把文件放在 `{file}` 旁边"),
            LogoRelative => tr!(lang, "logo paths are relative to content/regions/", "标志路径相对于 content/regions/"),
            AllowHtml => tr!(
                lang,
                "link a page (`.md`) instead; if the site's writers are trusted, allow such files with `assets: {{ allow_html: true }}` in site.yaml",
                "请改为链接页面（`.md`）；如果信任本站的作者，可在 site.yaml 中设置 `assets: {{ allow_html: true }}` 允许此类文件"
            ),
            SvgExport => tr!(
                lang,
                "save the image again as plain SVG from the drawing program, or as PNG",
                "请在绘图软件中重新导出为普通 SVG，或导出为 PNG"
            ),
            StayInside => tr!(
                lang,
                "paths are relative to the file that names them and must stay inside content/",
                "路径相对于引用它的文件，且不能超出 content/"
            ),
            RemoveLink => tr!(lang, "remove the link, or point it at a file inside the site", "请删除该链接，或让它指向站点内的文件"),
            LinkInside { folder } => tr!(
                lang,
                "remove the link, or copy the file into `{folder}` (links may only point at other files of `{folder}`)",
                "请删除该链接，或把文件复制到 `{folder}` 里（链接只能指向 `{folder}` 中的其他文件）"
            ),
            RemoveSpecialFile => {
                tr!(lang, "remove it: regionpress reads only regular files and folders", "请删除它：regionpress 只读取普通文件和文件夹")
            }
            MoveMarkdown => tr!(
                lang,
                "reports go in content/reports/, classes in content/classes/, free pages in content/pages/",
                "活动报道放在 content/reports/，党课放在 content/classes/，其他页面放在 content/pages/"
            ),
            RunInSite => tr!(
                lang,
                "run regionpress in a site folder, or pass `--root DIR`",
                "请在站点文件夹中运行 regionpress，或用 `--root DIR` 指定站点文件夹"
            ),
            _ => return None,
        };
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_code_is_listed() {
        let samples = [
            Message::EmptyFile,
            Message::UnknownAssessmentRegion { id: "x".into(), year: 2020 },
            Message::NoteWithoutIssue { region: "a".into(), period: "2020-05".into() },
            Message::CaseCollision { other: "A.md".into() },
            Message::SymlinkLoop { ancestor: "content".into() },
            Message::SymlinkDropped { reason: DropReason::Hidden },
            Message::NotAFile { kind: SpecialFile::Fifo },
            Message::HtmlAsset { what: FileRef::Link, path: "a.html".into() },
            Message::SvgInvalid { detail: "x".into() },
            Message::Template { detail: "x".into() },
            Message::DuplicateUrl { url: "/a/".into(), other: UrlOwner::SearchIndex },
            Message::NameTooLong { name: "a".into(), bytes: 256 },
            Message::ReservedRegionId { id: "all".into() },
        ];
        for m in samples {
            assert!(ALL_CODES.contains(&m.code()), "{}", m.code());
        }
    }

    #[test]
    fn every_code_is_documented() {
        let doc = include_str!("../docs/errors.md");
        for code in ALL_CODES {
            assert!(doc.contains(&format!("### `{code}` (")), "docs/errors.md has no section for `{code}`");
        }
    }

    #[test]
    fn both_languages_are_written() {
        let m = Message::UnknownRegion { id: "chengdou".into() };
        assert_eq!(m.text(Language::En), "unknown region `chengdou`");
        assert_eq!(m.text(Language::ZhCn), "未知区域 `chengdou`");
        let h = Hint::DidYouMean(vec!["chengdu".into(), "chongqing".into()]);
        assert_eq!(h.text(Language::En), "did you mean `chengdu` or `chongqing`?");
        assert_eq!(h.text(Language::ZhCn), "是不是想写 `chengdu` 或 `chongqing`？");
    }

    fn s() -> String {
        "x".to_string()
    }

    /// One of every message (of each wording, where a value chooses it).
    /// Every refusal of `bulletin issue`, `bulletin keep` and `export`.
    fn refusals() -> Vec<Message> {
        let refusals = [
            IssueRefusal::SiteHasErrors,
            IssueRefusal::UnknownSeries,
            IssueRefusal::BadPeriod,
            IssueRefusal::NoIssue,
            IssueRefusal::AlreadyIssued { date: s() },
            IssueRefusal::FutureDate { date: s() },
            IssueRefusal::DateBeforePeriod { date: s() },
            IssueRefusal::Gap { earlier: s() },
            IssueRefusal::CopyDiffers { path: s() },
            IssueRefusal::NotIssued,
        ];
        refusals.into_iter().map(|reason| Message::IssueRefused { issue: s(), reason }).collect()
    }

    fn every_message() -> Vec<Message> {
        use Message::*;
        let mut all = issue_18_messages();
        all.extend(refusals());
        all.extend([
            EmptyFile,
            MissingFrontMatter,
            UnterminatedFrontMatter,
            FileTooLarge { mib: 70, limit_mib: 64 },
            NotUtf8 { likely: None },
            NotUtf8 { likely: Some("GBK/GB18030") },
            YamlSyntax { detail: s() },
            YamlTooDeep { limit: 64 },
            YamlNotMapping,
            MarkdownTooComplex { limit: 1 },
            WrongType { key: s(), expected: Expected::Date, found: s() },
            CountTooLarge { key: s(), value: 2, max: 1 },
            InvalidDate { key: s(), value: s() },
            MissingField { key: s() },
            EmptyTitle,
            UnknownField { key: s() },
            InvalidSlug { value: s() },
            UnknownRegion { id: s() },
            UnknownAssessmentRegion { id: s(), year: 2020 },
            UnknownNoteRegion { id: s() },
            UnknownMode { mode: s() },
            UnknownUnit { unit: s() },
            UnknownHost { unit: s() },
            ReviewState { value: s() },
            DuplicateUrl { url: s(), other: UrlOwner::SearchIndex },
            ReservedUrl { url: s() },
            NameTooLong { name: s(), bytes: 256 },
            DuplicateRegion { id: s(), other: s() },
            DuplicateUnit { name: s() },
            UnitWithoutName,
            UnitKind { kind: s() },
            UnknownColumn { name: s() },
            InvalidRegionId { id: s() },
            ReservedRegionId { id: s() },
            InvalidColor { value: s() },
            UnquotedColor,
            BrokenLink { dest: s() },
            UnknownAnchor { anchor: s() },
            UnknownAnchorIn { target: s(), anchor: s() },
            LinkToDraft { dest: s() },
            MissingAsset { what: FileRef::Link, path: s() },
            PathOutside { what: FileRef::Link, path: s() },
            HtmlAsset { what: FileRef::Link, path: s() },
            SvgInvalid { detail: s() },
            MaterialInvalid { index: 1 },
            UnsafeUrl { url: s() },
            InvalidPeriod { period: s() },
            NoteWithoutIssue { region: s(), period: s() },
            NotePeriodMismatch { period: s(), monthly: true },
            NotePeriodMismatch { period: s(), monthly: false },
            ItemsOutsideSupplement,
            BulletinItemMissing { path: s(), recorded: true },
            BulletinItemMissing { path: s(), recorded: false },
            IssuedNumberTwice { number: 1, year: 2026, other: s() },
            IssuedNumberGap { missing: 1, year: 2026 },
            IssuedDateBeforePeriod { date: s(), period: s() },
            IssuedDateFuture { date: s() },
            SupplementTotal,
            SupplementNumber { number: 1, n: 2 },
            IssuedTotalMissing,
            LateReport { period: s(), joins: s() },
            BulletinPhotoMissing { path: s() },
            IssuedPhotosChanged { item: s(), printed: s(), now: s() },
            IssuedItemChanged { item: s(), copy: s(), gone: true },
            IssuedItemChanged { item: s(), copy: s(), gone: false },
            IssuedNoteChanged { copy: s(), what: s() },
            IssuedRecordMissing { folder: s(), note: s() },
            ExportRefused { target: s(), reason: IssueRefusal::UnknownPage },
            ExportRefused { target: s(), reason: IssueRefusal::FileExists { path: s() } },
            InvalidYear { stem: s() },
            ScoreRange { criterion: s(), value: s(), max: s() },
            // Assessment and targets.
            ConfigCriterion { name: s(), problem: CriterionProblem::None },
            ConfigCriterion { name: s(), problem: CriterionProblem::Name },
            ConfigCriterion { name: s(), problem: CriterionProblem::Duplicate },
            ConfigCriterion { name: s(), problem: CriterionProblem::Weight },
            ConfigCriterion { name: s(), problem: CriterionProblem::Max },
            ConfigTargetTwice { key: s() },
            UnknownCriterion { name: s(), year: 2025 },
            MissingCriterion { region: s(), criterion: s() },
            ScoreField { criterion: s(), key: s() },
            NoScore { criterion: s() },
            CaseCollision { other: s() },
            SymlinkLoop { ancestor: s() },
            SymlinkDropped { reason: DropReason::Outside { folder: s() } },
            SymlinkDropped { reason: DropReason::Hidden },
            SymlinkDropped { reason: DropReason::Dangling },
            NotAFile { kind: SpecialFile::Fifo },
            IgnoredFile,
            NoContent,
            Io { path: s(), detail: IoCause::worded(s()) },
            WriteFailed { path: s(), detail: IoCause::worded(s()) },
            OutputRefused { path: s(), reason: OutputRefusal::SiteRoot },
            ConfigInvalid { detail: s() },
            ConfigThemeName { value: s() },
            ThemeMissing { name: s() },
            ConfigUnknownKey { key: s() },
            ConfigBaseUrl { url: s() },
            ConfigLanguage { value: s() },
            ConfigPaginate,
            ConfigModes,
            Template { detail: s() },
            ExportFonts { documents: 1, first: s(), chars: s(), count: 1 },
            ExportFonts { documents: 2, first: s(), chars: s(), count: 1 },
            ExportFailed { title: s(), format: s(), detail: s() },
        ]);
        all
    }

    /// The messages of the records of the work itself: honours, problems and decisions.
    fn issue_18_messages() -> Vec<Message> {
        use Message::*;
        vec![
            HonourKind { kind: s() },
            HonourDateYear { date: s(), year: 2025 },
            HonourLevel { level: s() },
            HonourUnit { unit: s(), region: s() },
            HonourReport { path: s() },
            Problem(ProblemMessage::UnknownStatus { status: s() }),
            Problem(ProblemMessage::StepUndated { status: s() }),
            Problem(ProblemMessage::StepBeforePrevious { status: s(), date: s(), previous: s() }),
            Problem(ProblemMessage::StepOutOfOrder { status: s(), previous: s() }),
            Problem(ProblemMessage::ShelvedWithoutReason),
            Problem(ProblemMessage::UnknownUnit { unit: s() }),
            Problem(ProblemMessage::UnknownRecord { id: s() }),
            Problem(ProblemMessage::DuplicateRecord { id: s(), other: s() }),
            Problem(ProblemMessage::InvalidId { id: s() }),
            Problem(ProblemMessage::Overdue { title: s(), deadline: s(), days: 1 }),
            // Links and YAML slips.
            Link(LinkMessage::ImageWithoutAlt { src: s() }),
            Link(LinkMessage::LinkToUnreviewed { dest: s() }),
            Link(LinkMessage::UnknownRegionLink { id: s(), dest: s() }),
            YamlSlip(SlipMessage::Tab),
            YamlSlip(SlipMessage::FullwidthColon { key: s() }),
            YamlSlip(SlipMessage::FullwidthSpace),
            YamlSlip(SlipMessage::FullwidthComma),
            YamlSlip(SlipMessage::MissingSpace { key: s() }),
            YamlSlip(SlipMessage::ChineseQuotes { quotes: s(), fatal: true }),
            YamlSlip(SlipMessage::ChineseQuotes { quotes: s(), fatal: false }),
            Problem(ProblemMessage::InvalidBuildDate { value: s() }),
            // Import.
            Import(ImportMessage::OldFormat { format: import::OldFormat::Doc }),
            Import(ImportMessage::OldFormat { format: import::OldFormat::Odt }),
            Import(ImportMessage::NotDocx),
            Import(ImportMessage::Damaged { detail: s() }),
            Import(ImportMessage::Exists { path: s() }),
            Import(ImportMessage::Skipped(import::SkippedPart::ImageFormat { format: s() })),
            Import(ImportMessage::Skipped(import::SkippedPart::ImageMissing)),
            Import(ImportMessage::Skipped(import::SkippedPart::TextBox)),
            Import(ImportMessage::Skipped(import::SkippedPart::Equation)),
            Import(ImportMessage::Skipped(import::SkippedPart::Object)),
            Import(ImportMessage::Skipped(import::SkippedPart::Link { target: s() })),
            // Photos.
            Photo(PhotoMessage::Corrupt { path: s(), detail: IoCause::worded(s()) }),
            Photo(PhotoMessage::Truncated { path: s() }),
            Photo(PhotoMessage::NotAnImage { path: s() }),
            Photo(PhotoMessage::FormatMismatch { path: s(), named: s(), actual: s() }),
            Photo(PhotoMessage::TooManyPixels { path: s(), width: 2, height: 2, limit: 1 }),
            Photo(PhotoMessage::Unsupported { path: s(), format: s() }),
            Photo(PhotoMessage::NameWithSpaces { dest: s() }),
            Photo(PhotoMessage::SourceLarge { path: s(), kib: 2, limit_kib: 1 }),
            Photo(PhotoMessage::OverBudget { url: s(), kib: 2, limit_kib: 1 }),
            Photo(PhotoMessage::Config { key: s(), value: s() }),
            Photo(PhotoMessage::CacheUnwritable { dir: s(), detail: IoCause::worded(s()), fallback: Some(s()) }),
            Photo(PhotoMessage::CacheUnwritable { dir: s(), detail: IoCause::worded(s()), fallback: None }),
            Message::Unfinished { what: crate::messages::Unfinished::NoUnits, draft: false },
        ]
    }

    /// One of every hint (of each wording, where a value chooses it).
    fn every_hint() -> Vec<Hint> {
        let v = || vec![s()];
        vec![
            Hint::DidYouMean(v()),
            // Assessment and targets.
            Hint::ScoreFields,
            Hint::AddCriterion { criterion: s() },
            Hint::OneTargetPeriod,
            Hint::OneOf(v()),
            Hint::NameReviewer,
            Hint::KnownRegions(v()),
            Hint::NoRegionYet,
            Hint::KnownFields(v()),
            Hint::StartWithFrontMatter,
            Hint::AddFrontMatter,
            Hint::CloseFrontMatter,
            Hint::SaveAsUtf8,
            Hint::SaveUtf16AsUtf8,
            Hint::SplitLargeFile,
            Hint::OtherOutput,
            Hint::OtherOutputOrForce,
            Hint::InstallCjkFonts { folder: s() },
            Hint::YamlQuoting,
            Hint::ThemeMissing,
            Hint::FlattenYaml,
            Hint::DateFormat,
            Hint::AddField { key: s() },
            Hint::AddRegion,
            Hint::QuoteRegionId { value: s() },
            Hint::SlugOrRename,
            Hint::MoveStaticFile,
            Hint::RenameAsset,
            Hint::ShorterSlug,
            Hint::ShorterName,
            Hint::ReservedIds(v()),
            Hint::KeepOneFile,
            Hint::AddUnit,
            Hint::RenameRegionFile { suggestion: s() },
            Hint::ColorExample,
            Hint::LinkSyntax,
            Hint::PublishOrUnlink,
            Hint::TargetHasNoHeadings,
            Hint::HeadingsThere(v()),
            Hint::PutNextTo { file: s() },
            Hint::LogoRelative,
            Hint::StayInside,
            Hint::AllowHtml,
            Hint::SvgExport,
            Hint::PeriodFileName,
            Hint::CheckNotePeriod,
            Hint::SupplementFileName,
            Hint::RestoreIssuedItem,
            Hint::RestoreIssuedRecord { note: s() },
            Hint::RestoreIssuedPhoto,
            Hint::NotePeriodRename { monthly: true },
            Hint::NotePeriodRename { monthly: false },
            Hint::YearFileName,
            Hint::SafeUrl,
            Hint::ScoreExample,
            Hint::RenameOne,
            Hint::RemoveLink,
            Hint::LinkInside { folder: s() },
            Hint::RemoveSpecialFile,
            Hint::MoveMarkdown,
            Hint::RunInSite,
            Hint::BaseUrlExample,
            Hint::LanguageChoice,
            Hint::Problem(ProblemHint::Statuses),
            Hint::FillIn,
            Hint::FillInHeld,
            Hint::Problem(ProblemHint::AddReason),
            Hint::Problem(ProblemHint::StepOrder),
            Hint::Problem(ProblemHint::AddStepDate),
            Hint::Problem(ProblemHint::BuildDateFormat),
            Hint::Problem(ProblemHint::CloseOrExtend),
            // Links and YAML slips.
            Hint::Link(LinkHint::RemovePrefix { prefix: s() }),
            Hint::Link(LinkHint::AddAlt),
            Hint::Link(LinkHint::ReviewOrUnlink),
            Hint::Link(LinkHint::SiteUrl),
            Hint::YamlSlip(SlipHint::Tab),
            Hint::YamlSlip(SlipHint::FullwidthColon { key: s() }),
            Hint::YamlSlip(SlipHint::FullwidthSpace),
            Hint::YamlSlip(SlipHint::FullwidthComma),
            Hint::YamlSlip(SlipHint::MissingSpace { key: s() }),
            Hint::YamlSlip(SlipHint::ChineseQuotes),
            // Import.
            Hint::Import(ImportHint::SaveAsDocx),
            Hint::Import(ImportHint::ForceOrMove),
            Hint::Import(ImportHint::Resave),
            Hint::Import(ImportHint::Skipped(import::SkippedPart::ImageFormat { format: s() })),
            Hint::Import(ImportHint::Skipped(import::SkippedPart::ImageMissing)),
            Hint::Import(ImportHint::Skipped(import::SkippedPart::TextBox)),
            Hint::Import(ImportHint::Skipped(import::SkippedPart::Link { target: s() })),
            // Photos.
            Hint::Photo(PhotoHint::SaveAgain),
            Hint::Photo(PhotoHint::RenameTo { name: s() }),
            Hint::Photo(PhotoHint::Shrink),
            Hint::Photo(PhotoHint::ExportHeicAsJpeg),
            Hint::Photo(PhotoHint::ConvertToJpeg),
            Hint::Photo(PhotoHint::AngleBrackets { dest: s() }),
            Hint::Photo(PhotoHint::CaseDiffers { actual: s() }),
            Hint::Photo(PhotoHint::ShrinkBeforeCommit),
            Hint::Photo(PhotoHint::LowerQuality),
            Hint::Photo(PhotoHint::ConfigValues),
            Hint::Photo(PhotoHint::CacheFolder),
        ]
    }

    /// Each message and hint has words in both languages, so none was left
    /// out of its family's function.
    #[test]
    fn every_message_is_worded_in_both_languages() {
        let (messages, hints) = (every_message(), every_hint());
        let texts = messages.iter().map(|m| (format!("{m:?}"), m.text(Language::En), m.text(Language::ZhCn)));
        let hint_texts = hints.iter().map(|h| (format!("{h:?}"), h.text(Language::En), h.text(Language::ZhCn)));
        for (what, en, zh) in texts.chain(hint_texts) {
            assert!(!en.is_empty() && !zh.is_empty(), "{what} has no words");
            assert!(!zh.is_ascii() && en != zh, "{what}: {zh}");
        }
    }

    #[test]
    fn warnings_are_the_documented_ones() {
        assert_eq!(Message::UnknownField { key: "x".into() }.severity(), Severity::Warning);
        assert_eq!(Message::UnknownRegion { id: "x".into() }.severity(), Severity::Error);
        assert_eq!(Message::LateReport { period: "x".into(), joins: "y".into() }.severity(), Severity::Note);
    }
}
