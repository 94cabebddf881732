//! serde-saphyr's errors in an editor's words, in English and Chinese, each at the line the
//! editor must change. The library's error is structured (its enum, and the parser's
//! `ErrorKind` inside it); where the parser noticed a problem later than it happened (an
//! over-indented line, an unclosed `[`, a tab), the text scan in [`super::lines`] finds the line.

use std::path::Path;

use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::{Error, ExternalMessageSource};

use super::lines::{self, Suspect, SuspectKind};
use super::required::{Kind, Missing, Schema, Under};
use crate::diag::{Diagnostic, Pos, Text, codes};
use crate::text;

/// What every explanation needs: the YAML text and the file it came from.
pub(super) struct Cx<'a> {
    pub text: &'a str,
    pub file: &'a Path,
}

impl Cx<'_> {
    /// Front matter or `site.yaml`: the help says where a line must be added.
    fn is_front_matter(&self) -> bool {
        self.file.extension().is_some_and(|e| e == "md")
    }

    fn file_name(&self) -> String {
        self.file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }

    fn diag(&self, code: codes::Code, pos: Pos, message: crate::diag::Text) -> Diagnostic {
        Diagnostic::new(code, self.file, pos, message)
    }
}

/// The error itself, out of the wrappers that only add context.
fn inner(mut err: &Error) -> &Error {
    while let Error::AliasError { error, .. } | Error::WithSnippet { error, .. } = err {
        err = error;
    }
    err
}

fn position(err: &Error) -> Pos {
    err.location()
        .map(|l| Pos::new(l.line() as usize, l.column() as usize))
        .filter(|p| p.line > 0)
        .unwrap_or(Pos::START)
}

fn scan_kind(err: &Error) -> Option<&ErrorKind> {
    match err {
        Error::ExternalMessage { source, .. } => match &**source {
            ExternalMessageSource::Parser(scan) => Some(scan.kind()),
            _ => None,
        },
        _ => None,
    }
}

/// A document that is not valid YAML.
pub(super) fn syntax(cx: &Cx<'_>, err: &Error) -> Diagnostic {
    let err = inner(err);
    let pos = position(err);
    let kind = scan_kind(err);
    if let Some(kind) = kind
        && is_tab(kind)
    {
        return tab(cx, pos);
    }
    match err {
        Error::Budget { .. } => return alias_bomb(cx, pos),
        Error::DuplicateMappingKey { key, .. } => return duplicate(cx, pos, key.as_deref()),
        _ => {}
    }
    // The parser reads on until the broken shape stops it: the cause is at or before the
    // end of the value it was reading.
    let window = lines::value_end(cx.text, pos.line).max(pos.line + 1);
    if let Some(suspect) = lines::suspects(cx.text)
        .into_iter()
        .find(|s| s.line <= window)
    {
        return explain_suspect(cx, suspect);
    }
    match (err, kind) {
        (_, Some(kind)) => parser_kind(cx, pos, kind, err),
        (Error::UnknownAnchor { .. }, _) => reserved(cx, pos, '*'),
        (Error::MultipleDocuments { .. }, _) => document_marker(cx, pos, "---"),
        (Error::Eof { .. }, _) => empty(cx),
        _ => catch_all(cx, pos, err, codes::YAML_SYNTAX),
    }
}

