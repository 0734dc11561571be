//! The bytes of postings that the index builder and the shard writer
//! share: varints, the BM25 weight each posting carries, and which tokens
//! carry position masks (see docs/search.md for the format).

use super::tokenize::is_unigram;

/// BM25 saturation.
pub const K1: f64 = 1.2;
/// BM25 length normalisation.
pub const B: f64 = 0.75;

/// Appends `v` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Whether a token's postings carry position masks.
pub fn has_mask(token: &str) -> bool {
    !token.starts_with('#') && !is_unigram(token)
}

/// The BM25 term weight of `tf` in a document of `len` positions, quantized to 1..=127.
pub fn quantize_weight(tf: u32, len: u32, avg: f64) -> u8 {
    let tf = tf as f64;
    let w = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len as f64 / avg));
    ((w / (K1 + 1.0) * 127.0).round() as i64).clamp(1, 127) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_saturate_and_favour_short_documents() {
        assert!(quantize_weight(1, 100, 100.0) < quantize_weight(5, 100, 100.0));
        assert!(quantize_weight(3, 50, 100.0) > quantize_weight(3, 400, 100.0));
        assert!(quantize_weight(10_000, 10, 100.0) <= 127);
        assert!(quantize_weight(1, 1_000_000, 100.0) >= 1);
    }

    #[test]
    fn masks_are_left_out_for_single_characters_and_filters() {
        assert!(has_mask("党建") && has_mask("5g") && has_mask("5g*"));
        assert!(!has_mask("党") && !has_mask("#r:0"));
    }
}
