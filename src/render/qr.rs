//! A QR code linking to the live page, for the printed handout: an inline SVG, black modules on
//! white with the 4-module quiet zone, error correction level M (15 % of the code may be smudged
//! or folded). The encoding is the `qrcode` crate's; the SVG is written here so it is one small
//! `<path>` with an accessible title and no XML prolog.

use std::fmt::Write as _;

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, Version};

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
    let width = code.width;
    let size = width + 2 * QUIET;
    let dark = &code.dark;
    let mut d = String::new();
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] {
                let start = x;
                while x < width && row[x] {
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

/// One symbol: its modules row by row (true = dark), without the quiet zone.
struct Symbol {
    width: usize,
    dark: Vec<bool>,
}

/// The code at level M in the smallest version that holds `url`, up to [`MAX_VERSION`].
fn encode(url: &str) -> Option<Symbol> {
    let bits = qrcode::bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    if !matches!(version, Version::Normal(v) if v <= MAX_VERSION) {
        return None;
    }
    let (data, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    // Any of the eight masks makes a valid code: a reader takes the mask from the format
    // information. Choosing the "best" one (`apply_best_mask`) draws and scores all eight,
    // ~0.5 ms a code — seconds for a catalogue of thousands of routes — for slightly fewer
    // look-alike patterns in the data area; one fixed pattern is used instead, and the tests
    // read the result back with an independent decoder.
    canvas.apply_mask(MaskPattern::Checkerboard);
    let dark = canvas
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some(Symbol {
        width: usize::try_from(version.width()).ok()?,
        dark,
    })
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
        assert_eq!(code.width, 33); // version 4: 17 + 4 × 4 modules
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
        let w = code.width;
        let svg = qr_svg(URL).unwrap();
        let mut grid = vec![false; w * w];
        for [x, y, len] in runs(&svg) {
            let (x, y) = (x - QUIET, y - QUIET);
            for i in x..x + len {
                assert!(!grid[y * w + i]);
                grid[y * w + i] = true;
            }
        }
        assert_eq!(grid, code.dark);
    }

    /// The dark runs of the SVG's path, as (x, y, length) in modules, quiet zone included.
    fn runs(svg: &str) -> Vec<[usize; 3]> {
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        d.split('M')
            .filter(|r| !r.is_empty())
            .map(|run| {
                let nums: Vec<usize> = run
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|s| !s.is_empty())
                    .map(|s| s.parse().unwrap())
                    .collect();
                [nums[0], nums[1], nums[2]]
            })
            .collect()
    }

    /// Reads `svg` back as a phone would see it: drawn 4 pixels a module, decoded by `rqrr`.
    fn decode(svg: &str) -> String {
        let size: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let mut dark = vec![false; size * size];
        for [x, y, len] in runs(svg) {
            for x in x..x + len {
                dark[y * size + x] = true;
            }
        }
        let px = 4;
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(size * px, size * px, |x, y| {
                if dark[(y / px) * size + x / px] {
                    0
                } else {
                    255
                }
            });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    #[test]
    fn an_independent_reader_decodes_the_url() {
        for url in [
            URL,
            "https://x.org/r/",
            "https://yanxue.example.org/routes/family-senior-museums/",
        ] {
            assert_eq!(decode(&qr_svg(url).unwrap()), url);
        }
    }

    #[test]
    fn title_is_escaped_and_too_long_is_none() {
        let svg = qr_svg("https://x.org/?a=1&b=<2>").unwrap();
        assert!(svg.contains("<title>https://x.org/?a=1&amp;b=&lt;2&gt;</title>"));
        assert!(qr_svg(&format!("https://x.org/{}", "a".repeat(300))).is_none());
        assert!(qr_svg(&format!("https://x.org/{}", "a".repeat(190))).is_some());
    }
}
