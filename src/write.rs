//! The only writer of the output directory. Everything is written to a staging directory beside
//! it, then swapped in by rename, so a failed or interrupted build never leaves a half-written
//! site: the old output stays byte-for-byte intact until the new one is complete.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::render::{Output, OutputFile};

/// Writes `output` to `out_dir`, replacing what was there.
pub fn write_output(output: &Output, out_dir: &Path) -> std::io::Result<()> {
    // Replacing the directory is the point; replacing a site's sources by a mistyped `--out .`
    // must be impossible.
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
    // Hidden siblings on the same file system, so the renames below are atomic.
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fs_err::remove_dir_all(leftover)?;
        }
    }
    if let Err(e) = write_tree(output, &staging) {
        let _ = fs_err::remove_dir_all(&staging);
        return Err(e);
    }
    if out_dir.exists() {
        fs_err::rename(out_dir, &old)?;
        if let Err(e) = fs_err::rename(&staging, out_dir) {
            // Put the previous output back rather than leave none.
            let _ = fs_err::rename(&old, out_dir);
            let _ = fs_err::remove_dir_all(&staging);
            return Err(e);
        }
        fs_err::remove_dir_all(&old)?;
    } else {
        fs_err::rename(&staging, out_dir)?;
    }
    Ok(())
}

fn write_tree(output: &Output, root: &Path) -> std::io::Result<()> {
    fs_err::create_dir_all(root)?;
    // Create each directory once, not once per file.
    let dirs: BTreeSet<&Path> = output
        .files
        .keys()
        .filter_map(|p| p.parent())
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    for dir in dirs {
        fs_err::create_dir_all(root.join(dir))?;
    }
    for (rel, file) in &output.files {
        let target = root.join(rel);
        match file {
            OutputFile::Bytes(bytes) => fs_err::write(&target, bytes)?,
            OutputFile::Copy(source) => {
                fs_err::copy(source, &target)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(files: &[(&str, &str)]) -> Output {
        let mut o = Output::default();
        for (p, text) in files {
            o.files.insert(
                PathBuf::from(p),
                OutputFile::Bytes(text.as_bytes().to_vec()),
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
