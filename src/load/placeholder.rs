//! Placeholders left in a file. `yanxue init` and `yanxue new` write an example value followed by
//! what to write instead, in one recognisable form — `name: 示例科技馆（请改成你的基地名称）` —
//! so the example builds at once, and every one still there is a note (N012): `check` lists
//! what is left to write. Notes never fail a build: a new site passes `check --deny-warnings`.

use std::path::Path;

use crate::diag::{Diagnostic, Pos, codes};

/// How a placeholder opens: after it comes what to write, up to the closing `）`.
pub const OPENING: &str = "（请改成";

/// A note at each placeholder in `text` (the whole text of `file`). Lines before
/// `first_body_line` are YAML, where a `#` comment explains a placeholder rather than being one;
/// from it on, Markdown, where `#` opens a heading.
pub fn placeholders(file: &Path, text: &str, first_body_line: usize) -> Vec<Diagnostic> {
    if !text.contains(OPENING) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let written = if i + 1 < first_body_line {
            yaml_without_comment(line)
        } else {
            line
        };
        let Some(at) = written.find(OPENING) else {
            continue;
        };
        let column = written[..at].chars().count() + 1;
        let asked = written[at + OPENING.len()..]
            .split('）')
            .next()
            .unwrap_or_default();
        found.push(
            Diagnostic::new(
                codes::PLACEHOLDER_LEFT,
                file,
                Pos::new(i + 1, column),
                crate::text!(
                    "placeholder still to replace: 请改成{asked}",
                    "还有占位文字没改：请改成{asked}"
                ),
            )
            .with_help(crate::text!(
                "write the real value in place of the example, then delete `（请改成…）`",
                "把示例换成真实内容，再删掉“（请改成…）”"
            )),
        );
    }
    found
}

/// A YAML line without its comment (a `#` at the start or after a space). Good enough for
/// placeholders, which are never inside a quoted `#`.
fn yaml_without_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    line.split(" #").next().unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Lang;

    #[test]
    fn placeholders_are_found_outside_comments_and_in_headings() {
        let text = "---\n# 写名称（请改成…）\nname: 示例馆（请改成你的基地名称） # 必填（请改成x）\nsummary: 好\n---\n## 展厅（请改成展厅名称）\n";
        let shown: Vec<String> = placeholders(Path::new("a.md"), text, 6)
            .iter()
            .map(|d| d.short(Lang::Zh))
            .collect();
        assert_eq!(
            shown,
            [
                "a.md:3:10: note[N012]: 还有占位文字没改：请改成你的基地名称 (help: 把示例换成真实内容，再删掉“（请改成…）”)",
                "a.md:6:6: note[N012]: 还有占位文字没改：请改成展厅名称 (help: 把示例换成真实内容，再删掉“（请改成…）”)",
            ]
        );
        assert!(placeholders(Path::new("a.md"), "---\nname: 馆\n---\n", 4).is_empty());
    }
}
