//! Encoding the index into the files the browser downloads.
//!
//! ```text
//! /search/index.json       manifest: counts, shard count, years, regions, modes
//! /search/s/<n>.bin        shard n: the tokens whose FNV-1a hash is n modulo the shard count
//! /search/t/<n>.bin        one large token (its shard says which n), same layout as a shard
//! /search/d/<id / 256>/<id>.json   one document: URL, title, date, kind, regions, modes, text
//! ```
//!
//! A shard (all integers are unsigned LEB128 varints):
//!
//! ```text
//! count  { token_len token_utf8  df×4+large×2+dense  bytes_len  postings }*count     tokens sorted by bytes
//! postings = { doc_delta weight [mask] }*df                  (dense = 0)
//!          | bitmap[ceil(docs / 8)]  { weight [mask] }*df    (dense = 1)
//!          | n                                               (large = 1: the postings are in t/<n>.bin)
//! ```
//!
//! `doc_delta` is the document id minus the previous one in the list (the
//! first is the id itself); the bitmap has bit `id % 8` of byte `id / 8` set
//! for each document, and is used when it is smaller than the deltas (a
//! token in more than about one document in eight); `weight` is one byte, bit 7 the title flag and
//! bits 0–6 the BM25 term weight quantized to 1..=127; `mask` (a position
//! bitmask, see [`super::index::MASK_BITS`]) is present except for
//! single-Han-character tokens and filter tokens (starting with `#`).
//!
//! A query of a few characters reads the manifest (cached), one shard per
//! distinct token (and the token's own file when it is large), and one
//! document file per result shown; the sizes below keep that under the
//! budget in `docs/search.md`. Large tokens are found through stubs in the
//! shards rather than a list in the manifest, so the manifest stays small
//! however large the vocabulary grows.

use chrono::Datelike;
use rayon::prelude::*;
use serde::Serialize;

use anyhow::Result;

use super::SearchStats;
use super::encoding::{has_mask, put_varint};
use super::index::{Index, Postings};
use crate::language::Language;
use crate::output::Sink;

/// A shard aims at this many bytes.
const SHARD_TARGET: usize = 4 * 1024;
/// A token whose postings take more than this gets a file of its own.
const LARGE_TOKEN: usize = 4 * 1024;
/// At most this many shards.
const MAX_SHARDS: usize = 8192;
/// Document files per folder under `/search/d/`. Thousands of files
/// created in one folder by two threads at once serialize on the folder's
/// lock and slow down as it grows (on ext4 much more than on tmpfs);
/// folders of 256 keep each small.
pub const DOCS_PER_FOLDER: usize = 256;

/// The site path of document `id`'s file.
pub fn doc_path(id: usize) -> String {
    format!("/search/d/{}/{id}.json", id / DOCS_PER_FOLDER)
}

/// Characters of body text kept per document for snippets.
pub const TEXT_CHARS: usize = 3000;

/// A region as the search page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RegionMeta {
    /// Region id (`chengdu`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Short name for badges.
    pub short: String,
    /// Site path of the showcase.
    pub url: String,
    /// Brand colour.
    pub color: String,
    /// Text colour on the brand colour.
    pub text: String,
}

/// A co-building mode.
#[derive(Debug, Clone, Serialize)]
pub struct ModeMeta {
    /// Id (`organization`).
    pub id: String,
    /// Name (`组织共建`).
    pub name: String,
}

/// Site facts the manifest carries.
#[derive(Debug, Clone)]
pub struct SiteMeta {
    /// Regions, by index.
    pub regions: Vec<RegionMeta>,
    /// Modes, by index.
    pub modes: Vec<ModeMeta>,
    /// Language, for dates.
    pub language: Language,
    /// `relative_urls`: result links get `index.html`.
    pub relative: bool,
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: u32,
    version: String,
    docs: usize,
    shards: usize,
    mask_bits: u32,
    /// Documents per folder of `/search/d/` (see [`doc_path`]).
    docs_per_folder: usize,
    /// `[year, first id, end id)`, newest first.
    years: Vec<(i32, usize, usize)>,
    regions: &'a [RegionMeta],
    modes: &'a [ModeMeta],
    relative: bool,
}

#[derive(Serialize)]
struct DocOut<'a> {
    /// URL (site path).
    u: &'a str,
    /// Title.
    t: &'a str,
    /// Kind.
    k: &'a str,
    /// Date `YYYY-MM-DD`, empty when none.
    d: String,
    /// Date as displayed.
    dd: String,
    /// Region indices.
    r: &'a [usize],
    /// Mode indices.
    m: &'a [usize],
    /// Body text (cut).
    x: &'a str,
}

/// FNV-1a, 32 bit: the shard of a token is this hash modulo the shard count.
pub fn hash(token: &str) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for b in token.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x01000193);
    }
    h
}

/// Encoded postings of one token.
struct Encoded {
    /// Document ids as a bitmap rather than deltas.
    dense: bool,
    bytes: Vec<u8>,
}