/// A line the text scan found to break the shape of the text.
fn explain_suspect(cx: &Cx<'_>, s: Suspect) -> Diagnostic {
    let pos = Pos::new(s.line, s.column);
    match s.kind {
        SuspectKind::OverIndented { fixed } => {
            let n = indent_of(&fixed);
            cx.diag(
                codes::OVER_INDENTED,
                pos,
                text!(
                    "this line is indented more than the one above, so it is read as part of that line's value",
                    "这一行比上一行缩进得多，会被当成上一行的值的一部分"
                ),
            )
            .with_help(text!(
                "indent it by {n} spaces, like the field above: `{fixed}`",
                "改成和上面的字段一样缩进 {n} 个空格：`{fixed}`"
            ))
        }
        SuspectKind::Misaligned { fixed } => {
            let n = indent_of(&fixed);
            cx.diag(
                codes::OVER_INDENTED,
                pos,
                text!(
                    "this line's indentation matches none of the lines above",
                    "这一行的缩进和上面的行都对不齐"
                ),
            )
            .with_help(text!(
                "indent it by {n} spaces, like the other fields of its group: `{fixed}`",
                "改成和同一组的其他字段一样缩进 {n} 个空格：`{fixed}`"
            ))
        }
        SuspectKind::MissingSpace { key, fixed } => cx
            .diag(
                codes::NO_SPACE_AFTER_COLON,
                pos,
                text!(
                    "no space after the `:` of `{key}`, so the line is read as one piece of text, not as a field",
                    "`{key}` 后面的 `:` 缺少空格，整行会被当成一段文字，而不是一个字段"
                ),
            )
            .with_help(text!(
                "put a space after `:`: `{fixed}`",
                "在 `:` 后面加一个空格：`{fixed}`"
            )),
        SuspectKind::Unclosed { open } => unclosed(cx, pos, open),
        SuspectKind::DocumentMarker { marker } => document_marker(cx, pos, &marker),
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_tab(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::TabNotAllowed
            | ErrorKind::TabInBlockIndentation
            | ErrorKind::TabAtBlockScalarStart
            | ErrorKind::TabInIndentation
            | ErrorKind::TabInPlainScalar
    )
}

/// The parser points after the tab, or at the end of the line above it: find the tab.
fn tab(cx: &Cx<'_>, pos: Pos) -> Diagnostic {
    let (line, column) = lines::first_tab_from(cx.text, pos.line).unwrap_or((pos.line, pos.column));
    let in_indent = lines::line_text(cx.text, line)
        .chars()
        .take(column)
        .all(char::is_whitespace);
    let message = if in_indent {
        text!(
            "this line is indented with a tab; YAML indents with spaces only",
            "这一行用 Tab 缩进；YAML 只能用空格缩进"
        )
    } else {
        text!(
            "a tab in this line; YAML allows only spaces here",
            "这一行里有 Tab；这里只能用空格"
        )
    };
    cx.diag(codes::YAML_SYNTAX, Pos::new(line, column), message)
        .with_help(text!(
            "replace the tab with spaces (two for each level of indentation)",
            "把 Tab 换成空格（每一层缩进两个空格）"
        ))
}

fn alias_bomb(cx: &Cx<'_>, pos: Pos) -> Diagnostic {
    cx.diag(
        codes::YAML_SYNTAX,
        pos,
        text!(
            "the YAML expands to too many values (`*` references repeated inside each other?)",
            "这段 YAML 展开后的值太多（`*` 引用层层嵌套？）"
        ),
    )
    .with_help(text!(
        "write the values out instead of nesting `*` references",
        "把值直接写出来，不要层层嵌套 `*` 引用"
    ))
}

fn duplicate(cx: &Cx<'_>, pos: Pos, key: Option<&str>) -> Diagnostic {
    let key = key
        .map(str::to_string)
        .or_else(|| lines::field_at(cx.text, pos.line, usize::MAX))
        .unwrap_or_default();
    let indent = indent_of(lines::line_text(cx.text, pos.line));
    let first = (1..pos.line).find(|l| {
        let t = lines::line_text(cx.text, *l);
        indent_of(t) == indent
            && t.trim_start()
                .trim_start_matches("- ")
                .starts_with(&format!("{key}:"))
    });
    let d = cx.diag(
        codes::DUPLICATE_FIELD,
        Pos::new(pos.line, pos.column),
        text!("`{key}` is written twice", "`{key}` 写了两次"),
    );
    match first {
        Some(n) => d.with_help(text!(
            "`{key}` is already on line {n}: keep one of the two",
            "第 {n} 行已经写过 `{key}`：两处只保留一处"
        )),
        None => d.with_help(text!(
            "keep one of the two `{key}` lines",
            "两行 `{key}` 只保留一行"
        )),
    }
}

fn unclosed(cx: &Cx<'_>, pos: Pos, open: char) -> Diagnostic {
    let close = match open {
        '[' => ']',
        '{' => '}',
        other => other,
    };
    let line = lines::line_text(cx.text, pos.line).trim_end();
    // `{ a: 1` closes as `{ a: 1 }`, `[a` as `[a]`: the editor's own spacing.
    let spaced = close != open
        && lines::line_text(cx.text, pos.line)
            .chars()
            .nth(pos.column)
            .is_some_and(|c| c == ' ');
    let ending = if spaced {
        format!(" {close}")
    } else {
        close.to_string()
    };
    let message = if open == '"' || open == '\'' {
        text!(
            "this quote `{open}` is never closed",
            "这个引号 `{open}` 没有闭合"
        )
    } else {
        text!("this `{open}` is never closed", "这个 `{open}` 没有闭合")
    };
    cx.diag(codes::UNCLOSED, pos, message).with_help(text!(
        "close it with `{close}` at the end of the value: `{line}{ending}`",
        "在值的末尾用 `{close}` 闭合：`{line}{ending}`"
    ))
}

fn document_marker(cx: &Cx<'_>, pos: Pos, marker: &str) -> Diagnostic {
    let message = if marker == "..." {
        text!(
            "`...` ends the YAML here: the lines after it are not read",
            "`...` 表示 YAML 到此结束，后面的行都不会被读取"
        )
    } else {
        text!(
            "a second `---` starts another YAML document, which is not read",
            "又一个 `---` 开始了第二个 YAML 文档，它不会被读取"
        )
    };
    cx.diag(codes::YAML_SYNTAX, Pos::new(pos.line, 1), message)
        .with_help(text!(
            "remove this line: the fields of a file are one document",
            "删掉这一行：一个文件里的字段是一个整体"
        ))
}

fn empty(cx: &Cx<'_>) -> Diagnostic {
    cx.diag(
        codes::YAML_SYNTAX,
        Pos::START,
        text!("there are no fields", "没有任何字段"),
    )
    .with_help(text!(
        "write the fields as `name: value` lines",
        "按 `字段名: 值` 的格式逐行写出字段"
    ))
}

/// Why each reserved first character means something else in YAML.
fn reserved(cx: &Cx<'_>, pos: Pos, c: char) -> Diagnostic {
    let (why_en, why_zh) = match c {
        '&' => (
            "it names the value for a `*` reference",
            "它用来给值起名，供 `*` 引用",
        ),
        '*' => (
            "it refers to a value named with `&`",
            "它表示引用用 `&` 起过名的值",
        ),
        '!' => ("it marks a YAML type tag", "它表示 YAML 的类型标记"),
        '%' => ("it starts a YAML directive", "它表示 YAML 指令"),
        _ => ("YAML reserves it", "YAML 保留了这个字符"),
    };
    let key = lines::field_at(cx.text, pos.line, pos.column);
    let value = lines::value_on_line(cx.text, pos.line);
    let d = cx.diag(
        codes::YAML_SYNTAX,
        pos,
        text!(
            "a value can't start with `{c}`: {why_en}",
            "值不能以 `{c}` 开头：{why_zh}"
        ),
    );
    match (key, value) {
        (Some(key), Some(value)) if !value.starts_with('"') => d.with_help(quote_it(&key, &value)),
        _ => d.with_help(text!(
            "put the whole value in quotes: `\"{c}…\"`",
            "把整个值放进引号里：`\"{c}…\"`"
        )),
    }
}

/// The parser's own error kinds, where the text scan found nothing more precise.
fn parser_kind(cx: &Cx<'_>, pos: Pos, kind: &ErrorKind, err: &Error) -> Diagnostic {
    let char_at = lines::line_text(cx.text, pos.line)
        .chars()
        .nth(pos.column.saturating_sub(1))
        .unwrap_or(' ');
    match kind {
        ErrorKind::UnclosedFlowCollection { open } => unclosed(cx, pos, *open),
        ErrorKind::UnclosedQuotedScalar => unclosed(cx, pos, char_at),
        ErrorKind::UnexpectedEofFlowSequence => unclosed(cx, pos, '['),
        ErrorKind::UnexpectedEofFlowMapping | ErrorKind::UnexpectedEofImplicitFlowMapping => {
            unclosed(cx, pos, '{')
        }
        ErrorKind::MismatchedFlowCollectionEnd { open, close } => {
            let want = if *open == '[' { ']' } else { '}' };
            cx.diag(
                codes::YAML_SYNTAX,
                pos,
                text!(
                    "`{open}` is closed with `{close}`",
                    "`{open}` 却用 `{close}` 闭合"
                ),
            )
            .with_help(text!(
                "close `{open}` with `{want}`",
                "`{open}` 要用 `{want}` 闭合"
            ))
        }
        ErrorKind::MisplacedFlowCollectionEnd => cx
            .diag(
                codes::YAML_SYNTAX,
                pos,
                text!(
                    "`{char_at}` without an opening bracket before it",
                    "`{char_at}` 前面没有对应的左括号"
                ),
            )
            .with_help(text!(
                "remove it, or open the list with `[` (or the group with `{{`)",
                "删掉它，或者补上列表开头的 `[`（或开头的 `{{`）"
            )),
        ErrorKind::UnexpectedCharacter { character } if character.is_control() => {
            let c = character;
            cx.diag(
                codes::YAML_SYNTAX,
                pos,
                text!(
                    "an invisible control character `{c}` in the text",
                    "文字里有一个看不见的控制字符 `{c}`"
                ),
            )
            .with_help(text!(
                "delete it: YAML does not allow it (it often comes with text pasted from elsewhere)",
                "删掉它：YAML 不允许这种字符（它常常是从别处粘贴文字时带进来的）"
            ))
        }
        ErrorKind::UnexpectedCharacter { character } => reserved(cx, pos, *character),
        ErrorKind::InvalidTagTerminator
        | ErrorKind::ExpectedTagBang
        | ErrorKind::UndeclaredTagHandle
        | ErrorKind::UnclosedVerbatimTag
        | ErrorKind::MissingTagUri
        | ErrorKind::InvalidTagEscape
        | ErrorKind::InvalidGlobalTagCharacter => reserved(cx, pos, '!'),
        ErrorKind::MissingAnchorOrAliasName => reserved(cx, pos, char_at),
        ErrorKind::UnknownAnchor => reserved(cx, pos, '*'),
        ErrorKind::SimpleKeyExpected | ErrorKind::InvalidSimpleKey => cx
            .diag(
                codes::YAML_SYNTAX,
                Pos::new(pos.line, 1),
                text!(
                    "this line is not a field: a field is written `name: value`",
                    "这一行不是字段：字段要写成 `字段名: 值`"
                ),
            )
            .with_help(text!(
                "after the field name write an ASCII `:` and a space; if the line continues the text above, indent it",
                "字段名后面写半角冒号 `:` 再加一个空格；如果这一行是上一行文字的延续，就把它缩进"
            )),
        ErrorKind::MappingValueNotAllowed
        | ErrorKind::InvalidColonPlacement
        | ErrorKind::MappingKeyNotAllowed
        | ErrorKind::InvalidMappingValueWhitespace => colon_in_value(cx, pos),
        ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::InvalidIndentation
        | ErrorKind::ExpectedBlockSequenceEntry
        | ErrorKind::BlockSequenceEntryNotAllowed
        | ErrorKind::BlockEntryInFlowCollection
        | ErrorKind::InvalidFlowScalarIndent
        | ErrorKind::InvalidQuotedScalarIndent => cx
            .diag(
                codes::OVER_INDENTED,
                Pos::new(pos.line, 1),
                text!(
                    "this line's indentation doesn't fit the lines above",
                    "这一行的缩进和上面的行对不上"
                ),
            )
            .with_help(text!(
                "indent the fields of one group by the same number of spaces, deeper than the field they belong to; list entries start with `- ` on their own line",
                "同一组字段缩进相同的空格数，并比所属的字段更深；列表的每一项单独一行，以 `- ` 开头"
            )),
        ErrorKind::ExpectedFlowSequenceSeparator | ErrorKind::ExpectedFlowMappingSeparator => cx
            .diag(
                codes::YAML_SYNTAX,
                pos,
                text!(
                    "items in `[…]` or `{{…}}` must be separated by `, `",
                    "`[…]` 或 `{{…}}` 里的各项要用 `, ` 分隔"
                ),
            )
            .with_help(text!(
                "write an ASCII comma and a space between items: `[a, b]`",
                "各项之间写半角逗号加一个空格：`[a, b]`"
            )),
        ErrorKind::InvalidTrailingDoubleQuotedScalar
        | ErrorKind::InvalidTrailingSingleQuotedScalar => cx
            .diag(
                codes::YAML_SYNTAX,
                pos,
                text!(
                    "text after the closing quote",
                    "右引号后面还有文字"
                ),
            )
            .with_help(text!(
                "quote the whole value, or leave the quotes out",
                "要么把整个值放进引号里，要么不用引号"
            )),
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidLowSurrogateHexEscape
        | ErrorKind::InvalidLowSurrogate
        | ErrorKind::MissingLowSurrogate
        | ErrorKind::UnpairedLowSurrogate
        | ErrorKind::InvalidUnicodeEscape => cx
            .diag(
                codes::YAML_SYNTAX,
                pos,
                text!(
                    "inside double quotes `\\` starts an escape, and this one is not known",
                    "在双引号里 `\\` 表示转义，而这个转义不存在"
                ),
            )
            .with_help(text!(
                "write `\\\\` for a backslash, or use single quotes `'…'`",
                "反斜杠写成 `\\\\`，或者改用单引号 `'…'`"
            )),
        ErrorKind::DocumentIndicatorInQuotedScalar
        | ErrorKind::MultipleDocumentsUnsupported
        | ErrorKind::InvalidDocumentEnd
        | ErrorKind::MissingDocumentEndBeforeDirective
        | ErrorKind::ExpectedDocumentStart => document_marker(cx, pos, "---"),
        ErrorKind::CommentNotSeparated => cx
            .diag(
                codes::YAML_SYNTAX,
                pos,
                text!(
                    "a `#` right after a value: a comment needs a space before its `#`",
                    "值后面紧跟着 `#`：注释的 `#` 前面要有一个空格"
                ),
            )
            .with_help(text!(
                "put a space before `#` to start a comment, or quote the whole value if the `#` belongs to it",
                "要写注释就在 `#` 前加一个空格；如果 `#` 是值的一部分，就把整个值放进引号里"
            )),
        ErrorKind::BomInsideDocument => cx
            .diag(
                codes::YAML_SYNTAX,
                pos,
                text!(
                    "an invisible byte-order mark (BOM) in the middle of the text",
                    "文字中间有一个看不见的字节顺序标记（BOM）"
                ),
            )
            .with_help(text!(
                "delete the character at this position (it is invisible: delete the characters around it and type them again)",
                "删掉这个位置上的字符（它看不见：把附近的字删掉重新输入）"
            )),
        _ => catch_all(cx, pos, err, codes::YAML_SYNTAX),
    }
}

/// `: ` inside a value, read as the start of another field.
fn colon_in_value(cx: &Cx<'_>, pos: Pos) -> Diagnostic {
    let key = lines::field_at(cx.text, pos.line, pos.column);
    let value = lines::value_on_line(cx.text, pos.line);
    let d = cx.diag(
        codes::YAML_SYNTAX,
        pos,
        text!(
            "a `: ` inside a value makes it look like another field",
            "值里面的 `: ` 会被当成另一个字段"
        ),
    );
    match (key, value) {
        (Some(key), Some(value)) if !value.starts_with(['"', '\'']) => {
            d.with_help(quote_it(&key, &value))
        }
        _ => d.with_help(text!(
            "put the value in quotes, or start each field on its own line",
            "把值放进引号里，或者每个字段单独写一行"
        )),
    }
}

/// Anything else: the library's words, marked as YAML's, and a help that fits most cases.
fn catch_all(cx: &Cx<'_>, pos: Pos, err: &Error, code: codes::Code) -> Diagnostic {
    let message = strip_position(&err.without_snippet().to_string());
    let (en, zh) = if code == codes::YAML_SYNTAX {
        (format!("YAML: {message}"), format!("YAML：{message}"))
    } else {
        (message.clone(), format!("取值有误：{message}"))
    };
    cx.diag(code, pos, crate::diag::Text::new(en, zh))
        .with_help(text!(
            "check this line and the one above: fields are `name: value` lines indented with spaces, and a value that starts with a special character goes in quotes",
            "检查这一行和上一行：字段写成 `字段名: 值`，用空格缩进；以特殊字符开头的值要放进引号里"
        ))
}

/// The library appends "at line L, column C"; the position is shown separately.
fn strip_position(message: &str) -> String {
    let trimmed = message.trim();
    match trimmed.rfind(" at line ") {
        Some(i)
            if trimmed[i + 9..]
                .split(", column ")
                .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())) =>
        {
            trimmed[..i].to_string()
        }
        _ => trimmed.to_string(),
    }
}

