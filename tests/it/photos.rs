//! Photos: what a phone photo becomes when a page publishes it
//! (upright, without any EXIF, at the documented widths, with `srcset`,
//! `width` and `height` on the page, the source never published), and the
//! bad images that stop a build with a located diagnostic while the old
//! output stays as it was.

use std::fs;
use std::io::Cursor;
use std::path::Path;

use crate::common::*;
use scraper::Selector;

/// A report of the `basic` fixture's region `alpha`, with `body` and `extra` front matter.
fn report(site: &Site, name: &str, extra: &str, body: &str) {
    let text = format!("---\ntitle: 现场照片 {name}\ndate: 2026-03-05\nregion: alpha\nmode: 活动共办\n{extra}---\n\n{body}\n");
    site.write(&format!("content/reports/2026/{name}.md"), &text);
}

/// A JPEG of `w` × `h` stored pixels, grey with a red block in the stored
/// top-left corner, with an EXIF segment of `orientation` and GPS.
fn phone_jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let img =
        image::RgbImage::from_fn(w, h, |x, y| if x < w / 5 && y < h / 5 { image::Rgb([220, 20, 20]) } else { image::Rgb([120, 130, 140]) });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 70).encode_image(&img).unwrap();
    let mut out = jpeg[..2].to_vec();
    // The corpus generator's EXIF segment: a camera make and a GPS
    // position in Chengdu, as a phone writes them.
    out.extend(corpus::exif_app1(orientation, (30.6567, 104.0716)));
    out.extend(&jpeg[2..]);
    out
}

fn has_exif(bytes: &[u8]) -> bool {
    exif::Reader::new().read_from_container(&mut Cursor::new(bytes)).is_ok()
}

/// Every file of the output (relative path -> bytes).
fn published(site: &Site) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot(&site.public())
}

#[test]
fn a_twelve_megapixel_phone_photo_is_published_upright_small_and_without_exif() {
    let site = Site::new("basic");
    let source = phone_jpeg(4000, 3000, 6);
    assert!(has_exif(&source), "the test photo carries EXIF");
    fs::write(site.root.join("content/reports/2026/现场.jpg"), &source).unwrap();
    report(&site, "photo", "", "活动现场：\n\n![党员志愿者在施工现场](现场.jpg)");
    site.build_ok(&[]);
    let dir = site.public().join("reports/photo");
    let mut names: Vec<String> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    // Upright 3000 × 4000: the documented widths 480, 960 and 1600.
    assert_eq!(names, ["index.html", "现场-480w.jpg", "现场-960w.jpg", "现场.jpg"]);
    let sizes: Vec<(u32, u32)> = ["现场-480w.jpg", "现场-960w.jpg", "现场.jpg"]
        .iter()
        .map(|n| {
            let bytes = fs::read(dir.join(n)).unwrap();
            assert!(!has_exif(&bytes), "{n} has EXIF");
            assert_ne!(bytes, source, "{n} is the source");
            image::load_from_memory(&bytes).map(|i| (i.width(), i.height())).unwrap()
        })
        .collect();
    assert_eq!(sizes, [(480, 640), (960, 1280), (1600, 2133)]);
    // Orientation 6 turns the stored top-left corner to the top right.
    let big = image::load_from_memory(&fs::read(dir.join("现场.jpg")).unwrap()).unwrap().to_rgb8();
    let top_right = big.get_pixel(1550, 50);
    let top_left = big.get_pixel(50, 50);
    assert!(top_right[0] > 180 && top_right[1] < 80, "top right is {top_right:?}");
    assert!(top_left[0] < 160, "top left is {top_left:?}");
    // No file of the whole output is the source, and none has EXIF.
    for (path, bytes) in published(&site) {
        assert_ne!(bytes, source, "{path} is the source");
        if path.ends_with(".jpg") {
            assert!(!has_exif(&bytes), "{path} has EXIF");
        }
    }
    let doc = site.html("reports/photo/index.html");
    let img = doc.select(&Selector::parse(".prose img").unwrap()).next().expect("an img");
    assert_eq!(img.attr("width"), Some("1600"));
    assert_eq!(img.attr("height"), Some("2133"));
    assert_eq!(img.attr("loading"), Some("lazy"));
    assert_eq!(img.attr("decoding"), Some("async"));
    assert!(img.attr("sizes").is_some());
    let srcset: Vec<(String, String)> = img
        .attr("srcset")
        .unwrap()
        .split(", ")
        .map(|c| {
            let (u, w) = c.split_once(' ').unwrap();
            (percent_decode(u), w.to_string())
        })
        .collect();
    let expected =
        [("/reports/photo/现场-480w.jpg", "480w"), ("/reports/photo/现场-960w.jpg", "960w"), ("/reports/photo/现场.jpg", "1600w")];
    assert_eq!(srcset, expected.map(|(u, w)| (u.to_string(), w.to_string())));
}

