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

/// One mistake at one character, before findings are grouped by line.
struct Mark {
    code: Code,
    /// Byte offset of the offending character.
    at: usize,
    edit: Option<Edit>,
    message: Text,
    /// What to write, when there is no certain edit.
    advice: Option<Text>,
}

/// A key seen in block context, at its column (with tabs and ideographic spaces counted as the
/// spaces the fix puts there).
struct Key {
    indent: usize,
    name: String,
}

struct Scanner<'a> {
    text: &'a str,
    marks: Vec<Mark>,
    keys: Vec<Key>,
    /// Inside a block scalar opened on a line of this indentation.
    block_scalar: Option<usize>,
    /// A plain value may go on over lines indented deeper than this.
    continuation: Option<usize>,
    /// Spaces one tab of indentation stands for: the file's own indentation step.
    unit: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        // The step every indentation is a multiple of (not the smallest indentation: the one
        // line indented one step may be the line with the tab).
        let gcd = |mut a: usize, mut b: usize| {
            while b != 0 {
                (a, b) = (b, a % b);
            }
            a
        };
        let unit = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| (l, l.len() - l.trim_start_matches(' ').len()))
            .filter(|(l, n)| !l[*n..].starts_with(['\t', '\u{3000}']))
            .map(|(_, n)| n)
            .fold(0, gcd);
        let unit = if unit == 0 { 2 } else { unit };
        Scanner {
            text,
            marks: Vec::new(),
            keys: Vec::new(),
            block_scalar: None,
            continuation: None,
            unit,
        }
    }

    fn run(&mut self) {
        let mut at = 0;
        while at < self.text.len() {
            at = self.line(at);
        }
    }

    /// The end of the line starting at `start`, without its `\r\n` or `\n`.
    fn line_end(&self, start: usize) -> usize {
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        }
    }

    /// The start of the line after the one holding `at`.
    fn next_line(&self, at: usize) -> usize {
        self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i + 1)
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|s| s.chars().next())
    }

    /// How many spaces a tab and an ideographic space in the indentation of the line
    /// `start..end` stand for, when the lines around it say so for sure: a tab the file's step,
    /// an ideographic space two (as wide as it looks) if that fits there, else the one depth
    /// that does (a tab 2, 4 or 8; an ideographic space 1). A line fits as the sibling of the
    /// line before or after it, or (a `- ` item) with its next line as its own key; failing
    /// that, as the first child of the line before it.
    fn indent_widths(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let line = &self.text[start..end];
        let blank = line.len() - line.trim_start_matches([' ', '\t', '\u{3000}']).len();
        let tabs = line[..blank].matches('\t').count();
        let wide = line[..blank].matches('\u{3000}').count();
        let spaces = line[..blank].matches(' ').count();
        let item = line[blank..].starts_with('-');
        // A neighbour's own tabs and ideographic spaces count as the fix would likely make them.
        let indent_of = |l: &str| {
            let body = l.trim_start_matches([' ', '\t', '\u{3000}']);
            let depth = l[..l.len() - body.len()]
                .chars()
                .map(|c| match c {
                    '\t' => self.unit,
                    '\u{3000}' => 2,
                    _ => 1,
                })
                .sum::<usize>();
            (depth, body.starts_with("- "))
        };
        let is_content = |l: &&str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
        let before = self.text[..start]
            .lines()
            .rev()
            .find(is_content)
            .map(indent_of);
        let after = self.text[end..]
            .lines()
            .skip(1)
            .find(is_content)
            .map(indent_of);
        // Lining up with a sibling or with the item's own key is strong evidence; being one
        // step deeper than the line before is weak (a list may start at any depth).
        let fits = |indent: usize, strong: bool| {
            let sibling = before.is_some_and(|(b, b_item)| b == indent && b_item == item)
                || after.is_some_and(|(a, a_item)| a == indent && a_item == item);
            let own_key = item && after.is_some_and(|(a, a_item)| !a_item && a == indent + 2);
            let child = before
                .is_some_and(|(b, b_item)| indent == b + self.unit || (b_item && indent == b + 2));
            sibling || own_key || (!strong && child)
        };
        let tab_widths: &[usize] = if tabs > 0 { &[2, 4, 8] } else { &[] };
        let wide_widths: &[usize] = if wide > 0 { &[1] } else { &[] };
        let mut candidates = vec![(self.unit, 2)];
        for &t in std::iter::once(&self.unit).chain(tab_widths) {
            for &w in std::iter::once(&2).chain(wide_widths) {
                if !candidates.contains(&(t, w)) {
                    candidates.push((t, w));
                }
            }
        }
        let depth = |(t, w): (usize, usize)| spaces + tabs * t + wide * w;
        for strong in [true, false] {
            let fitting: Vec<(usize, usize)> = candidates
                .iter()
                .copied()
                .filter(|c| fits(depth(*c), strong))
                .collect();
            match fitting.first() {
                Some(&first) if first == candidates[0] => return Some(first),
                Some(&first) if fitting.iter().all(|c| depth(*c) == depth(first)) => {
                    return Some(first);
                }
                Some(_) => return None,
                None => {}
            }
        }
        None
    }

    fn under_extra(&self) -> bool {
        self.keys.iter().any(|k| k.name == "extra")
    }

    /// Scans the line starting at `start`; returns where the next unscanned line starts (a flow
    /// collection or a quoted value may take several lines).
    fn line(&mut self, start: usize) -> usize {
        let end = self.line_end(start);
        let next = self.next_line(start);
        let line = &self.text[start..end];
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if line.trim().is_empty() {
            return next;
        }
        if let Some(parent) = self.block_scalar {
            if spaces > parent {
                return next;
            }
            self.block_scalar = None;
        }
        if let Some(parent) = self.continuation.take()
            && spaces > parent
        {
            self.continuation = Some(parent);
            return next;
        }
        if line == "---" || line == "..." {
            self.keys.clear();
            return next;
        }

        // Indentation: spaces only.
        let widths = self.indent_widths(start, end);
        let no_widths = text!(
            "indent with spaces only, as deep as the lines it belongs with",
            "缩进只能用半角空格，与同一层的行对齐"
        );
        let mut at = start;
        let mut indent = 0;
        while let Some(c) = self.char_at(at).filter(|_| at < end) {
            match c {
                ' ' => indent += 1,
                '\t' => {
                    indent += widths.map_or(self.unit, |(t, _)| t);
                    self.marks.push(Mark {
                        code: codes::INDENT_NOT_SPACES,
                        at,
                        edit: widths.map(|(t, _)| edit(at, c, &" ".repeat(t))),
                        message: text!("a tab in the indentation", "缩进里有制表符（Tab）"),
                        advice: widths.is_none().then(|| no_widths.clone()),
                    });
                }
                '\u{3000}' => {
                    indent += widths.map_or(2, |(_, w)| w);
                    self.marks.push(Mark {
                        code: codes::INDENT_NOT_SPACES,
                        at,
                        edit: widths.map(|(_, w)| edit(at, c, &" ".repeat(w))),
                        message: text!(
                            "a full-width space (U+3000) in the indentation",
                            "缩进里有全角空格"
                        ),
                        advice: widths.is_none().then(|| no_widths.clone()),
                    });
                }
                _ => break,
            }
            at += c.len_utf8();
        }
        if self.text[at..end].starts_with('#') {
            return next;
        }
        // Sequence indicators: `- `, maybe nested (`- - x`).
        let mut item = false;
        let mut dash_column = indent;
        while self.text[at..end].starts_with('-') {
            match self.char_at(at + 1).filter(|_| at < end) {
                None => {}
                Some(' ' | '\t' | '\n' | '\r') => {}
                Some('\u{3000}') => {
                    self.mark(
                        codes::INDENT_NOT_SPACES,
                        at + 1,
                        Some(edit(at + 1, '\u{3000}', " ")),
                        text!(
                            "a full-width space (U+3000) after `-`",
                            "`-` 后面是全角空格"
                        ),
                    );
                }
                Some(_) => break,
            }
            item = true;
            dash_column = indent;
            // A dash is not a key: keys under it sit deeper.
            self.keys.retain(|k| k.indent <= indent);
            at += 1;
            indent += 1;
            while let Some(c @ (' ' | '\t' | '\u{3000}')) = self.char_at(at).filter(|_| at < end) {
                at += c.len_utf8();
                indent += 1;
            }
        }
        if at >= end {
            return next;
        }

        // A key, ended by `:` (or by a full-width `：`: a mistake).
        let parent = self.keys.last().map(|k| k.name.clone());
        let chinese_keys = parent
            .as_deref()
            .is_some_and(|p| CHINESE_KEY_PARENTS.contains(&p));
        match self.key_end(at, end, item, chinese_keys) {
            Some((key, value_at)) => {
                self.keys.retain(|k| k.indent < indent);
                self.keys.push(Key {
                    indent,
                    name: key.clone(),
                });
                self.value(value_at, end, Some(key), indent)
            }
            None if item => self.value(at, end, parent, dash_column),
            None => next,
        }
    }

    /// Where the key starting at `at` ends: the key and where its value starts. A full-width
    /// colon ends a key only when no `: ` comes before it and its left side looks like a key.
    fn key_end(
        &mut self,
        at: usize,
        end: usize,
        item: bool,
        chinese_keys: bool,
    ) -> Option<(String, usize)> {
        let rest = &self.text[at..end];
        let quoted_key = rest.starts_with(['"', '\'']);
        let scan_from = if quoted_key { quoted_end(rest)? } else { 0 };
        if rest.starts_with(['[', '{', '【', '“', '‘', '|', '>']) {
            return None;
        }
        let mut prev_space = scan_from == 0;
        for (i, c) in rest[scan_from..].char_indices() {
            let i = scan_from + i;
            let after = rest[i + c.len_utf8()..].chars().next();
            match c {
                '#' if prev_space => return None,
                ':' if matches!(after, None | Some(' ' | '\t' | '\u{3000}')) => {
                    let key = unquote(rest[..i].trim_end());
                    let mut value_at = at + i + 1;
                    if after == Some('\u{3000}') {
                        self.mark(
                            codes::INDENT_NOT_SPACES,
                            value_at,
                            Some(edit(value_at, '\u{3000}', " ")),
                            text!(
                                "a full-width space (U+3000) after `:`",
                                "`:` 后面是全角空格"
                            ),
                        );
                        value_at += '\u{3000}'.len_utf8();
                    }
                    return Some((key, value_at));
                }
                '：' => {
                    let left = rest[..i].trim_end();
                    let keyish = if item {
                        is_ascii_key(left)
                    } else {
                        key_allowed(left, chinese_keys)
                    };
                    if !keyish {
                        return None;
                    }
                    let colon = at + i;
                    let after_at = colon + c.len_utf8();
                    let (range, replacement) = match after {
                        None | Some(' ' | '\t') => (colon..after_at, ":"),
                        Some('\u{3000}') => (colon..after_at + '\u{3000}'.len_utf8(), ": "),
                        Some(_) => (colon..after_at, ": "),
                    };
                    let key = unquote(left);
                    self.mark(
                        codes::FULL_WIDTH_PUNCTUATION,
                        colon,
                        Some(Edit {
                            range: range.clone(),
                            replacement: replacement.to_string(),
                        }),
                        text!(
                            "a full-width colon `：` after the key `{key}`",
                            "键 `{key}` 后面用了全角冒号 `：`"
                        ),
                    );
                    return Some((key, range.end));
                }
                _ => {}
            }
            prev_space = c == ' ' || c == '\t';
        }
        None
    }

    /// Scans the value starting at `at` (after the key, or after `- `); `node_indent` is the
    /// column of its key or dash (a block scalar or a plain value goes on over the lines indented
    /// deeper). Returns where the next unscanned line starts.
    fn value(&mut self, at: usize, end: usize, field: Option<String>, node_indent: usize) -> usize {
        let mut at = at;
        // Full-width spaces before the value are not YAML's: they would become part of it.
        while let Some(c @ (' ' | '\t' | '\u{3000}')) = self.char_at(at).filter(|_| at < end) {
            if c == '\u{3000}' {
                self.mark(
                    codes::INDENT_NOT_SPACES,
                    at,
                    Some(edit(at, c, "")),
                    text!(
                        "a full-width space (U+3000) before the value",
                        "值的前面有全角空格"
                    ),
                );
            }
            at += c.len_utf8();
        }
        let next = self.next_line(at.min(end));
        let rest = &self.text[at..end];
        let Some(first) = rest.chars().next() else {
            return next;
        };
        match first {
            '#' => next,
            '|' | '>' => {
                self.block_scalar = Some(node_indent);
                next
            }
            '"' | '\'' => self.skip_quoted(at),
            '[' | '{' => {
                let close = self.flow(at, field);
                self.next_line(close)
            }
            _ => {
                let value = plain_value(rest);
                let whole = at..at + value.len();
                if first == '【' && value.ends_with('】') && balanced(value, '【', '】') {
                    self.mark(
                        codes::FULL_WIDTH_PUNCTUATION,
                        at,
                        Some(edit(at, '【', "[")),
                        text!(
                            "full-width brackets `【】` around a list",
                            "列表用了全角方括号 `【】`"
                        ),
                    );
                    let close = whole.end - '】'.len_utf8();
                    self.marks.push(Mark {
                        code: codes::FULL_WIDTH_PUNCTUATION,
                        at: close,
                        edit: Some(edit(close, '】', "]")),
                        message: text!(
                            "full-width brackets `【】` around a list",
                            "列表用了全角方括号 `【】`"
                        ),
                        advice: None,
                    });
                    self.flow(at, field);
                    return next;
                }
                if first == '（'
                    && value.ends_with('）')
                    && value.contains(['，', '、', ','])
                    && balanced(value, '（', '）')
                {
                    let inner = &value['（'.len_utf8()..value.len() - '）'.len_utf8()];
                    let list = inner.replace(['，', '、'], ", ").replace(",  ", ", ");
                    let key = field.as_deref().unwrap_or("…");
                    self.marks.push(Mark {
                        code: codes::FULL_WIDTH_PUNCTUATION,
                        at,
                        edit: None,
                        message: text!(
                            "full-width parentheses `（）` around the whole value",
                            "整个值用了全角圆括号 `（）`"
                        ),
                        advice: Some(text!(
                            "a list is written in square brackets: `{key}: [{list}]`; if this is text, put it in quotes",
                            "列表要用半角方括号：`{key}: [{list}]`；如果这是一段文字，请加上引号"
                        )),
                    });
                    return next;
                }
                self.item(whole, field.as_deref());
                self.continuation = Some(node_indent);
                next
            }
        }
    }

    /// Checks one plain scalar (a block value or a flow item) at `range`: curly quotes around it,
    /// and the time, date or number it must be in its field.
    fn item(&mut self, range: Range<usize>, field: Option<&str>) {
        let value = &self.text[range.clone()];
        if value.is_empty() {
            return;
        }
        for (open, close) in [('“', '”'), ('‘', '’')] {
            if value.starts_with(open) && value.ends_with(close) && value.len() > open.len_utf8() {
                let inner = &value[open.len_utf8()..value.len() - close.len_utf8()];
                if inner.contains([open, close]) {
                    continue;
                }
                let quote = if !inner.contains(['"', '\\']) {
                    Some('"')
                } else if !inner.contains('\'') {
                    Some('\'')
                } else {
                    None
                };
                let (message, advice) = (
                    text!(
                        "curly quotes `{open}{close}` around the whole value",
                        "整个值用了中文引号 `{open}{close}`"
                    ),
                    text!(
                        "write the value without them, or in ASCII quotes `\"`",
                        "去掉引号，或改用半角引号 `\"`"
                    ),
                );
                match quote {
                    Some(q) => {
                        let close_at = range.end - close.len_utf8();
                        self.mark(
                            codes::FULL_WIDTH_PUNCTUATION,
                            range.start,
                            Some(edit(range.start, open, &q.to_string())),
                            message.clone(),
                        );
                        self.marks.push(Mark {
                            code: codes::FULL_WIDTH_PUNCTUATION,
                            at: close_at,
                            edit: Some(edit(close_at, close, &q.to_string())),
                            message,
                            advice: None,
                        });
                    }
                    None => self.marks.push(Mark {
                        code: codes::FULL_WIDTH_PUNCTUATION,
                        at: range.start,
                        edit: None,
                        message,
                        advice: Some(advice),
                    }),
                }
                return;
            }
        }
        if self.under_extra() {
            return;
        }
        let verdict = match field {
            Some(f) if TIME_FIELDS.contains(&f) => time_verdict(value),
            Some(f) if DATE_FIELDS.contains(&f) => date_verdict(value),
            _ => number_verdict(value),
        };
        let shown = value.to_string();
        match verdict {
            Verdict::Fine => {}
            Verdict::Fix(code, to) => {
                let message = verdict_message(code, &shown);
                self.mark(
                    code,
                    range.start,
                    Some(Edit {
                        range,
                        replacement: to,
                    }),
                    message,
                );
            }
            Verdict::Unsure(code, advice) => {
                let message = verdict_message(code, &shown);
                self.marks.push(Mark {
                    code,
                    at: range.start,
                    edit: None,
                    message,
                    advice: Some(advice),
                });
            }
        }
    }

    /// Skips a quoted scalar starting at `at` (possibly over several lines); returns where the
    /// next unscanned line starts.
    fn skip_quoted(&mut self, at: usize) -> usize {
        match quoted_end(&self.text[at..]) {
            Some(len) => self.next_line(at + len - 1),
            None => self.text.len(),
        }
    }

    /// Scans the flow collection opening at `open` (`[`, `{`, or a `【` already marked);
    /// returns the offset after its closing bracket (or the end of the text).
    fn flow(&mut self, open: usize, field: Option<String>) -> usize {
        let Some(opener) = self.char_at(open) else {
            return self.text.len();
        };
        let closer = match opener {
            '{' => '}',
            '【' => '】',
            _ => ']',
        };
        let is_map = opener == '{';
        let chinese_keys = field
            .as_deref()
            .is_some_and(|f| CHINESE_KEY_PARENTS.contains(&f));
        let mut at = open + opener.len_utf8();
        // Separators at this level: ASCII ones, and full-width candidates.
        let mut ascii_separators = 0;
        let mut candidates: Vec<usize> = Vec::new();
        // Items: (range, key in a map).
        let mut items: Vec<(Range<usize>, Option<String>)> = Vec::new();
        let mut item_start = at;
        let mut entry_key: Option<String> = None;
        let mut prev_space = true;
        // Inside full-width parentheses a comma is text: `名称（地质，古生物）`.
        let mut parentheses = 0usize;
        let mut end = self.text.len();
        while let Some(c) = self.char_at(at) {
            let after = at + c.len_utf8();
            match c {
                '"' | '\'' if self.text[item_start..at].trim().is_empty() => {
                    at += quoted_end(&self.text[at..]).unwrap_or(self.text.len() - at);
                    prev_space = false;
                    continue;
                }
                '[' | '{' if self.text[item_start..at].trim().is_empty() => {
                    let inner_field = entry_key.clone().or_else(|| field.clone());
                    at = self.flow(at, inner_field);
                    prev_space = false;
                    continue;
                }
                '#' if prev_space => {
                    at = self.next_line(at);
                    prev_space = true;
                    continue;
                }
                ',' => {
                    ascii_separators += 1;
                    items.push((item_start..at, entry_key.take()));
                    item_start = after;
                }
                '（' => parentheses += 1,
                '）' => parentheses = parentheses.saturating_sub(1),
                '，' | '、' | '；' if parentheses > 0 => {}
                // In a mapping, a separator only before the next `key:`.
                '，' | '、' | '；' if is_map && self.next_is_key(after, chinese_keys) => {
                    self.separator(at, c, None);
                    items.push((item_start..at, entry_key.take()));
                    item_start = after;
                }
                '，' | '、' | '；' if is_map => {}
                '，' | '、' | '；' => candidates.push(at),
                ':' if is_map
                    && entry_key.is_none()
                    && matches!(
                        self.char_at(after),
                        Some(' ' | '\t' | '\n' | '\r' | ',' | '}')
                    ) =>
                {
                    entry_key = Some(unquote(self.text[item_start..at].trim()));
                    item_start = after;
                }
                '：' if is_map
                    && entry_key.is_none()
                    && key_allowed(self.text[item_start..at].trim(), chinese_keys) =>
                {
                    let key = unquote(self.text[item_start..at].trim());
                    let replacement = if matches!(self.char_at(after), Some(' ')) {
                        ":"
                    } else {
                        ": "
                    };
                    self.mark(
                        codes::FULL_WIDTH_PUNCTUATION,
                        at,
                        Some(edit(at, c, replacement)),
                        text!(
                            "a full-width colon `：` after the key `{key}`",
                            "键 `{key}` 后面用了全角冒号 `：`"
                        ),
                    );
                    entry_key = Some(key);
                    item_start = after;
                }
                c if c == closer => {
                    items.push((item_start..at, entry_key.take()));
                    end = after;
                    break;
                }
                _ => {}
            }
            prev_space = matches!(c, ' ' | '\t' | '\n' | '\r');
            at = after;
        }

        // Which full-width candidates are separators.
        let term_list = field.as_deref().is_some_and(|f| TERM_FIELDS.contains(&f));
        let mut separators = Vec::new();
        for &cand in &candidates {
            let Some(c) = self.char_at(cand) else {
                continue;
            };
            if ascii_separators == 0 {
                separators.push(cand);
                self.separator(cand, c, None);
            } else if term_list {
                self.separator(
                    cand,
                    c,
                    Some(text!(
                        "separate items with an ASCII comma `, `; if `{c}` belongs inside one item, put that item in quotes",
                        "列表项之间用半角逗号 `, ` 分隔；如果 `{c}` 是某一项里的文字，请给这一项加上引号"
                    )),
                );
            }
        }

        // Each item, split at the separators found, checked in its field.
        for (range, key) in items {
            let mut starts = vec![range.start];
            let mut ends = Vec::new();
            for &s in separators.iter().filter(|s| range.contains(s)) {
                ends.push(s);
                let width = self.char_at(s).map_or(1, char::len_utf8);
                starts.push(s + width);
            }
            ends.push(range.end);
            let item_field = key.or_else(|| field.clone());
            for (s, e) in starts.into_iter().zip(ends) {
                let piece = &self.text[s..e];
                let lead = piece.len() - piece.trim_start().len();
                let trimmed = piece.trim();
                if trimmed.is_empty() || trimmed.starts_with(['"', '\'', '[', '{', '#']) {
                    continue;
                }
                let start = s + lead;
                self.item(start..start + trimmed.len(), item_field.as_deref());
            }
        }
        end
    }

    /// Marks the full-width separator `c` at `at`: fixed to `, ` unless `advice` says it is
    /// not certain.
    fn separator(&mut self, at: usize, c: char, advice: Option<Text>) {
        let after = at + c.len_utf8();
        let replacement = if matches!(self.char_at(after), Some(' ' | '\n' | '\r')) {
            ","
        } else {
            ", "
        };
        self.marks.push(Mark {
            code: codes::FULL_WIDTH_PUNCTUATION,
            at,
            edit: advice.is_none().then(|| edit(at, c, replacement)),
            message: text!(
                "a full-width `{c}` between list items",
                "列表项之间用了全角的 `{c}`"
            ),
            advice,
        });
    }

    /// Whether a `key:` (or `key：`) follows `at`, after spaces.
    fn next_is_key(&self, at: usize, chinese_keys: bool) -> bool {
        let rest = self.text[at..].trim_start_matches([' ', '\t']);
        let Some(colon) = rest.find([':', '：']) else {
            return false;
        };
        key_allowed(rest[..colon].trim(), chinese_keys)
    }

    fn mark(&mut self, code: Code, at: usize, edit: Option<Edit>, message: Text) {
        self.marks.push(Mark {
            code,
            at,
            edit,
            message,
            advice: None,
        });
    }

    /// The marks grouped by line and code into findings, each with the corrected line as help.
    fn findings(mut self, file: &Path) -> Vec<Finding> {
        self.marks.sort_by_key(|m| m.at);
        let mut findings: Vec<Finding> = Vec::new();
        let mut by_line: Vec<(usize, Vec<Mark>)> = Vec::new();
        for mark in self.marks {
            let line_start = self.text[..mark.at].rfind('\n').map_or(0, |i| i + 1);
            match by_line.last_mut() {
                Some((start, marks)) if *start == line_start => marks.push(mark),
                _ => by_line.push((line_start, vec![mark])),
            }
        }
        for (line_start, marks) in by_line {
            let line_end = self.text[line_start..]
                .find('\n')
                .map_or(self.text.len(), |i| line_start + i);
            // The line as it should be: every certain edit on it applied (edits of a value that
            // goes on to later lines are left out of the picture).
            let line_edits: Vec<Edit> = marks
                .iter()
                .filter_map(|m| m.edit.clone())
                .filter(|e| e.range.end <= line_end)
                .map(|e| Edit {
                    range: e.range.start - line_start..e.range.end - line_start,
                    replacement: e.replacement,
                })
                .collect();
            let refs: Vec<&Edit> = line_edits.iter().collect();
            let fixed = apply(&self.text[line_start..line_end], &refs);
            let fixed = fixed.trim_end_matches('\r');
            let mut codes_here: Vec<Code> = marks.iter().map(|m| m.code).collect();
            codes_here.dedup();
            codes_here.sort();
            codes_here.dedup();
            for code in codes_here {
                let of_code: Vec<&Mark> = marks.iter().filter(|m| m.code == code).collect();
                let Some(first) = of_code.first() else {
                    continue;
                };
                let pos = Pos::of_offset(self.text, first.at);
                // The certain edits, even beside an uncertain mark: what is left is said again
                // after `--fix`.
                let edits: Vec<Edit> = of_code.iter().filter_map(|m| m.edit.clone()).collect();
                let help = match of_code.iter().find_map(|m| m.advice.clone()) {
                    Some(advice) => advice,
                    None if code == codes::INDENT_NOT_SPACES
                        && first.at < line_start + leading_blank(&self.text[line_start..]) =>
                    {
                        let n = fixed.len() - fixed.trim_start_matches(' ').len();
                        text!(
                            "indent with spaces only ({n} here): `{fixed}`",
                            "缩进只能用半角空格（这里是 {n} 个）：`{fixed}`"
                        )
                    }
                    None => {
                        let shown = fixed.trim_start();
                        text!("write `{shown}`", "应写成 `{shown}`")
                    }
                };
                findings.push(Finding {
                    diagnostic: Diagnostic::new(code, file, pos, first.message.clone())
                        .with_help(help),
                    edits,
                });
            }
        }
        findings
    }
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

