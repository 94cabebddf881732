//! From source bytes to upright-to-be pixels: the checks of [`super::limits`] first, then the
//! `image` crate's decoder. The EXIF orientation comes from the same decoder
//! (`ImageDecoder::orientation`, which reads the EXIF of JPEG, PNG and WebP alike), so no EXIF crate
//! is needed; it is returned rather than applied, because rotating the small variants after resizing
//! is far cheaper than rotating a 12-megapixel original.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, Limits, RgbImage};

use super::error::PhotoError;
use super::limits::{SourceFormat, check_pixels, is_truncated, png_header_size, sniff};

/// A decoded photo, still as stored (not yet turned upright), flattened to 8-bit RGB.
pub(crate) struct Decoded {
    pub(crate) pixels: RgbImage,
    pub(crate) orientation: Orientation,
}

impl Decoded {
    /// Width and height once the orientation is applied.
    pub(crate) fn upright_size(&self) -> (u32, u32) {
        let (w, h) = self.pixels.dimensions();
        if swaps_axes(self.orientation) {
            (h, w)
        } else {
            (w, h)
        }
    }
}

/// Whether the orientation is a quarter turn (5–8), so width and height trade places.
pub(crate) fn swaps_axes(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Decodes `bytes`, refusing what [`PhotoError`] names before allocating for it.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, PhotoError> {
    let format = sniff(bytes)?;
    if format == SourceFormat::Png
        && let Some((width, height)) = png_header_size(bytes)
    {
        check_pixels(width, height)?;
    }
    if is_truncated(format, bytes) {
        return Err(PhotoError::Truncated);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut limits = Limits::default();
    // 40 MP at 16-bit RGBA is 320 MB: the decoder never needs more than that and a margin.
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(from_image_error)?;
    let (width, height) = decoder.dimensions();
    check_pixels(width, height)?;
    // A broken EXIF block is no reason to refuse a photo: it is then taken as upright.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(from_image_error)?;
    Ok(Decoded {
        pixels: flatten(image),
        orientation,
    })
}

/// RGB8, with any transparency laid on white (the page behind a photo is light, and the JPEG
/// fallback has no alpha channel).
fn flatten(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return match image {
            DynamicImage::ImageRgb8(rgb) => rgb,
            other => other.to_rgb8(),
        };
    }
    let rgba = image.to_rgba8();
    let (width, height) = rgba.dimensions();
    let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
    for pixel in rgba.pixels() {
        let [r, g, b, a] = pixel.0;
        let a = u16::from(a);
        for channel in [r, g, b] {
            let blended = (u16::from(channel) * a + 255 * (255 - a) + 127) / 255;
            rgb.push(u8::try_from(blended).unwrap_or(u8::MAX));
        }
    }
    RgbImage::from_raw(width, height, rgb).unwrap_or_else(|| RgbImage::new(width, height))
}

fn from_image_error(error: ImageError) -> PhotoError {
    match error {
        ImageError::Unsupported(e) => PhotoError::Unsupported {
            format: e.to_string(),
        },
        ImageError::Limits(_) => PhotoError::Corrupt {
            reason: "the decoder would need more memory than a 40-megapixel photo".to_owned(),
        },
        ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            PhotoError::Truncated
        }
        other => PhotoError::Corrupt {
            reason: other.to_string(),
        },
    }
}
