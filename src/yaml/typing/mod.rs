//! What a Chinese input method types where YAML syntax is expected: full-width `：` `，` `、` `；`
//! `【】` `“”`, ideographic spaces and tabs in indentation, full-width digits, and times and dates
//! written the Chinese way. YAML reads most of these without complaint as part of a value
//! (`[地质，古生物]` is one subject, and builds one bogus term page), so the parser can't be
//! trusted to catch them: this scan reads the YAML text line by line before the values are used.
//!
//! The difficulty is telling syntax from text. Punctuation inside a plain value, a quoted value,
//! a block scalar (`|`, `>`) or a comment is text and never a finding; only a position where YAML
//! syntax belongs counts: where a key ends, between the items of a flow collection, as a flow
//! bracket, or as quotes around a whole value. Times and dates are judged only in the fields that
//! hold them ([`TIME_FIELDS`], [`DATE_FIELDS`]).
//!
//! Each finding is a located diagnostic whose help shows the corrected line and, when the fix is
//! certain, the [`Edit`]s that make it: `yanxue check --fix` applies those, changing nothing else.

use std::ops::Range;
use std::path::Path;

use crate::diag::{Code, Diagnostic, Pos, Text, codes};
use crate::text;

mod scanner;
mod values;

use scanner::Scanner;
use values::*;

/// Fields whose value is a time of day (`HH:MM`), in the front matter and `site.yaml`.
pub const TIME_FIELDS: &[&str] = &["open", "close", "last_entry", "arrive", "leave", "time"];

/// Fields whose value (or each item of whose list) is a date (`YYYY-MM-DD`).
pub const DATE_FIELDS: &[&str] = &["verified", "from", "to", "departures", "holidays"];

/// List fields whose items are single terms, never sentences: a full-width comma in one of them
/// is a mistake even beside ASCII commas (but which was meant is not certain).
const TERM_FIELDS: &[&str] = &[
    "subjects",
    "audience",
    "runs_on",
    "months",
    "departures",
    "holidays",
    "risks",
    "districts",
];

/// Keys whose own keys are Chinese words (staff roles, taxonomy terms): under them, a Chinese
/// word before a full-width colon is a key, not text.
const CHINESE_KEY_PARENTS: &[&str] = &["staff", "slugs"];

/// The codes this scan reports.
pub const CODES: &[Code] = &[
    codes::FULL_WIDTH_PUNCTUATION,
    codes::CHINESE_TIME,
    codes::DATE_NOT_ISO,
    codes::INDENT_NOT_SPACES,
    codes::FULL_WIDTH_DIGITS,
];

/// A replacement of the bytes `range` of the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// One mistake: its diagnostic, and the edits that fix it when the fix is certain (empty when
/// it is not: the help then says what to write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub edits: Vec<Edit>,
}

/// Every finding in the YAML `text` (front matter with its opening `---`, or `site.yaml`), in
/// order of position. Positions are those of `file`'s own lines.
pub fn scan(text: &str, file: &Path) -> Vec<Finding> {
    let mut scanner = Scanner::new(text);
    scanner.run();
    scanner.findings(file)
}

/// The byte length of a content file's front matter: from the start to the beginning of its
/// closing `---` line. `None` when the file does not open with `---` or never closes it.
pub fn front_matter_len(text: &str) -> Option<usize> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut offset = first.len();
    for line in lines {
        if line.trim_end() == "---" {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// `text` with `edits` applied. Edits that overlap one applied before them are skipped.
pub fn apply(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for edit in sorted {
        if edit.range.start < at || edit.range.end > text.len() {
            continue;
        }
        out.push_str(text.get(at..edit.range.start).unwrap_or_default());
        out.push_str(&edit.replacement);
        at = edit.range.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// What a YAML parser returns on failure: one diagnostic or several.
pub trait ParseErrors {
    fn into_diagnostics(self) -> Vec<Diagnostic>;
}

impl ParseErrors for Diagnostic {
    fn into_diagnostics(self) -> Vec<Diagnostic> {
        vec![self]
    }
}

impl ParseErrors for Vec<Diagnostic> {
    fn into_diagnostics(self) -> Vec<Diagnostic> {
        self
    }
}

/// The parser's result for `text`, checked for typing mistakes. A file with one is an error even
/// when it parsed (its values are not what the editor meant), and the parser's own errors at or
/// after the first mistake's line are dropped: they are its consequences (`district：x` makes
/// the parser say "simple key expected ':'").
pub fn checked<T, E: ParseErrors>(
    text: &str,
    file: &Path,
    parsed: Result<T, E>,
) -> Result<T, Vec<Diagnostic>> {
    let findings: Vec<Diagnostic> = scan(text, file).into_iter().map(|f| f.diagnostic).collect();
    let Some(first) = findings.iter().map(|d| d.pos.line).min() else {
        return parsed.map_err(ParseErrors::into_diagnostics);
    };
    let mut all = findings;
    if let Err(errors) = parsed {
        all.extend(
            errors
                .into_diagnostics()
                .into_iter()
                .filter(|d| d.pos.line < first),
        );
    }
    Err(all)
}

/// The bytes of leading spaces, tabs and ideographic spaces of `line`.
fn leading_blank(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t', '\u{3000}']).len()
}

/// An edit replacing the character `c` at `at`.
fn edit(at: usize, c: char, replacement: &str) -> Edit {
    Edit {
        range: at..at + c.len_utf8(),
        replacement: replacement.to_string(),
    }
}

/// The length of the quoted scalar at the start of `text` (up to and including its closing
/// quote), or `None` when it is never closed.
fn quoted_end(text: &str) -> Option<usize> {
    let quote = text.chars().next()?;
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
            } else {
                return Some(i + 1);
            }
        }
    }
    None
}

/// A key as written, without its quotes.
fn unquote(key: &str) -> String {
    key.trim_matches(['"', '\'']).to_string()
}

/// A key of the content format: ASCII letters, digits and `_`, starting with a letter.
fn is_ascii_key(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `text` before a full-width colon is taken for a key: a key of the format, or a
/// Chinese word where the keys are Chinese words (elsewhere a Chinese word before `：` is text,
/// such as a value begun on the line after its key).
fn key_allowed(text: &str, chinese_keys: bool) -> bool {
    let bare = text.trim_matches(['"', '\'']);
    is_ascii_key(bare) || (chinese_keys && looks_like_key(bare))
}

/// Something that could be a key: a short word of letters (Chinese too, as staff roles and
/// `slugs` keys are), digits, `_` and `-`, with no spaces or punctuation.
fn looks_like_key(text: &str) -> bool {
    let text = text.trim_matches(['"', '\'']);
    !text.is_empty()
        && text.chars().count() <= 24
        && text.chars().next().is_some_and(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// A plain value: up to a comment (` #`) or the end, without trailing blanks.
fn plain_value(rest: &str) -> &str {
    let mut end = rest.len();
    let mut prev_space = false;
    for (i, c) in rest.char_indices() {
        if c == '#' && prev_space {
            end = i;
            break;
        }
        prev_space = c == ' ' || c == '\t';
    }
    rest[..end].trim_end()
}

/// Whether `open` and `close` pair up in `text` with the first `open` closed only at the end.
fn balanced(text: &str, open: char, close: char) -> bool {
    let mut depth = 0usize;
    let last = text.char_indices().last().map_or(0, |(i, _)| i);
    for (i, c) in text.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.saturating_sub(1);
            if depth == 0 && i != last {
                return false;
            }
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests;
