//! The photo cache: a folder (chosen by the caller; the build uses `<site>/.yanxue-cache/photos/`)
//! holding each processed variant under its content-hash name, and per source a small JSON of its
//! [`ProcessedPhoto`], named by a digest of the source bytes, the settings and [`FORMAT_VERSION`].
//! A later build with the same source and settings finds the JSON and the files and decodes nothing.
//!
//! Every file is written to a temporary name and renamed into place, and the JSON is written after
//! the variants it names, so an interrupted build leaves either a whole entry or none. An entry
//! whose files are missing or do not hash to their names is treated as absent and redone.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use super::error::PhotoError;
use super::{PhotoSettings, ProcessedPhoto};

/// Bumped whenever the processing changes what it produces for the same input (resampler, encoder
/// options, naming), so older entries are not reused.
pub const FORMAT_VERSION: u32 = 1;

/// Hex digits of a digest kept in a variant's file name: 64 bits, ample for one site's photos.
const NAME_HASH_HEX: usize = 16;

/// The cache folder and counts of what it served, for the build's summary.
#[derive(Debug)]
pub struct PhotoCache {
    dir: PathBuf,
    hits: AtomicUsize,
    misses: AtomicUsize,
    temp_counter: AtomicU64,
}

/// How many photos came from the cache and how many were processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Reused whole.
    pub hits: usize,
    /// Decoded, resized and encoded.
    pub misses: usize,
}

impl PhotoCache {
    /// A cache in `dir` (created when the first entry is written).
    pub fn new(dir: impl Into<PathBuf>) -> PhotoCache {
        PhotoCache {
            dir: dir.into(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
            temp_counter: AtomicU64::new(0),
        }
    }

    /// The cache folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the variant called `file_name` is kept (the build copies it from here).
    pub fn path_of(&self, file_name: &str) -> PathBuf {
        self.dir.join(file_name)
    }

    /// Counts since this value was made.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }

    pub(crate) fn record(&self, hit: bool) {
        let counter = if hit { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The entry's key: everything that decides the output goes in.
    pub(crate) fn key(source: &[u8], settings: &PhotoSettings) -> String {
        let mut hasher = Sha256::new();
        hasher.update(FORMAT_VERSION.to_le_bytes());
        hasher.update(settings.webp_quality.to_le_bytes());
        hasher.update(settings.jpeg_quality.to_le_bytes());
        hasher.update([u8::from(settings.jpeg_fallback)]);
        hasher.update((settings.ladder.len() as u64).to_le_bytes());
        for width in &settings.ladder {
            hasher.update(width.to_le_bytes());
        }
        hasher.update(source);
        hex(&hasher.finalize())
    }

    /// The entry for `key`, if it is whole: its JSON reads and every variant hashes to its name.
    pub(crate) fn lookup(&self, key: &str) -> Option<ProcessedPhoto> {
        let json = fs::read(self.meta_path(key)).ok()?;
        let photo: ProcessedPhoto = serde_json::from_slice(&json).ok()?;
        let whole = photo.variants.iter().all(|variant| {
            fs::read(self.path_of(&variant.file_name)).is_ok_and(|bytes| {
                bytes.len() as u64 == variant.bytes_len
                    && variant.file_name.starts_with(&content_hash(&bytes))
            })
        });
        whole.then_some(photo)
    }

    /// Writes the variants, then the JSON that names them.
    pub(crate) fn store(
        &self,
        key: &str,
        photo: &ProcessedPhoto,
        files: &[(String, Vec<u8>)],
    ) -> Result<(), PhotoError> {
        fs::create_dir_all(&self.dir).map_err(|source| PhotoError::Io {
            path: self.dir.clone(),
            source,
        })?;
        for (name, bytes) in files {
            self.write_atomically(&self.path_of(name), bytes)?;
        }
        let json = serde_json::to_vec(photo).map_err(|e| PhotoError::Io {
            path: self.meta_path(key),
            source: std::io::Error::other(e),
        })?;
        self.write_atomically(&self.meta_path(key), &json)
    }

    fn meta_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    fn write_atomically(&self, path: &Path, bytes: &[u8]) -> Result<(), PhotoError> {
        let n = self.temp_counter.fetch_add(1, Ordering::Relaxed);
        let temp = self.dir.join(format!(".tmp-{}-{n}", std::process::id()));
        let io = |source| PhotoError::Io {
            path: path.to_path_buf(),
            source,
        };
        let written = fs::File::create(&temp)
            .and_then(|mut file| file.write_all(bytes))
            .and_then(|()| fs::rename(&temp, path));
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written.map_err(io)
    }
}

/// The name-part digest of a variant's bytes.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut name = hex(&digest);
    name.truncate(NAME_HASH_HEX);
    name
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