#[test]
fn keep_originals_publishes_the_full_size_upright_without_exif_and_covers_get_srcset() {
    let site = Site::new("basic");
    site.set_config("images:\n  widths: [200, 400]\n  keep_originals: true\n");
    fs::write(site.root.join("content/reports/2026/cover.jpg"), phone_jpeg(600, 300, 6)).unwrap();
    report(&site, "covered", "cover: cover.jpg\n", "正文。");
    site.build_ok(&[]);
    let dir = site.public().join("reports/covered");
    let original = fs::read(dir.join("cover-original.jpg")).unwrap();
    assert!(!has_exif(&original));
    let img = image::load_from_memory(&original).unwrap();
    assert_eq!((img.width(), img.height()), (300, 600));
    let small = image::load_from_memory(&fs::read(dir.join("cover-200w.jpg")).unwrap()).unwrap();
    assert_eq!((small.width(), small.height()), (200, 400));
    let doc = site.html("reports/covered/index.html");
    let cover = doc.select(&Selector::parse(".cover img").unwrap()).next().expect("a cover");
    assert_eq!((cover.attr("width"), cover.attr("height")), (Some("300"), Some("600")));
    // 200 and the photo's own 300 (never upscaled to 400).
    assert_eq!(cover.attr("srcset").map(|s| s.split(", ").count()), Some(2));
}

