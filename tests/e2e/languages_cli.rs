//! Which language the tool speaks in: `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`,
//! `LANG`), else the site's `language`; for its own lines (the summary, "build failed", refusals,
//! environment errors), the diagnostics and `--help` alike. And `language` itself must be a
//! language tag (E018). The other e2e tests run in English; these set the locale themselves.

use std::path::Path;

use crate::harness::{Run, SiteTest, yanxue};

/// `yanxue <args…> --root <site>` with only the locale variables given in `locale` set.
fn run_with_locale(site: &Path, locale: &[(&str, &str)], args: &[&str]) -> Run {
    let mut command = std::process::Command::new(yanxue());
    for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        command.env_remove(name);
    }
    command
        .envs(locale.iter().copied())
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .env_remove("CLICOLOR_FORCE")
        .args(args)
        .arg("--root")
        .arg(site);
    Run::from(command.output().unwrap())
}

/// A locale that names no language, as on many servers and in containers.
const NO_LANGUAGE: &[(&str, &str)] = &[("LC_ALL", "C.UTF-8")];
const CHINESE: &[(&str, &str)] = &[("LC_ALL", "zh_CN.UTF-8")];

/// The minimal site with its `site.yaml` `language:` line set to `language`.
fn minimal_in(language: &str) -> SiteTest {
    let t = SiteTest::fixture("minimal");
    let path = t.root().join("site.yaml");
    let config = std::fs::read_to_string(&path).unwrap();
    assert!(config.contains("\nlanguage: zh-CN\n"), "{config}");
    std::fs::write(
        &path,
        config.replace("\nlanguage: zh-CN\n", &format!("\nlanguage: {language}\n")),
    )
    .unwrap();
    t
}

