//! Located content problems. A `Diagnostic` is plain data — a stable code from the registry in
//! [`codes`] (which also fixes its severity), a message, where it is (file, line, column counted
//! in characters) and an optional `help:` — collected by every stage instead of stopping at the
//! first problem. This module also owns how they are shown (a short grep-friendly line, a rich
//! snippet for people, JSON for editors) and the one did-you-mean helper every "unknown name"
//! message goes through.
//!
//! File names and values reach the terminal inside messages, so every form escapes control
//! characters and bidi controls: `\u{1b}` in the short and rich forms (in a rich snippet's source
//! line one visible character each, so columns hold), `\u001b` in JSON. A file name must not be
//! able to retitle or rewrite an editor's terminal, nor reorder what a line appears to say. The
//! data stays as written; only what is printed is escaped.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use serde::Serialize;

pub mod codes;
mod text;

pub use codes::Code;
pub use text::{Lang, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Something the editor should know that needs no change (a backup file left out, a draft
    /// not published): never fails a build, not even with `--deny-warnings`.
    Note,
}

/// A 1-based line and column; the column counts characters, not bytes (the content is Chinese).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, column: 1 };

    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }

    /// The position of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Pos { line, column }
    }
}

/// A located problem. Its severity is its code's: see [`codes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code from the registry: `E0xx` for errors, `W0xx` for warnings.
    pub code: Code,
    /// The file, relative to the site root (`content/routes/x.md`).
    pub file: PathBuf,
    pub pos: Pos,
    pub message: Text,
    pub help: Option<Text>,
}

/// The JSON form's fields, in the order editors have always read them.
#[derive(Serialize)]
struct JsonForm<'a> {
    severity: Severity,
    code: &'static str,
    file: &'a Path,
    #[serde(flatten)]
    pos: Pos,
    message: &'a str,
    help: Option<&'a str>,
}

impl Diagnostic {
    fn json_form(&self, lang: Lang) -> JsonForm<'_> {
        JsonForm {
            severity: self.severity(),
            code: self.code.id(),
            file: &self.file,
            pos: self.pos,
            message: self.message.get(lang),
            help: self.help.as_ref().map(|h| h.get(lang)),
        }
    }
}

