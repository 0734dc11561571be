//! Change detection for the dev server: what each render job depends on.
//!
//! A job's signature hashes everything its output is computed from: the
//! template it renders (and the shared templates every page uses), the site
//! settings and UI strings, and the versions (hash of source text and URL)
//! of every page and region it shows or counts. Two plans of the same site
//! give equal signatures for a job exactly when its inputs are equal, so the
//! dev server re-renders precisely the jobs whose signature changed.
//!
//! The match over [`Job`] is exhaustive on purpose: a new kind of page does
//! not compile until its dependencies are declared here.

use std::collections::BTreeMap;

use super::{Job, Renderer, StaticSource, page_count};
use crate::graph::PageId;
use crate::hash::hash_of;

/// Versions computed once per plan.
#[derive(Debug, Default)]
pub(super) struct Versions {
    /// Site settings, UI strings, shared templates, navigation.
    global: u64,
    /// Per template name: its own text.
    templates: BTreeMap<String, u64>,
    /// Per region: its profile text.
    regions: Vec<u64>,
    /// Bulletin issues: periods, numbering, membership, figures, notes.
    bulletins: u64,
    /// Dashboard years: figures, targets, assessment scores and awards.
    years: Vec<u64>,
    /// Every published page's front matter and URL, every region, issue and
    /// year together: for pages that count, date or link every page (sitemap,
    /// tag cloud, region cards). A body edit leaves it as it was: the pages
    /// that show a body's excerpt or word count list those pages' own versions.
    all_meta: u64,
    /// Every honour.
    honours: u64,
}

/// Templates rendered as whole pages; every other template (layout, components)
/// is shared and part of the global version.
const PAGE_TEMPLATES: &[&str] = &[
    "index.html",
    "report.html",
    "class.html",
    "page.html",
    "region.html",
    "regions.html",
    "list.html",
    "classes.html",
    "tags.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "bulletin.html",
    "bulletins.html",
    "dashboard.html",
    "search.html",
    "honours.html",
    "problems.html",
    "problem.html",
];

impl Versions {
    pub(super) fn compute(r: &Renderer<'_>) -> Versions {
        let g = r.g;
        let shared: Vec<(&String, &String)> =
            r.theme.templates.iter().filter(|(n, _)| !PAGE_TEMPLATES.contains(&n.as_str())).map(|(n, (t, _))| (n, t)).collect();
        let templates = r.theme.templates.iter().map(|(n, (t, _))| (n.clone(), hash_of(t))).collect();
        let regions: Vec<u64> = g.regions.iter().map(|n| hash_of(&(&n.region.text, &n.region.id))).collect();
        // Every page shows the site settings, the navigation and the region list.
        let global = hash_of(&(crate::hash::debug_hash_of(&g.config), &r.theme.strings, shared, r.site_version, &regions));
        let bulletins = g.regional.versions.bulletins;
        let years: Vec<u64> = g.regional.versions.years.clone();
        let metas: Vec<u64> = g.pages.iter().map(|&p| g.nodes[p].meta).collect();
        let all_meta = hash_of(&(&metas, &regions, bulletins, &years));
        Versions { global, templates, regions, bulletins, years, all_meta, honours: g.honours.version }
    }
}

