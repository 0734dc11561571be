//! Hashing for change detection and for the short content hashes in
//! file names. A leaf: everything may use it.

use std::hash::{Hash, Hasher as _};

/// The hasher of change detection: XXH3, several times faster than the
/// standard library's SipHash on the long strings hashed here (page texts,
/// URLs), and of a quality that makes a missed change (two different inputs
/// with equal 64-bit hashes) as unlikely as with SipHash. Keyless, so equal
/// inputs hash equally within and across processes.
pub type Hasher = xxhash_rust::xxh3::Xxh3Default;

/// A stable 64-bit hash of anything hashable (for change detection, never for output).
pub fn hash_of(value: &impl Hash) -> u64 {
    let mut h = Hasher::default();
    value.hash(&mut h);
    h.finish()
}

/// Feeds the `Debug` form of `value` into `hasher` without building the
/// string: for values that hold floats, which have no `Hash`.
pub fn debug_hash(hasher: &mut impl std::hash::Hasher, value: &impl std::fmt::Debug) {
    struct Feed<'a, H>(&'a mut H);
    impl<H: std::hash::Hasher> std::fmt::Write for Feed<'_, H> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    // Writing into a hasher cannot fail; a `Debug` impl returning an error would only shorten the input.
    let _ = std::fmt::write(&mut Feed(hasher), format_args!("{value:?}"));
}

/// [`debug_hash`] into a fresh hasher.
pub fn debug_hash_of(value: &impl std::fmt::Debug) -> u64 {
    let mut h = Hasher::default();
    debug_hash(&mut h, value);
    h.finish()
}

/// A short, stable content hash (the top 32 bits of XXH3-64) for
/// cache-busting URLs and the search manifest's version.
pub fn short_hex(bytes: &[u8]) -> String {
    format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) >> 32)
}