/// A valid YAML document whose values don't fit the fields.
pub(super) fn semantic(cx: &Cx<'_>, err: &Error, schema: Option<&Schema>) -> Diagnostic {
    let err = inner(err);
    let pos = position(err);
    // `name: &x`, `name: *x`: YAML took the first character for its own.
    if let Some(value) = lines::value_on_line(cx.text, pos.line)
        && let Some(c) = value
            .chars()
            .next()
            .filter(|c| matches!(c, '&' | '*' | '!'))
    {
        let line = lines::line_text(cx.text, pos.line);
        let column = line
            .find(&value)
            .map_or(pos.column, |i| line[..i].chars().count() + 1);
        return reserved(cx, Pos::new(pos.line, column), c);
    }
    if let Some(s) = lines::suspects(cx.text)
        .into_iter()
        .find(|s| s.line == pos.line && matches!(s.kind, SuspectKind::MissingSpace { .. }))
    {
        return explain_suspect(cx, s);
    }
    let field = lines::field_at(cx.text, pos.line, pos.column);
    let shown = field.clone().unwrap_or_else(|| "…".to_string());
    match err {
        Error::SerdeUnknownField {
            field, expected, ..
        } => unknown_field(cx, pos, field, expected),
        Error::Unexpected { expected, .. } if *expected == "sequence start" => {
            wants_list(cx, pos, &shown)
        }
        Error::Unexpected { expected, .. } if *expected == "mapping start" => {
            wants_fields(cx, pos, field.as_deref(), schema)
        }
        Error::Unexpected { expected, .. }
            if *expected == "string scalar" || *expected == "scalar" =>
        {
            wants_one(cx, pos, &shown)
        }
        Error::InvalidBooleanStrict { .. } => true_or_false(cx, pos, &shown),
        Error::InvalidScalar { ty, .. } if *ty == "boolean" => true_or_false(cx, pos, &shown),
        Error::InvalidScalar { ty, .. } => number(cx, pos, &shown, ty),
        Error::NullIntoString { .. } => cx
            .diag(
                codes::WRONG_VALUE,
                pos,
                text!("`{shown}` is empty", "`{shown}` 没有填写"),
            )
            .with_help(text!(
                "write its value after `{shown}: ` on the same line",
                "在同一行的 `{shown}: ` 后面写上它的值"
            )),
        Error::Budget { .. } => alias_bomb(cx, pos),
        Error::DuplicateMappingKey { key, .. } => duplicate(cx, pos, key.as_deref()),
        _ => catch_all(cx, pos, err, codes::WRONG_VALUE),
    }
}