impl Diagnostic {
    pub fn new(code: Code, file: &Path, pos: Pos, message: impl Into<Text>) -> Self {
        Diagnostic {
            code,
            file: file.to_path_buf(),
            pos,
            message: message.into(),
            help: None,
        }
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets `help` unless a more specific one (a suggestion) is already there.
    pub fn or_help(self, help: impl Into<Text>) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.with_help(help)
        }
    }

    /// Adds "did you mean `x`?" when one of `candidates` is close to `unknown`.
    pub fn with_suggestion<'a>(
        self,
        unknown: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        match did_you_mean(unknown, candidates) {
            Some(best) => self.with_help(crate::text!(
                "did you mean `{best}`?",
                "是不是想写 `{best}`？"
            )),
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    pub fn is_warning(&self) -> bool {
        self.severity() == Severity::Warning
    }

    /// `content/routes/x.md:12:9: error[E012]: message`
    pub fn short(&self, lang: Lang) -> String {
        // The words stay English in both languages: editors and their tools grep for them.
        let severity = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let mut line = format!(
            "{}:{}:{}: {severity}[{}]: {}",
            self.file.display(),
            self.pos.line,
            self.pos.column,
            self.code,
            self.message.get(lang)
        );
        if let Some(help) = &self.help {
            let _ = write!(line, " (help: {})", help.get(lang));
        }
        // One diagnostic, one line: a newline in a value must not forge a second one.
        shown(&line).into_owned()
    }

    /// The JSON form, one line. serde_json escapes C0 control characters but writes DEL, C1
    /// (U+009B is a one-byte CSI) and bidi controls raw; here they are `\uXXXX` escapes too,
    /// which every JSON reader decodes to the same text, so the line is safe on a terminal too.
    pub fn json(&self, lang: Lang) -> String {
        let json = serde_json::to_string(&self.json_form(lang)).unwrap_or_default();
        // Outside its strings serde_json writes only ASCII: each such character is in a string.
        let mut out = String::with_capacity(json.len());
        for c in json.chars() {
            if is_unsafe_to_print(c) {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The rich form: the source line with a caret under the column, then `help:`.
    /// `source` is the whole text of `self.file`, when it can be shown.
    pub fn rich(&self, source: Option<&str>, color: bool, lang: Lang) -> String {
        let level = match self.severity() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let title = format!("[{}] {}", self.code, shown_lines(self.message.get(lang)));
        let path = shown(&self.file.display().to_string()).into_owned();
        let shown_source = source.and_then(|text| {
            let span = byte_span_at(text, self.pos)?;
            Some(shown_with_span(text, span))
        });
        let title = level.primary_title(&title);
        let help = self.help.as_ref().map(|h| shown_lines(h.get(lang)));
        let mut group = match &shown_source {
            Some((text, span)) => title.element(
                Snippet::source(text.as_ref())
                    .path(&path)
                    .annotation(AnnotationKind::Primary.span(span.clone())),
            ),
            None => title.element(
                Origin::path(&path)
                    .line(self.pos.line)
                    .char_column(self.pos.column),
            ),
        };
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_ref()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

/// Whether printing `c` raw could act on the terminal or reorder the line around it: C0 and C1
/// control characters and DEL (ESC starts escape sequences, CR rewrites the line, U+009B is a
/// one-byte CSI), and the bidi embeddings, overrides, isolates and marks ("Trojan Source").
fn is_unsafe_to_print(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
}

/// `text` as it may be printed to a terminal: every control character (tabs and newlines
/// included) and bidi control written as `\u{..}`. For file names, paths and one-line messages;
/// text without such characters is returned as it is.
pub fn shown(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe_to_print)
}

/// Like [`shown`], but newlines stay: a multi-line message or help is still shown on its lines.
fn shown_lines(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c != '\n' && is_unsafe_to_print(c))
}

fn escape_where(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            let _ = write!(out, "{}", c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A source file as the rich form shows it, with the byte range `span` of the raw text moved to
/// the same characters in the shown text. Here each unsafe character becomes one visible
/// character — a control picture (`␛`, `␍`) for C0 and DEL, `�` for C1 and bidi controls — rather
/// than `\u{..}`: the snippet's header column and caret are counted on the shown line and must
/// stay the file's own. Newlines and tabs make the lines and indentation and stay.
fn shown_with_span(
    text: &str,
    span: std::ops::Range<usize>,
) -> (Cow<'_, str>, std::ops::Range<usize>) {
    let escape = |c: char| c != '\n' && c != '\t' && is_unsafe_to_print(c);
    if !text.chars().any(escape) {
        return (Cow::Borrowed(text), span);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let (mut start, mut end) = (None, None);
    for (i, c) in text.char_indices() {
        if i == span.start {
            start = Some(out.len());
        }
        if i == span.end {
            end = Some(out.len());
        }
        out.push(match c {
            c if !escape(c) => c,
            '\u{7f}' => '\u{2421}',
            c if c < ' ' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        });
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (Cow::Owned(out), start..end)
}

/// The byte range of the character at `pos` in `text` (one char wide; empty at a line end).
fn byte_span_at(text: &str, pos: Pos) -> Option<std::ops::Range<usize>> {
    let line_start = if pos.line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(pos.line - 2)
            .map(|(i, _)| i + 1)?
    };
    let line = text.get(line_start..)?.split('\n').next()?;
    let mut chars = line.char_indices().skip(pos.column.saturating_sub(1));
    match chars.next() {
        Some((i, c)) => Some(line_start + i..line_start + i + c.len_utf8()),
        None => Some(line_start + line.len()..line_start + line.len()),
    }
}

/// The candidate closest to `unknown`, if any is close enough to be a likely typo: similar by
/// Jaro-Winkler, or one edit away (which catches short Chinese names: 亲字 → 亲子).
pub fn did_you_mean<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(unknown, c), c))
        .filter(|(score, c)| *score >= 0.8 || strsim::osa_distance(unknown, c) <= 1)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// All diagnostics of a run, sorted by file and position so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.pos, a.code, &a.message).cmp(&(&b.file, b.pos, b.code, &b.message))
    });
}

/// `2 errors, 1 warning in 3 files`, or `3 个文件中有 2 个错误、1 个警告`; notes are counted
/// only when there are some.
pub fn summary(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.iter().filter(|d| d.is_warning()).count();
    let notes = diagnostics.len() - errors - warnings;
    let files: BTreeMap<&Path, ()> = diagnostics.iter().map(|d| (d.file.as_path(), ())).collect();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (lang, notes) {
        (Lang::En, 0) => format!(
            "{}, {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(files.len(), "file")
        ),
        (Lang::En, _) => format!(
            "{}, {}, {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(notes, "note"),
            plural(files.len(), "file")
        ),
        (Lang::Zh, 0) => format!(
            "{} 个文件中有 {errors} 个错误、{warnings} 个警告",
            files.len()
        ),
        (Lang::Zh, _) => format!(
            "{} 个文件中有 {errors} 个错误、{warnings} 个警告、{notes} 条提示",
            files.len()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "a: 1\n名称: 重庆\n";
        let offset = text.find("重庆").unwrap();
        assert_eq!(Pos::of_offset(text, offset), Pos::new(2, 5));
        assert_eq!(Pos::of_offset(text, 0), Pos::START);
        assert_eq!(byte_span_at(text, Pos::new(2, 5)), Some(offset..offset + 3));
    }

    #[test]
    fn short_form_is_grep_friendly() {
        let d = Diagnostic::new(
            codes::BAD_TIME,
            Path::new("content/x.md"),
            Pos::new(3, 7),
            "bad time",
        )
        .with_help("write HH:MM");
        assert_eq!(
            d.short(Lang::En),
            "content/x.md:3:7: error[E010]: bad time (help: write HH:MM)"
        );
    }

    #[test]
    fn rich_form_shows_the_line_and_help() {
        let text = "---\nname: 重庆\nadress: x\n---\n";
        let d = Diagnostic::new(
            codes::UNKNOWN_FIELD,
            Path::new("a.md"),
            Pos::new(3, 1),
            "unknown field `adress`",
        )
        .with_suggestion("adress", ["address", "name"]);
        let out = d.rich(Some(text), false, Lang::En);
        assert!(out.contains("a.md:3:1"), "{out}");
        assert!(out.contains("adress: x"), "{out}");
        assert!(out.contains("did you mean `address`?"), "{out}");
    }

    #[test]
    fn shown_escapes_what_could_act_on_a_terminal() {
        assert!(matches!(
            shown("content/bases/重庆科技馆.md"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            shown("a\u{1b}]0;x\u{7}b\rc\td\ne\u{7f}f\u{9b}g"),
            "a\\u{1b}]0;x\\u{7}b\\u{d}c\\u{9}d\\u{a}e\\u{7f}f\\u{9b}g"
        );
        for bidi in [
            '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200f}', '\u{61c}',
        ] {
            let out = shown(&format!("x{bidi}y")).into_owned();
            assert_eq!(out, format!("x{}y", bidi.escape_unicode()));
        }
        // Everything else printable stays, emoji and combining marks included.
        assert_eq!(shown("café 😀 \\ ✓"), "café 😀 \\ ✓");
        assert_eq!(shown_lines("a\nb\u{1b}"), "a\nb\\u{1b}");
    }

    #[test]
    fn short_form_escapes_file_names_and_values() {
        let d = Diagnostic::new(
            codes::NOT_AN_ALLOWED_NAME,
            Path::new("content/bases/a\u{1b}]0;owned\u{7}.md"),
            Pos::new(2, 11),
            "`知识\u{202e}x\ncontent/x.md:1:1: error[E000]: forged` is not a valid category",
        )
        .with_help("did you mean `\u{9b}2J`?");
        let out = d.short(Lang::En);
        assert_eq!(
            out,
            "content/bases/a\\u{1b}]0;owned\\u{7}.md:2:11: error[E015]: `知识\\u{202e}x\\u{a}content/x.md:1:1: error[E000]: forged` is not a valid category (help: did you mean `\\u{9b}2J`?)"
        );
        // The diagnostic itself keeps the text as written.
        assert!(d.message.en().contains('\u{202e}'));
    }

    #[test]
    fn json_form_escapes_every_unsafe_character_and_reads_back_the_same() {
        let d = Diagnostic::new(
            codes::NOT_AN_ALLOWED_NAME,
            Path::new("content/bases/a\u{1b}]0;x\u{7}.md"),
            Pos::new(2, 11),
            "`a\u{9b}2J\u{7f}\u{202e}\u{2066}\r\t\n\"\\` 重庆",
        );
        let json = d.json(Lang::En);
        assert!(!json.contains(is_unsafe_to_print), "{json:?}");
        assert!(json.contains("\\u009b2J\\u007f\\u202e\\u2066"), "{json}");
        assert!(json.contains("a\\u001b]0;x\\u0007.md"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["message"], d.message.en());
        assert_eq!(back["file"], d.file.to_str().unwrap());
    }

    #[test]
    fn rich_form_escapes_and_keeps_the_caret_on_its_character() {
        let text = "---\nname: 馆\ncategory: a\u{1b}[2J\u{9b}b\u{202e}\t错\n---\n";
        let d = Diagnostic::new(
            codes::NOT_AN_ALLOWED_NAME,
            Path::new("content/bases/\u{1b}]0;x\u{7}.md"),
            Pos::new(3, 20), // 错, after four characters that are escaped and a tab
            "`a\u{1b}[2J` is not a valid category",
        )
        .with_help("not \u{1b}[2J\nbut this");
        for color in [false, true] {
            let out = d.rich(Some(text), color, Lang::En);
            assert!(
                !out.contains("\u{1b}[2J") && !out.contains("\u{1b}]"),
                "{out:?}"
            );
            assert!(
                !out.contains(['\u{7}', '\u{9b}', '\u{202e}', '\r']),
                "{out:?}"
            );
            // The header names the file's own line and column, as the short form does.
            assert!(
                out.contains("content/bases/\\u{1b}]0;x\\u{7}.md:3:20"),
                "{out}"
            );
        }
        let out = d.rich(Some(text), false, Lang::En);
        assert!(
            out.contains("`a\\u{1b}[2J` is not a valid category"),
            "{out}"
        );
        assert!(
            out.contains("not \\u{1b}[2J\n"),
            "multi-line help stays on its lines: {out}"
        );
        let lines: Vec<&str> = out.lines().collect();
        let source = lines
            .iter()
            .position(|l| l.contains("category: a"))
            .unwrap();
        let shown_line = lines[source];
        assert!(shown_line.ends_with("category: a␛[2J�b�    错"), "{out}");
        // The caret sits under 错, counted in characters.
        let caret = lines[source + 1].find('^').unwrap();
        let under = shown_line[..shown_line.find('错').unwrap()].chars().count();
        assert_eq!(lines[source + 1][..caret].chars().count(), under, "{out}");
    }

    #[test]
    fn did_you_mean_picks_close_names_only() {
        assert_eq!(did_you_mean("adress", ["address", "name"]), Some("address"));
        assert_eq!(did_you_mean("zzz", ["address", "name"]), None);
    }

    #[test]
    fn severity_comes_from_the_code_and_the_json_form_keeps_its_fields() {
        let d = Diagnostic::new(
            codes::TRAVEL_TIME_SHORT,
            Path::new("content/routes/r.md"),
            Pos::new(4, 2),
            "m",
        );
        assert!(!d.is_error());
        assert_eq!(d.severity(), Severity::Warning);
        assert_eq!(
            d.json(Lang::En),
            r#"{"severity":"warning","code":"W001","file":"content/routes/r.md","line":4,"column":2,"message":"m","help":null}"#
        );
        let e = Diagnostic::new(codes::UNKNOWN_PLACE, Path::new("a.md"), Pos::START, "m");
        assert!(e.is_error());
        assert!(e.with_help("h").json(Lang::En).ends_with(
            r#""code":"E020","file":"a.md","line":1,"column":1,"message":"m","help":"h"}"#
        ));
    }

    #[test]
    fn summary_counts() {
        let p = Path::new("a.md");
        let ds = vec![
            Diagnostic::new(codes::YAML_SYNTAX, p, Pos::START, "x"),
            Diagnostic::new(codes::TRAVEL_TIME_SHORT, Path::new("b.md"), Pos::START, "y"),
        ];
        assert_eq!(summary(&ds, Lang::En), "1 error, 1 warning in 2 files");
        assert_eq!(summary(&ds, Lang::Zh), "2 个文件中有 1 个错误、1 个警告");
        let mut with_note = ds.clone();
        with_note.push(Diagnostic::new(
            codes::EDITOR_FILE_LEFT_OUT,
            p,
            Pos::START,
            "z",
        ));
        assert_eq!(
            summary(&with_note, Lang::En),
            "1 error, 1 warning, 1 note in 2 files"
        );
    }
}
