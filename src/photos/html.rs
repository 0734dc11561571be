//! The `<img>` tags of photos: every `<img src="…">` of a page whose
//! source is a processed photo gets `srcset`, `sizes`, `width`, `height`,
//! `loading="lazy"` and `decoding="async"`, so that a phone fetches the
//! narrow file and the page does not jump while it loads. Done on the
//! rendered page, before its URLs are rebased: Markdown images, covers of
//! pages and cards, bulletin photos and galleries alike, whatever template
//! wrote them.

use std::borrow::Cow;

use super::{Photos, Published};

/// The `sizes` of an image in the text column (`.prose`, 42em wide).
const SIZES_PROSE: &str = "(max-width: 44em) 100vw, 42em";
/// The `sizes` of a card's cover (`.entry-cover`, 200 px beside the text
/// on wide screens, the card's width on phones).
const SIZES_CARD: &str = "(max-width: 599px) 100vw, 200px";
/// The `sizes` of a gallery's thumbnail.
const SIZES_THUMB: &str = "(max-width: 599px) 50vw, 220px";
/// The `sizes` of a photo of a gallery in a bulletin (three to a row of
/// the 42em column).
const SIZES_BULLETIN: &str = "(max-width: 44em) 33vw, 14em";

/// The attributes a photo's `<img>` gets beside its `src` (each with a
/// leading space), leaving out those the tag already has (`present`).
pub fn img_attributes(p: &Published, sizes: &str, present: impl Fn(&str) -> bool) -> String {
    let mut out = String::new();
    if p.sizes.len() > 1 && !present("srcset") {
        let set: Vec<String> =
            p.sizes.iter().map(|(url, w, _)| format!("{} {w}w", crate::escape::url_path(url).replace(',', "%2C"))).collect();
        out.push_str(&format!(" srcset=\"{}\"", crate::escape::html_attribute(&set.join(", "))));
        if !present("sizes") {
            out.push_str(&format!(" sizes=\"{sizes}\""));
        }
    }
    if !present("width") && !present("height") {
        out.push_str(&format!(" width=\"{}\" height=\"{}\"", p.width, p.height));
    }
    if !present("loading") {
        out.push_str(" loading=\"lazy\"");
    }
    if !present("decoding") {
        out.push_str(" decoding=\"async\"");
    }
    out
}

