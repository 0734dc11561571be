//! Slugs and ids: URL path segments are lowercase ASCII.
//!
//! Chinese names (tags, lecturers, file stems) are transliterated to pinyin
//! syllables by `deunicode` (`安全生产` -> `an-quan-sheng-chan`), which keeps
//! URLs readable and ASCII-only. Transliteration can map two names to one slug
//! (homophones); [`SlugAllocator`] resolves such clashes deterministically.

use std::collections::BTreeMap;

/// True for a non-empty string of lowercase ASCII letters, digits and `-`.
pub fn is_ascii_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Turns any text into a URL slug: lowercase ASCII letters, digits, `-` and `_`.
///
/// ASCII text keeps its words; other scripts are transliterated first.
pub fn slugify(text: &str) -> String {
    let mut ascii = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else {
            // Each transliterated syllable is its own word: 5G基站 -> 5g-ji-zhan.
            ascii.push(' ');
            ascii.push_str(deunicode::deunicode_char(c).unwrap_or("-"));
            ascii.push(' ');
        }
    }
    let mut out = String::with_capacity(ascii.len());
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// Hands out unique slugs for a set of names, in a deterministic way: names
/// are processed in sorted order and a clash gets `-2`, `-3`...
pub struct SlugAllocator;

impl SlugAllocator {
    /// Maps each distinct name to its unique slug.
    pub fn allocate<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
        let mut sorted: Vec<&str> = names.into_iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        let mut out = BTreeMap::new();
        for name in sorted {
            let mut base = slugify(name);
            if base.is_empty() {
                base = "x".into();
            }
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            let slug = if *n == 1 { base } else { format!("{base}-{n}") };
            out.insert(name.to_string(), slug);
        }
        out
    }
}

/// A heading id in the GitHub/GitLab convention: lowercase, spaces become
/// `-`, punctuation is dropped, letters of every script (Chinese included),
/// digits, `-` and `_` are kept.
pub fn heading_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_transliterated() {
        assert_eq!(slugify("安全生产"), "an-quan-sheng-chan");
        assert_eq!(slugify("5G基站"), "5g-ji-zhan");
        assert_eq!(slugify("2020-05-12 Safety Day"), "2020-05-12-safety-day");
    }

    #[test]
    fn homophones_get_distinct_slugs() {
        let m = SlugAllocator::allocate(["公式", "公事", "党课"]);
        assert_eq!(m["党课"], "dang-ke");
        assert_eq!(m["公事"], "gong-shi");
        assert_eq!(m["公式"], "gong-shi-2");
    }

    #[test]
    fn heading_ids_follow_github() {
        assert_eq!(heading_id("签约内容"), "签约内容");
        assert_eq!(heading_id("2020 年工作 计划"), "2020-年工作-计划");
        assert_eq!(heading_id("Hello, World!"), "hello-world");
        assert_eq!(heading_id("一、活动概况"), "一活动概况");
    }
}
