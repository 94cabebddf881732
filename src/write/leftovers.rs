//! What interrupted builds leave beside the output: a staging directory (killed while writing)
//! or a previous output not yet removed (killed after the swap). A build removes them before it
//! starts, under the output's lock, so none of them can belong to a build still running.

use std::path::{Path, PathBuf};

/// Name parts after `.<output name>.`, followed by the process id of the build that made them.
pub const STAGING: &str = "staging-";
pub const OLD: &str = "old-";

/// What was found beside the output.
#[derive(Debug, Default)]
pub struct Leftovers {
    pub removed: Vec<PathBuf>,
    /// Those that could not be removed: they stay, and the build goes on without them.
    pub kept: Vec<(PathBuf, std::io::Error)>,
}

/// Removes the leftovers of earlier builds of the output `name` in `parent`.
pub fn remove(parent: &Path, name: &str) -> std::io::Result<Leftovers> {
    let prefix = format!(".{name}.");
    let mut found = Leftovers::default();
    for entry in fs_err::read_dir(parent)? {
        let entry = entry?;
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest
            .strip_prefix(STAGING)
            .or_else(|| rest.strip_prefix(OLD));
        if !pid.is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())) {
            continue;
        }
        let path = entry.path();
        let removal = if entry.file_type()?.is_dir() {
            fs_err::remove_dir_all(&path)
        } else {
            fs_err::remove_file(&path)
        };
        match removal {
            Ok(()) => found.removed.push(path),
            Err(e) => found.kept.push((path, e)),
        }
    }
    found.removed.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_outputs_leftovers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            ".public.staging-12",
            ".public.old-7",
            ".public.staging-x",
            ".preview.staging-12",
            "public",
            ".public.lock",
        ] {
            std::fs::create_dir(dir.path().join(name)).unwrap();
            std::fs::write(dir.path().join(name).join("index.html"), "x").unwrap();
        }
        let found = remove(dir.path(), "public").unwrap();
        assert!(found.kept.is_empty());
        assert_eq!(
            found.removed,
            [".public.old-7", ".public.staging-12"].map(|n| dir.path().join(n))
        );
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".preview.staging-12",
                ".public.lock",
                ".public.staging-x",
                "public"
            ]
        );
    }
}
