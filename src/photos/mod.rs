//! The photo processing core: one source photo (JPEG, PNG or WebP, as an editor's camera or phone
//! made it) in, its published variants out: turned upright by its EXIF orientation, resized to a
//! width ladder without upscaling, encoded as lossy WebP and a JPEG fallback with no metadata at
//! all (no GPS, time or device), named by content hash and kept in a [`PhotoCache`] so an unchanged
//! photo is processed once. Pages, diagnostics and HTML call this; it knows nothing of them.
//!
//! One job per file: [`limits`] checks the raw bytes (size, format, pixel count from the header,
//! truncation), [`decode`] decodes, [`resize`] holds the ladder and the resampler, [`encode`] the
//! encoders, [`cache`] the folder.

mod cache;
mod decode;
mod encode;
mod error;
mod limits;
mod resize;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use fast_image_resize::Resizer;
use image::RgbImage;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use cache::{CacheStats, FORMAT_VERSION, PhotoCache};
pub use error::{MAX_PIXELS, MAX_SOURCE_BYTES, PhotoError};
pub use resize::{height_for, ladder_widths};

/// How photos are processed; part of every cache key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoSettings {
    /// libwebp's quality, 0–100 (Hugo's default is 75 too).
    pub webp_quality: u8,
    /// The JPEG fallback's quality, 1–100.
    pub jpeg_quality: u8,
    /// Whether a JPEG is made beside each WebP (for browsers without WebP, and for `og:image`,
    /// which some sites that read it don't take as WebP).
    pub jpeg_fallback: bool,
    /// Widths to produce, in pixels (see [`ladder_widths`]).
    pub ladder: Vec<u32>,
}

impl Default for PhotoSettings {
    fn default() -> PhotoSettings {
        PhotoSettings {
            webp_quality: 75,
            jpeg_quality: 75,
            jpeg_fallback: true,
            ladder: vec![480, 960, 1600],
        }
    }
}

/// A published file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VariantFormat {
    /// Lossy WebP.
    Webp,
    /// Baseline JPEG.
    Jpeg,
}

impl VariantFormat {
    /// The file extension, and the `type` of a `<source>`'s subtype.
    pub fn extension(self) -> &'static str {
        match self {
            VariantFormat::Webp => "webp",
            VariantFormat::Jpeg => "jpg",
        }
    }
}

/// One published file of a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// Pixels, upright.
    pub width: u32,
    /// Pixels, upright.
    pub height: u32,
    /// Its format.
    pub format: VariantFormat,
    /// `<content hash>-<width>.<ext>`: a new photo gets a new name, so it can be cached forever.
    pub file_name: String,
    /// Its size in bytes.
    pub bytes_len: u64,
}

/// What a photo became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessedPhoto {
    /// The upright photo's width (after the EXIF orientation).
    pub width: u32,
    /// The upright photo's height.
    pub height: u32,
    /// Every variant, WebP and JPEG, narrowest first within each format.
    pub variants: Vec<Variant>,
    /// The average colour, for a CSS background while the photo loads.
    pub placeholder: [u8; 3],
}

/// A photo for [`process_all`]: its source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoJob {
    /// The source file.
    pub source: PathBuf,
}

/// Where [`process_all`] is, for a progress bar: `done` of `total` photos finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Finished so far (processed, reused or failed).
    pub done: usize,
    /// All jobs.
    pub total: usize,
}

/// Processes one photo, or returns its cached result. The variants are in `cache`'s folder.
pub fn process(
    source_bytes: &[u8],
    settings: &PhotoSettings,
    cache: &PhotoCache,
) -> Result<ProcessedPhoto, PhotoError> {
    let key = PhotoCache::key(source_bytes, settings);
    if let Some(photo) = cache.lookup(&key) {
        cache.record(true);
        return Ok(photo);
    }
    let (photo, files) = process_uncached(source_bytes, settings)?;
    cache.store(&key, &photo, &files)?;
    cache.record(false);
    Ok(photo)
}