/// Encodes a posting list, as deltas or, when that is smaller (a token in
/// more than about one document in eight), as a bitmap of all `docs`
/// documents followed by the weights and masks in document order.
fn encode_postings(token: &str, postings: Postings, docs: usize) -> Encoded {
    let mask = has_mask(token);
    let payload = postings.df as usize * (1 + mask as usize);
    let bitmap_len = docs.div_ceil(8);
    if bitmap_len >= postings.bytes.len() - payload {
        return Encoded { dense: false, bytes: postings.bytes };
    }
    let mut out = vec![0u8; bitmap_len];
    out.reserve(payload);
    for p in postings.iter(mask) {
        out[p.doc as usize / 8] |= 1 << (p.doc % 8);
        out.push(p.weight);
        if mask {
            out.push(p.mask);
        }
    }
    Encoded { dense: true, bytes: out }
}

fn put_entry(out: &mut Vec<u8>, token: &str, df: usize, postings: &Encoded) {
    put_varint(out, token.len() as u64);
    out.extend_from_slice(token.as_bytes());
    put_varint(out, (df as u64) << 2 | postings.dense as u64);
    put_varint(out, postings.bytes.len() as u64);
    out.extend_from_slice(&postings.bytes);
}

/// A shard's entry for a large token: where its postings are.
fn put_stub(out: &mut Vec<u8>, token: &str, df: usize, file: usize) {
    let mut n = Vec::new();
    put_varint(&mut n, file as u64);
    put_varint(out, token.len() as u64);
    out.extend_from_slice(token.as_bytes());
    put_varint(out, (df as u64) << 2 | 2);
    put_varint(out, n.len() as u64);
    out.extend_from_slice(&n);
}

/// The file of document `id` (its body `text` cut for snippets): site path and bytes.
pub fn doc_file(id: u32, d: &super::SearchDoc, text: &str, language: Language) -> Result<(String, Vec<u8>)> {
    let cut = text.char_indices().nth(TEXT_CHARS).map_or(text.len(), |(i, _)| i);
    let out = DocOut {
        u: &d.url,
        t: &d.title,
        k: d.kind,
        d: d.date.map(|x| x.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        dd: d.date.map(|x| crate::render::date_display(x, language)).unwrap_or_default(),
        r: &d.regions,
        m: &d.modes,
        x: &text[..cut],
    };
    Ok((doc_path(id as usize), out.to_json()))
}

impl DocOut<'_> {
    /// The document as `serde_json::to_vec` writes it (compact, fields in
    /// order), with its strings escaped by [`json_string`]: a document's
    /// text is thousands of characters, and serde_json looks at each byte.
    fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.x.len() + self.t.len() + self.u.len() + 96);
        let numbers = |out: &mut Vec<u8>, ns: &[usize]| {
            out.push(b'[');
            for (i, n) in ns.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(n.to_string().as_bytes());
            }
            out.push(b']');
        };
        for (i, (key, value)) in [("u", self.u), ("t", self.t), ("k", self.k), ("d", &self.d), ("dd", &self.dd)].into_iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"{\"" } else { b",\"" });
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\":");
            json_string(&mut out, value);
        }
        out.extend_from_slice(b",\"r\":");
        numbers(&mut out, self.r);
        out.extend_from_slice(b",\"m\":");
        numbers(&mut out, self.m);
        out.extend_from_slice(b",\"x\":");
        json_string(&mut out, self.x);
        out.push(b'}');
        out
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"` and `\`,
/// the control characters `\b \f \n \r \t` by name and the others as
/// `\u00xx`, nothing else. Checked 16 bytes at a time (a loop the
/// compiler vectorizes): Chinese text has a byte to escape only at its
/// line ends.
fn json_string(out: &mut Vec<u8>, s: &str) {
    let special = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let bytes = s.as_bytes();
    out.push(b'"');
    let mut done = 0;
    let mut at = 0;
    while at < bytes.len() {
        let chunk = &bytes[at..bytes.len().min(at + 16)];
        if !chunk.iter().fold(false, |any, &b| any | special(b)) {
            at += chunk.len();
            continue;
        }
        for (i, &b) in chunk.iter().enumerate() {
            if !special(b) {
                continue;
            }
            out.extend_from_slice(&bytes[done..at + i]);
            done = at + i + 1;
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.extend_from_slice(b"\\u00");
                    out.push(HEX[(b >> 4) as usize]);
                    out.push(HEX[(b & 0xf) as usize]);
                }
            }
        }
        at += chunk.len();
    }
    out.extend_from_slice(&bytes[done..]);
    out.push(b'"');
}

/// One written file: site path, short content hash, size.
pub type Written = (String, String, usize);

/// Hands a file to `sink` and describes it for the manifest.
pub fn emit(sink: &dyn Sink, path: String, bytes: Vec<u8>) -> Result<Written> {
    sink.write(&path, &bytes)?;
    Ok((path, crate::hash::short_hex(&bytes), bytes.len()))
}

