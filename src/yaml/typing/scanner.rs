//! The line scanner behind [`scan`](super::scan): it walks the YAML text once, keeping track of
//! block scalars, plain values that go on over lines and the keys above, and marks each mistake
//! at its character; marks on one line are then grouped into one finding.

use super::*;

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

pub(super) struct Scanner<'a> {
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
    pub(super) fn new(text: &'a str) -> Self {
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

    pub(super) fn run(&mut self) {
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
    pub(super) fn findings(mut self, file: &Path) -> Vec<Finding> {
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
