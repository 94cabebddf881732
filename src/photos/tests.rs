//! Tests of the processing core on photos made here: camera-like JPEGs with EXIF orientation and
//! GPS spliced in, small PNGs and WebPs, and hostile bytes.

use std::io::Cursor;

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use image::{ImageEncoder, Rgb, RgbImage};
use proptest::prelude::*;

use super::*;

const RED: Rgb<u8> = Rgb([230, 20, 20]);

/// An upright landscape gradient with a red block in its top-left corner, so where that corner
/// ends up shows whether a photo was turned.
fn upright(width: u32, height: u32) -> RgbImage {
    let block = (width.min(height) / 8).max(2);
    RgbImage::from_fn(width, height, |x, y| {
        if x < block && y < block {
            RED
        } else {
            let g = u8::try_from(x * 200 / width).unwrap_or(0);
            let b = u8::try_from(y * 200 / height).unwrap_or(0);
            Rgb([40, 40 + g / 2, 40 + b / 2])
        }
    })
}

fn jpeg_of(pixels: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            pixels.as_raw(),
            pixels.width(),
            pixels.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

fn png_of(pixels: &RgbImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    pixels.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn webp_of(pixels: &RgbImage) -> Vec<u8> {
    encode::webp(pixels, 80).unwrap()
}

/// An EXIF block as a camera writes it: orientation, GPS position, time and device.
fn camera_exif(orientation: u16) -> Vec<u8> {
    let r = |n: u32| Rational { num: n, denom: 1 };
    let fields = [
        (
            Tag::Orientation,
            In::PRIMARY,
            Value::Short(vec![orientation]),
        ),
        (
            Tag::Make,
            In::PRIMARY,
            Value::Ascii(vec![b"PhoneMaker".to_vec()]),
        ),
        (
            Tag::DateTimeOriginal,
            In::PRIMARY,
            Value::Ascii(vec![b"2026:05:01 10:00:00".to_vec()]),
        ),
        (
            Tag::GPSLatitudeRef,
            In::PRIMARY,
            Value::Ascii(vec![b"N".to_vec()]),
        ),
        (
            Tag::GPSLatitude,
            In::PRIMARY,
            Value::Rational(vec![r(29), r(33), r(12)]),
        ),
        (
            Tag::GPSLongitudeRef,
            In::PRIMARY,
            Value::Ascii(vec![b"E".to_vec()]),
        ),
        (
            Tag::GPSLongitude,
            In::PRIMARY,
            Value::Rational(vec![r(106), r(33), r(5)]),
        ),
    ];
    let fields: Vec<Field> = fields
        .into_iter()
        .map(|(tag, ifd_num, value)| Field {
            tag,
            ifd_num,
            value,
        })
        .collect();
    let mut writer = Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).unwrap();
    tiff.into_inner()
}

/// A camera-like JPEG: `upright` stored turned so that `orientation` (6 or 8, or 1) shows it
/// upright, with an APP1 EXIF segment right after SOI.
fn camera_jpeg(upright: &RgbImage, orientation: u16) -> Vec<u8> {
    let stored = match orientation {
        // 6: the viewer turns the stored image 90° clockwise, so it is stored turned back.
        6 => image::imageops::rotate270(upright),
        8 => image::imageops::rotate90(upright),
        _ => upright.clone(),
    };
    let plain = jpeg_of(&stored, 90);
    let tiff = camera_exif(orientation);
    let mut app1 = vec![0xFF, 0xE1];
    let len = u16::try_from(2 + 6 + tiff.len()).unwrap();
    app1.extend_from_slice(&len.to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn is_red(pixel: Rgb<u8>) -> bool {
    pixel.0[0] > 180 && pixel.0[1] < 90 && pixel.0[2] < 90
}

/// Runs `process` into a fresh cache and returns the photo, the cache and the folder.
fn run(source: &[u8], settings: &PhotoSettings) -> (ProcessedPhoto, PhotoCache, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let cache = PhotoCache::new(dir.path().join("photos"));
    let photo = process(source, settings, &cache).unwrap();
    (photo, cache, dir)
}

fn assert_upright_and_clean(orientation: u16) {
    let source = camera_jpeg(&upright(2000, 1200), orientation);
    // The camera's EXIF is really in the source, GPS included.
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(&source))
        .unwrap();
    assert!(exif.get_field(Tag::GPSLatitude, In::PRIMARY).is_some());

    let (photo, cache, _dir) = run(&source, &PhotoSettings::default());
    assert_eq!((photo.width, photo.height), (2000, 1200));
    let sizes: Vec<(VariantFormat, u32, u32)> = photo
        .variants
        .iter()
        .map(|v| (v.format, v.width, v.height))
        .collect();
    assert_eq!(
        sizes,
        [
            (VariantFormat::Webp, 480, 288),
            (VariantFormat::Webp, 960, 576),
            (VariantFormat::Webp, 1600, 960),
            (VariantFormat::Jpeg, 480, 288),
            (VariantFormat::Jpeg, 960, 576),
            (VariantFormat::Jpeg, 1600, 960),
        ]
    );
    for variant in &photo.variants {
        let bytes = std::fs::read(cache.path_of(&variant.file_name)).unwrap();
        assert_eq!(bytes.len() as u64, variant.bytes_len);
        assert!(variant.file_name.ends_with(&format!(
            "-{}.{}",
            variant.width,
            variant.format.extension()
        )));
        for marker in [
            &b"Exif\0\0"[..],
            b"EXIF",
            b"XMP",
            b"ICC_PROFILE",
            b"PhoneMaker",
            b"2026:05:01",
        ] {
            assert!(
                !contains(&bytes, marker),
                "{} carries {marker:?}",
                variant.file_name
            );
        }
        assert!(
            exif::Reader::new()
                .read_from_container(&mut Cursor::new(&bytes))
                .is_err(),
            "{} has EXIF",
            variant.file_name
        );
        let shown = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(shown.dimensions(), (variant.width, variant.height));
        let (w, h) = shown.dimensions();
        assert!(
            is_red(*shown.get_pixel(4, 4)),
            "{} top-left is {:?}",
            variant.file_name,
            shown.get_pixel(4, 4)
        );
        for (x, y) in [(w - 5, 4), (4, h - 5), (w - 5, h - 5)] {
            assert!(
                !is_red(*shown.get_pixel(x, y)),
                "{} has red at {x},{y}",
                variant.file_name
            );
        }
    }
}

#[test]
fn orientation_6_is_turned_upright_with_every_width_and_no_exif() {
    assert_upright_and_clean(6);
}

#[test]
fn orientation_8_is_turned_upright_with_every_width_and_no_exif() {
    assert_upright_and_clean(8);
}

#[test]
fn a_photo_narrower_than_the_ladder_top_keeps_its_own_width_and_is_never_upscaled() {
    assert_eq!(ladder_widths(&[480, 960, 1600], 1200), [480, 960, 1200]);
    assert_eq!(ladder_widths(&[480, 960, 1600], 4000), [480, 960, 1600]);
    assert_eq!(ladder_widths(&[480, 960, 1600], 960), [480, 960]);
    assert_eq!(ladder_widths(&[480, 960, 1600], 300), [300]);
    let (photo, _cache, _dir) = run(&png_of(&upright(1200, 900)), &PhotoSettings::default());
    let webp: Vec<(u32, u32)> = photo
        .variants
        .iter()
        .filter(|v| v.format == VariantFormat::Webp)
        .map(|v| (v.width, v.height))
        .collect();
    assert_eq!(webp, [(480, 360), (960, 720), (1200, 900)]);
}

#[test]
fn png_and_webp_sources_are_processed_too_and_the_placeholder_is_their_colour() {
    let flat = RgbImage::from_pixel(640, 480, Rgb([30, 120, 200]));
    for source in [png_of(&flat), webp_of(&flat)] {
        let settings = PhotoSettings {
            jpeg_fallback: false,
            ..PhotoSettings::default()
        };
        let (photo, _cache, _dir) = run(&source, &settings);
        assert_eq!((photo.width, photo.height), (640, 480));
        assert_eq!(photo.variants.len(), 2);
        let [r, g, b] = photo.placeholder;
        assert!(
            r.abs_diff(30) < 6 && g.abs_diff(120) < 6 && b.abs_diff(200) < 6,
            "{:?}",
            photo.placeholder
        );
    }
}

#[test]
fn transparency_is_laid_on_white() {
    let rgba = image::RgbaImage::from_pixel(100, 80, image::Rgba([0, 0, 0, 0]));
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(rgba.as_raw(), 100, 80, image::ExtendedColorType::Rgba8)
        .unwrap();
    let (photo, _cache, _dir) = run(&png, &PhotoSettings::default());
    assert_eq!(photo.placeholder, [255, 255, 255]);
}

fn refused(bytes: &[u8]) -> PhotoError {
    let dir = tempfile::tempdir().unwrap();
    let cache = PhotoCache::new(dir.path());
    process(bytes, &PhotoSettings::default(), &cache).unwrap_err()
}

#[test]
fn text_is_not_an_image_and_gif_is_unsupported() {
    assert!(matches!(
        refused(b"# not a photo\n"),
        PhotoError::NotAnImage
    ));
    assert!(matches!(refused(b""), PhotoError::NotAnImage));
    assert!(matches!(
        refused(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        PhotoError::Unsupported { format } if format == "gif"
    ));
}

#[test]
fn a_truncated_jpeg_png_or_webp_is_refused_as_truncated() {
    let pixels = upright(400, 300);
    for source in [jpeg_of(&pixels, 90), png_of(&pixels), webp_of(&pixels)] {
        let cut = &source[..source.len() * 2 / 3];
        assert!(
            matches!(refused(cut), PhotoError::Truncated),
            "{:?}",
            refused(cut)
        );
    }
}

#[test]
fn a_png_header_claiming_50_megapixels_is_refused_before_decoding() {
    // Signature and IHDR only: 10000×5000, 8-bit RGB, and no image data at all.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&10_000u32.to_be_bytes());
    png.extend_from_slice(&5_000u32.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    assert!(matches!(
        refused(&png),
        PhotoError::TooManyPixels {
            width: 10_000,
            height: 5_000
        }
    ));
}

#[test]
fn a_jpeg_whose_frame_claims_too_many_pixels_is_refused() {
    // A real JPEG with the frame header's size rewritten to 9000×9000.
    let mut jpeg = jpeg_of(&upright(64, 48), 80);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 7].copy_from_slice(&9000u16.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&9000u16.to_be_bytes());
    assert!(matches!(
        refused(&jpeg),
        PhotoError::TooManyPixels {
            width: 9000,
            height: 9000
        }
    ));
}

#[test]
fn a_file_over_30_mb_is_refused_by_size() {
    let mut big = jpeg_of(&upright(64, 48), 80);
    big.resize(30 * 1024 * 1024 + 1, 0);
    assert!(
        matches!(refused(&big), PhotoError::TooLarge { bytes } if bytes == 30 * 1024 * 1024 + 1)
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.jpg");
    std::fs::write(&path, &big).unwrap();
    let cache = PhotoCache::new(dir.path().join("cache"));
    let results = process_all(
        &[PhotoJob { source: path }],
        &PhotoSettings::default(),
        &cache,
        |_| {},
    );
    assert!(matches!(results[..], [Err(PhotoError::TooLarge { .. })]));
}

#[test]
fn every_prefix_of_a_real_jpeg_png_and_webp_is_an_error_and_never_a_panic() {
    let pixels = upright(48, 32);
    for source in [camera_jpeg(&pixels, 6), png_of(&pixels), webp_of(&pixels)] {
        for len in 0..source.len() {
            assert!(refused(&source[..len]).to_string().len() > 3);
        }
        let dir = tempfile::tempdir().unwrap();
        assert!(
            process(
                &source,
                &PhotoSettings::default(),
                &PhotoCache::new(dir.path())
            )
            .is_ok()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Bytes changed anywhere in a real photo decode or are refused, never a panic.
    #[test]
    fn corrupted_photos_never_panic(
        which in 0usize..3,
        changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
    ) {
        let pixels = upright(48, 32);
        let mut source = match which {
            0 => camera_jpeg(&pixels, 8),
            1 => png_of(&pixels),
            _ => webp_of(&pixels),
        };
        for (at, byte) in changes {
            let at = at.index(source.len());
            source[at] = byte;
        }
        let dir = tempfile::tempdir().unwrap();
        let _ = process(&source, &PhotoSettings::default(), &PhotoCache::new(dir.path()));
    }
}

#[test]
fn a_second_run_reuses_the_cache_and_returns_the_same_photo() {
    let source = camera_jpeg(&upright(1000, 700), 6);
    let settings = PhotoSettings::default();
    let (first, cache, _dir) = run(&source, &settings);
    let modified = |name: &str| {
        std::fs::metadata(cache.path_of(name))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before: Vec<_> = first
        .variants
        .iter()
        .map(|v| modified(&v.file_name))
        .collect();

    let again = PhotoCache::new(cache.dir());
    let second = process(&source, &settings, &again).unwrap();
    assert_eq!(second, first);
    assert_eq!(again.stats(), CacheStats { hits: 1, misses: 0 });
    let after: Vec<_> = first
        .variants
        .iter()
        .map(|v| modified(&v.file_name))
        .collect();
    assert_eq!(after, before);
    // Nothing half-written is left behind.
    let leftovers = std::fs::read_dir(cache.dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn changed_settings_miss_the_cache() {
    let source = png_of(&upright(700, 500));
    let (first, cache, _dir) = run(&source, &PhotoSettings::default());
    let lower = PhotoSettings {
        webp_quality: 40,
        ..PhotoSettings::default()
    };
    let second = process(&source, &lower, &cache).unwrap();
    assert_eq!(cache.stats(), CacheStats { hits: 0, misses: 2 });
    let size = |p: &ProcessedPhoto| p.variants[0].bytes_len;
    assert!(
        size(&second) < size(&first),
        "q40 {} vs q75 {}",
        size(&second),
        size(&first)
    );
    let other_ladder = PhotoSettings {
        ladder: vec![320, 640],
        ..PhotoSettings::default()
    };
    process(&source, &other_ladder, &cache).unwrap();
    assert_eq!(cache.stats().misses, 3);
}

#[test]
fn a_corrupt_cache_entry_is_redone() {
    let source = png_of(&upright(700, 500));
    let settings = PhotoSettings::default();
    let (first, cache, _dir) = run(&source, &settings);
    let victim = cache.path_of(&first.variants[1].file_name);
    let mut bytes = std::fs::read(&victim).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xFF; // same length, wrong content
    std::fs::write(&victim, &bytes).unwrap();

    let second = process(&source, &settings, &cache).unwrap();
    assert_eq!(second, first);
    assert_eq!(cache.stats(), CacheStats { hits: 0, misses: 2 });
    assert_eq!(
        std::fs::read(&victim).unwrap().len() as u64,
        first.variants[1].bytes_len
    );
    assert_eq!(
        cache::content_hash(&std::fs::read(&victim).unwrap()),
        first.variants[1].file_name[..16]
    );

    // A JSON that no longer parses is redone as well.
    for entry in std::fs::read_dir(cache.dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::write(&path, b"{").unwrap();
        }
    }
    assert_eq!(process(&source, &settings, &cache).unwrap(), first);
    assert_eq!(cache.stats().misses, 3);
}

#[test]
fn process_all_reports_progress_for_every_job_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut jobs = Vec::new();
    for i in 0..4u32 {
        let path = dir.path().join(format!("{i}.png"));
        std::fs::write(&path, png_of(&upright(500 + i * 10, 300))).unwrap();
        jobs.push(PhotoJob { source: path });
    }
    jobs.push(PhotoJob {
        source: dir.path().join("missing.jpg"),
    });
    let cache = PhotoCache::new(dir.path().join("cache"));
    let seen = std::sync::Mutex::new(Vec::new());
    let results = process_all(&jobs, &PhotoSettings::default(), &cache, |p| {
        seen.lock().unwrap().push(p);
    });
    let widths: Vec<Option<u32>> = results
        .iter()
        .map(|r| r.as_ref().ok().map(|p| p.width))
        .collect();
    assert_eq!(widths, [Some(500), Some(510), Some(520), Some(530), None]);
    assert!(matches!(results[4], Err(PhotoError::Io { .. })));
    let mut done: Vec<usize> = seen.into_inner().unwrap().iter().map(|p| p.done).collect();
    done.sort_unstable();
    assert_eq!(done, [1, 2, 3, 4, 5]);
}