impl Renderer<'_> {
    fn versions(&self) -> &Versions {
        self.versions.get_or_init(|| Versions::compute(self))
    }

    fn template_version(&self, name: &str) -> u64 {
        self.versions().templates.get(name).copied().unwrap_or(0)
    }

    /// The honours that link page `p` (their names, titles and anchors).
    fn page_honours_version(&self, p: PageId) -> Option<u64> {
        let h = &self.g.honours;
        h.by_page.get(&p).map(|ids| hash_of(&ids.iter().map(|&i| &h.nodes[i]).collect::<Vec<_>>()))
    }

    /// The honours of region `r` and the dates of their years (its
    /// showcase and feed show them; another region's honours change neither).
    fn region_honours_version(&self, r: crate::graph::RegionId) -> u64 {
        let h = &self.g.honours;
        let nodes: Vec<&crate::graph::honours::HonourNode> = h.by_region[r.index()].iter().map(|&i| &h.nodes[i]).collect();
        let years: Vec<(i32, chrono::NaiveDate)> = h.years.iter().map(|y| (y.year, y.date)).collect();
        hash_of(&(nodes, years))
    }

    fn page_versions(&self, ids: &[PageId]) -> Vec<u64> {
        ids.iter().map(|&i| self.g.nodes[i].version).collect()
    }

    /// A hash of everything the job's output depends on: [`Self::own_signature`],
    /// and the problems and decisions with the build date for the pages
    /// that show records.
    pub fn signature(&self, job: &Job) -> u64 {
        let own = self.own_signature(job);
        let g = self.g;
        let shows_records = match job {
            Job::Page(p) => g.problems.by_page.contains_key(p),
            Job::Region(_) | Job::Bulletin(_) | Job::Dashboard(_) | Job::Problems | Job::Problem(_) | Job::Sitemap => true,
            // The feeds' record entries and the CSV's record columns.
            Job::Feed(_) | Job::DashboardCsv(_) => true,
            _ => false,
        };
        if shows_records { hash_of(&(own, g.problems.version)) } else { own }
    }

    /// An issue's page and files: the issue, the pages it prints, and the
    /// issues it links to (their numbers and periods).
    fn issue_signature(&self, i: crate::regional::IssueId, path: &str) -> u64 {
        let g = self.g;
        let v = self.versions();
        let b = &g.regional.bulletins;
        let issue = &b.issues[i.index()];
        let issue_versions = &g.regional.versions.issues;
        let linked: Vec<u64> =
            issue.prev.iter().chain(issue.next.iter()).chain(issue.related.iter()).map(|&j| issue_versions[j.index()]).collect();
        let pages: Vec<u64> =
            self.page_versions(&issue.items.reports).into_iter().chain(self.page_versions(&issue.items.classes)).collect();
        let region = issue.region.map(|r| v.regions[r.index()]);
        hash_of(&(v.global, self.template_version("bulletin.html"), path, issue_versions[i.index()], linked, pages, region))
    }

    /// A hash of everything the job's output depends on, records aside.
    fn own_signature(&self, job: &Job) -> u64 {
        let g = self.g;
        let v = self.versions();
        let path = self.job_path(job);
        match job {
            Job::Page(p) => {
                let n = &g.nodes[*p];
                let template = match n.doc.kind {
                    crate::content::DocKind::Report => "report.html",
                    crate::content::DocKind::Class => "class.html",
                    crate::content::DocKind::Page => "page.html",
                };
                // Neighbours (newer/older links: title and URL) come from the first region's list.
                let (siblings, place) = self.siblings(*p);
                let neighbours: Vec<u64> = place
                    .map(|i| siblings[i.saturating_sub(1)..(i + 2).min(siblings.len())].iter().map(|&x| g.nodes[x].meta).collect())
                    .unwrap_or_default();
                let regions: Vec<u64> = n.regions.iter().map(|&r| v.regions[r.index()]).collect();
                let lecturer = n.lecturer.map(|l| &g.lecturers[l].url);
                let honours = self.page_honours_version(*p);
                hash_of(&(v.global, self.template_version(template), path, n.version, neighbours, regions, lecturer, honours))
            }
            Job::List(i, page) => {
                let l = &self.lists[*i];
                let per = g.config.paginate_by;
                let slice = self.list_page(l, *page);
                let region = l.region.map(|r| v.regions[r.index()]);
                let total = page_count(l.items.len(), per);
                hash_of(&(
                    v.global,
                    self.template_version("list.html"),
                    path,
                    &l.heading,
                    l.items.len(),
                    total,
                    self.page_versions(slice),
                    region,
                ))
            }
            Job::Region(r) => {
                // Counts and charts of every page (the activity window ends
                // with the site's latest month); entries of the pages shown.
                let shown = self.region_entries(*r);
                let shown: Vec<PageId> = shown.0.iter().chain(shown.1).chain(shown.2).copied().collect();
                hash_of(&(
                    v.global,
                    self.template_version("region.html"),
                    path,
                    v.regions[r.index()],
                    v.all_meta,
                    self.page_versions(&shown),
                    self.region_honours_version(*r),
                ))
            }
            Job::Feed(region) => {
                let ids = self.feed_ids(*region);
                let honours = region.map_or(v.honours, |r| self.region_honours_version(r));
                let region = region.map(|r| v.regions[r.index()]);
                hash_of(&(v.global, self.template_version("atom.xml"), path, self.page_versions(&ids), region, honours))
            }
            // Pages that count or list everything.
            Job::Home => {
                let (reports, classes) = self.home_entries();
                let shown = (self.page_versions(reports), self.page_versions(classes));
                hash_of(&(v.global, self.template_version("index.html"), path, v.all_meta, shown))
            }
            Job::Regions => hash_of(&(v.global, self.template_version("regions.html"), path, v.all_meta)),
            Job::Classes => hash_of(&(v.global, self.template_version("classes.html"), path, self.page_versions(&g.classes))),
            Job::Tags => hash_of(&(v.global, self.template_version("tags.html"), path, v.all_meta)),
            Job::Sitemap => hash_of(&(v.global, self.template_version("sitemap.xml"), path, v.all_meta, v.honours)),
            Job::NotFound => hash_of(&(v.global, self.template_version("404.html"), path)),
            // The year filter lists the years that have pages.
            Job::Search => hash_of(&(v.global, self.template_version("search.html"), path, v.all_meta)),
            Job::Robots => hash_of(&(v.global, path)),
            Job::SyntaxCss => hash_of(&(path, &self.syntax_css)),
            // A file by its length and modification time, as assets are (not
            // read on every rebuild); a built-in file by its bytes.
            Job::Static(p) => match self.statics.get(p) {
                Some(StaticSource::File(file)) => {
                    let meta = std::fs::metadata(file).ok();
                    hash_of(&(path, file, meta.as_ref().map(|m| m.len()), meta.and_then(|m| m.modified().ok())))
                }
                Some(StaticSource::Embedded(bytes)) => hash_of(&(path, bytes)),
                None => hash_of(&path),
            },
            // An issue's files are made of what its page shows.
            Job::Bulletin(i) | Job::Export(i, _) => self.issue_signature(*i, &path),
            Job::BulletinIndex => hash_of(&(v.global, self.template_version("bulletins.html"), path, v.bulletins)),
            // Issue figures and notes, and the titles and links of the pages they print.
            Job::BulletinFeed => hash_of(&(v.global, self.template_version("atom.xml"), path, v.all_meta)),
            Job::Dashboard(y) => {
                let yi = y.unwrap_or(g.regional.years.len().saturating_sub(1));
                let years: Vec<i32> = g.regional.years.iter().map(|y| y.year).collect();
                hash_of(&(v.global, self.template_version("dashboard.html"), path, v.years.get(yi), years, v.honours))
            }
            Job::DashboardCsv(y) => hash_of(&(v.global, path, v.years[*y])),
            // Honours show report titles and links, and region names.
            Job::HonourIndex | Job::HonourYear(_) | Job::RegionHonours(_) => {
                hash_of(&(v.global, self.template_version("honours.html"), path, v.honours, v.all_meta))
            }
            Job::Problems => hash_of(&(v.global, self.template_version("problems.html"), path)),
            Job::Problem(i) => {
                let r = &g.problems.records[*i];
                let pages: Vec<PageId> = r.meeting.iter().chain(&r.reports).copied().collect();
                hash_of(&(v.global, self.template_version("problem.html"), path, self.page_versions(&pages)))
            }
            Job::Asset(i) => {
                let (src, dest) = &g.assets[*i];
                let meta = std::fs::metadata(self.root.join("content").join(src)).ok();
                hash_of(&(src, dest, meta.as_ref().map(|m| m.len()), meta.and_then(|m| m.modified().ok())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use super::super::tests::{basic_copy, load_ok};
    use super::*;
    use crate::site::SiteGraph;

    /// Every job's signature by its output path, and the site it was made from.
    fn signatures(root: &Path) -> (BTreeMap<String, u64>, SiteGraph) {
        let g = load_ok(root);
        let signed = {
            let r = Renderer::new(&g, root).unwrap();
            r.plan().iter().map(|job| (r.job_path(job), r.signature(job))).collect()
        };
        (signed, g)
    }

    /// The output paths whose signature differs (or that appeared or went).
    fn changed(before: &BTreeMap<String, u64>, after: &BTreeMap<String, u64>) -> BTreeSet<String> {
        let paths: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        paths.into_iter().filter(|p| before.get(*p) != after.get(*p)).cloned().collect()
    }

    /// The URL of the page from `source` (relative to `content/`).
    fn url(g: &SiteGraph, source: &str) -> String {
        g.nodes[g.page_by_source(source).unwrap()].url.clone()
    }

    /// A report of region `beta` only, newest of the site.
    const BETA: &str = "reports/2026/2026-05-01-beta.md";
    /// A report of region `alpha` only.
    const SAFETY: &str = "reports/2026/2026-03-02-safety.md";

    /// Replaces `from` by `to` in the site file `rel`.
    fn edit(root: &Path, rel: &str, from: &str, to: &str) {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }

    #[test]
    fn a_body_edit_changes_the_pages_that_show_the_body_and_no_other() {
        let tmp = basic_copy();
        let root = tmp.path();
        let (before, g) = signatures(root);
        edit(root, &format!("content/{BETA}"), "乙片区志愿服务活动。", "乙片区志愿服务活动，又添一段。");
        let (after, _) = signatures(root);
        let changed = changed(&before, &after);
        // The page itself, and pages showing its summary or word count.
        for shown in [url(&g, BETA), "/".into(), "/reports/".into(), "/regions/beta/".into(), "/atom.xml".into()] {
            assert!(changed.contains(&shown), "{shown} shows the body: {changed:?}");
        }
        // Pages that show only titles, dates and counts, and other regions' pages.
        for unrelated in [url(&g, SAFETY), "/404.html".into(), "/sitemap.xml".into(), "/tags/".into(), "/regions/alpha/".into()] {
            assert!(before.contains_key(&unrelated), "{unrelated} is planned");
            assert!(!changed.contains(&unrelated), "{unrelated} does not show the body");
        }
        assert!(changed.len() < before.len() / 2, "{} of {} jobs changed", changed.len(), before.len());
    }

    #[test]
    fn a_title_edit_reaches_every_page_that_lists_titles_but_not_other_pages() {
        let tmp = basic_copy();
        let root = tmp.path();
        let (before, g) = signatures(root);
        edit(root, &format!("content/{BETA}"), "title: 乙片区开展志愿服务", "title: 乙片区开展志愿服务活动");
        let (after, _) = signatures(root);
        let changed = changed(&before, &after);
        for shown in [url(&g, BETA), "/sitemap.xml".into(), "/tags/".into(), "/reports/".into(), "/regions/".into()] {
            assert!(changed.contains(&shown), "{shown} shows or dates every title: {changed:?}");
        }
        // Another region's report links only its own region's neighbours.
        for unrelated in [url(&g, SAFETY), "/404.html".into(), "/theme.css".into()] {
            assert!(before.contains_key(&unrelated), "{unrelated} is planned");
            assert!(!changed.contains(&unrelated), "{unrelated} does not show the title");
        }
    }

    #[test]
    fn a_template_edit_changes_the_pages_of_that_template_only() {
        let tmp = basic_copy();
        let root = tmp.path();
        let (before, g) = signatures(root);
        let default = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/report.html")).unwrap();
        let templates = root.join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("report.html"), format!("{default}{{# edited #}}")).unwrap();
        let (after, _) = signatures(root);
        let changed = changed(&before, &after);
        let reports: BTreeSet<String> = g.reports.iter().map(|&p| g.nodes[p].url.clone()).collect();
        assert!(!reports.is_empty());
        assert_eq!(changed, reports);
    }

    #[test]
    fn an_honour_edit_changes_the_pages_that_show_honours_and_no_other() {
        let tmp = basic_copy();
        let root = tmp.path();
        let honours = "date: 2026-06-30\nhonours:\n  - kind: person\n    name: 张三\n    region: alpha\n    honour: 优秀共产党员\n    level: 公司级\n    reports: [reports/2026/2026-03-02-safety.md]\n";
        std::fs::create_dir_all(root.join("content/honours")).unwrap();
        std::fs::write(root.join("content/honours/2026.yaml"), honours).unwrap();
        let (before, g) = signatures(root);
        edit(root, "content/honours/2026.yaml", "name: 张三", "name: 张三丰");
        let (after, _) = signatures(root);
        let changed = changed(&before, &after);
        let shown = ["/honours/", "/honours/2026/", "/regions/alpha/", "/regions/alpha/honours/", "/atom.xml", "/regions/alpha/atom.xml"];
        for page in shown.iter().map(|s| s.to_string()).chain([url(&g, SAFETY)]) {
            assert!(changed.contains(&page), "{page} shows the honour: {changed:?}");
        }
        for unrelated in [url(&g, BETA), "/404.html".into(), "/tags/".into(), "/regions/beta/".into()] {
            assert!(before.contains_key(&unrelated), "{unrelated} is planned");
            assert!(!changed.contains(&unrelated), "{unrelated} does not show the honour");
        }
    }

    /// The feeds carry records and the CSV counts them.
    #[test]
    fn a_record_edit_changes_the_feeds_and_the_dashboard_csv() {
        let tmp = basic_copy();
        let root = tmp.path();
        let record = "title: 甲片区便道修复\nregion: alpha\nhistory:\n  - status: 提出\n    date: 2026-03-01\n";
        std::fs::create_dir_all(root.join("content/problems")).unwrap();
        std::fs::write(root.join("content/problems/alpha-road.yaml"), record).unwrap();
        let (before, _) = signatures(root);
        edit(root, "content/problems/alpha-road.yaml", "title: 甲片区便道修复", "title: 甲片区施工便道修复");
        let (after, _) = signatures(root);
        let changed = changed(&before, &after);
        let csv: Vec<&String> = before.keys().filter(|p| p.ends_with(".csv")).collect();
        assert!(!csv.is_empty(), "the dashboard has a CSV: {before:?}");
        for page in ["/atom.xml", "/regions/alpha/atom.xml"].iter().map(|s| s.to_string()).chain(csv.into_iter().cloned()) {
            assert!(changed.contains(&page), "{page} shows the record: {changed:?}");
        }
        assert!(!changed.contains("/404.html"));
    }

    #[test]
    fn signing_the_same_site_twice_gives_the_same_signatures() {
        let tmp = basic_copy();
        let (first, _) = signatures(tmp.path());
        let (second, _) = signatures(tmp.path());
        assert_eq!(first, second);
    }
}
