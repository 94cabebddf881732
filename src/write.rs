//! The only writer of the output directory. Everything is written to a staging directory beside
//! it, then swapped in by rename, so a failed or interrupted build never leaves a half-written
//! site: the old output stays byte-for-byte intact until the new one is complete.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::render::{Output, OutputFile, Sink};

/// Writes `output` to `out_dir`, replacing what was there.
pub fn write_output(output: &Output, out_dir: &Path) -> std::io::Result<()> {
    let staging = Staging::new(out_dir)?;
    for (rel, file) in &output.files {
        staging.put(rel.clone(), file.clone())?;
    }
    staging.commit()
}

/// A new output directory being written beside `out_dir`: files go in as they are rendered,
/// and [`Staging::commit`] swaps it in. Dropped without committing (a failed build), it is
/// removed and `out_dir` stays as it was.
#[derive(Debug)]
pub struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// Directories made so far, so each is created once, not once per file.
    made: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    committed: bool,
}

impl Staging {
    pub fn new(out_dir: &Path) -> std::io::Result<Staging> {
        // Replacing the directory is the point; replacing a site's sources by a mistyped
        // `--out .` must be impossible.
        if out_dir.join("site.yaml").exists() || out_dir.join("content").is_dir() {
            return Err(std::io::Error::other(format!(
                "refusing to replace {}: it holds a site's sources (site.yaml or content/), not built output",
                out_dir.display()
            )));
        }
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs_err::create_dir_all(&parent)?;
        let name = out_dir
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let pid = std::process::id();
        // Hidden siblings on the same file system, so the renames in `commit` are atomic.
        let dir = parent.join(format!(".{name}.staging-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        for leftover in [&dir, &old] {
            if leftover.exists() {
                fs_err::remove_dir_all(leftover)?;
            }
        }
        fs_err::create_dir_all(&dir)?;
        let made = Mutex::new(HashSet::from([dir.clone()]));
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            dir,
            old,
            made,
            files: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Files written so far.
    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Swaps the staged directory in for the output directory.
    pub fn commit(mut self) -> std::io::Result<()> {
        self.committed = true;
        let (out_dir, staging, old) = (&self.out_dir, &self.dir, &self.old);
        let result = if out_dir.exists() {
            fs_err::rename(out_dir, old).and_then(|()| {
                if let Err(e) = fs_err::rename(staging, out_dir) {
                    // Put the previous output back rather than leave none.
                    let _ = fs_err::rename(old, out_dir);
                    return Err(e);
                }
                fs_err::remove_dir_all(old)
            })
        } else {
            fs_err::rename(staging, out_dir)
        };
        if result.is_err() && staging.exists() {
            let _ = fs_err::remove_dir_all(staging);
        }
        result
    }

    fn make_dir(&self, dir: &Path) -> std::io::Result<()> {
        let made = |d: &Path| {
            self.made
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains(d)
        };
        if made(dir) {
            return Ok(());
        }
        fs_err::create_dir_all(dir)?;
        let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
        made.extend(dir.ancestors().map(Path::to_path_buf));
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, rel: PathBuf, file: OutputFile) -> std::io::Result<()> {
        let target = self.dir.join(&rel);
        if let Some(parent) = target.parent() {
            self.make_dir(parent)?;
        }
        match file {
            OutputFile::Bytes(bytes) => fs_err::write(&target, &bytes)?,
            OutputFile::Copy(source) => {
                fs_err::copy(&source, &target)?;
            }
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && self.dir.exists() {
            let _ = fs_err::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(files: &[(&str, &str)]) -> Output {
        let mut o = Output::default();
        for (p, text) in files {
            o.files.insert(
                PathBuf::from(p),
                OutputFile::Bytes(bytes::Bytes::copy_from_slice(text.as_bytes())),
            );
        }
        o
    }

    #[test]
    fn replaces_the_output_and_leaves_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_output(
            &output(&[
                ("index.html", "a"),
                ("x/index.html", "b"),
                ("stale.html", "s"),
            ]),
            &out,
        )
        .unwrap();
        write_output(&output(&[("index.html", "c"), ("x/index.html", "d")]), &out).unwrap();
        assert_eq!(fs_err::read_to_string(out.join("index.html")).unwrap(), "c");
        assert!(!out.join("stale.html").exists());
        let names: Vec<_> = fs_err::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn never_replaces_a_site() {
        let dir = tempfile::tempdir().unwrap();
        fs_err::write(dir.path().join("site.yaml"), "title: t").unwrap();
        let err = write_output(&output(&[("index.html", "x")]), dir.path()).unwrap_err();
        assert!(err.to_string().contains("refusing"), "{err}");
        assert!(dir.path().join("site.yaml").exists());
    }

    #[test]
    fn a_failed_write_keeps_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_output(&output(&[("index.html", "old")]), &out).unwrap();
        let mut bad = output(&[("index.html", "new")]);
        bad.files.insert(
            PathBuf::from("copy.png"),
            OutputFile::Copy(dir.path().join("missing.png")),
        );
        assert!(write_output(&bad, &out).is_err());
        assert_eq!(
            fs_err::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(fs_err::read_dir(dir.path()).unwrap().count(), 1);
    }
}