/// An unknown key, with a did-you-mean or else the keys that are allowed here.
fn unknown_field(cx: &Cx<'_>, pos: Pos, unknown: &str, expected: &[&str]) -> Diagnostic {
    let d = cx
        .diag(
            codes::UNKNOWN_FIELD,
            pos,
            text!("unknown field `{unknown}`", "没有 `{unknown}` 这个字段"),
        )
        .with_suggestion(unknown, expected.iter().copied());
    if d.help.is_some() || expected.is_empty() {
        return d;
    }
    let list = expected
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    d.with_help(text!(
        "the fields allowed here are: {list}",
        "这里可以写的字段有：{list}"
    ))
}

fn wants_list(cx: &Cx<'_>, pos: Pos, field: &str) -> Diagnostic {
    let d = cx.diag(
        codes::WRONG_SHAPE,
        pos,
        text!("`{field}` takes a list", "`{field}` 要写成列表"),
    );
    let on_key_line = lines::field_at(cx.text, pos.line, pos.column).as_deref() == Some(field)
        && lines::line_text(cx.text, pos.line).contains(&format!("{field}:"));
    match lines::value_on_line(cx.text, pos.line).filter(|_| on_key_line) {
        Some(value) => d.with_help(text!(
            "write `{field}: [{value}]`",
            "写成 `{field}: [{value}]`"
        )),
        None => {
            let line = lines::line_text(cx.text, pos.line);
            let indent = indent_of(line);
            let entry = format!("{}- {}", " ".repeat(indent), line.trim_start());
            d.with_help(text!(
                "start each entry with `- `: `{entry}`",
                "每一项以 `- ` 开头：`{entry}`"
            ))
        }
    }
}

