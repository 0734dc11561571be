//! Gathering postings: which documents hold each token, with a BM25
//! weight, whether in the title, and at which positions (as a mask).
//!
//! Documents are numbered newest first (then by URL), so a smaller id is a
//! more recent page: the browser breaks ranking ties on the id, and a year
//! is a contiguous range of ids.
//!
//! Memory matters here (the whole site graph is still alive): postings are
//! encoded to bytes as they are gathered, about 3 bytes each, never held as
//! structs. The documents are cut into contiguous chunks of ids, tokenized
//! chunk by chunk in parallel, and the chunks' lists are joined in id
//! order, so the result does not depend on how the work was split.

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

/// The postings of one token, encoded as the shards store them (sparse
/// form, see [`super::shard`]): per document `doc_delta weight [mask]`, the
/// first delta being the id itself.
#[derive(Debug, Default, Clone)]
pub struct Postings {
    /// Documents holding the token.
    pub df: u32,
    /// The last document id (to continue the deltas).
    pub last: u32,
    /// The encoded postings.
    pub bytes: Vec<u8>,
}

/// One decoded posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Document id.
    pub doc: u32,
    /// Bit 7: in the title; bits 0–6: the quantized BM25 weight.
    pub weight: u8,
    /// Position mask (0 when the token carries none).
    pub mask: u8,
}

impl Postings {
    fn push(&mut self, doc: u32, weight: u8, mask: Option<u8>) {
        super::encoding::put_varint(&mut self.bytes, (if self.df == 0 { doc } else { doc - self.last }) as u64);
        self.bytes.push(weight);
        if let Some(m) = mask {
            self.bytes.push(m);
        }
        self.df += 1;
        self.last = doc;
    }

    /// One list from runs of postings of increasing document ids.
    pub fn join(mut runs: Vec<Postings>) -> Postings {
        if runs.len() == 1 {
            return runs.pop().unwrap_or_default();
        }
        let mut out = Postings { bytes: Vec::with_capacity(runs.iter().map(|r| r.bytes.len()).sum()), ..Postings::default() };
        for run in runs {
            out.append(run);
        }
        out
    }

    /// Appends the postings of later documents.
    fn append(&mut self, mut later: Postings) {
        if self.df == 0 {
            self.bytes.extend_from_slice(&later.bytes);
            self.df = later.df;
            self.last = later.last;
            return;
        }
        let mut at = 0;
        let first = varint(&later.bytes, &mut at);
        super::encoding::put_varint(&mut self.bytes, first - self.last as u64);
        self.bytes.extend_from_slice(&later.bytes[at..]);
        self.df += later.df;
        self.last = later.last;
        later.bytes.clear();
    }

    /// The postings, decoded; `masks` tells whether the token carries masks.
    pub fn iter(&self, masks: bool) -> impl Iterator<Item = Posting> + '_ {
        let mut at = 0;
        let mut doc = 0u64;
        (0..self.df).map(move |i| {
            let delta = varint(&self.bytes, &mut at);
            doc = if i == 0 { delta } else { doc + delta };
            let weight = self.bytes[at];
            let mask = if masks { self.bytes[at + 1] } else { 0 };
            at += 1 + masks as usize;
            Posting { doc: doc as u32, weight, mask }
        })
    }
}

/// Reads an unsigned LEB128 varint at `at`.
fn varint(b: &[u8], at: &mut usize) -> u64 {
    let (mut v, mut shift) = (0u64, 0);
    while let Some(&byte) = b.get(*at) {
        *at += 1;
        v |= ((byte & 0x7f) as u64) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            break;
        }
    }
    v
}

