//! Checks made on the raw bytes before any decoder runs: the size, the format, the pixel count the
//! header claims, and whether the file ends where its own structure says it does. Decoders are
//! lenient about a missing tail (a truncated JPEG decodes to a grey lower half), so truncation is
//! decided here, by walking the container, and reported as such instead of publishing a broken photo.

use image::ImageFormat;

use super::error::{MAX_PIXELS, MAX_SOURCE_BYTES, PhotoError};

/// The formats a photo may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceFormat {
    Jpeg,
    Png,
    Webp,
}

impl SourceFormat {
    pub(crate) fn image_format(self) -> ImageFormat {
        match self {
            SourceFormat::Jpeg => ImageFormat::Jpeg,
            SourceFormat::Png => ImageFormat::Png,
            SourceFormat::Webp => ImageFormat::WebP,
        }
    }
}

/// Size and format, from the magic bytes.
pub(crate) fn sniff(bytes: &[u8]) -> Result<SourceFormat, PhotoError> {
    let len = bytes.len() as u64;
    if len > MAX_SOURCE_BYTES {
        return Err(PhotoError::TooLarge { bytes: len });
    }
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Ok(SourceFormat::Jpeg),
        Ok(ImageFormat::Png) => Ok(SourceFormat::Png),
        Ok(ImageFormat::WebP) => Ok(SourceFormat::Webp),
        Ok(other) => Err(PhotoError::Unsupported {
            format: other
                .extensions_str()
                .first()
                .copied()
                .unwrap_or("?")
                .to_owned(),
        }),
        Err(_) => Err(PhotoError::NotAnImage),
    }
}

/// Refuses a canvas over [`MAX_PIXELS`].
pub(crate) fn check_pixels(width: u32, height: u32) -> Result<(), PhotoError> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels { width, height });
    }
    Ok(())
}

/// A PNG's size is at a fixed place (the IHDR chunk right after the signature), so a bomb is
/// caught even when the file is nothing but a header and the PNG decoder would stop at the
/// missing data first.
pub(crate) fn png_header_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let ihdr = bytes.get(8..24)?;
    if &ihdr[4..8] != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes([ihdr[8], ihdr[9], ihdr[10], ihdr[11]]);
    let height = u32::from_be_bytes([ihdr[12], ihdr[13], ihdr[14], ihdr[15]]);
    Some((width, height))
}

/// Whether the file ends before its structure does.
pub(crate) fn is_truncated(format: SourceFormat, bytes: &[u8]) -> bool {
    match format {
        SourceFormat::Jpeg => !jpeg_reaches_end_of_image(bytes),
        SourceFormat::Png => !png_reaches_iend(bytes),
        SourceFormat::Webp => webp_riff_is_short(bytes),
    }
}

/// Walks the JPEG markers from SOI: segments by their length, entropy-coded data up to the next
/// marker that is neither a stuffed 0xFF00 nor a restart marker. Data after EOI (a maker's
/// trailer) is allowed; running off the end before EOI is truncation.
fn jpeg_reaches_end_of_image(bytes: &[u8]) -> bool {
    let mut at = 2; // after SOI, which `sniff` has seen
    loop {
        // Markers may be preceded by fill bytes 0xFF.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        at += 2;
        match marker {
            0xD9 => return true,
            // Standalone markers without a length.
            0x01 | 0xD0..=0xD7 => {}
            _ => {
                let Some(len) = bytes.get(at..at + 2) else {
                    return false;
                };
                let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
                if len < 2 {
                    return false;
                }
                at += len;
                if at > bytes.len() {
                    return false;
                }
                if marker == 0xDA {
                    // Entropy-coded data: skip to the next real marker.
                    loop {
                        let Some(offset) = bytes
                            .get(at..)
                            .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
                        else {
                            return false;
                        };
                        at += offset;
                        match bytes.get(at + 1) {
                            None => return false,
                            Some(0x00 | 0xD0..=0xD7 | 0xFF) => at += 1,
                            Some(_) => break,
                        }
                    }
                }
            }
        }
    }
}

/// Walks the PNG chunks from the signature to IEND.
fn png_reaches_iend(bytes: &[u8]) -> bool {
    let mut at = 8;
    loop {
        let Some(head) = bytes.get(at..at + 8) else {
            return false;
        };
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let end = at.saturating_add(12).saturating_add(len);
        if end > bytes.len() {
            return false;
        }
        if &head[4..8] == b"IEND" {
            return true;
        }
        at = end;
    }
}

/// A WebP is one RIFF container whose header gives its length.
fn webp_riff_is_short(bytes: &[u8]) -> bool {
    let Some(size) = bytes.get(4..8) else {
        return true;
    };
    let size = u32::from_le_bytes([size[0], size[1], size[2], size[3]]) as usize;
    bytes.len() < size.saturating_add(8)
}
