//! The files a bulletin prints of the photos it carries (which photos:
//! [`crate::regional::printed_photos`]).

use crate::photos::Photos;

/// The published file a printed copy of the photo at `url` uses: the
/// narrowest width of at least 900 pixels (sharp at a third of the text
/// block), else the widest there is. Always a processed file (upright,
/// without metadata), never the source.
pub fn print_file(photos: &Photos, url: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
    let file = photos.get(&decoded).and_then(|p| p.sizes.iter().find(|s| s.1 >= 900).or(p.sizes.last()));
    file.map_or_else(|| url.to_string(), |s| crate::escape::url_path(&s.0))
}