/// One page per bad image, built at once: each its own located
/// diagnostic, exit 1, and the output of the build before unchanged.
#[test]
fn each_bad_image_is_a_located_diagnostic_and_the_old_output_stays() {
    let site = Site::new("basic");
    site.build_ok(&[]);
    let before = published(&site);
    let dir = site.root.join("content/reports/2026");
    let good = phone_jpeg(64, 48, 1);
    fs::write(dir.join("cut.jpg"), &good[..good.len() / 2]).unwrap();
    let mut png = Vec::new();
    image::RgbImage::new(8, 8).write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    fs::write(dir.join("lies.jpg"), &png).unwrap();
    fs::write(dir.join("bomb.png"), bomb_png(50_000, 50_000)).unwrap();
    fs::write(dir.join("iphone.heic"), b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").unwrap();
    fs::write(dir.join("Site.JPG"), &good).unwrap();
    fs::write(dir.join("现场 照片.jpg"), &good).unwrap();
    report(&site, "cut", "", "正文\n\n![截断](cut.jpg)");
    report(&site, "lies", "", "正文\n\n![扩展名](lies.jpg)");
    report(&site, "bomb", "cover: bomb.png\n", "正文");
    report(&site, "heic", "", "正文\n\n![苹果](iphone.heic)");
    report(&site, "missing", "", "正文\n\n![缺失](nowhere.jpg)");
    report(&site, "case", "", "正文\n\n![大小写](site.jpg)");
    report(&site, "spaces", "", "正文\n\n见图 ![现场](现场 照片.jpg)");
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let found: Vec<(String, String)> = diagnostics(&stderr).into_iter().filter(|d| d.1 == "error").map(|d| (d.0, d.2)).collect();
    let at = |page: &str, line: usize, col: usize| format!("content/reports/2026/{page}.md:{line}:{col}");
    let expected = [
        (at("bomb", 6, 8), "image-too-many-pixels"),
        (at("case", 10, 1), "missing-asset"),
        (at("cut", 10, 1), "image-corrupt"),
        (at("heic", 10, 1), "image-unsupported"),
        (at("lies", 10, 1), "image-format-mismatch"),
        (at("missing", 10, 1), "missing-asset"),
        (at("spaces", 10, 4), "image-name-spaces"),
    ];
    assert_eq!(found, expected.map(|(a, c)| (a, c.to_string())), "{stderr}");
    // The hints: the case-mismatch one names the file and CI.
    assert!(stderr.contains("`Site.JPG`"), "{stderr}");
    assert_eq!(published(&site), before, "the old output changed");
}

/// A PNG header declaring `w` × `h` pixels, followed by a few bytes of data.
fn bomb_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(kind);
        out.extend(data);
        // The CRC is not checked before the size is refused.
        let mut crc_input = kind.to_vec();
        crc_input.extend(data);
        out.extend(crc32(&crc_input).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &[0x78, 0x9c, 0x03, 0x00]);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn a_bomb_is_refused_in_bounded_time_and_memory() {
    let site = Site::new("basic");
    fs::write(site.root.join("content/reports/2026/bomb.png"), bomb_png(50_000, 50_000)).unwrap();
    report(&site, "bomb", "", "![炸弹](bomb.png)");
    let run = crate::common::measure::run(&site.root, &["check"]);
    let stderr = String::from_utf8_lossy(&run.out.stderr);
    assert!(diagnostics(&stderr).iter().any(|d| d.2 == "image-too-many-pixels"), "{stderr}");
    assert!(run.seconds < 20.0, "took {} s", run.seconds);
    // 2.5 gigapixels would take 7.5 GB to decode.
    if let Some(peak) = run.peak_mib {
        assert!(peak < 400, "peak {peak} MiB");
    }
}

#[test]
fn a_rebuild_with_nothing_changed_processes_no_photo_and_an_edit_only_its_own() {
    let site = Site::new("basic");
    let dir = site.root.join("content/reports/2026");
    fs::write(dir.join("a.jpg"), phone_jpeg(300, 200, 1)).unwrap();
    fs::write(dir.join("b.jpg"), phone_jpeg(320, 200, 3)).unwrap();
    report(&site, "a", "", "![甲](a.jpg)");
    report(&site, "b", "", "![乙](b.jpg)");
    site.build_ok(&[]);
    let cache = site.root.join(".regionpress-cache/images");
    let stamp = |p: &Path| {
        let mut v: Vec<(String, std::time::SystemTime)> = fs::read_dir(p)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().modified().unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let first = stamp(&cache);
    assert!(first.len() >= 4, "{first:?}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    // A page edited (the inputs changed, so the site is rendered again).
    report(&site, "a", "summary: 改过\n", "![甲](a.jpg)");
    site.build_ok(&[]);
    assert_eq!(stamp(&cache), first, "a rebuild made photos again");
    // A new photo for b: only its files are new.
    fs::write(dir.join("b.jpg"), phone_jpeg(330, 200, 1)).unwrap();
    site.build_ok(&[]);
    let after = stamp(&cache);
    let kept: Vec<_> = first.iter().filter(|f| after.contains(f)).collect();
    assert_eq!(after.len() - kept.len(), first.len() / 2, "{after:?}");
    // The cache may be deleted at any time.
    fs::remove_dir_all(site.root.join(".regionpress-cache")).unwrap();
    let before = published(&site);
    report(&site, "a", "summary: 又改过\n", "![甲](a.jpg)");
    site.build_ok(&[]);
    let again = published(&site);
    assert_eq!(again.get("reports/b/b.jpg"), before.get("reports/b/b.jpg"));
}

#[test]
fn a_gallery_is_a_grid_of_linked_thumbnails_with_their_widths_and_a_missing_photo_is_located() {
    let site = Site::new("basic");
    site.set_config("images:\n  widths: [120, 240]\n");
    let dir = site.root.join("content/reports/2026");
    for (i, name) in ["g1.jpg", "g2.jpg", "g3.jpg"].iter().enumerate() {
        fs::write(dir.join(name), phone_jpeg(400 + 20 * i as u32, 300, 6)).unwrap();
    }
    let gallery = "gallery:\n  - src: g1.jpg\n    caption: 签约仪式\n  - src: g2.jpg\n  - { src: g3.jpg, caption: 集体合影 }\n";
    report(&site, "gallery", gallery, "正文。");
    site.build_ok(&[]);
    let doc = site.html("reports/gallery/index.html");
    let links = attrs(&doc, ".gallery a.gallery-link", "href");
    assert_eq!(
        links.iter().map(|h| percent_decode(h)).collect::<Vec<_>>(),
        ["/reports/gallery/g1.jpg", "/reports/gallery/g2.jpg", "/reports/gallery/g3.jpg"]
    );
    for href in &links {
        let bytes = fs::read(site.public().join(percent_decode(href).trim_start_matches('/'))).unwrap();
        assert!(!has_exif(&bytes));
    }
    let thumbs: Vec<_> = doc.select(&Selector::parse(".gallery img").unwrap()).collect();
    assert_eq!(thumbs.len(), 3);
    // Upright 300 × 400: 120 and 240 wide.
    assert_eq!((thumbs[0].attr("width"), thumbs[0].attr("height")), (Some("240"), Some("320")));
    assert_eq!(thumbs[0].attr("srcset").map(|s| s.split(", ").count()), Some(2));
    assert_eq!(thumbs[1].attr("alt"), Some("现场照片 gallery"));
    assert_eq!(texts(&doc, ".gallery figcaption"), ["签约仪式", "集体合影"]);
    assert_eq!(attrs(&doc, "script[src*='gallery.js']", "src").len(), 1);
    // A page without a gallery does not load the viewer.
    let other = site.html("reports/2026-03-02-safety/index.html");
    assert!(attrs(&other, "script[src*='gallery.js']", "src").is_empty());
    // A missing photo: located at its `src`.
    report(&site, "gallery", "gallery:\n  - src: g1.jpg\n  - src: nowhere.jpg\n", "正文。");
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    let found = diagnostics(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(found, [("content/reports/2026/gallery.md:8:10".to_string(), "error".to_string(), "missing-asset".to_string())]);
}

#[test]
fn the_corpus_generator_adds_phone_photos_with_gps_that_the_site_publishes_without() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    let opts = crate::common::corpus::Options { reports: 20, classes: 2, regions: 2, photos_every: 10, ..Default::default() };
    crate::common::corpus::generate(&root, &opts).unwrap();
    let photos: Vec<_> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "jpg"))
        .collect();
    assert_eq!(photos.len(), 2);
    for p in &photos {
        let exif = exif::Reader::new().read_from_container(&mut Cursor::new(fs::read(p.path()).unwrap())).unwrap();
        assert!(exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_some());
    }
    // The same options give the same bytes.
    let again = tmp.path().join("again");
    crate::common::corpus::generate(&again, &opts).unwrap();
    assert_eq!(snapshot(&root.join("content")), snapshot(&again.join("content")));
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_regionpress")).args(["build", "--quiet", "--root"]).arg(&root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let published: Vec<_> = snapshot(&root.join("public")).into_iter().filter(|(p, _)| p.ends_with(".jpg")).collect();
    assert!(!published.is_empty());
    assert!(published.iter().all(|(_, b)| !has_exif(b)));
}

/// `serve`: a report edited to show a new phone photo gets it processed
/// like `build` does (upright widths without EXIF, `srcset` on the page),
/// whether the edit is patched into the last site or rebuilt whole, and the
/// result equals a fresh `serve` of the same files.
#[test]
fn serve_processes_a_photo_added_while_it_runs() {
    use regionpress::serve::DevSite;
    let site = Site::new("basic");
    report(&site, "a", "", "第一段。");
    let mut dev = DevSite::new(&site.root, false, "http://127.0.0.1:1111/");
    dev.rebuild(None).unwrap();
    let dir = site.root.join("content/reports/2026");
    fs::write(dir.join("new.jpg"), phone_jpeg(1200, 800, 6)).unwrap();
    report(&site, "a", "", "第一段。\n\n![新照片](new.jpg)");
    let r = dev.rebuild(Some(&[dir.join("new.jpg"), dir.join("a.md")])).unwrap();
    let files = dev.files();
    let page = String::from_utf8(files.get("reports/a/index.html").expect("the report").to_vec()).unwrap();
    let page = scraper::Html::parse_document(&page);
    let img = page.select(&Selector::parse("article img[srcset]").unwrap()).next().expect("an img with srcset");
    // Orientation 6: 1200 × 800 stored, 800 wide upright.
    assert_eq!((img.attr("width"), img.attr("height")), (Some("800"), Some("1200")), "patched: {}", r.patched);
    for candidate in img.attr("srcset").unwrap().split(", ") {
        let url = candidate.split(' ').next().unwrap();
        let bytes = files.get(percent_decode(url).trim_start_matches('/')).unwrap_or_else(|| panic!("{url} is not served"));
        assert!(!has_exif(bytes), "{url} has EXIF");
        let decoded = image::load_from_memory(bytes).unwrap();
        assert!(decoded.height() > decoded.width(), "{url} is not upright");
    }
    let mut fresh = DevSite::new(&site.root, false, "http://127.0.0.1:1111/");
    fresh.rebuild(None).unwrap();
    let served: Vec<_> = files.keys().filter(|k| k.starts_with("reports/a/")).collect();
    let again = fresh.files();
    let fresh_served: Vec<_> = again.keys().filter(|k| k.starts_with("reports/a/")).collect();
    assert_eq!(served, fresh_served);
    for k in served {
        assert!(files[k] == again[k], "{k} differs from a fresh serve");
    }
}