fn wants_fields(cx: &Cx<'_>, pos: Pos, field: Option<&str>, schema: Option<&Schema>) -> Diagnostic {
    let Some(field) = field else {
        return cx
            .diag(
                codes::WRONG_SHAPE,
                pos,
                text!(
                    "the file must hold fields: `name: value` lines",
                    "这里要写字段：一行一个 `字段名: 值`"
                ),
            )
            .with_help(text!(
                "write each field on its own line as `name: value`",
                "每个字段单独一行，写成 `字段名: 值`"
            ));
    };
    let subfields = schema
        .and_then(|s| {
            s.structs
                .keys()
                .find(|p| p.last() == Some(&field))
                .map(|p| s.required_at(p))
        })
        .unwrap_or_default();
    let d = cx.diag(
        codes::WRONG_SHAPE,
        pos,
        text!(
            "`{field}` takes fields, written on the lines below it and indented",
            "`{field}` 下面要写字段：另起一行，缩进后再写"
        ),
    );
    if subfields.is_empty() {
        return d.with_help(text!(
            "write `{field}:` alone on its line, then its fields below it, indented by two spaces",
            "`{field}:` 单独一行，下面的字段缩进两个空格"
        ));
    }
    let (en, zh) = field_lines(&subfields);
    d.with_help(text!(
        "write `{field}:` alone on its line, then below it, indented: {en}",
        "`{field}:` 单独一行，下面缩进写：{zh}"
    ))
}

