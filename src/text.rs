//! Reading source text: the size limit of a source file, UTF-8 decoding
//! with the likely encoding named when it fails, and the BOM removed.
//! Shared by the content loader, `site.yaml`, the theme and SVG cleaning.

use crate::diagnostics::Diagnostic;
use crate::messages::{Hint, Message};

/// The largest Markdown or YAML file read, in bytes. A bigger one (a pasted
/// database dump, a mis-saved video) is refused before it is read, so the
/// memory a build needs stays bounded whatever lands in `content/`; below
/// it, memory grows linearly with the file (see docs/performance.md).
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

/// `bytes` as a `String` when they are UTF-8, else given back. Checked by
/// simdutf8, which checks many bytes at a time: every byte of every
/// source passes this check, and Chinese text is all multi-byte
/// characters, the standard library's slow path.
pub fn string_from_utf8(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    match simdutf8::basic::from_utf8(&bytes) {
        // SAFETY: `bytes` were validated as UTF-8 just above.
        Ok(_) => Ok(unsafe { String::from_utf8_unchecked(bytes) }),
        Err(_) => Err(bytes),
    }
}

/// `c.is_alphanumeric()`, answered for the Basic Multilingual Plane from
/// a table made once from that same function (8 KiB): the standard
/// library looks up every character outside ASCII in its Unicode tables,
/// and Chinese text is full of punctuation (`，。、“”《》`) that the word
/// counter and the search tokenizer ask about, tens of millions of times
/// in a large build. Outside the plane it asks the standard library.
pub fn is_alphanumeric(c: char) -> bool {
    static BMP: std::sync::LazyLock<Box<[u64; 1024]>> = std::sync::LazyLock::new(|| {
        let mut bits = Box::new([0u64; 1024]);
        for c in (0..=0xFFFFu32).filter_map(char::from_u32).filter(|c| c.is_alphanumeric()) {
            bits[c as usize >> 6] |= 1 << (c as u32 & 63);
        }
        bits
    });
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        n @ 0x80..=0xFFFF => BMP[n as usize >> 6] & (1 << (n & 63)) != 0,
        _ => c.is_alphanumeric(),
    }
}

/// `s` without a leading byte order mark.
fn strip_bom(mut s: String) -> String {
    if s.starts_with('\u{feff}') {
        s.drain(..3);
    }
    s
}

/// Decodes a source file's bytes as UTF-8 text and removes a leading BOM.
pub fn decode_text(bytes: Vec<u8>, shown: &str) -> Result<String, Box<Diagnostic>> {
    // Valid text (nearly always) takes the fast check; the standard
    // library's locates the error in the rest.
    let bytes = match string_from_utf8(bytes) {
        Ok(s) => return Ok(strip_bom(s)),
        Err(bytes) => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok(strip_bom(s)),
        Err(e) => {
            let bytes = e.as_bytes();
            let valid_up_to = e.utf8_error().valid_up_to();
            let bom = if bytes.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
            let line_start = bytes[..valid_up_to].iter().rposition(|b| *b == b'\n').map(|i| i + 1).unwrap_or(bom);
            let line = bytes[..valid_up_to].iter().filter(|b| **b == b'\n').count() + 1;
            let col = std::str::from_utf8(&bytes[line_start..valid_up_to]).map(|s| s.chars().count() + 1).unwrap_or(1);
            // Show the line as far as it can be read, with the bad bytes as `�`.
            let line_end = bytes[line_start..].iter().position(|b| *b == b'\n').map(|i| line_start + i).unwrap_or(bytes.len());
            let lossy = String::from_utf8_lossy(&bytes[line_start..line_end.min(line_start + 400)]);
            let likely = likely_encoding(bytes, line_start);
            let hint = if likely.is_some_and(|e| e.starts_with("UTF-16")) { Hint::SaveUtf16AsUtf8 } else { Hint::SaveAsUtf8 };
            let mut d = Diagnostic::new(shown, line, col, Message::NotUtf8 { likely }).with_hint(hint);
            // UTF-16 read as bytes is every other character a NUL: nothing to show.
            if likely.is_none_or(|e| !e.starts_with("UTF-16")) {
                d.source_line = Some(lossy.trim_end_matches('\r').to_string());
            }
            Err(Box::new(d))
        }
    }
}

