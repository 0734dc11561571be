//! Gathering postings: which documents hold each token, how often, whether
//! in the title, and at which positions (as a mask).
//!
//! Documents are numbered newest first (then by URL), so a smaller id is a
//! more recent page: the browser breaks ranking ties on the id, and a year
//! is a contiguous range of ids.
//!
//! Tokenizing is done per document in parallel; the per-thread maps are
//! merged and every posting list is sorted by document id, so the result
//! does not depend on how the work was split.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::SearchDoc;
use super::tokenize::{self, Kind};

/// Bits of a position mask: a token at position `p` sets bit `p % MASK_BITS`.
pub const MASK_BITS: u32 = 8;
/// Term frequencies are capped here (the BM25 weight saturates long before).
const MAX_TF: u32 = u16::MAX as u32;

/// A fast non-cryptographic hasher (the Fx hash of rustc) for the token
/// maps: keys are short strings from our own input, not attacker-chosen
/// in any way that matters for a build.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// One document holding one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Document id.
    pub doc: u32,
    /// Occurrences in the document (title, labels and body).
    pub tf: u16,
    /// The token occurs in the title.
    pub title: bool,
    /// Bit `p % 8` is set for each position `p` where the token starts.
    pub mask: u8,
}

/// The gathered index, ready to be encoded.
#[derive(Debug)]
pub struct Index {
    /// Documents by id (newest first).
    pub docs: Vec<SearchDoc>,
    /// Positions per document (Han characters plus words), for BM25.
    pub lengths: Vec<u32>,
    /// Mean of `lengths`.
    pub avg_length: f64,
    /// Tokens sorted by their bytes, each with postings sorted by document id.
    pub postings: Vec<(String, Vec<Posting>)>,
}

/// Region and mode names are part of a document's searchable labels.
pub struct Labels<'a> {
    /// Region names, by region index.
    pub regions: &'a [String],
    /// Mode names, by mode index.
    pub modes: &'a [String],
}

/// The filter token of a region (by index); never produced by text.
pub fn region_token(i: usize) -> String {
    format!("#r:{i}")
}

/// The filter token of a co-building mode (by index).
pub fn mode_token(i: usize) -> String {
    format!("#m:{i}")
}

/// Orders documents newest first (undated last), then by URL.
pub fn sort_docs(docs: &mut [SearchDoc]) {
    docs.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
}

/// The searchable text of a document: title, labels, then body, separated
/// by newlines (so no token spans two fields), and the title's length in characters.
fn stream(doc: &SearchDoc, labels: &Labels) -> (String, u32) {
    let mut s = String::with_capacity(doc.title.len() + doc.text.len() + 64);
    s.push_str(&doc.title);
    let title_len = s.chars().count() as u32;
    s.push('\n');
    for &r in &doc.regions {
        if let Some(n) = labels.regions.get(r) {
            s.push_str(n);
            s.push(' ');
        }
    }
    for &m in &doc.modes {
        if let Some(n) = labels.modes.get(m) {
            s.push_str(n);
            s.push(' ');
        }
    }
    for k in &doc.keywords {
        s.push_str(k);
        s.push(' ');
    }
    if let Some(d) = doc.date {
        s.push_str(&d.format("%Y-%m-%d").to_string());
    }
    s.push('\n');
    s.push_str(&doc.text);
    (s, title_len)
}

#[derive(Default, Clone, Copy)]
struct Acc {
    tf: u32,
    title: bool,
    mask: u8,
}

/// One or two Han characters packed into a number: most tokens are these,
/// and a number is cheaper to hash and compare than a string.
fn han_key(tok: &str) -> u64 {
    let mut it = tok.chars();
    let a = it.next().map_or(0, |c| c as u64);
    match it.next() {
        Some(b) => (1 << 63) | (a << 21) | b as u64,
        None => a,
    }
}

/// The token of a [`han_key`].
fn han_token(k: u64) -> String {
    let ch = |v: u64| char::from_u32((v & 0x1F_FFFF) as u32).unwrap_or('\u{fffd}');
    if k >> 63 == 1 { [ch(k >> 21), ch(k)].iter().collect() } else { ch(k).to_string() }
}

/// Token maps: Han tokens by packed key, the others (words, prefixes, filters) by text.
#[derive(Default)]
struct Maps<V> {
    han: FxMap<u64, V>,
    text: FxMap<String, V>,
}

/// The tokens of one document: counts, title flags and masks, and the
/// document's length in positions (Han characters plus words). `maps` is
/// scratch space, emptied first, reused from document to document.
fn doc_tokens(doc: &SearchDoc, labels: &Labels, maps: &mut Maps<Acc>) -> u32 {
    maps.han.clear();
    maps.text.clear();
    let (text, title_len) = stream(doc, labels);
    let mut length = 0u32;
    tokenize::tokenize(&text, |tok, pos, kind| {
        let acc = match kind {
            Kind::Unigram | Kind::Bigram => maps.han.entry(han_key(tok)).or_default(),
            Kind::Word | Kind::Prefix => match maps.text.get_mut(tok) {
                Some(a) => a,
                None => maps.text.entry(tok.to_string()).or_default(),
            },
        };
        acc.tf = (acc.tf + 1).min(MAX_TF);
        // A token "in the title" lies wholly inside it; words and prefixes
        // start inside it and end before the newline.
        if pos < title_len && (kind != Kind::Bigram || pos + 1 < title_len) {
            acc.title = true;
        }
        acc.mask |= 1 << (pos % MASK_BITS);
        if matches!(kind, Kind::Unigram | Kind::Word) {
            length += 1;
        }
    });
    for &r in &doc.regions {
        maps.text.insert(region_token(r), Acc { tf: 1, title: false, mask: 0 });
    }
    for &m in &doc.modes {
        maps.text.insert(mode_token(m), Acc { tf: 1, title: false, mask: 0 });
    }
    length
}

