//! The template context of each page kind, one function per kind in the
//! file of its kind; [`Renderer::context`] dispatches a job to it.
//!
//! A context holds the page's own values and the shared values made once
//! per renderer ([`super::values`]), cloned as reference-counted pointers.

// The dashboard's assessment and periods below target.
mod assessment;
mod bulletins;
mod classes;
mod dashboard;
mod feeds;
mod fixed;
mod home;
mod honours;
mod lists;
mod page;
mod problem_feeds;
mod problems;
mod regions;
mod sitemap;
mod tags;

use anyhow::Result;
use tera::Context;

use super::{Job, Renderer};

/// A page to render: its site path, its template and its context.
pub(super) type Made = (String, &'static str, Context);

impl Renderer<'_> {
    /// The site path, template and context of a job made from a template.
    /// Jobs that copy or generate a file without one are an error.
    pub(super) fn context(&self, job: &Job) -> Result<Made> {
        Ok(match job {
            Job::Home => self.home_context(),
            Job::Page(p) => self.page_context(*p),
            Job::List(i, page) => self.list_context(*i, *page)?,
            Job::Region(r) => self.region_context(*r),
            Job::Regions => self.regions_context(),
            Job::Classes => self.classes_context(),
            Job::Tags => self.tags_context(),
            Job::Search => self.search_context(),
            Job::NotFound => self.not_found_context(),
            Job::Feed(region) => self.page_feed_context(*region),
            Job::Sitemap => self.sitemap_context(),
            Job::Bulletin(i) => self.bulletin_context(*i),
            Job::BulletinIndex => self.bulletins_index_context(),
            Job::BulletinFeed => self.bulletin_feed_context(),
            Job::Dashboard(y) => self.dashboard_context(*y),
            Job::HonourIndex => self.honours_index_context(),
            Job::HonourYear(y) => self.honours_year_context(*y),
            Job::RegionHonours(r) => self.region_honours_context(*r),
            Job::Problems => self.problems_context(),
            Job::Problem(i) => self.problem_context(*i),
            // `run` writes these without a template; `render_job` has nothing to render.
            Job::Static(_) | Job::Asset(_) | Job::SyntaxCss | Job::Robots | Job::DashboardCsv(_) | Job::Export(..) => {
                anyhow::bail!("{job:?} is not rendered from a template")
            }
        })
    }

    fn base_context(&self, page_kind: &str, current: &str, title: String, description: String, nav_key: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("page_kind", page_kind.into());
        ctx.insert_value("current_url", current.into());
        ctx.insert_value("title", title.into());
        ctx.insert_value("description", description.into());
        ctx.insert_value("nav_key", nav_key.into());
        // The highlighting stylesheet only where there is highlighted code.
        ctx.insert_value("syntax_css", false.into());
        ctx
    }
}

/// Whether rendered body HTML has highlighted code, which needs `syntax.css`
/// (the context value `syntax_css`).
pub(super) fn highlighted(html: &str) -> bool {
    // A byte search (SIMD) through the whole body of every page, with its finder made once.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(&format!("class=\"{}", crate::markdown::HIGHLIGHT_PREFIX)).into_owned());
    FINDER.find(html.as_bytes()).is_some()
}
