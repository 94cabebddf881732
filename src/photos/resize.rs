//! The width ladder and the resampler. Widths are chosen in the upright frame (what a reader sees)
//! and the pixels are resized in the stored frame, then turned upright: a quarter turn of a
//! 1600-px variant costs a fraction of one of the original.
//!
//! `fast_image_resize` (SIMD Lanczos3) was measured against `image::imageops::resize` with the
//! same filter on 4000×3000 photos: see "Photos (processing core)" in BENCHMARKS.md.

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, RgbImage};

use super::decode::swaps_axes;

/// The widths to produce for an upright photo `source_width` wide: every ladder width below it,
/// and the photo's own width when it is narrower than the ladder's top (never upscaled: a
/// 1200-px photo gives 480, 960 and 1200).
pub fn ladder_widths(ladder: &[u32], source_width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = ladder
        .iter()
        .copied()
        .filter(|&w| w > 0 && w < source_width)
        .collect();
    let top = ladder.iter().copied().max().unwrap_or(0);
    if source_width <= top || widths.is_empty() {
        widths.push(source_width);
    }
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// The height of a variant `width` wide, keeping the aspect ratio (at least one pixel).
pub fn height_for(width: u32, source_width: u32, source_height: u32) -> u32 {
    let scaled = (u64::from(source_height) * u64::from(width) + u64::from(source_width) / 2)
        / u64::from(source_width.max(1));
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

/// `source` (stored frame) resized so that, once turned by `orientation`, it is `width`×`height`;
/// returned upright.
pub(crate) fn resized_upright(
    resizer: &mut Resizer,
    source: &RgbImage,
    orientation: Orientation,
    width: u32,
    height: u32,
) -> RgbImage {
    let (stored_w, stored_h) = if swaps_axes(orientation) {
        (height, width)
    } else {
        (width, height)
    };
    let scaled = if (stored_w, stored_h) == source.dimensions() {
        source.clone()
    } else {
        resize_rgb(resizer, source, stored_w, stored_h)
    };
    if orientation == Orientation::NoTransforms {
        return scaled;
    }
    let mut turned = DynamicImage::ImageRgb8(scaled);
    turned.apply_orientation(orientation);
    match turned {
        DynamicImage::ImageRgb8(rgb) => rgb,
        other => other.to_rgb8(),
    }
}

fn resize_rgb(resizer: &mut Resizer, source: &RgbImage, width: u32, height: u32) -> RgbImage {
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    let (src_w, src_h) = source.dimensions();
    let mut dst = Image::new(width, height, PixelType::U8x3);
    let resized =
        fast_image_resize::images::ImageRef::new(src_w, src_h, source.as_raw(), PixelType::U8x3)
            .ok()
            .and_then(|src| resizer.resize(&src, &mut dst, &options).ok());
    match resized.and_then(|()| RgbImage::from_raw(width, height, dst.into_vec())) {
        Some(rgb) => rgb,
        // Sizes always match here; should the SIMD path ever refuse, the portable one still gives
        // a correct (slower) result instead of an error the editor cannot act on.
        None => {
            image::imageops::resize(source, width, height, image::imageops::FilterType::Lanczos3)
        }
    }
}
