//! Why a photo could not be processed, as a typed value: the build turns each variant into a
//! located diagnostic later, so nothing downstream has to read a message to know what went wrong.

use std::path::PathBuf;

/// The largest photo source accepted, in bytes (a camera JPEG is 5–8 MB).
pub const MAX_SOURCE_BYTES: u64 = 30 * 1024 * 1024;
/// The most pixels a photo may have: checked from the header before anything is decoded, so a
/// small file claiming a huge canvas (a decompression bomb) is refused without allocating.
pub const MAX_PIXELS: u64 = 40_000_000;

/// A photo that could not be turned into its variants.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    /// The bytes are no image format at all (a text file, a PDF renamed `.jpg`).
    #[error("not an image")]
    NotAnImage,
    /// An image format, but not one a photo may be in (JPEG, PNG and WebP are).
    #[error("unsupported image format {format}")]
    Unsupported {
        /// The format's usual name, for the message.
        format: String,
    },
    /// The file ends before the image does (an interrupted copy or download).
    #[error("the image is truncated")]
    Truncated,
    /// The file is complete but its image data cannot be decoded.
    #[error("the image is corrupt: {reason}")]
    Corrupt {
        /// What the decoder said, for the message only.
        reason: String,
    },
    /// The header claims more than [`MAX_PIXELS`].
    #[error("the image is {width}×{height} pixels, more than 40 megapixels")]
    TooManyPixels {
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
    },
    /// The file is over [`MAX_SOURCE_BYTES`].
    #[error("the file is {bytes} bytes, more than 30 MB")]
    TooLarge {
        /// Its size.
        bytes: u64,
    },
    /// The encoder refused a variant (it should not; kept as a value rather than a panic).
    #[error("could not encode a {format} variant")]
    Encode {
        /// `webp` or `jpeg`.
        format: &'static str,
    },
    /// Reading a source or writing to the cache failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file read or written.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}