/// Processes every job in parallel (rayon's pool), calling `on_progress` as each finishes (from
/// any thread). Results are in the order of `jobs`.
pub fn process_all(
    jobs: &[PhotoJob],
    settings: &PhotoSettings,
    cache: &PhotoCache,
    on_progress: impl Fn(Progress) + Sync,
) -> Vec<Result<ProcessedPhoto, PhotoError>> {
    let done = AtomicUsize::new(0);
    let total = jobs.len();
    jobs.par_iter()
        .map(|job| {
            let result = read_source(job).and_then(|bytes| process(&bytes, settings, cache));
            let done = done.fetch_add(1, Ordering::Relaxed) + 1;
            on_progress(Progress { done, total });
            result
        })
        .collect()
}

/// Reads a source, refusing one over [`MAX_SOURCE_BYTES`] from its metadata before reading it.
fn read_source(job: &PhotoJob) -> Result<Vec<u8>, PhotoError> {
    let io = |source| PhotoError::Io {
        path: job.source.clone(),
        source,
    };
    let len = std::fs::metadata(&job.source).map_err(io)?.len();
    if len > MAX_SOURCE_BYTES {
        return Err(PhotoError::TooLarge { bytes: len });
    }
    std::fs::read(&job.source).map_err(io)
}

/// Variant files not yet written: name and bytes.
type VariantFiles = Vec<(String, Vec<u8>)>;

/// Decode, resize, encode: the photo and its files, named but not yet written.
fn process_uncached(
    source_bytes: &[u8],
    settings: &PhotoSettings,
) -> Result<(ProcessedPhoto, VariantFiles), PhotoError> {
    let decoded = decode::decode(source_bytes)?;
    let (width, height) = decoded.upright_size();
    let mut resizer = Resizer::new();
    let mut webps = Vec::new();
    let mut jpegs = Vec::new();
    let mut files = Vec::new();
    let mut placeholder = [0; 3];
    for (i, variant_width) in ladder_widths(&settings.ladder, width)
        .into_iter()
        .enumerate()
    {
        let variant_height = height_for(variant_width, width, height);
        let pixels = resize::resized_upright(
            &mut resizer,
            &decoded.pixels,
            decoded.orientation,
            variant_width,
            variant_height,
        );
        if i == 0 {
            placeholder = average_colour(&pixels);
        }
        let mut add = |format: VariantFormat, bytes: Vec<u8>, list: &mut Vec<Variant>| {
            let file_name = format!(
                "{}-{variant_width}.{}",
                cache::content_hash(&bytes),
                format.extension()
            );
            list.push(Variant {
                width: variant_width,
                height: variant_height,
                format,
                file_name: file_name.clone(),
                bytes_len: bytes.len() as u64,
            });
            files.push((file_name, bytes));
        };
        add(
            VariantFormat::Webp,
            encode::webp(&pixels, settings.webp_quality)?,
            &mut webps,
        );
        if settings.jpeg_fallback {
            add(
                VariantFormat::Jpeg,
                encode::jpeg(&pixels, settings.jpeg_quality)?,
                &mut jpegs,
            );
        }
    }
    webps.extend(jpegs);
    Ok((
        ProcessedPhoto {
            width,
            height,
            variants: webps,
            placeholder,
        },
        files,
    ))
}

/// The mean of each channel (of the smallest variant: the same colour, a fraction of the work).
fn average_colour(pixels: &RgbImage) -> [u8; 3] {
    let mut sums = [0u64; 3];
    for pixel in pixels.pixels() {
        for (sum, &channel) in sums.iter_mut().zip(&pixel.0) {
            *sum += u64::from(channel);
        }
    }
    let count = u64::from(pixels.width()) * u64::from(pixels.height());
    sums.map(|sum| u8::try_from(sum / count.max(1)).unwrap_or(u8::MAX))
}
