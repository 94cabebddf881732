//! A QR code linking to the live page, for the printed handout: an inline SVG, black modules on
//! white with the 4-module quiet zone, error correction level M (15 % of the code may be smudged
//! or folded). The encoding is the `qrcode` crate's; the SVG is written here so it is one small
//! `<path>` with an accessible title and no XML prolog.

use std::fmt::Write as _;

use qrcode::{EcLevel, QrCode, Version};

use crate::render::escape_html;

/// Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4).
const QUIET: usize = 4;
/// The largest version printed: 57 × 57 modules (up to 213 bytes at level M). Beyond that the
/// modules of a code printed a few centimetres wide get too small for a phone camera.
const MAX_VERSION: i16 = 10;

/// The QR code for `url` as an `<svg>` element, or None when the URL is too long for a code that
/// scans from paper.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = encode(url)?;
    let width = code.width();
    let size = width + 2 * QUIET;
    let dark = code.to_colors();
    let mut d = String::new();
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Dark {
                let start = x;
                while x < width && row[x] == qrcode::Color::Dark {
                    x += 1;
                }
                let _ = write!(
                    d,
                    "M{} {}h{}v1h-{}z",
                    start + QUIET,
                    y + QUIET,
                    x - start,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" class=\"qr\" shape-rendering=\"crispEdges\"><title>{}</title><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{d}\"/></svg>",
        escape_html(url)
    ))
}

/// The code at level M in the smallest version that holds `url`, up to [`MAX_VERSION`].
fn encode(url: &str) -> Option<QrCode> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    match code.version() {
        Version::Normal(v) if v <= MAX_VERSION => Some(code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://yanxue.example.org/routes/three-gorges-hydrology-3day/";

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(qr_svg("https://x.org/r/").unwrap());
    }

    #[test]
    fn a_typical_route_url_is_a_small_code() {
        let code = encode(URL).unwrap();
        // 62 bytes at level M need version 4: 33 modules, 41 with the quiet zone.
        assert_eq!(code.version(), Version::Normal(4));
        assert_eq!(code.error_correction_level(), EcLevel::M);
        let svg = qr_svg(URL).unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 41 41\""));
        assert!(svg.contains("shape-rendering=\"crispEdges\""));
        assert!(svg.contains(&format!("<title>{URL}</title>")));
        assert_eq!(svg.matches("<path").count(), 1);
        // Self-contained: no links, images, scripts or styles from elsewhere.
        for needle in [
            "href", "<image", "<script", "<use", "url(", "<style", "@import",
        ] {
            assert!(!svg.contains(needle), "{needle}");
        }
    }

    #[test]
    fn modules_match_the_code() {
        // Every dark module is covered by exactly one run, and nothing else is.
        let code = encode(URL).unwrap();
        let w = code.width();
        let svg = qr_svg(URL).unwrap();
        let d = svg.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
        let mut grid = vec![false; w * w];
        for run in d.split('M').filter(|r| !r.is_empty()) {
            let nums: Vec<usize> = run
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            let (x, y, len) = (nums[0] - QUIET, nums[1] - QUIET, nums[2]);
            for i in x..x + len {
                assert!(!grid[y * w + i]);
                grid[y * w + i] = true;
            }
        }
        let dark: Vec<bool> = code
            .to_colors()
            .iter()
            .map(|c| *c == qrcode::Color::Dark)
            .collect();
        assert_eq!(grid, dark);
    }

    #[test]
    fn title_is_escaped_and_too_long_is_none() {
        let svg = qr_svg("https://x.org/?a=1&b=<2>").unwrap();
        assert!(svg.contains("<title>https://x.org/?a=1&amp;b=&lt;2&gt;</title>"));
        assert!(qr_svg(&format!("https://x.org/{}", "a".repeat(300))).is_none());
        assert!(qr_svg(&format!("https://x.org/{}", "a".repeat(190))).is_some());
    }
}