/// `html` with the attributes of [`img_attributes`] added to each
/// `<img>` whose `src` is a site path of a photo of `photos`; borrowed
/// back when there is none.
pub fn rewrite_images<'h>(html: &'h [u8], photos: &Photos) -> Cow<'h, [u8]> {
    if photos.by_url.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out: Option<Vec<u8>> = None;
    let mut done = 0;
    for start in memchr::memmem::find_iter(html, b"<img ") {
        let Some(len) = memchr::memchr(b'>', &html[start..]) else { break };
        let tag = &html[start..start + len];
        let Some(tag) = std::str::from_utf8(tag).ok() else { continue };
        let Some((value_at, value_end, photo)) = photo_of(tag, photos) else { continue };
        let present = |name: &str| tag.contains(&format!(" {name}="));
        let class = attribute(tag, "class").unwrap_or_default();
        let sizes = if class.contains("entry-cover") {
            SIZES_CARD
        } else if class.contains("bulletin-gallery-photo") {
            SIZES_BULLETIN
        } else if class.contains("gallery-thumb") {
            SIZES_THUMB
        } else {
            SIZES_PROSE
        };
        let buf = out.get_or_insert_with(|| Vec::with_capacity(html.len() + 512));
        // A card's cover is a card-sized thumbnail: its `src`, `width` and
        // `height` are the narrowest file's (what a browser without
        // `srcset` fetches), the wider ones in `srcset` for sharp screens.
        let card = sizes == SIZES_CARD && photo.sizes.len() > 1;
        let extra = match (card, photo.sizes.first()) {
            (true, Some((url, w, h))) => {
                buf.extend_from_slice(&html[done..start + value_at]);
                buf.extend_from_slice(crate::escape::html_attribute(&crate::escape::url_path(url)).as_bytes());
                buf.push(b'"');
                let narrowest = Published { width: *w, height: *h, ..photo.clone() };
                img_attributes(&narrowest, sizes, present)
            }
            _ => {
                buf.extend_from_slice(&html[done..start + value_end]);
                img_attributes(photo, sizes, present)
            }
        };
        buf.extend_from_slice(extra.as_bytes());
        done = start + value_end;
    }
    match out {
        Some(mut buf) => {
            buf.extend_from_slice(&html[done..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(html),
    }
}

/// The photo an `<img` tag shows, the byte where its `src` value starts,
/// and the byte just after the value's closing quote.
fn photo_of<'p>(tag: &str, photos: &'p Photos) -> Option<(usize, usize, &'p Published)> {
    let at = tag.find(" src=\"")? + 6;
    let end = at + tag[at..].find('"')?;
    let value = tag[at..end].replace("&amp;", "&");
    let path = percent_encoding::percent_decode_str(&value).decode_utf8().ok()?;
    photos.get(&path).map(|p| (at, end + 1, p))
}

/// The value of attribute `name` in a tag, as written.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(&tag[at..at + tag[at..].find('"')?])
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn photos() -> Photos {
        let mut p = Photos::default();
        let sizes = vec![("/r/a/现场 1-480w.jpg".to_string(), 480, 360), ("/r/a/现场 1.jpg".to_string(), 960, 720)];
        p.by_url.insert("/r/a/现场 1.jpg".into(), Arc::new(Published { width: 960, height: 720, sizes, original: None }));
        p
    }

    #[test]
    fn a_photo_gets_srcset_and_its_size_and_others_are_left() {
        let html = r#"<p><img src="/r/a/%E7%8E%B0%E5%9C%BA%201.jpg" alt="x" /><img src="/r/b.png" alt="y"></p>"#;
        let out = String::from_utf8(rewrite_images(html.as_bytes(), &photos()).into_owned()).unwrap();
        let doc = scraper::Html::parse_fragment(&out);
        let sel = scraper::Selector::parse("img").unwrap();
        let imgs: Vec<_> = doc.select(&sel).collect();
        assert_eq!(imgs[0].attr("width"), Some("960"));
        assert_eq!(imgs[0].attr("height"), Some("720"));
        assert_eq!(imgs[0].attr("loading"), Some("lazy"));
        let srcset = imgs[0].attr("srcset").unwrap();
        assert_eq!(srcset, "/r/a/%E7%8E%B0%E5%9C%BA%201-480w.jpg 480w, /r/a/%E7%8E%B0%E5%9C%BA%201.jpg 960w");
        assert_eq!(imgs[1].attr("srcset"), None);
    }

    #[test]
    fn a_cards_cover_is_its_narrowest_file_with_the_wider_in_srcset() {
        let html = r#"<img class="entry-cover" src="/r/a/%E7%8E%B0%E5%9C%BA%201.jpg" alt="x" loading="lazy">"#;
        let out = String::from_utf8(rewrite_images(html.as_bytes(), &photos()).into_owned()).unwrap();
        let doc = scraper::Html::parse_fragment(&out);
        let img = doc.select(&scraper::Selector::parse("img").unwrap()).next().unwrap();
        assert_eq!(img.attr("src"), Some("/r/a/%E7%8E%B0%E5%9C%BA%201-480w.jpg"));
        assert_eq!((img.attr("width"), img.attr("height")), (Some("480"), Some("360")));
        assert_eq!(img.attr("sizes"), Some(SIZES_CARD));
        assert_eq!(img.attr("srcset").map(|s| s.split(", ").count()), Some(2));
        assert_eq!(img.attr("loading"), Some("lazy"));
    }

    #[test]
    fn attributes_the_template_wrote_are_kept() {
        let html = r#"<img class="entry-cover" src="/r/a/现场 1.jpg" alt="" loading="eager">"#;
        let out = String::from_utf8(rewrite_images(html.as_bytes(), &photos()).into_owned()).unwrap();
        assert_eq!(out.matches("loading=").count(), 1);
        assert!(out.contains(&format!("sizes=\"{SIZES_CARD}\"")));
    }
}
