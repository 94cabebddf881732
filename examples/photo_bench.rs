//! The photo core's benchmark driver (`bench/photos` runs it; see BENCHMARKS.md, "Photos
//! (processing core)"):
//!
//! - `photo_bench gen DIR N`: N camera-like 4000×3000 JPEGs (quality 90, textured so they weigh
//!   what a camera's do, with an EXIF block carrying GPS, time and device) into DIR;
//! - `photo_bench run DIR CACHE OUT [--webp-only]`: processes every `*.jpg` in DIR through
//!   `photos::process_all` with CACHE as the cache, copies the variants into OUT as a build will,
//!   and prints one JSON line of counts, bytes and seconds;
//! - `photo_bench stages FILE`: times each stage on one photo: decode, resize with
//!   `fast_image_resize` against `image::imageops`, WebP and JPEG encoding.

use std::error::Error;
use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{ImageEncoder, Rgb, RgbImage};
use rayon::prelude::*;
use yanxue::photos::{PhotoCache, PhotoJob, PhotoSettings, VariantFormat, process_all};

type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["gen", dir, n] => generate(Path::new(dir), n.parse()?),
        ["run", dir, cache, out, ref rest @ ..] => run(
            Path::new(dir),
            Path::new(cache),
            Path::new(out),
            rest.contains(&"--webp-only"),
        ),
        ["stages", file] => stages(Path::new(file)),
        _ => Err(
            "usage: photo_bench gen DIR N | run DIR CACHE OUT [--webp-only] | stages FILE".into(),
        ),
    }
}

/// A small deterministic hash noise, so every run makes the same photos.
fn noise(x: u32, y: u32, seed: u32) -> u32 {
    let mut h =
        x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77) ^ seed.wrapping_mul(0xC2B2_AE3D);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    h
}

/// Sky, hills and texture: smooth areas and detail, like a landscape photo.
fn camera_like(seed: u32) -> RgbImage {
    let (w, h) = (4000u32, 3000u32);
    let horizon = 1200 + (seed % 7) * 60;
    RgbImage::from_fn(w, h, |x, y| {
        let fine = (noise(x, y, seed) % 13) as i32 - 6;
        let coarse = (noise(x / 16, y / 16, seed + 1) % 41) as i32 - 20;
        let hill = horizon as i32 + ((x as f32 / 300.0 + seed as f32).sin() * 180.0) as i32;
        let (r, g, b) = if (y as i32) < hill {
            let t = y as i32 * 120 / hill.max(1);
            (90 + t / 2, 140 + t / 3, 230 - t / 4)
        } else {
            let stripes = ((x / 9 + y / 5 + seed) % 9) as i32 * 6;
            (
                70 + coarse + stripes,
                110 + coarse + stripes / 2,
                50 + coarse / 2,
            )
        };
        let c = |v: i32| (v + fine).clamp(0, 255) as u8;
        Rgb([c(r), c(g), c(b)])
    })
}

fn camera_exif() -> Res<Vec<u8>> {
    let r = |n: u32| Rational { num: n, denom: 1 };
    let fields = [
        (Tag::Orientation, Value::Short(vec![1])),
        (Tag::Make, Value::Ascii(vec![b"PhoneMaker".to_vec()])),
        (
            Tag::DateTimeOriginal,
            Value::Ascii(vec![b"2026:05:01 10:00:00".to_vec()]),
        ),
        (Tag::GPSLatitudeRef, Value::Ascii(vec![b"N".to_vec()])),
        (Tag::GPSLatitude, Value::Rational(vec![r(29), r(33), r(12)])),
    ]
    .map(|(tag, value)| Field {
        tag,
        ifd_num: In::PRIMARY,
        value,
    });
    let mut writer = Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false)?;
    Ok(tiff.into_inner())
}

fn generate(dir: &Path, n: u32) -> Res<()> {
    std::fs::create_dir_all(dir)?;
    let tiff = camera_exif()?;
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&u16::try_from(8 + tiff.len())?.to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    (0..n).into_par_iter().try_for_each(|i| -> Res<()> {
        let pixels = camera_like(i);
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).write_image(
            pixels.as_raw(),
            pixels.width(),
            pixels.height(),
            image::ExtendedColorType::Rgb8,
        )?;
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&app1);
        out.extend_from_slice(&jpeg[2..]);
        std::fs::write(dir.join(format!("photo-{i:03}.jpg")), out)?;
        Ok(())
    })
}