fn wants_one(cx: &Cx<'_>, pos: Pos, field: &str) -> Diagnostic {
    let value = lines::value_on_line(cx.text, pos.line);
    // `[初中: 高中]`: the `: ` made a key and a value inside the list.
    if let Some(v) = value.as_deref()
        && v.starts_with('[')
        && v.contains(": ")
        && lines::field_at(cx.text, pos.line, pos.column).as_deref() == Some(field)
    {
        let fixed = v.replace(": ", ", ");
        return cx
            .diag(
                codes::WRONG_SHAPE,
                pos,
                text!(
                    "a `: ` inside `[…]` makes a `key: value` pair, not two items",
                    "`[…]` 里的 `: ` 会组成 `键: 值`，而不是两项"
                ),
            )
            .with_help(text!(
                "separate the items with `, `: `{field}: {fixed}`, or quote an item that contains `: `",
                "各项之间用 `, ` 分隔：`{field}: {fixed}`；某一项本身含有 `: ` 时就把它放进引号里"
            ));
    }
    let d = cx.diag(
        codes::WRONG_SHAPE,
        pos,
        text!(
            "`{field}` takes one value, not a list or fields",
            "`{field}` 只能写一个值，不能写成列表或字段"
        ),
    );
    let single = value
        .as_deref()
        .and_then(|v| v.strip_prefix('[')?.strip_suffix(']'))
        .filter(|inner| !inner.contains(','));
    match single {
        Some(inner) => {
            let inner = inner.trim();
            d.with_help(text!(
                "leave out the brackets: `{field}: {inner}`",
                "去掉方括号：`{field}: {inner}`"
            ))
        }
        None => d.with_help(text!(
            "write one value on the same line: `{field}: …`",
            "在同一行写一个值：`{field}: …`"
        )),
    }
}