#[test]
fn lang_zh_cn_gives_chinese_lines_and_diagnostics() {
    let t = SiteTest::fixture("invalid/duplicate-id");
    let out = t.public();
    let run = t.run(&["build", "--format", "short", "--lang", "zh-CN"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "content/bases/museum.md:1:1: error[E008]: id `bases/museum` 重复了：content/bases/museum/index.md 已经用了这个 id (help: 一个页面要么是 `<id>.md`，要么是 `<id>/index.md`，不能两个都有：请删除或改名其中一个)",
            "1 个文件中有 1 个错误、0 个警告",
            &format!("构建失败：{} 保持原样，没有改动", out.display()),
        ]
    );

    // An environment error (exit 2) too, before any site could be read.
    let nowhere = t.root().join("nowhere");
    let english = [("LC_ALL", "en_US.UTF-8")];
    let run = run_with_locale(&nowhere, &english, &["build", "--lang", "zh-CN"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "错误：{} 里没有 `site.yaml`（--root 是网站的目录吗？）",
            nowhere.display()
        )
    );

    // A good build says so in Chinese.
    let t = SiteTest::fixture("minimal");
    let run = t.run(&["build", "--lang", "zh-CN"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("已生成 ") && run.stderr.contains(" 个文件到 "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.trim_end().ends_with(" 毫秒"), "{}", run.stderr);
}

#[test]
fn without_lang_or_locale_the_sites_language_decides() {
    let chinese = minimal_in("zh-CN");
    let run = run_with_locale(chinese.root(), NO_LANGUAGE, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.starts_with("已生成 "), "{}", run.stderr);

    let english = minimal_in("en");
    let run = run_with_locale(english.root(), NO_LANGUAGE, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.starts_with("built "), "{}", run.stderr);
    assert!(run.stderr.contains(" files into "), "{}", run.stderr);

    // With no locale variable at all, the same.
    let run = run_with_locale(chinese.root(), &[], &["build"]);
    assert!(run.stderr.starts_with("已生成 "), "{}", run.stderr);

    // Lines printed before the site is loaded already speak its language: a refused --out.
    let content = chinese.root().join("content");
    let run = run_with_locale(
        chinese.root(),
        NO_LANGUAGE,
        &["build", "--out", content.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!(
            "错误：--out {} 位于网站的源文件中",
            content.display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn the_locale_wins_over_the_sites_language() {
    let english = minimal_in("en");
    let run = run_with_locale(english.root(), CHINESE, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.starts_with("已生成 "), "{}", run.stderr);

    // LANG counts when LC_ALL is not set.
    let run = run_with_locale(english.root(), &[("LANG", "zh_CN.UTF-8")], &["build"]);
    assert!(run.stderr.starts_with("已生成 "), "{}", run.stderr);
}

#[test]
fn lang_wins_over_the_locale() {
    let t = SiteTest::fixture("invalid/duplicate-id");
    let run = run_with_locale(
        t.root(),
        CHINESE,
        &["build", "--lang", "en", "--format", "short"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[1..],
        [
            "1 error, 0 warnings in 1 file",
            &format!("build failed: {} was left as it was", t.public().display()),
        ]
    );
    assert!(
        lines[0].ends_with("error[E008]: duplicate id `bases/museum`: content/bases/museum/index.md has it already (help: a page is either `<id>.md` or `<id>/index.md`, not both: remove or rename one)"),
        "{}",
        lines[0]
    );
}

/// `yanxue <args…>` (no --root) in English, as a user types it.
fn yanxue_alone(args: &[&str]) -> Run {
    let output = crate::harness::yanxue_command()
        .args(args)
        .output()
        .unwrap();
    Run::from(output)
}

#[test]
fn help_is_in_chinese_with_lang_zh_cn() {
    let run = yanxue_alone(&["--help", "--lang", "zh-CN"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for chinese in [
        "科普研学静态网站生成器",
        "把网站生成到输出文件夹",
        "在内存中构建并在本机提供预览",
        "检查内容，不写入任何文件",
        "提示信息的语言：`zh-CN` 或 `en`",
        "显示帮助",
    ] {
        assert!(run.stdout.contains(chinese), "{chinese}:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("Check the content"), "{}", run.stdout);

    let run = yanxue_alone(&["build", "--help", "--lang", "zh-CN"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for chinese in [
        "--out <OUT>",
        "输出文件夹 [默认：<root>/public]",
        "网站所在的文件夹（里面有 site.yaml）",
        "即使 --out 是一个不是 yanxue 生成的非空文件夹，也替换它",
        "问题的显示方式",
    ] {
        assert!(run.stdout.contains(chinese), "{chinese}:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("Output directory"), "{}", run.stdout);

    // In English otherwise.
    let run = yanxue_alone(&["build", "--help"]);
    assert!(run.stdout.contains("Output directory"), "{}", run.stdout);
}

#[test]
fn a_language_that_is_not_a_tag_is_e018_at_its_value() {
    let t = SiteTest::fixture("invalid/language-not-a-tag");
    let run = t.check_short();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "site.yaml:4:11: error[E018]: `language` must be a BCP 47 language tag; `中文` is not one (help: write a language tag such as `zh-CN`: `language: zh-CN`)"
        )
    );

    let run = t.run(&["check", "--format", "short", "--lang", "zh-CN"]);
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "site.yaml:4:11: error[E018]: `language` 必须是 BCP 47 语言标签，`中文` 不是 (help: 请写语言标签，例如 `zh-CN`：`language: zh-CN`)"
        )
    );

    // With no language asked for, the problem is told in the language the editor meant.
    let run = run_with_locale(t.root(), NO_LANGUAGE, &["check", "--format", "short"]);
    assert!(
        run.stderr.contains("`中文` 不是") && run.stderr.contains("1 个文件中有 1 个错误"),
        "{}",
        run.stderr
    );

    let spelled = minimal_in("chinese simplified");
    let run = spelled.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let problem: serde_json::Value =
        serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(problem["code"], "E018");
    assert_eq!(problem["file"], "site.yaml");
    assert_eq!(
        (problem["line"].as_u64(), problem["column"].as_u64()),
        (Some(4), Some(11))
    );
    assert_eq!(
        problem["help"],
        "write a language tag such as `zh-CN`: `language: zh-CN`"
    );

    // Well-formed tags pass, whatever their case.
    for tag in ["zh-Hans", "zh-Hant-TW", "en", "zh-cn"] {
        let run = minimal_in(tag).check_short();
        assert_eq!(run.code, 0, "{tag}: {}", run.stderr);
    }
}