/// What one worker gathered: postings, document lengths, scratch maps.
#[derive(Default)]
struct Partial {
    postings: Maps<Vec<Posting>>,
    lengths: Vec<(u32, u32)>,
    scratch: Maps<Acc>,
}

fn merge<K: std::hash::Hash + Eq>(into: &mut FxMap<K, Vec<Posting>>, from: FxMap<K, Vec<Posting>>) {
    for (k, mut v) in from {
        into.entry(k).or_default().append(&mut v);
    }
}

/// Tokenizes every document (in parallel) and gathers the postings.
pub fn build(mut docs: Vec<SearchDoc>, labels: &Labels) -> Index {
    sort_docs(&mut docs);
    let merged = docs
        .par_iter()
        .enumerate()
        .with_min_len(64)
        .fold(Partial::default, |mut part, (id, doc)| {
            let len = doc_tokens(doc, labels, &mut part.scratch);
            part.lengths.push((id as u32, len));
            let posting = |a: &Acc| Posting { doc: id as u32, tf: a.tf as u16, title: a.title, mask: a.mask };
            for (k, a) in part.scratch.han.iter() {
                part.postings.han.entry(*k).or_default().push(posting(a));
            }
            for (k, a) in part.scratch.text.iter() {
                match part.postings.text.get_mut(k) {
                    Some(v) => v.push(posting(a)),
                    None => {
                        part.postings.text.insert(k.clone(), vec![posting(a)]);
                    }
                }
            }
            part
        })
        .reduce(Partial::default, |a, b| {
            let (mut big, small) = if a.postings.han.len() >= b.postings.han.len() { (a, b) } else { (b, a) };
            merge(&mut big.postings.han, small.postings.han);
            merge(&mut big.postings.text, small.postings.text);
            big.lengths.extend(small.lengths);
            big
        });
    let mut lengths = vec![0u32; docs.len()];
    for (doc, len) in merged.lengths {
        lengths[doc as usize] = len.max(1);
    }
    let mut postings: Vec<(String, Vec<Posting>)> = merged.postings.han.into_iter().map(|(k, v)| (han_token(k), v)).collect();
    postings.extend(merged.postings.text);
    // Each list is a few sorted runs (one per worker); a stable sort merges runs in linear time.
    postings.par_iter_mut().for_each(|(_, v)| v.sort_by_key(|p| p.doc));
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let avg_length = if docs.is_empty() { 1.0 } else { (lengths.iter().map(|&l| l as f64).sum::<f64>() / docs.len() as f64).max(1.0) };
    Index { docs, lengths, avg_length, postings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn doc(url: &str, date: Option<(i32, u32, u32)>, title: &str, text: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            kind: "report",
            title: title.into(),
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            regions: vec![0],
            modes: vec![],
            keywords: vec![],
            text: text.into(),
        }
    }

    fn labels() -> (Vec<String>, Vec<String>) {
        (vec!["甲片区".into()], vec![])
    }

    #[test]
    fn documents_are_numbered_newest_first_and_postings_sorted() {
        let docs: Vec<SearchDoc> = (0..300)
            .map(|i| doc(&format!("/r/{i:03}/"), Some((2000 + i % 20, 1, 1 + (i as u32 % 28))), "标题", "在内网上开展党建"))
            .chain([doc("/about/", None, "关于", "内网")])
            .collect();
        let (r, m) = labels();
        let idx = build(docs, &Labels { regions: &r, modes: &m });
        assert_eq!(idx.docs.last().unwrap().url, "/about/");
        assert!(idx.docs.windows(2).all(|w| w[0].date >= w[1].date));
        let (_, p) = idx.postings.iter().find(|(t, _)| t == "内网").unwrap();
        assert_eq!(p.len(), 301);
        assert!(p.windows(2).all(|w| w[0].doc < w[1].doc));
        assert!(idx.postings.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(idx.postings.iter().any(|(t, p)| t == "#r:0" && p.len() == 301));
        assert!(idx.lengths.iter().all(|&l| l > 0));
    }

    #[test]
    fn title_flags_and_masks() {
        let (r, m) = labels();
        let idx = build(vec![doc("/a/", Some((2020, 1, 1)), "安全生产", "在内网上")], &Labels { regions: &r, modes: &m });
        let get = |t: &str| idx.postings.iter().find(|(k, _)| k == t).map(|(_, p)| p[0]).unwrap();
        assert!(get("安全").title && get("生产").title);
        assert!(!get("内网").title);
        // "内网" starts at position 1 of the body; the body starts after the title,
        // a newline, the labels line ("甲片区 2020-01-01") and a newline.
        let body_start = "安全生产\n甲片区 2020-01-01\n".chars().count() as u32;
        assert_eq!(get("内网").mask, 1 << ((body_start + 1) % MASK_BITS));
        assert!(get("甲片").tf == 1);
    }
}
