//! Image references that Markdown does not read as images: a
//! file name with a space, `![现场](现场 照片.jpg)`, is no image to
//! CommonMark, and would be published as the literal text. Found in the
//! runs of plain text of a document (code spans and blocks are not text).

/// Extensions of the images whose names are looked at.
const IMAGE_EXTENSIONS: &[&str] = &[".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".heic"];

/// The `![alt](name with space.jpg)` of the text `runs` (byte ranges of
/// `body`, each a stretch of plain text): each as the byte offset of its
/// `!` and the name as written.
pub fn spaced_names(body: &str, runs: &[(usize, usize)]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for &(start, end) in runs {
        let text = &body[start..end];
        let mut from = 0;
        // A byte search (SIMD), as every run of every body is searched.
        while let Some(at) = memchr::memmem::find(&text.as_bytes()[from..], b"![").map(|i| from + i) {
            from = at + 2;
            let Some(close) = text[at..].find("](").map(|i| at + i + 2) else { break };
            let Some(end) = text[close..].find(')').map(|i| close + i) else { break };
            let dest = &text[close..end];
            if let Some(name) = spaced_name(dest) {
                found.push((start + at, name.to_string()));
                from = end;
            }
        }
    }
    found
}

/// `dest` when it is an image name with a space in it (not a name and a
/// title, not in angle brackets).
fn spaced_name(dest: &str) -> Option<&str> {
    let dest = dest.trim();
    if dest.starts_with('<') || !dest.contains(char::is_whitespace) {
        return None;
    }
    let lower = dest.to_lowercase();
    IMAGE_EXTENSIONS.iter().any(|e| lower.ends_with(e)).then_some(dest)
}

/// Groups the text ranges of a document into runs of adjacent text.
pub fn runs(ranges: impl IntoIterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match out.last_mut() {
            Some(last) if last.1 == s => last.1 = e,
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_a_space_is_found_and_a_title_is_not_one() {
        let body = "见 ![现场](现场 照片.jpg) 与 ![b](b.jpg \"标题\") 和 ![c](<c d.png>)";
        let found = spaced_names(body, &[(0, body.len())]);
        assert_eq!(found, vec![(body.find('!').unwrap(), "现场 照片.jpg".to_string())]);
    }

    #[test]
    fn adjacent_ranges_make_one_run() {
        assert_eq!(runs([(0, 3), (3, 5), (7, 9)]), vec![(0, 5), (7, 9)]);
    }
}
