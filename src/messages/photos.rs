//! The messages of photos: images a page publishes that cannot
//! be read, that lie about their format, that declare too many pixels, that
//! are named in a way Markdown or Linux does not read, and the budgets of
//! `images:` in `site.yaml`. One family, kept apart from the rest of the
//! catalogue; [`super::Message::Photo`] and [`super::Hint::Photo`] carry
//! them.

use super::IoCause;
use crate::language::Language;

/// A problem with an image a page publishes.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PhotoMessage {
    /// The file cannot be decoded (truncated, corrupt): the decoder's words.
    Corrupt { path: String, detail: IoCause },
    /// A JPEG file that ends before its image does (cut short in copying).
    Truncated { path: String },
    /// A file named as an image whose bytes are no image format.
    NotAnImage { path: String },
    /// The file's extension names another format than its bytes.
    FormatMismatch { path: String, named: String, actual: String },
    /// The header declares more pixels than `images: max_pixels`.
    TooManyPixels { path: String, width: u32, height: u32, limit: u64 },
    /// A format that is not published (HEIC, TIFF, an unknown one).
    Unsupported { path: String, format: String },
    /// `![x](a b.jpg)`: a space in the name, so Markdown reads no image.
    NameWithSpaces { dest: String },
    /// A source file larger than `images: warn_source_bytes` (a warning).
    SourceLarge { path: String, kib: u64, limit_kib: u64 },
    /// A published file larger than `images: max_bytes` (a warning).
    OverBudget { url: String, kib: u64, limit_kib: u64 },
    /// A value of `images:` in `site.yaml` that cannot be used.
    Config { key: String, value: String },
    /// The processing cache's folder cannot be written: a warning when
    /// the photos were processed into `fallback` instead, else an error.
    CacheUnwritable { dir: String, detail: IoCause, fallback: Option<String> },
}

/// A suggestion under a photo message.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PhotoHint {
    /// Save the file again from the phone or an editor.
    SaveAgain,
    /// Rename the file to the extension of its format.
    RenameTo { name: String },
    /// Shrink the photo, or raise the limit.
    Shrink,
    /// HEIC: export as JPEG.
    ExportHeicAsJpeg,
    /// Another format: convert it.
    ConvertToJpeg,
    /// Angle brackets around the name, or a name without spaces.
    AngleBrackets { dest: String },
    /// The file exists with another case.
    CaseDiffers { actual: String },
    /// Shrink before committing: the repository keeps every version.
    ShrinkBeforeCommit,
    /// Lower the quality or the widest width.
    LowerQuality,
    /// The allowed values of `images:`.
    ConfigValues,
    /// Make the cache folder writable, or move it.
    CacheFolder,
}

impl PhotoMessage {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        use PhotoMessage::*;
        match self {
            Corrupt { .. } | Truncated { .. } | NotAnImage { .. } => "image-corrupt",
            FormatMismatch { .. } => "image-format-mismatch",
            TooManyPixels { .. } => "image-too-many-pixels",
            Unsupported { .. } => "image-unsupported",
            NameWithSpaces { .. } => "image-name-spaces",
            SourceLarge { .. } => "image-source-large",
            OverBudget { .. } => "image-over-budget",
            Config { .. } => "config-images",
            CacheUnwritable { .. } => "image-cache-unwritable",
        }
    }

    /// True for the warnings (the budgets); the rest are errors.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            PhotoMessage::SourceLarge { .. } | PhotoMessage::OverBudget { .. } | PhotoMessage::CacheUnwritable { fallback: Some(_), .. }
        )
    }

    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        use PhotoMessage::*;
        match self {
            Corrupt { path, detail } => {
                let detail = detail.text(lang);
                tr!(
                    lang,
                    "the image `{path}` cannot be read (truncated or damaged): {detail}",
                    "无法读取图片 `{path}`（文件不完整或已损坏）：{detail}"
                )
            }
            Truncated { path } => tr!(
                lang,
                "the image `{path}` is cut short: the file ends before the picture does",
                "图片 `{path}` 不完整：文件在图像结束之前就断了"
            ),
            NotAnImage { path } => {
                tr!(lang, "`{path}` is named as an image but its bytes are no image", "`{path}` 以图片命名，内容却不是图片")
            }
            FormatMismatch { path, named, actual } => tr!(
                lang,
                "`{path}` is named as a {named} file but holds a {actual} image",
                "`{path}` 的扩展名是 {named}，实际内容却是 {actual} 图片"
            ),
            TooManyPixels { path, width, height, limit } => {
                let mp = (*width as u64 * *height as u64).div_ceil(1_000_000);
                let limit_mp = limit / 1_000_000;
                tr!(
                    lang,
                    "`{path}` declares {width} × {height} pixels ({mp} megapixels), more than the limit of {limit_mp} megapixels; it is not decoded",
                    "`{path}` 声明的尺寸为 {width} × {height} 像素（{mp} 百万像素），超过 {limit_mp} 百万像素的上限，不予解码"
                )
            }
            Unsupported { path, format } => {
                tr!(lang, "`{path}` is a {format} image, which a web page cannot show", "`{path}` 是 {format} 格式的图片，网页无法显示")
            }
            NameWithSpaces { dest } => tr!(
                lang,
                "the image name `{dest}` has a space, so Markdown does not read this as an image: it would be published as text",
                "图片名 `{dest}` 中有空格，Markdown 不会把它当作图片，而会原样显示为文字"
            ),
            SourceLarge { path, kib, limit_kib } => {
                let (mib, limit_mib) = (*kib as f64 / 1024.0, *limit_kib as f64 / 1024.0);
                tr!(
                    lang,
                    "`{path}` is {mib:.1} MiB, more than {limit_mib:.1} MiB: the repository keeps every version of it forever",
                    "`{path}` 有 {mib:.1} MiB，超过 {limit_mib:.1} MiB：仓库会永久保存它的每一个版本"
                )
            }
            OverBudget { url, kib, limit_kib } => tr!(
                lang,
                "the published image `{url}` is {kib} KiB, more than `images: max_bytes` ({limit_kib} KiB)",
                "发布的图片 `{url}` 有 {kib} KiB，超过了 `images: max_bytes`（{limit_kib} KiB）"
            ),
            Config { key, value } => {
                tr!(lang, "`images: {key}` cannot be `{value}`", "`images: {key}` 的值不能是 `{value}`")
            }
            CacheUnwritable { dir, detail, fallback: Some(f) } => {
                let detail = detail.text(lang);
                tr!(
                    lang,
                    "the image cache `{dir}` cannot be written ({detail}): photos were processed into `{f}` for this build, and will be processed again next time",
                    "图片缓存文件夹 `{dir}` 无法写入（{detail}）：本次构建改在 `{f}` 中处理照片，下次构建还要重新处理"
                )
            }
            CacheUnwritable { dir, detail, fallback: None } => {
                let detail = detail.text(lang);
                tr!(
                    lang,
                    "the image cache `{dir}` cannot be written ({detail}), nor a folder of the system's temporary folder: the photos not yet in the cache cannot be published",
                    "图片缓存文件夹 `{dir}` 无法写入（{detail}），系统临时文件夹也无法写入：尚未缓存的照片无法发布"
                )
            }
        }
    }
}

