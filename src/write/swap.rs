//! Putting a finished output in place of the previous one. On Linux the two directories are
//! exchanged in one `renameat2(RENAME_EXCHANGE)`, so at every instant the output path holds a
//! whole build, the old or the new: a build killed at any moment never leaves it missing.
//! Elsewhere (or on a file system without the exchange) it takes two renames, undone if the
//! second fails.

use std::path::{Path, PathBuf};

/// Where the previous output went.
#[derive(Debug, PartialEq, Eq)]
pub enum Swapped {
    /// There was no previous output.
    Fresh,
    /// The previous output is now at this path (the staging path, or a hidden sibling).
    Replaced(PathBuf),
}

/// Puts the directory `staging` at `out`; `aside` is a free sibling path for the two-rename way.
pub fn swap_in(staging: &Path, out: &Path, aside: &Path) -> std::io::Result<Swapped> {
    if std::fs::symlink_metadata(out).is_err() {
        fs_err::rename(staging, out)?;
        return Ok(Swapped::Fresh);
    }
    if exchange(staging, out)? {
        return Ok(Swapped::Replaced(staging.to_path_buf()));
    }
    fs_err::rename(out, aside)?;
    if let Err(e) = fs_err::rename(staging, out) {
        // Put the previous output back rather than leave none.
        let _ = fs_err::rename(aside, out);
        return Err(e);
    }
    Ok(Swapped::Replaced(aside.to_path_buf()))
}

/// Exchanges the two paths atomically; false when this system or file system can't.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Kernels before 3.15 and some file systems (older NFS, FUSE) lack the exchange.
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(std::io::Error::new(
            std::io::Error::from(e).kind(),
            format!("exchanging {} and {}: {e}", a.display(), b.display()),
        )),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(path: &Path, text: &str) {
        std::fs::create_dir_all(path).unwrap();
        std::fs::write(path.join("index.html"), text).unwrap();
    }

    #[test]
    fn a_new_output_is_renamed_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, out) = (dir.path().join(".s"), dir.path().join("public"));
        dir_with(&staging, "new");
        assert_eq!(
            swap_in(&staging, &out, &dir.path().join(".old")).unwrap(),
            Swapped::Fresh
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert!(!staging.exists());
    }

    #[test]
    fn the_previous_output_is_exchanged_with_the_new() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, out) = (dir.path().join(".s"), dir.path().join("public"));
        dir_with(&staging, "new");
        dir_with(&out, "old");
        let Swapped::Replaced(old) = swap_in(&staging, &out, &dir.path().join(".old")).unwrap()
        else {
            panic!("there was an output");
        };
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(old.join("index.html")).unwrap(),
            "old"
        );
        // On Linux the exchange leaves the old tree where the new one was staged.
        if cfg!(target_os = "linux") {
            assert_eq!(old, staging);
        }
    }
}