/// The gathered index, ready to be written.
#[derive(Debug)]
pub struct Index {
    /// Documents by id (newest first).
    pub docs: Vec<SearchDoc>,
    /// Tokens sorted by their bytes, each with its postings in runs of
    /// increasing document ids ([`Postings::join`] makes them one list).
    pub postings: Vec<(String, Vec<Postings>)>,
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
/// by newlines (so no token spans two fields), the title's length in
/// characters and where the body starts (in bytes).
fn stream(doc: &SearchDoc, labels: &Labels) -> (String, u32, usize) {
    let mut s = header(doc, labels);
    s.reserve(doc.text.packed.len());
    let title_len = s[..doc.title.len()].chars().count() as u32;
    let body = s.len();
    s.push_str(&doc.text.packed.unpack());
    (s, title_len, body)
}

/// The start of a document's [`stream`]: title and labels, each line ended
/// by a newline.
fn header(doc: &SearchDoc, labels: &Labels) -> String {
    let mut s = String::with_capacity(doc.title.len() + 64);
    s.push_str(&doc.title);
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
    s
}

#[derive(Default, Clone, Copy)]
struct Acc {
    tf: u32,
    title: bool,
    mask: u8,
}

/// One or two Han characters packed into a number: most tokens are these,
/// and a number is cheaper to hash and compare than a string. Bit 63 marks
/// a bigram.
fn han_key(a: char, b: Option<char>) -> u64 {
    match b {
        Some(b) => (1 << 63) | ((a as u64) << 21) | b as u64,
        None => a as u64,
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

/// The characters of the CJK Unified Ideographs block (U+4E00 to U+9FFF),
/// where nearly every Han character of Chinese text is: their
/// single-character tokens are counted in a table indexed by the character
/// rather than in a map, since they are a third of all the tokens.
const UNIGRAMS: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

/// One document's tokens while it is tokenized (emptied by [`gather`]
/// after each document, reused from document to document): the maps, and
/// the single characters of [`UNIGRAMS`] by character, with the ones the
/// document has in the order first seen.
struct Scratch {
    maps: Maps<Acc>,
    unigrams: Vec<Acc>,
    seen: Vec<u32>,
}

impl Default for Scratch {
    fn default() -> Self {
        let len = (UNIGRAMS.end() - UNIGRAMS.start() + 1) as usize;
        Scratch { maps: Maps::default(), unigrams: vec![Acc::default(); len], seen: Vec::new() }
    }
}

/// The tokens of one document with counts, title flags and masks, into
/// `scratch` (its maps emptied first; its single characters emptied by
/// [`gather`] as it takes them). Returns the document's [`stream`] and
/// where its body starts.
fn doc_tokens(doc: &SearchDoc, labels: &Labels, scratch: &mut Scratch) -> (String, usize) {
    let Scratch { maps, unigrams, seen } = scratch;
    maps.han.clear();
    maps.text.clear();
    let (text, title_len, body) = stream(doc, labels);
    tokenize::tokenize_han(&text, |tok, pos, kind, han| {
        let acc = match (kind, han) {
            (Kind::Unigram, Some((a, None))) if UNIGRAMS.contains(&(a as u32)) => {
                let at = a as u32 - UNIGRAMS.start();
                let acc = &mut unigrams[at as usize];
                if acc.tf == 0 {
                    seen.push(at);
                }
                acc
            }
            (Kind::Unigram | Kind::Bigram, Some((a, b))) => maps.han.entry(han_key(a, b)).or_default(),
            _ => match maps.text.get_mut(tok) {
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
    });
    for &r in &doc.regions {
        maps.text.insert(region_token(r), Acc { tf: 1, title: false, mask: 0 });
    }
    for &m in &doc.modes {
        maps.text.insert(mode_token(m), Acc { tf: 1, title: false, mask: 0 });
    }
    (text, body)
}

/// Called with each document, its id and its body text once it is
/// tokenized (the search files use the text for snippets), from several
/// threads at once. The text is dropped from the document afterwards.
pub type EachDoc<'a> = &'a (dyn Fn(u32, &SearchDoc, &str) -> anyhow::Result<()> + Sync);

/// The postings of a run of documents starting at id `first`; hands each
/// document to `each` and drops its text.
fn gather(docs: &mut [SearchDoc], first: u32, lengths: &[u32], avg: f64, labels: &Labels, each: EachDoc) -> anyhow::Result<Maps<Postings>> {
    let mut out: Maps<Postings> = Maps::default();
    let mut scratch = Scratch::default();
    for (k, doc) in docs.iter_mut().enumerate() {
        let id = first + k as u32;
        let (text, body) = doc_tokens(doc, labels, &mut scratch);
        each(id, doc, &text[body..])?;
        doc.text = super::SearchText::default();
        let len = lengths[id as usize];
        let weight = |a: &Acc| ((a.title as u8) << 7) | super::encoding::quantize_weight(a.tf, len, avg);
        // Single characters carry no masks, bigrams do.
        for at in scratch.seen.drain(..) {
            let a = std::mem::take(&mut scratch.unigrams[at as usize]);
            out.han.entry((UNIGRAMS.start() + at) as u64).or_default().push(id, weight(&a), None);
        }
        let Maps { han, text: words } = &mut scratch.maps;
        for (key, a) in han.drain() {
            let mask = (key >> 63 == 1).then_some(a.mask);
            out.han.entry(key).or_default().push(id, weight(&a), mask);
        }
        for (tok, a) in words.iter() {
            let mask = super::encoding::has_mask(tok).then_some(a.mask);
            match out.text.get_mut(tok) {
                Some(p) => p.push(id, weight(a), mask),
                None => {
                    let mut p = Postings::default();
                    p.push(id, weight(a), mask);
                    out.text.insert(tok.clone(), p);
                }
            }
        }
    }
    Ok(out)
}

/// Tokenizes every document (in parallel) and gathers the postings,
/// handing each document to `each` on the way (the documents of the
/// [`Index`] keep no text).
pub fn build(mut docs: Vec<SearchDoc>, labels: &Labels, each: EachDoc) -> anyhow::Result<Index> {
    sort_docs(&mut docs);
    let mut phases = crate::timing::Phases::start("        index/");
    // BM25 needs every document's length (and their mean) before the first
    // weight is encoded: the positions of the title and labels, counted
    // here, and of the body, counted when its text was made (the newline
    // between them ends any word, so the counts add up).
    let lengths: Vec<u32> = docs.par_iter().map(|d| (tokenize::positions(&header(d, labels)) + d.text.positions).max(1)).collect();
    let avg = if docs.is_empty() { 1.0 } else { (lengths.iter().map(|&l| l as f64).sum::<f64>() / docs.len() as f64).max(1.0) };
    // Chunks of contiguous ids, several per thread for balance; `collect`
    // keeps them in id order.
    phases.mark("lengths");
    let chunk = docs.len().div_ceil(rayon::current_num_threads() * 8).max(64);
    let parts: Vec<Maps<Postings>> = docs
        .par_chunks_mut(chunk)
        .enumerate()
        .map(|(i, ds)| gather(ds, (i * chunk) as u32, &lengths, avg, labels, each))
        .collect::<anyhow::Result<_>>()?;
    phases.mark("gather");
    // Each token's lists stay in their parts until the token is encoded
    // (`Postings::join`, one token at a time): joining them all here held
    // the parts and the joined lists at once, the peak of a 100k-report build.
    let mut merged: Maps<Vec<Postings>> = Maps::default();
    for part in parts {
        for (k, p) in part.han {
            merged.han.entry(k).or_default().push(p);
        }
        for (k, p) in part.text {
            merged.text.entry(k).or_default().push(p);
        }
    }
    let mut postings: Vec<(String, Vec<Postings>)> = merged.han.into_iter().map(|(k, p)| (han_token(k), p)).collect();
    postings.extend(merged.text);
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    phases.mark("sort");
    Ok(Index { docs, postings })
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

    fn find(idx: &Index, t: &str) -> Postings {
        idx.postings.iter().find(|(k, _)| k == t).map(|(_, p)| Postings::join(p.clone())).unwrap_or_else(|| panic!("no token {t}"))
    }

    #[test]
    fn documents_are_numbered_newest_first_and_postings_sorted() {
        let docs: Vec<SearchDoc> = (0..300)
            .map(|i| doc(&format!("/r/{i:03}/"), Some((2000 + i % 20, 1, 1 + (i as u32 % 28))), "标题", "在内网上开展党建"))
            .chain([doc("/about/", None, "关于", "内网")])
            .collect();
        let (r, m) = labels();
        let idx = build(docs, &Labels { regions: &r, modes: &m }, &|_, _, _| Ok(())).unwrap();
        assert_eq!(idx.docs.last().unwrap().url, "/about/");
        assert!(idx.docs.windows(2).all(|w| w[0].date >= w[1].date));
        let p = find(&idx, "内网");
        assert_eq!(p.df, 301);
        let ids: Vec<u32> = p.iter(true).map(|p| p.doc).collect();
        assert_eq!(ids, (0..301).collect::<Vec<u32>>());
        assert!(idx.postings.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(find(&idx, "#r:0").iter(false).count(), 301);
    }

    #[test]
    fn chunks_join_into_one_list_whatever_the_split() {
        // More documents than one chunk, a token in a few scattered ones.
        let docs: Vec<SearchDoc> =
            (0..1000).map(|i| doc(&format!("/r/{i:04}/"), Some((2020, 1, 1)), "标题", if i % 97 == 0 { "内网" } else { "其他" })).collect();
        let (r, m) = labels();
        let idx = build(docs, &Labels { regions: &r, modes: &m }, &|_, _, _| Ok(())).unwrap();
        let got: Vec<String> = find(&idx, "内网").iter(true).map(|p| idx.docs[p.doc as usize].url.clone()).collect();
        let want: Vec<String> = (0..1000).filter(|i| i % 97 == 0).map(|i| format!("/r/{i:04}/")).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn title_flags_and_masks() {
        let (r, m) = labels();
        let idx =
            build(vec![doc("/a/", Some((2020, 1, 1)), "安全生产", "在内网上")], &Labels { regions: &r, modes: &m }, &|_, _, _| {
                Ok(())
            })
            .unwrap();
        let get = |t: &str| find(&idx, t).iter(super::super::encoding::has_mask(t)).next().unwrap();
        assert!(get("安全").weight & 0x80 != 0 && get("生产").weight & 0x80 != 0);
        assert!(get("内网").weight & 0x80 == 0);
        // "内网" starts at position 1 of the body; the body starts after the title,
        // a newline, the labels line ("甲片区 2020-01-01") and a newline.
        let body_start = "安全生产\n甲片区 2020-01-01\n".chars().count() as u32;
        assert_eq!(get("内网").mask, 1 << ((body_start + 1) % MASK_BITS));
        assert_eq!(get("网").mask, 0);
    }
}
