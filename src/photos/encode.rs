//! Encoders for the published variants: lossy WebP through libwebp (the `webp` crate; the same
//! encoder Hugo uses, so bytes compare at the same quality) and the JPEG fallback through `image`'s
//! baseline encoder. Both are given bare pixels, so no EXIF, GPS, XMP or ICC block can reach the
//! output: sRGB is assumed, which is what browsers assume of an untagged image.

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, RgbImage};
use webp::{Encoder, WebPConfig};

use super::error::PhotoError;

/// Lossy WebP at `quality` (0–100), libwebp's defaults otherwise (method 4, like `cwebp`).
pub(crate) fn webp(pixels: &RgbImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let refused = || PhotoError::Encode { format: "webp" };
    let mut config = WebPConfig::new().map_err(|()| refused())?;
    config.lossless = 0;
    config.quality = f32::from(quality.min(100));
    let (width, height) = pixels.dimensions();
    let encoded = Encoder::from_rgb(pixels.as_raw(), width, height)
        .encode_advanced(&config)
        .map_err(|_| refused())?;
    Ok(encoded.to_vec())
}

/// Baseline JPEG at `quality` (1–100), JFIF header only.
pub(crate) fn jpeg(pixels: &RgbImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let (width, height) = pixels.dimensions();
    let mut out = Vec::with_capacity(width as usize * height as usize / 4);
    JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100))
        .encode(pixels.as_raw(), width, height, ExtendedColorType::Rgb8)
        .map_err(|_| PhotoError::Encode { format: "jpeg" })?;
    Ok(out)
}
