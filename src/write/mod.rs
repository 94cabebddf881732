//! The only writer of the output directory. Everything is written to a staging directory beside
//! it, then swapped in whole (see [`swap`]), so a failed, interrupted or killed build never leaves
//! a half-written site: the old output stays byte-for-byte intact until the new one is complete.
//! Which directories may be replaced at all is [`target`]'s job; one build at a time, [`lock`]'s.

pub mod leftovers;
mod lock;
mod swap;
mod target;

pub use target::{MARKER, MARKER_TEXT, Refusal, check_out_dir};

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use crate::render::{Output, OutputFile, Sink};

/// Writes `output` to `out_dir`, replacing what was there.
pub fn write_output(output: &Output, out_dir: &Path) -> std::io::Result<()> {
    let staging = Staging::new(out_dir, &mut |_| {})?;
    for (rel, file) in &output.files {
        staging.put(rel.clone(), file.clone())?;
    }
    staging.commit().map(|_| ())
}

/// A new output directory being written beside `out_dir`: files go in as they are rendered,
/// and [`Staging::commit`] swaps it in. Dropped without committing (a failed build), it is
/// removed and `out_dir` stays as it was.
#[derive(Debug)]
pub struct Staging {
    out_dir: PathBuf,
    gate: Arc<Gate>,
    /// Where the two-rename swap puts the previous output.
    aside: PathBuf,
    /// Directories made so far, so each is created once, not once per file.
    made: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    /// Leftovers of earlier, interrupted builds, removed or not.
    leftovers: leftovers::Leftovers,
    /// Released (and its file removed) only after the staging directory is gone.
    _lock: lock::OutputLock,
}

/// The staging directory as the signal handler sees it: it can take it away from under the
/// writers, who check the gate at every file.
#[derive(Debug)]
pub struct Gate {
    dir: PathBuf,
    /// The output's lock file, which the build holds while the gate exists.
    lock_file: PathBuf,
    state: RwLock<Stage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Writing,
    Abandoned,
    Committed,
}

/// What a successful commit left to say.
#[derive(Debug)]
pub struct Committed {
    /// The previous output could not be removed after the swap: it is still at this path.
    pub old_left: Option<(PathBuf, std::io::Error)>,
}

impl Staging {
    /// Takes the output's lock (calling `waiting` with the holder's process id if another build
    /// has it), removes what interrupted builds left beside the output, and makes the staging
    /// directory with the output marker in it.
    pub fn new(out_dir: &Path, waiting: &mut dyn FnMut(Option<u32>)) -> std::io::Result<Staging> {
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs_err::create_dir_all(&parent)?;
        let name = out_dir
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let lock_file = parent.join(format!(".{name}.lock"));
        let lock = lock::OutputLock::acquire(&lock_file, waiting)?;
        let leftovers = leftovers::remove(&parent, &name)?;
        let pid = std::process::id();
        // Hidden siblings on the same file system, so the swap is a rename.
        let dir = parent.join(format!(".{name}.{}{pid}", leftovers::STAGING));
        let aside = parent.join(format!(".{name}.{}{pid}", leftovers::OLD));
        fs_err::create_dir_all(&dir)?;
        fs_err::write(dir.join(MARKER), MARKER_TEXT)?;
        let made = Mutex::new(HashSet::from([dir.clone()]));
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            gate: Arc::new(Gate {
                dir,
                lock_file,
                state: RwLock::new(Stage::Writing),
            }),
            aside,
            made,
            files: AtomicUsize::new(0),
            leftovers,
            _lock: lock,
        })
    }

    /// Files written so far.
    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Leftovers of interrupted builds found beside the output before this one started.
    pub fn leftovers(&self) -> &leftovers::Leftovers {
        &self.leftovers
    }

    /// The handle a signal handler uses to abandon this build.
    pub fn gate(&self) -> Arc<Gate> {
        Arc::clone(&self.gate)
    }

    /// Swaps the staged directory in for the output directory.
    pub fn commit(self) -> std::io::Result<Committed> {
        let swapped = {
            let mut stage = self
                .gate
                .state
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            if *stage != Stage::Writing {
                return Err(interrupted());
            }
            let swapped = swap::swap_in(&self.gate.dir, &self.out_dir, &self.aside)?;
            *stage = Stage::Committed;
            swapped
        };
        let old_left = match swapped {
            swap::Swapped::Fresh => None,
            swap::Swapped::Replaced(old) => fs_err::remove_dir_all(&old).err().map(|e| (old, e)),
        };
        Ok(Committed { old_left })
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

impl Gate {
    /// Stops the build's writers and removes the staging directory; returns it when there was
    /// one to remove (not once the output was committed).
    pub fn abandon(&self) -> Option<PathBuf> {
        // The write lock waits for files being written, and for a swap under way, to finish.
        let mut stage = self.state.write().unwrap_or_else(PoisonError::into_inner);
        if *stage != Stage::Writing {
            return None;
        }
        *stage = Stage::Abandoned;
        let _ = fs_err::remove_dir_all(&self.dir);
        Some(self.dir.clone())
    }

    /// [`Gate::abandon`], then removes the lock file too, for a process about to end at once
    /// (its lock goes with it): nothing of the build is left beside the output.
    pub fn abandon_before_exit(&self) -> Option<PathBuf> {
        let abandoned = self.abandon();
        // Still locked by this process, so no other build can be holding this file.
        let _ = fs_err::remove_file(&self.lock_file);
        abandoned
    }
}

fn interrupted() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "the build was interrupted")
}

impl Sink for Staging {
    fn put(&self, rel: PathBuf, file: OutputFile) -> std::io::Result<()> {
        let stage = self
            .gate
            .state
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        if *stage != Stage::Writing {
            return Err(interrupted());
        }
        let target = self.gate.dir.join(&rel);
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
        self.gate.abandon();
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
