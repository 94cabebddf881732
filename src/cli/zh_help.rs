//! The command line's help in Chinese. clap's derive writes the English from the doc comments of
//! the argument structs; the Chinese lives here, one row per command and argument, and is put
//! over the English (`--help` included) when the language is Chinese. Rows in a table rather
//! than a second set of doc comments, so a new subcommand or flag is one line here, and a test
//! walks the command tree and names every command or argument that has no row (and every row
//! that names nothing). clap's own words ("Usage", "Options") stay as they are.

use std::ffi::OsString;

use clap::Command;

use crate::diag::Lang;

/// `(command, argument, Chinese help)`. The command is its path below `yanxue` ("" for `yanxue`
/// itself, `build`), or `*` for an argument that reads the same in every command (`--root`, and
/// the global `--lang`, which every subcommand shows);
/// the argument is its id, the field's name (`base_url`), or "" for the command's own line.
pub const ZH_HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "科普研学静态网站生成器：把科普教育基地、景区和研学线路的 Markdown + YAML 生成网站",
    ),
    (
        "*",
        "lang",
        "提示信息的语言：`zh-CN` 或 `en`（默认按系统语言环境，否则按网站的 `language`）",
    ),
    ("", "version", "显示版本"),
    ("*", "help", "显示帮助"),
    ("*", "root", "网站所在的文件夹（里面有 site.yaml）"),
    (
        "*",
        "format",
        "问题的显示方式：`rich`（源文件的行和帮助）、`short`（路径:行:列: …）、`json`",
    ),
    (
        "build",
        "",
        "把网站生成到输出文件夹（整体替换；有错误时原有输出保持不变）",
    ),
    ("build", "out", "输出文件夹 [默认：<root>/public]"),
    (
        "build",
        "base_url",
        "代替 site.yaml 的 base_url（站点地图用的完整网址）",
    ),
    (
        "build",
        "force",
        "即使 --out 是一个不是 yanxue 生成的非空文件夹，也替换它",
    ),
    (
        "serve",
        "",
        "在内存中构建并在本机提供预览，每次保存都重新构建并刷新浏览器",
    ),
    (
        "serve",
        "port",
        "监听的端口（被占用时用下一个空闲端口；0：任意端口）",
    ),
    (
        "serve",
        "bind",
        "监听的地址。不是本机回环地址时，其他机器也能访问预览",
    ),
    ("serve", "open", "用默认浏览器打开网站"),
    (
        "serve",
        "poll",
        "定时查看文件有没有变化，不用文件系统事件（NFS、WSL 的 /mnt/c、容器）",
    ),
    ("check", "", "检查内容，不写入任何文件"),
    ("check", "deny_warnings", "有警告也算失败（退出码 1）"),
    (
        "check",
        "fix",
        "就地改正确定无误的问题（YAML 里的全角标点、`9点`、`2027/5/1`、制表符），显示改了什么，再检查一遍",
    ),
    (
        "init",
        "",
        "在新的或空的文件夹里建一个新网站：带注释的 site.yaml、一个基地、一个景区、一条线路和页面",
    ),
    (
        "init",
        "dir",
        "新网站的文件夹（不存在就新建；除隐藏文件外必须是空的）",
    ),
    (
        "new",
        "",
        "按带注释的骨架新建一个草稿（draft: true）：基地、景区、线路或页面",
    ),
    (
        "new",
        "kind",
        "新建什么：base（科普教育基地）、spot（景区）、route（研学线路）或 page（自由页面）",
    ),
    (
        "new",
        "id",
        "新页面的 id：即文件名和网址（小写字母 a-z、数字 0-9 和 `-`）",
    ),
    ("help", "", "显示本帮助，或指定子命令的帮助"),
];

/// The Chinese help of `arg` ("" for the command itself) of the command at `path`.
fn zh_help(path: &str, arg: &str) -> Option<&'static str> {
    let row = |command: &str| {
        ZH_HELP
            .iter()
            .find(|(c, a, _)| *c == command && *a == arg)
            .map(|(_, _, zh)| *zh)
    };
    row(path).or_else(|| if arg.is_empty() { None } else { row("*") })
}

/// The command line `cli` (as derived), built, with its help in `lang`.
pub fn in_language(mut cli: Command, lang: Lang) -> Command {
    // Built first, so clap's own `--help`, `--version` and `help` are there to be translated.
    cli.build();
    match lang {
        Lang::En => cli,
        Lang::Zh => translate(cli, ""),
    }
}