fn true_or_false(cx: &Cx<'_>, pos: Pos, field: &str) -> Diagnostic {
    cx.diag(
        codes::WRONG_VALUE,
        pos,
        text!(
            "`{field}` must be `true` or `false`",
            "`{field}` 只能写 `true` 或 `false`"
        ),
    )
    .with_help(text!(
        "write `{field}: true` or `{field}: false`",
        "写成 `{field}: true` 或 `{field}: false`"
    ))
}

fn number(cx: &Cx<'_>, pos: Pos, field: &str, ty: &str) -> Diagnostic {
    let whole =
        ty.len() > 1 && ty.starts_with(['u', 'i']) && ty[1..].chars().all(|c| c.is_ascii_digit())
            || ty == "usize"
            || ty == "isize"
            || ty.contains("integer");
    if whole {
        cx.diag(
            codes::WRONG_VALUE,
            pos,
            text!("`{field}` takes a whole number", "`{field}` 要写整数"),
        )
        .with_help(text!(
            "write digits only, e.g. `{field}: 120`",
            "只写数字，例如 `{field}: 120`"
        ))
    } else {
        cx.diag(
            codes::WRONG_VALUE,
            pos,
            text!("`{field}` takes a number", "`{field}` 要写数字"),
        )
        .with_help(text!(
            "write digits, with a `.` for decimals, e.g. `{field}: 29.5`",
            "写数字，小数用半角 `.`，例如 `{field}: 29.5`"
        ))
    }
}

