//! Colour arithmetic for brand colours and charts (WCAG 2 luminance and
//! contrast). A leaf.

/// Relative luminance of `#rrggbb` (WCAG 2).
pub fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// White or near-black, whichever contrasts more with `bg`.
pub fn text_color_on(bg: &str) -> &'static str {
    let l = luminance(bg);
    let white = 1.05 / (l + 0.05);
    let dark = (l + 0.05) / (luminance("#1a1a1a") + 0.05);
    if white >= dark { "#ffffff" } else { "#1a1a1a" }
}

/// WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `fg` as it is when it has at least `ratio` contrast with `bg`, else
/// darkened (each channel scaled down by the same factor, so the hue stays)
/// until it has: the syntax theme's comment grey on a code block's
/// background.
pub fn darkened_for(fg: &str, bg: &str, ratio: f64) -> String {
    let channel = |i: usize| u8::from_str_radix(fg.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64;
    let (r, g, b) = (channel(1), channel(3), channel(5));
    let mut scale = 1.0;
    loop {
        let hex = format!("#{:02x}{:02x}{:02x}", (r * scale) as u8, (g * scale) as u8, (b * scale) as u8);
        if contrast(&hex, bg) >= ratio || scale <= 0.0 {
            return hex;
        }
        scale -= 0.01;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_on_brand_colour_keeps_contrast() {
        assert_eq!(text_color_on("#b71c1c"), "#ffffff");
        assert_eq!(text_color_on("#ffd54f"), "#1a1a1a");
        assert_eq!(text_color_on("#0d47a1"), "#ffffff");
    }

    #[test]
    fn a_colour_is_darkened_only_as_far_as_the_contrast_needs() {
        // syntect's InspiredGitHub comment grey on the code block's background: 2.7:1.
        assert!(contrast("#969896", "#f8f7f5") < 3.0);
        let dark = darkened_for("#969896", "#f8f7f5", 4.6);
        assert!(contrast(&dark, "#f8f7f5") >= 4.6, "{dark}");
        assert!(contrast(&dark, "#f8f7f5") < 5.0, "{dark} darker than it needs");
        assert_eq!(darkened_for("#323232", "#f8f7f5", 4.6), "#323232");
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    }
}