fn run(dir: &Path, cache_dir: &Path, out: &Path, webp_only: bool) -> Res<()> {
    let started = Instant::now();
    let mut jobs: Vec<PhotoJob> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .map(|source| PhotoJob { source })
        .collect();
    jobs.sort_by(|a, b| a.source.cmp(&b.source));
    let settings = PhotoSettings {
        jpeg_fallback: !webp_only,
        ..PhotoSettings::default()
    };
    let cache = PhotoCache::new(cache_dir);
    let results = process_all(&jobs, &settings, &cache, |_| {});
    let processed = started.elapsed();
    std::fs::create_dir_all(out)?;
    let (mut errors, mut webp_bytes, mut jpeg_bytes, mut files) = (0, 0, 0, 0);
    for result in &results {
        let Ok(photo) = result else {
            errors += 1;
            continue;
        };
        for variant in &photo.variants {
            std::fs::copy(
                cache.path_of(&variant.file_name),
                out.join(&variant.file_name),
            )?;
            files += 1;
            match variant.format {
                VariantFormat::Webp => webp_bytes += variant.bytes_len,
                VariantFormat::Jpeg => jpeg_bytes += variant.bytes_len,
            }
        }
    }
    let stats = cache.stats();
    println!(
        "{{\"photos\":{},\"errors\":{errors},\"hits\":{},\"misses\":{},\"files\":{files},\"webp_bytes\":{webp_bytes},\"jpeg_bytes\":{jpeg_bytes},\"process_s\":{:.3},\"total_s\":{:.3}}}",
        jobs.len(),
        stats.hits,
        stats.misses,
        processed.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The best of three runs of `f`.
fn best<T>(mut f: impl FnMut() -> Res<T>) -> Res<(Duration, T)> {
    let mut best: Option<(Duration, T)> = None;
    for _ in 0..3 {
        let t = Instant::now();
        let value = f()?;
        let took = t.elapsed();
        if best.as_ref().is_none_or(|(d, _)| took < *d) {
            best = Some((took, value));
        }
    }
    best.ok_or_else(|| "no run".into())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn stages(file: &Path) -> Res<()> {
    let bytes = std::fs::read(file)?;
    let (took, source) = best(|| Ok(image::load_from_memory(&bytes)?.to_rgb8()))?;
    println!(
        "decode {}×{}: {}",
        source.width(),
        source.height(),
        ms(took)
    );
    let src = ImageRef::new(
        source.width(),
        source.height(),
        source.as_raw(),
        PixelType::U8x3,
    )?;
    let mut resizer = Resizer::new();
    println!(
        "| width | fast_image_resize Lanczos3 | imageops Lanczos3 | imageops CatmullRom | WebP q75 encode | JPEG q75 encode (image) | JPEG q75 encode (jpeg-encoder 4:2:0) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for width in [1600u32, 960, 480] {
        let height = width * source.height() / source.width();
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
        let (fir, small) = best(|| {
            let mut dst = Image::new(width, height, PixelType::U8x3);
            resizer.resize(&src, &mut dst, &options)?;
            RgbImage::from_raw(width, height, dst.into_vec()).ok_or_else(|| "size".into())
        })?;
        let (lanczos, _) = best(|| {
            Ok(image::imageops::resize(
                &source,
                width,
                height,
                image::imageops::FilterType::Lanczos3,
            ))
        })?;
        let (catmull, _) = best(|| {
            Ok(image::imageops::resize(
                &source,
                width,
                height,
                image::imageops::FilterType::CatmullRom,
            ))
        })?;
        let (webp, _) = best(|| {
            let config = webp::WebPConfig::new().map_err(|()| "config")?;
            let mut config = config;
            config.quality = 75.0;
            Ok(webp::Encoder::from_rgb(small.as_raw(), width, height)
                .encode_advanced(&config)
                .map_err(|e| format!("{e:?}"))?
                .len())
        })?;
        let (jpeg, jpeg_len) = best(|| {
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 75).write_image(
                small.as_raw(),
                width,
                height,
                image::ExtendedColorType::Rgb8,
            )?;
            Ok(out.len())
        })?;
        let (jpeg420, jpeg420_len) = best(|| {
            let mut out = Vec::new();
            let mut encoder = jpeg_encoder::Encoder::new(&mut out, 75);
            encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
            encoder.encode(
                small.as_raw(),
                u16::try_from(width)?,
                u16::try_from(height)?,
                jpeg_encoder::ColorType::Rgb,
            )?;
            Ok(out.len())
        })?;
        println!(
            "| {width} | {} | {} | {} | {} | {} ({jpeg_len} B) | {} ({jpeg420_len} B) |",
            ms(fir),
            ms(lanczos),
            ms(catmull),
            ms(webp),
            ms(jpeg),
            ms(jpeg420)
        );
    }
    Ok(())
}
