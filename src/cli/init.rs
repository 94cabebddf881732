//! `yanxue init [DIR]`: writes the starter site (a commented `site.yaml`, one base, one spot, one
//! route that visits them, the home and about pages, a `.gitignore`) into a new or empty
//! folder, so an editor starts from a site that builds rather than from a copy of someone
//! else's. It never writes into a folder that holds anything but hidden files (`.git`, an
//! editor's settings): those are what a fresh `git init` or clone leaves, and the site is meant
//! to go there. Nothing is ever overwritten.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::starter;
use crate::diag::{Lang, Text};
use crate::text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to make the site in (created if missing; must be empty but for hidden files).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

/// Why `init` wrote nothing.
#[derive(Debug)]
enum Refusal {
    NotEmpty(PathBuf, String),
    NotAFolder(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl Refusal {
    fn text(&self) -> Text {
        match self {
            Refusal::NotEmpty(dir, first) => {
                let dir = dir.display();
                text!(
                    "{dir} is not empty (it holds `{first}`): `init` makes a site only in a new or empty folder, so nothing of yours is overwritten; name a new folder, e.g. `yanxue init my-site`",
                    "{dir} 不是空文件夹（里面有 `{first}`）：为了不覆盖你的文件，`init` 只在新的或空的文件夹里建站；请换一个新文件夹，例如 `yanxue init my-site`"
                )
            }
            Refusal::NotAFolder(dir) => {
                let dir = dir.display();
                text!(
                    "{dir} is a file, not a folder",
                    "{dir} 是一个文件，不是文件夹"
                )
            }
            Refusal::Io(path, e) => {
                let path = path.display();
                text!("can't write {path}: {e}", "无法写入 {path}：{e}")
            }
        }
    }
}

pub(super) fn run(args: Args, today: jiff::civil::Date, lang: Option<Lang>) -> ExitCode {
    // A new site's `language` is zh-CN: without --lang or a locale, speak as the site will.
    let lang = lang.unwrap_or(Lang::Zh);
    match make_site(&args.dir, today) {
        Ok(kept) => {
            for file in kept {
                let file = file.display();
                say!(
                    lang,
                    "note: kept your {file} as it was (add `public/` to it: the build goes there)",
                    "提示：保留了原有的 {file}（请在其中加上 `public/`：生成的网站在那里）"
                );
            }
            // Line by line: a printed line can't hold a newline (see `say!`).
            let here = args.dir == Path::new(".");
            for line in next_steps(&args.dir).get(lang).lines() {
                // Already in it: no `cd`.
                if !(here && line.trim_start().starts_with("cd ")) {
                    say!("{line}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(refusal) => {
            say!(lang, crate::error_line(&refusal.text()));
            ExitCode::from(2)
        }
    }
}

fn next_steps(dir: &Path) -> Text {
    let shown = dir.display();
    text!(
        "made a new site in {shown}. Next:
  cd {shown}
  yanxue serve                  preview it at http://127.0.0.1:1111, rebuilt on every save
  yanxue new route my-route     start a route (a draft until you delete `draft: true`)
  yanxue check                  list what is still to write (values marked （请改成…）)",
        "已在 {shown} 建好新网站。接下来：
  cd {shown}
  yanxue serve                  在 http://127.0.0.1:1111 预览，每次保存自动刷新
  yanxue new route my-route     新建一条线路（删掉 `draft: true` 之前都是草稿）
  yanxue check                  列出还要填写的地方（标着“（请改成…）”的值）"
    )
}

/// Writes the starter site into `dir`; returns the files that were there already and kept.
fn make_site(dir: &Path, today: jiff::civil::Date) -> Result<Vec<PathBuf>, Refusal> {
    check_empty(dir)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| Refusal::Io(path, e)
    };
    let today = starter::today_slot(today);
    let mut kept = Vec::new();
    for (rel, text) in starter::site() {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs_err::create_dir_all(parent).map_err(io(parent))?;
        }
        let text = starter::fill(text, &[("today", &today)]);
        // Only a hidden file can be there already: keep it.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io(&path))?
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => kept.push(path),
            Err(e) => return Err(io(&path)(e)),
        }
    }
    Ok(kept)
}

/// Refuses a folder with anything in it but hidden files, or a path that is not a folder. A
/// missing folder is fine (it is created).
fn check_empty(dir: &Path) -> Result<(), Refusal> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(_) if dir.exists() && !dir.is_dir() => {
            return Err(Refusal::NotAFolder(dir.to_path_buf()));
        }
        Err(e) => return Err(Refusal::Io(dir.to_path_buf(), e)),
    };
    let mut visible: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Refusal::Io(dir.to_path_buf(), e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            visible.push(name);
        }
    }
    visible.sort();
    match visible.into_iter().next() {
        Some(first) => Err(Refusal::NotEmpty(dir.to_path_buf(), first)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> jiff::civil::Date {
        jiff::civil::date(2026, 12, 1)
    }

    #[test]
    fn the_starter_site_builds_with_no_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        assert!(make_site(&root, today()).unwrap().is_empty());
        let options = crate::BuildOptions {
            base_url: None,
            today: today(),
            drafts: false,
        };
        let build = crate::build_site(&root, &options).unwrap();
        let problems: Vec<String> = build
            .diagnostics
            .iter()
            .filter(|d| d.severity() != crate::diag::Severity::Note)
            .map(|d| d.short(Lang::En))
            .collect();
        assert_eq!(problems, Vec::<String>::new());
        let files = &build.output.unwrap().files;
        for page in [
            "routes/example-route/index.html",
            "bases/example-base/index.html",
            "spots/example-spot/index.html",
            "pages/about/index.html",
        ] {
            assert!(files.contains_key(Path::new(page)), "{page}");
        }
    }

    #[test]
    fn hidden_files_alone_leave_a_folder_empty_and_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join(".gitignore"), "target/\n").unwrap();
        let kept = make_site(dir.path(), today()).unwrap();
        assert_eq!(kept, [dir.path().join(".gitignore")]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
            "target/\n"
        );
        assert!(dir.path().join("site.yaml").is_file());
        // Now it is not empty.
        match make_site(dir.path(), today()) {
            Err(Refusal::NotEmpty(_, first)) => assert_eq!(first, "content"),
            other => panic!("{other:?}"),
        }
        let file = dir.path().join("site.yaml");
        assert!(matches!(check_empty(&file), Err(Refusal::NotAFolder(_))));
    }
}
