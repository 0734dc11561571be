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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_on_brand_colour_keeps_contrast() {
        assert_eq!(text_color_on("#b71c1c"), "#ffffff");
        assert_eq!(text_color_on("#ffd54f"), "#1a1a1a");
        assert_eq!(text_color_on("#0d47a1"), "#ffffff");
    }
}