/// Every missing required field, each at the opening `---` (a field of the document) or at
/// the entry that lacks it, with an example line.
pub(super) fn missing(cx: &Cx<'_>, schema: &Schema, list: &[Missing]) -> Vec<Diagnostic> {
    list.iter()
        .map(|m| {
            let field = m.field;
            let example = example_line(schema, m);
            let (ex_en, ex_zh) = (example.en(), example.zh());
            match &m.under {
                None => {
                    let d = cx.diag(
                        codes::MISSING_FIELD,
                        Pos::START,
                        text!("missing required field `{field}`", "缺少必填字段 `{field}`"),
                    );
                    if cx.is_front_matter() {
                        d.with_help(text!(
                            "add {ex_en} to the front matter",
                            "在 front matter 里加上{ex_zh}"
                        ))
                    } else {
                        let name = cx.file_name();
                        d.with_help(text!("add {ex_en} to {name}", "在 {name} 里加上{ex_zh}"))
                    }
                }
                Some(Under {
                    key,
                    pos,
                    entry: false,
                }) => cx
                    .diag(
                        codes::MISSING_FIELD,
                        *pos,
                        text!(
                            "`{key}` is missing its required field `{field}`",
                            "`{key}` 缺少必填字段 `{field}`"
                        ),
                    )
                    .with_help(text!(
                        "add {ex_en} under `{key}`, indented like its other fields",
                        "在 `{key}` 下面加上{ex_zh}，缩进和它的其他字段一样"
                    )),
                Some(Under {
                    key,
                    pos,
                    entry: true,
                }) => cx
                    .diag(
                        codes::MISSING_FIELD,
                        *pos,
                        text!(
                            "this entry of `{key}` is missing its required field `{field}`",
                            "`{key}` 的这一项缺少必填字段 `{field}`"
                        ),
                    )
                    .with_help(text!(
                        "add {ex_en} to this entry, indented like its other fields",
                        "在这一项里加上{ex_zh}，缩进和这一项的其他字段一样"
                    )),
            }
        })
        .collect()
}

/// `` the line `district: …` (text) `` and its Chinese, from the kind of value serde asked for.
fn example_line(schema: &Schema, m: &Missing) -> crate::diag::Text {
    let field = m.field;
    match schema.kind(&m.path, field) {
        Kind::Text => text!("the line `{field}: …` (text)", "一行 `{field}: …`（文字）"),
        Kind::Number => text!(
            "the line `{field}: …` (a number)",
            "一行 `{field}: …`（数字）"
        ),
        Kind::WholeNumber => text!(
            "the line `{field}: …` (a whole number)",
            "一行 `{field}: …`（整数）"
        ),
        Kind::TrueFalse => text!(
            "the line `{field}: true` or `{field}: false`",
            "一行 `{field}: true` 或 `{field}: false`"
        ),
        Kind::List => text!(
            "the line `{field}: [ … ]` (a list)",
            "一行 `{field}: [ … ]`（列表）"
        ),
        Kind::Fields => {
            let mut path = m.path.clone();
            path.push(field);
            let subfields = schema.required_at(&path);
            let (en, zh) = field_lines(&subfields);
            if subfields.is_empty() {
                text!(
                    "the line `{field}:` and its fields below it, indented",
                    "一行 `{field}:`，并在下面缩进写它的字段"
                )
            } else {
                text!(
                    "the line `{field}:` and below it, indented, {en}",
                    "一行 `{field}:`，并在下面缩进写 {zh}"
                )
            }
        }
        Kind::Other => text!("the line `{field}: …`", "一行 `{field}: …`"),
    }
}

/// `` `  lat: …`, `  lon: …` `` and `` `  lat: …`、`  lon: …` ``: the lines of a group's fields.
fn field_lines(fields: &[&str]) -> (String, String) {
    let lines: Vec<String> = fields.iter().map(|f| format!("`  {f}: …`")).collect();
    (lines.join(", "), lines.join("、"))
}

/// The help that quotes a whole value: `key: "value"`, with its own `"` escaped.
fn quote_it(key: &str, value: &str) -> Text {
    let quoted = value.replace('"', "\\\"");
    text!(
        "put the whole value in quotes: `{key}: \"{quoted}\"`",
        "把整个值放进引号里：`{key}: \"{quoted}\"`"
    )
}
