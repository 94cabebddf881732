//! One build at a time into one output directory. Two builds racing to swap the same directory
//! would fail on each other's renames; an advisory lock on a file beside the output makes the
//! second one wait, and says who it waits for.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Held for the whole of a build; the lock file is removed when it is released.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

impl OutputLock {
    /// Takes the lock at `path`, first calling `waiting` with the holder's process id (when it
    /// wrote one) if another build holds it.
    pub fn acquire(path: &Path, waiting: &mut dyn FnMut(Option<u32>)) -> std::io::Result<Self> {
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(|e| with_path(e, path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    waiting(holder(&mut file));
                    file.lock().map_err(|e| with_path(e, path))?;
                }
                Err(TryLockError::Error(e)) => return Err(with_path(e, path)),
            }
            // The build we waited for removes the file as it finishes: our lock may be on a file
            // no longer at `path`, which a third build could lock anew. Only the file at the path
            // counts, so try again until that is the one we hold.
            if !is_file_at(&file, path) {
                continue;
            }
            file.set_len(0)?;
            file.rewind()?;
            write!(file, "{}", std::process::id())?;
            return Ok(OutputLock {
                file,
                path: path.to_path_buf(),
            });
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked, so nobody can lock the file between its unlocking and its
        // removal and then hold a lock on a file that is gone. A build killed before this leaves
        // the file; the next build takes it over and removes it.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// The process id the holder wrote into the lock file.
fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(unix)]
fn is_file_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(held), Ok(there)) => held.dev() == there.dev() && held.ino() == there.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_file_at(_file: &File, path: &Path) -> bool {
    path.exists()
}

fn with_path(e: std::io::Error, path: &Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("locking {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_second_build_waits_and_learns_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.lock");
        let first = OutputLock::acquire(&path, &mut |_| panic!("nobody holds it")).unwrap();
        let (tx, rx) = mpsc::channel();
        let second = std::thread::spawn({
            let path = path.clone();
            move || {
                let lock = OutputLock::acquire(&path, &mut |pid| tx.send(pid).unwrap()).unwrap();
                drop(lock);
            }
        });
        let told = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(told, Some(std::process::id()));
        assert!(!second.is_finished());
        drop(first);
        second.join().unwrap();
        assert!(!path.exists(), "the lock file is removed with the lock");
    }

    #[test]
    fn a_lock_file_left_by_a_killed_build_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.lock");
        std::fs::write(&path, "999999").unwrap();
        let lock = OutputLock::acquire(&path, &mut |_| panic!("nobody holds it")).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            std::process::id().to_string()
        );
        drop(lock);
        assert!(!path.exists());
    }
}
