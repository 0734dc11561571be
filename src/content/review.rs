//! Review before publishing: the review state of a
//! report, class, free page or bulletin note (`review:` 初稿 / 待审 / 已审,
//! or draft / pending / approved), who is to review it (`reviewer:`), who
//! approved it and when (`reviewed_by:`, `reviewed_on:`), and the list of
//! what awaits review that `check --pending` prints.
//!
//! Whether an unreviewed file is published is the site's choice
//! (`review: { required: true }` in `site.yaml`); this module only reads
//! and answers [`Review::withheld`].

use chrono::NaiveDate;

use crate::diagnostics::nearest;
use crate::front_matter::{Fields, show_value};
use crate::messages::{Hint, Message};

/// The front-matter keys of a review.
pub const KEYS: &[&str] = &["review", "reviewer", "reviewed_by", "reviewed_on"];

/// Where a file stands in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReviewState {
    /// 初稿: still being written.
    Draft,
    /// 待审: waiting for its reviewer.
    Pending,
    /// 已审: approved for publishing.
    Approved,
}

/// Every way of writing a state: the Chinese names first, then the English.
const NAMES: &[(&str, ReviewState)] = &[
    ("初稿", ReviewState::Draft),
    ("待审", ReviewState::Pending),
    ("已审", ReviewState::Approved),
    ("draft", ReviewState::Draft),
    ("pending", ReviewState::Pending),
    ("approved", ReviewState::Approved),
];

impl ReviewState {
    /// The state a value names (Chinese or English, English in any case).
    pub fn parse(value: &str) -> Option<ReviewState> {
        let v = value.trim();
        NAMES.iter().find(|(name, _)| *name == v || name.eq_ignore_ascii_case(v)).map(|(_, s)| *s)
    }

    /// The Chinese name (初稿, 待审, 已审), as pages and `check --pending` show it.
    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Draft => "初稿",
            ReviewState::Pending => "待审",
            ReviewState::Approved => "已审",
        }
    }

    /// The English name, as templates see it: `draft`, `pending`, `approved`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Draft => "draft",
            ReviewState::Pending => "pending",
            ReviewState::Approved => "approved",
        }
    }
}

/// The review of one file as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Review {
    /// `review:`; `None` when the file does not say (not reviewed).
    pub state: Option<ReviewState>,
    /// `reviewer:`: who is to review it (one name or a list).
    pub reviewers: Vec<String>,
    /// `reviewed_by:`: who approved it (required with 已审).
    pub reviewed_by: Vec<String>,
    /// `reviewed_on:`: the day it was approved.
    pub reviewed_on: Option<NaiveDate>,
}

impl Review {
    /// Reads the review keys of `f`: an unknown state is a located
    /// `review-state` error with a "did you mean" hint (and counts as not
    /// reviewed); 已审 without `reviewed_by` is a `missing-field` error.
    pub fn read(f: &mut Fields<'_>) -> Review {
        let mut review = Review {
            state: None,
            reviewers: f.string_list("reviewer"),
            reviewed_by: f.string_list("reviewed_by"),
            reviewed_on: f.date("reviewed_on", false).map(|d| d.0),
        };
        if let Some(value) = f.get("review").filter(|v| !v.is_null()).map(show_value) {
            match ReviewState::parse(&value) {
                Some(state) => review.state = Some(state),
                None => {
                    let near = nearest(&value, NAMES.iter().map(|(n, _)| *n));
                    let all = NAMES.iter().map(|(n, _)| n.to_string()).collect();
                    let (line, _) = f.pos("review");
                    let col = f.pos_within("review", &value).1;
                    f.report_at(line, col, Message::ReviewState { value }, Some(Hint::nearest_or(near, Hint::OneOf(all))));
                }
            }
        }
        if review.state == Some(ReviewState::Approved) && review.reviewed_by.is_empty() {
            f.report("review", Message::MissingField { key: "reviewed_by".into() }, Some(Hint::NameReviewer));
        }
        review
    }

    /// True when the file was approved (已审).
    pub fn approved(&self) -> bool {
        self.state == Some(ReviewState::Approved)
    }

    /// True when a site that requires review (`required`) keeps this file
    /// out of a build without `--drafts`.
    pub fn withheld(&self, required: bool) -> bool {
        required && !self.approved()
    }

    /// True when `check --pending` lists the file: marked 初稿 or 待审, or
    /// not marked at all on a site that requires review.
    pub fn awaits(&self, required: bool) -> bool {
        match self.state {
            Some(ReviewState::Approved) => false,
            Some(_) => true,
            None => required,
        }
    }
}

/// One file awaiting review, as `check --pending` lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pending {
    /// The reviewer it waits for (empty when none is named).
    pub reviewer: String,
    /// Path shown: `content/reports/2026/a.md`.
    pub file: String,
    /// Title (a bulletin note's title, or its series and period).
    pub title: String,
    /// The state, `None` when not marked.
    pub state: Option<ReviewState>,
}

/// What awaits review in `content`, grouped by reviewer (a file with two
/// reviewers is listed under each), sorted by reviewer then file; files
/// without a named reviewer come first (reviewer empty).
pub fn pending(content: &super::Content, required: bool) -> Vec<Pending> {
    let mut out = Vec::new();
    let mut add = |review: &Review, file: &str, title: String| {
        if !review.awaits(required) {
            return;
        }
        let reviewers = if review.reviewers.is_empty() { vec![String::new()] } else { review.reviewers.clone() };
        for reviewer in reviewers {
            out.push(Pending { reviewer, file: file.to_string(), title: title.clone(), state: review.state });
        }
    };
    for doc in &content.docs {
        add(&doc.review, &doc.shown, doc.title.clone());
    }
    for note in &content.notes {
        let title = note.title.clone().unwrap_or_else(|| format!("{} {}", note.region, note.period));
        add(&note.review, &note.shown, title);
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> (Review, Vec<&'static str>) {
        let text = format!("---\n{yaml}---\n");
        let mut f = Fields::parse("a.md", &text, &text[4..text.len() - 4], 1).expect("front matter");
        let review = Review::read(&mut f);
        let diags = std::mem::take(&mut f.diags);
        (review, diags.iter().map(|d| d.code).collect())
    }

    #[test]
    fn states_are_read_in_chinese_and_english() {
        assert_eq!(ReviewState::parse("待审"), Some(ReviewState::Pending));
        assert_eq!(ReviewState::parse("Approved"), Some(ReviewState::Approved));
        assert_eq!(ReviewState::parse("初稿"), Some(ReviewState::Draft));
        assert_eq!(ReviewState::parse("审核中"), None);
    }

    #[test]
    fn an_unknown_state_is_an_error_and_counts_as_unreviewed() {
        let (review, codes) = read("review: 待审核\n");
        assert_eq!(codes, vec!["review-state"]);
        assert!(review.withheld(true) && !review.withheld(false));
    }

    #[test]
    fn approval_names_who_approved() {
        let (review, codes) = read("review: 已审\n");
        assert_eq!(codes, vec!["missing-field"]);
        assert!(review.approved());
        let (review, codes) = read("review: 已审\nreviewed_by: [王强, 李敏]\nreviewed_on: 2026-04-03\n");
        assert!(codes.is_empty());
        assert_eq!(review.reviewed_by, vec!["王强", "李敏"]);
        assert!(!review.awaits(true));
    }
}
