//! Located content problems. A `Diagnostic` is plain data — severity, a stable code, a message,
//! where it is (file, line, column counted in characters) and an optional `help:` — collected by
//! every stage instead of stopping at the first problem. This module also owns how they are shown
//! (a short grep-friendly line, a rich snippet for people, JSON for editors) and the one
//! did-you-mean helper every "unknown name" message goes through.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code: `E0xx` for errors, `W0xx` for warnings (listed in the README).
    pub code: &'static str,
    /// The file, relative to the site root (`content/routes/x.md`).
    pub file: PathBuf,
    #[serde(flatten)]
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: &Path, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_path_buf(),
            pos,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(code: &'static str, file: &Path, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, pos, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets `help` unless a more specific one (a suggestion) is already there.
    pub fn or_help(self, help: impl Into<String>) -> Self {
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
            Some(best) => self.with_help(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `content/routes/x.md:12:9: error[E012]: message`
    pub fn short(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut line = format!(
            "{}:{}:{}: {severity}[{}]: {}",
            self.file.display(),
            self.pos.line,
            self.pos.column,
            self.code,
            self.message
        );
        if let Some(help) = &self.help {
            let _ = write!(line, " (help: {help})");
        }
        line
    }

    /// The rich form: the source line with a caret under the column, then `help:`.
    /// `source` is the whole text of `self.file`, when it can be shown.
    pub fn rich(&self, source: Option<&str>, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = format!("[{}] {}", self.code, self.message);
        let path = self.file.display().to_string();
        let span = source.and_then(|text| byte_span_at(text, self.pos));
        let title = level.primary_title(&title);
        let mut group = match (source, span) {
            (Some(text), Some(span)) => title.element(
                Snippet::source(text)
                    .path(&path)
                    .annotation(AnnotationKind::Primary.span(span)),
            ),
            _ => title.element(
                Origin::path(&path)
                    .line(self.pos.line)
                    .char_column(self.pos.column),
            ),
        };
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
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

/// `2 errors, 1 warning in 3 files`
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let files: BTreeMap<&Path, ()> = diagnostics.iter().map(|d| (d.file.as_path(), ())).collect();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files.len(), "file")
    )
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
        let d = Diagnostic::error(
            "E010",
            Path::new("content/x.md"),
            Pos::new(3, 7),
            "bad time",
        )
        .with_help("write HH:MM");
        assert_eq!(
            d.short(),
            "content/x.md:3:7: error[E010]: bad time (help: write HH:MM)"
        );
    }

    #[test]
    fn rich_form_shows_the_line_and_help() {
        let text = "---\nname: 重庆\nadress: x\n---\n";
        let d = Diagnostic::error(
            "E002",
            Path::new("a.md"),
            Pos::new(3, 1),
            "unknown field `adress`",
        )
        .with_suggestion("adress", ["address", "name"]);
        let out = d.rich(Some(text), false);
        assert!(out.contains("a.md:3:1"), "{out}");
        assert!(out.contains("adress: x"), "{out}");
        assert!(out.contains("did you mean `address`?"), "{out}");
    }

    #[test]
    fn did_you_mean_picks_close_names_only() {
        assert_eq!(did_you_mean("adress", ["address", "name"]), Some("address"));
        assert_eq!(did_you_mean("zzz", ["address", "name"]), None);
    }

    #[test]
    fn summary_counts() {
        let p = Path::new("a.md");
        let ds = vec![
            Diagnostic::error("E001", p, Pos::START, "x"),
            Diagnostic::warning("W001", Path::new("b.md"), Pos::START, "y"),
        ];
        assert_eq!(summary(&ds), "1 error, 1 warning in 2 files");
    }
}
