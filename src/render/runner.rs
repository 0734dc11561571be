//! Running the plan: every job rendered in parallel (rayon) and handed to
//! a [`Sink`] (the build's staging folder, the dev server's memory), with
//! an error that keeps its kind: a failed read or write of a file
//! ([`OutputError`]) stops the jobs not yet started and is reported alone;
//! template errors are reported all.

use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Result, anyhow};
use rayon::prelude::*;

use super::urls::rebase_bytes;
use super::{Job, Renderer};
use crate::output::{OutputError, Sink};

/// Why rendering failed.
#[derive(Debug)]
pub enum RenderError {
    /// A file could not be read or written (a full disk, a name the file
    /// system refuses): the first such error, which stopped the jobs not
    /// yet started, since every later write would fail the same way.
    Io(OutputError),
    /// Templates failed to render: every job's error.
    Templates(Vec<anyhow::Error>),
}

impl Renderer<'_> {
    /// Renders every job in parallel into `out`. Returns the number of
    /// files, or why rendering failed ([`RenderError`]).
    ///
    /// A file that cannot be read or written ([`OutputError`]: a full
    /// disk, a name the file system refuses) stops the jobs not yet
    /// started: every later write would fail the same way, and that one
    /// error is the problem to report, not the template errors it may have
    /// caused.
    pub fn render_all(&self, jobs: &[Job], out: &dyn Sink, tick: &(dyn Fn() + Sync)) -> std::result::Result<usize, RenderError> {
        let stop = AtomicBool::new(false);
        let tally = crate::timing::Tally::start();
        let errors: Vec<anyhow::Error> = jobs
            .par_iter()
            .filter_map(|job| {
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                let r = self.run(job, out, &tally).err();
                if r.as_ref().is_some_and(|e| e.downcast_ref::<OutputError>().is_some()) {
                    stop.store(true, Ordering::Relaxed);
                }
                tick();
                r
            })
            .collect();
        tally.print("    render/");
        if errors.is_empty() {
            return Ok(jobs.len());
        }
        let mut templates = Vec::with_capacity(errors.len());
        for e in errors {
            match e.downcast::<OutputError>() {
                Ok(io) => return Err(RenderError::Io(io)),
                Err(e) => templates.push(e),
            }
        }
        Err(RenderError::Templates(templates))
    }

    /// Writes one job's file, always at [`Renderer::job_path`]: the path
    /// the output check gave this job's owner.
    fn run(&self, job: &Job, out: &dyn Sink, tally: &crate::timing::Tally) -> Result<()> {
        let g = self.g;
        let path = self.job_path(job);
        match job {
            Job::Static(key) => {
                let source = self.statics.get(key).ok_or_else(|| anyhow!("no static file `{key}`"))?;
                out.write(&path, &source.read()?)
            }
            Job::Asset(i) => {
                let (src, url) = &g.assets[*i];
                match (g.svgs.get(src), g.photos.files.get(url)) {
                    // An SVG image is published cleaned (crate::svg).
                    (Some(cleaned), _) => out.write(&path, cleaned),
                    // A photo, processed (crate::photos): never the source.
                    (None, Some((made, _))) => out.copy(&path, made),
                    (None, None) => out.copy(&path, &self.root.join("content").join(src)),
                }
            }
            Job::SyntaxCss => out.write(&path, self.syntax_css.as_bytes()),
            Job::DashboardCsv(y) => out.write(&path, &self.dashboard_csv(*y).1),
            Job::Export(i, f) => out.write(&path, &self.export_issue(*i, *f)?),
            Job::Robots => {
                let text = format!("User-agent: *\nAllow: /\nSitemap: {}\n", g.config.permalink("/sitemap.xml"));
                out.write(&path, text.as_bytes())
            }
            _ => {
                let (rendered_at, bytes) = self.render_bytes(job, tally)?;
                // The template values were made for the page at `rendered_at`
                // (its relative links are computed from there).
                debug_assert_eq!(rendered_at, path, "{job:?}");
                let since = tally.now();
                let written = out.write(&path, &bytes);
                tally.add(|| "write".into(), since);
                written
            }
        }
    }

    /// Renders one job that comes from a template (a page, a list page, a
    /// region, a feed, …) into memory, exactly as a build would write it
    /// (URLs rebased), and returns its site path and text. Writes nothing;
    /// the micro-benchmarks (`benches/micro.rs`) time single pages with it.
    /// Jobs that copy or generate a file without a template (static files,
    /// assets, the highlighting stylesheet, `robots.txt`, dashboard CSV) are
    /// an error.
    pub fn render_job(&self, job: &Job) -> Result<(String, String)> {
        let (path, bytes) = self.render_bytes(job, &crate::timing::Tally::off())?;
        Ok((path, String::from_utf8(bytes)?))
    }

    /// [`Renderer::render_job`] as the bytes a build writes.
    fn render_bytes(&self, job: &Job, tally: &crate::timing::Tally) -> Result<(String, Vec<u8>)> {
        let since = tally.now();
        let (path, template, ctx) = self.context(job)?;
        tally.add(|| format!("context {template}"), since);
        let since = tally.now();
        let mut raw = Vec::with_capacity(16 << 10);
        self.tera.render_to(template, &ctx, &mut raw).map_err(|e| anyhow!("{}: {}", template, tera_error(&e)))?;
        tally.add(|| format!("template {template}"), since);
        if !template.ends_with(".html") {
            let text = crate::text::string_from_utf8(raw).map_err(|_| anyhow!("{template}: not UTF-8"))?;
            return Ok((path, xml_chars(text).into_bytes()));
        }
        // Photos get their widths and sizes (crate::photos).
        let raw = match crate::photos::rewrite_images(&raw, &self.g.photos) {
            std::borrow::Cow::Owned(rewritten) => rewritten,
            std::borrow::Cow::Borrowed(_) => raw,
        };
        let bytes = rebase_bytes(raw, &path, &self.style);
        Ok((path, bytes))
    }
}

/// Drops the characters XML 1.0 forbids even as references (C0 controls
/// other than tab and newlines, unpaired surrogates cannot occur in `String`,
/// U+FFFE and U+FFFF): content may contain them (`title: "a\bb"` in YAML),
/// and a feed with one is rejected whole by readers.
fn xml_chars(text: String) -> String {
    let ok = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    // A feed or sitemap is a few MB at 10k pages: its bytes are checked
    // first, a pass the compiler vectorizes and a substring search, since a
    // forbidden character is a C0 control byte or the bytes of U+FFFE or
    // U+FFFF (EF BF BE, EF BF BF); surrogates cannot occur in a `String`.
    let b = text.as_bytes();
    let control = b.iter().fold(false, |bad, &c| bad | (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r')));
    let noncharacter = || memchr::memmem::find_iter(b, b"\xEF\xBF").any(|i| matches!(b.get(i + 2), Some(0xBE | 0xBF)));
    if !control && !noncharacter() {
        return text;
    }
    text.chars().filter(|&c| ok(c)).collect()
}

/// A Tera error with its whole chain of causes.
pub(super) fn tera_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::xml_chars;

    #[test]
    fn xml_chars_drops_exactly_what_xml_forbids() {
        let forbidden = |c: char| !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
        for text in ["a\u{8}b", "ok\tline\r\n", "\u{fffe}x\u{ffff}", "\u{ffbf}\u{ffc0}\u{fffd}报道", "简报\u{1f}", "", "\u{0}"] {
            let kept: String = text.chars().filter(|&c| !forbidden(c)).collect();
            assert_eq!(xml_chars(text.to_string()), kept, "{text:?}");
        }
    }
}
