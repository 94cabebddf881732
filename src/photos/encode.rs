//! Encoders for the published variants: lossy WebP through libwebp (the `webp` crate; the same
//! encoder Hugo uses, so bytes compare at the same quality) and the JPEG fallback through
//! `jpeg-encoder`, whose 4:2:0 chroma makes files about a third smaller than `image`'s 4:4:4-only
//! encoder at the same quality. Both are given bare pixels, so no EXIF, GPS, XMP or ICC block can reach the
//! output: sRGB is assumed, which is what browsers assume of an untagged image.

use image::RgbImage;
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

/// Baseline JPEG at `quality` (1–100), 4:2:0 chroma, JFIF header only.
pub(crate) fn jpeg(pixels: &RgbImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let refused = || PhotoError::Encode { format: "jpeg" };
    let (width, height) = pixels.dimensions();
    // JPEG's own limit; a wider variant is possible only for a sliver-shaped source.
    let width16 = u16::try_from(width).map_err(|_| refused())?;
    let height16 = u16::try_from(height).map_err(|_| refused())?;
    let mut out = Vec::with_capacity(width as usize * height as usize / 4);
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    encoder
        .encode(
            pixels.as_raw(),
            width16,
            height16,
            jpeg_encoder::ColorType::Rgb,
        )
        .map_err(|_| refused())?;
    Ok(out)
}