/// The encoding that bytes which are not UTF-8 were most likely saved in,
/// for the `not-utf8` message: UTF-16 by its byte-order mark, or by the
/// NUL bytes that every ASCII character (the `---`, the keys) has in it;
/// GBK/GB18030 (what Chinese Windows editors save by default) when the
/// line with the first bad byte decodes as GB18030 without error
/// (`encoding_rs`, the WHATWG decoder) and holds Chinese characters then.
/// Only that line is tried: a file often mixes a UTF-8 front matter with a
/// body pasted from a GBK file. `None` when neither fits.
fn likely_encoding(bytes: &[u8], line_start: usize) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(4096)];
    if head.starts_with(b"\xff\xfe") {
        return Some("UTF-16LE");
    }
    if head.starts_with(b"\xfe\xff") {
        return Some("UTF-16BE");
    }
    let nul_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (nul_at(0), nul_at(1));
    let pairs = head.len() / 2;
    // ASCII in UTF-16LE is `x 0`, in UTF-16BE `0 x`; text with a quarter of
    // its characters ASCII (a Chinese report's front matter has more) shows it.
    if pairs >= 4 && odd * 4 >= pairs && even * 8 <= odd {
        return Some("UTF-16LE");
    }
    if pairs >= 4 && even * 4 >= pairs && odd * 8 <= even {
        return Some("UTF-16BE");
    }
    let line_end = bytes[line_start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| line_start + i);
    let line = &bytes[line_start..line_end];
    let decoded = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(line)?;
    decoded.chars().any(|c| matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')).then_some("GBK/GB18030")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_answers_as_the_standard_library() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    fn not_utf8(bytes: &[u8]) -> Diagnostic {
        *decode_text(bytes.to_vec(), "a.md").unwrap_err()
    }

    #[test]
    fn not_utf8_names_the_likely_encoding() {
        let text = "---\ntitle: 标题\n---\n\n正文是中文。\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let d = not_utf8(&gbk);
        assert_eq!((d.line, d.column, &d.message), (2, 8, &Message::NotUtf8 { likely: Some("GBK/GB18030") }));
        assert_eq!(d.hint, Some(Hint::SaveAsUtf8));
        // A UTF-8 front matter over a body pasted from a GBK file.
        let mixed = [text.as_bytes(), &encoding_rs::GBK.encode("第二段。\n").0].concat();
        assert_eq!(not_utf8(&mixed).message, Message::NotUtf8 { likely: Some("GBK/GB18030") });

        let utf16 = |big: bool, bom: bool| {
            let mut out = Vec::new();
            if bom {
                out.extend_from_slice(if big { b"\xfe\xff" } else { b"\xff\xfe" });
            }
            for unit in text.encode_utf16() {
                out.extend_from_slice(&if big { unit.to_be_bytes() } else { unit.to_le_bytes() });
            }
            out
        };
        for (big, bom, name) in [(false, true, "UTF-16LE"), (false, false, "UTF-16LE"), (true, true, "UTF-16BE"), (true, false, "UTF-16BE")]
        {
            let d = not_utf8(&utf16(big, bom));
            assert_eq!(d.message, Message::NotUtf8 { likely: Some(name) }, "big endian {big}, BOM {bom}");
            assert_eq!((d.hint, d.source_line), (Some(Hint::SaveUtf16AsUtf8), None));
        }
        // Bytes that are no text at all are not given a name.
        let d = not_utf8(b"---\ntitle: \xff\xfe\xfd\n---\n");
        assert_eq!((d.message, d.hint), (Message::NotUtf8 { likely: None }, Some(Hint::SaveAsUtf8)));
    }
}