/// Encodes the index into its files and hands each to `sink` as soon as it
/// is ready (in parallel), so that no more than the postings and one file
/// per worker are held at once. `doc_files` are the document files written
/// while the index was built ([`doc_file`]). The manifest goes last: its
/// `version` is a hash of every other file.
pub fn write(idx: Index, meta: &SiteMeta, doc_files: Vec<Written>, sink: &dyn Sink) -> Result<SearchStats> {
    let mut phases = crate::timing::Phases::start("        write/");
    let Index { docs, postings } = idx;
    let (tokens, lists): (Vec<String>, Vec<Vec<Postings>>) = postings.into_iter().unzip();
    let dfs: Vec<usize> = lists.iter().map(|runs| runs.iter().map(|p| p.df as usize).sum()).collect();
    let encoded: Vec<Encoded> =
        tokens.par_iter().zip(lists.into_par_iter()).map(|(t, runs)| encode_postings(t, Postings::join(runs), docs.len())).collect();
    let small_total: usize = encoded.iter().filter(|e| e.bytes.len() <= LARGE_TOKEN).map(|e| e.bytes.len() + 8).sum();
    let shards = small_total.div_ceil(SHARD_TARGET).next_power_of_two().clamp(1, MAX_SHARDS);

    // Per token: its file number under t/ when it is large.
    let mut large: Vec<Option<usize>> = vec![None; encoded.len()];
    let mut large_ids: Vec<usize> = Vec::new();
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); shards];
    for (i, (token, bytes)) in tokens.iter().zip(&encoded).enumerate() {
        if bytes.bytes.len() > LARGE_TOKEN {
            large[i] = Some(large_ids.len());
            large_ids.push(i);
        }
        buckets[hash(token) as usize % shards].push(i);
    }
    let emit = |path: String, bytes: Vec<u8>| emit(sink, path, bytes);
    let mut written: Vec<Written> = large_ids
        .par_iter()
        .enumerate()
        .map(|(n, &i)| {
            let mut out = Vec::with_capacity(encoded[i].bytes.len() + 16);
            put_varint(&mut out, 1);
            put_entry(&mut out, &tokens[i], dfs[i], &encoded[i]);
            emit(format!("/search/t/{n}.bin"), out)
        })
        .collect::<Result<_>>()?;
    // Tokens were visited in sorted order, so each bucket is sorted too.
    let shard_files: Vec<_> = buckets
        .par_iter()
        .enumerate()
        .map(|(n, ids)| {
            let mut out = Vec::new();
            put_varint(&mut out, ids.len() as u64);
            for &i in ids {
                match large[i] {
                    Some(file) => put_stub(&mut out, &tokens[i], dfs[i], file),
                    None => put_entry(&mut out, &tokens[i], dfs[i], &encoded[i]),
                }
            }
            emit(format!("/search/s/{n}.bin"), out)
        })
        .collect::<Result<_>>()?;
    written.extend(shard_files);
    drop(encoded);
    phases.mark("postings");
    written.extend(doc_files);
    written.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));

    let mut years: Vec<(i32, usize, usize)> = Vec::new();
    for (id, d) in docs.iter().enumerate() {
        let Some(date) = d.date else { continue };
        match years.last_mut() {
            Some(y) if y.0 == date.year() => y.2 = id + 1,
            _ => years.push((date.year(), id, id + 1)),
        }
    }
    let digest: String = written.iter().map(|(path, print, _)| format!("{path}{print}")).collect();
    let manifest = Manifest {
        format: 1,
        version: crate::hash::short_hex(digest.as_bytes()),
        docs: docs.len(),
        shards,
        mask_bits: super::index::MASK_BITS,
        docs_per_folder: DOCS_PER_FOLDER,
        years,
        regions: &meta.regions,
        modes: &meta.modes,
        relative: meta.relative,
    };
    written.push(emit("/search/index.json".into(), serde_json::to_vec(&manifest)?)?);
    Ok(SearchStats { docs: docs.len(), tokens: tokens.len(), files: written.len(), bytes: written.iter().map(|w| w.2).sum() })
}

#[cfg(test)]
mod tests {
    #[test]
    fn documents_are_written_as_serde_json_writes_them() {
        let texts = ["", "甲乙\n丙", "a\"b\\c\u{1}\u{8}\u{c}\r\t\u{1f}\u{7f}é", "0123456789abcdef\"0123456789abcdef\n", "报道。“引号”\\"];
        for x in texts {
            let out = DocOut { u: "/r/a\"/", t: x, k: "report", d: String::new(), dd: "2026年1月2日".into(), r: &[0, 12], m: &[], x };
            assert_eq!(String::from_utf8(out.to_json()).unwrap(), serde_json::to_string(&out).unwrap(), "{x:?}");
        }
    }

    use super::*;

    #[test]
    fn varints_and_hash() {
        let mut v = Vec::new();
        put_varint(&mut v, 0);
        put_varint(&mut v, 127);
        put_varint(&mut v, 128);
        put_varint(&mut v, 300);
        assert_eq!(v, [0, 127, 0x80, 1, 0xac, 2]);
        // Reference values of FNV-1a 32.
        assert_eq!(hash(""), 0x811c9dc5);
        assert_eq!(hash("a"), 0xe40c292c);
    }
}