/// What a value in a time, date or number field needs.
enum Verdict {
    Fine,
    /// Certain: write this instead.
    Fix(Code, String),
    /// A mistake, but what was meant is not certain: the advice says what to write.
    Unsure(Code, Text),
}

fn verdict_message(code: Code, value: &str) -> Text {
    if code == codes::CHINESE_TIME {
        text!(
            "`{value}` is not a time written \"HH:MM\"",
            "`{value}` 不是 \"HH:MM\" 格式的时间"
        )
    } else if code == codes::DATE_NOT_ISO {
        text!(
            "`{value}` is not a date written YYYY-MM-DD",
            "`{value}` 不是 YYYY-MM-DD 格式的日期"
        )
    } else {
        text!("full-width digits in `{value}`", "`{value}` 里有全角数字")
    }
}

/// `text` with full-width digits and signs made ASCII, and whether there were any.
fn half_width(text: &str) -> (String, bool) {
    let mut any = false;
    let out = text
        .chars()
        .map(|c| match c {
            '０'..='９' | '：' | '．' | '－' | '／' | '＋' => {
                any = true;
                char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    (out, any)
}

fn has_full_width_digit(text: &str) -> bool {
    text.chars().any(|c| ('０'..='９').contains(&c))
}

/// A number whose digits were typed full-width.
fn number_verdict(value: &str) -> Verdict {
    let numeric = value
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || ".．-－+＋".contains(c));
    if !numeric || !has_full_width_digit(value) {
        return Verdict::Fine;
    }
    let (ascii, _) = half_width(value);
    Verdict::Fix(codes::FULL_WIDTH_DIGITS, ascii)
}

/// Parses 1 or 2 ASCII digits at the start of `text`: the number and the rest.
fn leading_number(text: &str) -> Option<(u32, &str)> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 4 {
        return None;
    }
    Some((text[..digits].parse().ok()?, &text[digits..]))
}

/// The periods of the day a Chinese time may start with, and how they move the hour: the
/// hour, and whether it is certain.
type HourOfPeriod = fn(u32) -> Option<u32>;

const PERIODS: &[(&str, HourOfPeriod)] = &[
    ("凌晨", |h| (h <= 6).then_some(h)),
    ("清晨", |h| (h <= 9).then_some(h)),
    ("早晨", |h| (h <= 11).then_some(h)),
    ("早上", |h| (h <= 11).then_some(h)),
    ("上午", |h| (h <= 11).then_some(h)),
    ("中午", |h| match h {
        11 | 12 => Some(h),
        1 | 2 => Some(h + 12),
        _ => None,
    }),
    ("下午", |h| match h {
        1..=11 => Some(h + 12),
        12..=23 => Some(h),
        _ => None,
    }),
    ("傍晚", |h| match h {
        4..=8 => Some(h + 12),
        16..=20 => Some(h),
        _ => None,
    }),
    ("晚上", |h| match h {
        5..=11 => Some(h + 12),
        17..=23 => Some(h),
        _ => None,
    }),
];

/// A time field's value: `09:00` is fine; `9:00`, `9点`, `9点半`, `下午2点`, `９：００` are
/// fixed to `"HH:MM"`; `晚上12点` is a mistake without a certain fix.
fn time_verdict(value: &str) -> Verdict {
    let (ascii, full_width) = half_width(value);
    let mut rest = ascii.as_str();
    let mut period: Option<HourOfPeriod> = None;
    for (name, shift) in PERIODS {
        if let Some(after) = rest.strip_prefix(name) {
            period = Some(*shift);
            rest = after;
            break;
        }
    }
    let Some((hour, after_hour)) = leading_number(rest) else {
        return Verdict::Fine;
    };
    let chinese = period.is_some() || !after_hour.starts_with(':');
    let minutes = if let Some(m) = after_hour.strip_prefix(':') {
        match leading_number(m) {
            Some((m, "")) if m < 60 && after_hour.len() == 3 => Some(m),
            _ => return Verdict::Fine,
        }
    } else if let Some(m) = after_hour
        .strip_prefix('点')
        .or_else(|| after_hour.strip_prefix('时'))
    {
        match m {
            "" | "整" => Some(0),
            "半" => Some(30),
            _ => match leading_number(m) {
                Some((m, "" | "分")) if m < 60 => Some(m),
                _ => return Verdict::Fine,
            },
        }
    } else {
        return Verdict::Fine;
    };
    let hour = match period {
        Some(shift) => shift(hour),
        None => (hour <= 24).then_some(hour),
    };
    let code = if chinese || !has_full_width_digit(value) {
        codes::CHINESE_TIME
    } else {
        codes::FULL_WIDTH_DIGITS
    };
    match (hour, minutes) {
        (Some(h), Some(m)) if h < 24 || (h == 24 && m == 0) => {
            let padded = format!("{h:02}:{m:02}");
            if !chinese && !full_width && ascii == padded {
                Verdict::Fine
            } else {
                Verdict::Fix(code, format!("\"{padded}\""))
            }
        }
        _ => Verdict::Unsure(
            code,
            text!(
                "write the 24-hour time in quotes, e.g. \"21:00\" for 9 in the evening",
                "请写成带引号的 24 小时制时间，如晚上 9 点写 \"21:00\""
            ),
        ),
    }
}

/// A date field's value: `2027-05-01` is fine; `2027/5/1`, `2027.5.1`, `2027-5-1`,
/// `2027年5月1日` and full-width digits are fixed; `5/1` (no year) is a mistake without a fix.
fn date_verdict(value: &str) -> Verdict {
    let (ascii, full_width) = half_width(value);
    let numbers: Vec<&str> = ascii
        .split(['-', '/', '.', '年', '月', '日', '号'])
        .filter(|s| !s.is_empty())
        .collect();
    let date_like = !numbers.is_empty()
        && numbers
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_digit()))
        && ascii.chars().next().is_some_and(|c| c.is_ascii_digit());
    if !date_like {
        return Verdict::Fine;
    }
    let iso = |y: i16, m: i8, d: i8| jiff::civil::Date::new(y, m, d).ok();
    match numbers.as_slice() {
        [y, m, d] if y.len() == 4 => {
            let parsed = (y.parse(), m.parse(), d.parse());
            let (Ok(y), Ok(m), Ok(d)) = parsed else {
                return Verdict::Fine;
            };
            match iso(y, m, d) {
                Some(date) => {
                    let written = date.to_string();
                    if written == ascii && !full_width {
                        Verdict::Fine
                    } else if written == ascii {
                        Verdict::Fix(codes::FULL_WIDTH_DIGITS, written)
                    } else {
                        Verdict::Fix(codes::DATE_NOT_ISO, written)
                    }
                }
                // Not a real day: the model says so (E012).
                None => Verdict::Fine,
            }
        }
        [m, d] if m.len() <= 2 && d.len() <= 2 => Verdict::Unsure(
            codes::DATE_NOT_ISO,
            text!(
                "write the year too, as YYYY-MM-DD, e.g. `2027-05-01`",
                "请写上年份，格式为 YYYY-MM-DD，如 `2027-05-01`"
            ),
        ),
        _ => Verdict::Fine,
    }
}

#[cfg(test)]
mod tests;