impl PhotoHint {
    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        use PhotoHint::*;
        match self {
            SaveAgain => tr!(
                lang,
                "copy the photo again from the phone or camera, or open it in an image editor and save it as JPEG",
                "请从手机或相机重新拷贝这张照片，或用图片编辑软件打开后另存为 JPEG"
            ),
            RenameTo { name } => tr!(lang, "rename the file to `{name}`", "请把文件重命名为 `{name}`"),
            Shrink => tr!(
                lang,
                "shrink the image (a photo of 4000 × 3000 is plenty), or raise `images: max_pixels` in site.yaml",
                "请缩小图片（4000 × 3000 像素已足够），或在 site.yaml 中调大 `images: max_pixels`"
            ),
            ExportHeicAsJpeg => tr!(
                lang,
                "export the photo as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible, or share it as JPEG)",
                "请把照片导出为 JPEG（iPhone：设置 › 相机 › 格式 › 兼容性最佳，或以 JPEG 格式分享）"
            ),
            ConvertToJpeg => {
                tr!(lang, "convert the image to JPEG (photos) or PNG (drawings)", "请把图片转换为 JPEG（照片）或 PNG（示意图）")
            }
            AngleBrackets { dest } => tr!(
                lang,
                "write the name in angle brackets, `![…](<{dest}>)`, or rename the file without spaces",
                "请把文件名写在尖括号里：`![…](<{dest}>)`，或把文件改成不含空格的名字"
            ),
            CaseDiffers { actual } => tr!(
                lang,
                "the file is named `{actual}`: names that differ only in case work on Windows and macOS but fail on Linux (CI, the server); write the name exactly as the file is named",
                "文件实际名为 `{actual}`：只有大小写不同的名字在 Windows 和 macOS 上能用，在 Linux（CI、服务器）上会失败；请按文件的实际名字书写"
            ),
            ShrinkBeforeCommit => tr!(
                lang,
                "shrink it before committing (about 2000 px wide, JPEG quality 85 is plenty: the site makes its own smaller copies), or raise `images: warn_source_bytes`",
                "请在提交前缩小（宽约 2000 像素、JPEG 质量 85 即可：网站会自己生成更小的副本），或调大 `images: warn_source_bytes`"
            ),
            LowerQuality => tr!(
                lang,
                "lower `images: quality` or the widest of `images: widths`, or raise `images: max_bytes`",
                "请调低 `images: quality` 或 `images: widths` 中的最大宽度，或调大 `images: max_bytes`"
            ),
            CacheFolder => tr!(
                lang,
                "make the folder writable (it is safe to delete), or set REGIONPRESS_CACHE_DIR to a writable folder",
                "请让该文件夹可写（可以放心删除它），或用环境变量 REGIONPRESS_CACHE_DIR 指定一个可写的文件夹"
            ),
            ConfigValues => tr!(
                lang,
                "widths are 16 to 8192 pixels, quality 30 to 100, max_pixels at least 1000000",
                "widths 为 16 至 8192 像素，quality 为 30 至 100，max_pixels 不小于 1000000"
            ),
        }
    }
}