fn translate(mut command: Command, path: &str) -> Command {
    if let Some(zh) = zh_help(path, "") {
        command = command.about(zh).long_about(None);
    }
    let args: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in args {
        if let Some(zh) = zh_help(path, &id) {
            command = command.mut_arg(id, |a| a.help(zh).long_help(None));
        }
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subcommands {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        command = command.mut_subcommand(name, |s| translate(s, &sub_path));
    }
    command
}

/// The language the command line's own help and errors are shown in, found before it is parsed:
/// `--lang X` (or `--lang=X`) anywhere before `--`, else the locale; English otherwise (there is
/// no site to ask yet).
pub fn lang_of_args(args: &[OsString], locale: impl Fn(&str) -> Option<String>) -> Lang {
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut asked = None;
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            asked = words.next().and_then(|v| Lang::from_tag(&v));
        } else if let Some(value) = word.strip_prefix("--lang=") {
            asked = Lang::from_tag(value);
        }
    }
    asked
        .or_else(|| Lang::from_locale(locale))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every (command path, argument id) of the built command line, "" for a command itself.
    fn tree(command: &Command, path: &str, out: &mut Vec<(String, String)>) {
        out.push((path.to_string(), String::new()));
        for arg in command.get_arguments() {
            out.push((path.to_string(), arg.get_id().to_string()));
        }
        for sub in command.get_subcommands() {
            let sub_path = if path.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{path} {}", sub.get_name())
            };
            tree(sub, &sub_path, out);
        }
    }

    fn built() -> Command {
        let mut cli = super::super::Cli::command();
        cli.build();
        cli
    }

    #[test]
    fn every_command_and_argument_has_chinese_help() {
        let mut all = Vec::new();
        tree(&built(), "", &mut all);
        let missing: Vec<String> = all
            .iter()
            .filter(|(path, arg)| zh_help(path, arg).is_none())
            // What clap makes under `help` (an operand, a copy of each command) it never shows.
            .filter(|(path, arg)| (path != "help" || arg.is_empty()) && !path.starts_with("help "))
            .map(|(path, arg)| {
                let shown = match (path.as_str(), arg.as_str()) {
                    ("", "") => "`yanxue`".to_string(),
                    (p, "") => format!("`yanxue {p}`"),
                    ("", a) => format!("`{a}` of `yanxue`"),
                    (p, a) => format!("`{a}` of `yanxue {p}`"),
                };
                format!(
                    "{shown}: add (\"{path}\", \"{arg}\", \"…\") to ZH_HELP in src/cli/zh_help.rs"
                )
            })
            .collect();
        assert!(
            missing.is_empty(),
            "no Chinese help for:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn every_row_names_a_command_or_argument() {
        let mut all = Vec::new();
        tree(&built(), "", &mut all);
        for (path, arg, _) in ZH_HELP {
            let found = all
                .iter()
                .any(|(p, a)| (*path == "*" || p == path) && a == arg);
            assert!(found, "ZH_HELP row (\"{path}\", \"{arg}\") names nothing");
        }
    }

    #[test]
    fn chinese_help_replaces_the_english() {
        let mut zh = in_language(super::super::Cli::command(), Lang::Zh);
        let help = zh.render_long_help().to_string();
        assert!(help.contains("科普研学静态网站生成器"), "{help}");
        assert!(help.contains("检查内容，不写入任何文件"), "{help}");
        assert!(!help.contains("Check the content"), "{help}");
        let build = zh.find_subcommand_mut("build").unwrap();
        let help = build.render_long_help().to_string();
        assert!(help.contains("输出文件夹 [默认：<root>/public]"), "{help}");
        assert!(help.contains("提示信息的语言"), "the global --lang: {help}");
        assert!(help.contains("显示帮助"), "{help}");
        assert!(!help.contains("Output directory"), "{help}");

        let mut en = in_language(super::super::Cli::command(), Lang::En);
        assert!(
            en.render_long_help()
                .to_string()
                .contains("Check the content")
        );
    }

    #[test]
    fn the_language_of_help_is_found_before_parsing() {
        let args = |words: &[&str]| -> Vec<OsString> { words.iter().map(OsString::from).collect() };
        let none = |_: &str| None;
        let zh_locale = |name: &str| (name == "LANG").then(|| "zh_CN.UTF-8".to_string());
        assert_eq!(lang_of_args(&args(&["yanxue", "--help"]), none), Lang::En);
        assert_eq!(
            lang_of_args(
                &args(&["yanxue", "build", "--lang", "zh-CN", "--help"]),
                none
            ),
            Lang::Zh
        );
        assert_eq!(
            lang_of_args(&args(&["yanxue", "--lang=zh", "check"]), none),
            Lang::Zh
        );
        assert_eq!(
            lang_of_args(&args(&["yanxue", "--help"]), zh_locale),
            Lang::Zh
        );
        assert_eq!(
            lang_of_args(&args(&["yanxue", "--lang", "en", "--help"]), zh_locale),
            Lang::En
        );
        assert_eq!(
            lang_of_args(&args(&["yanxue", "build", "--", "--lang", "zh-CN"]), none),
            Lang::En
        );
    }
}
