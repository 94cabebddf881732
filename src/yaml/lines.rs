//! A line-by-line reading of YAML text, used only after the parser has failed, to find the line
//! an editor must change. The parser reports where it noticed a problem, which is often not
//! where the problem is: an over-indented `lon:` is read as the end of `lat`'s value, so the
//! parser complains about `lat`; an unclosed `[` is noticed at the end of the file. This scan
//! knows the few shapes front matter and `site.yaml` take (block mappings, `- ` entries, one-line
//! flow lists, quoted and block text) and finds the lines that break them.

/// A line that breaks the shape of the text around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Suspect {
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    pub kind: SuspectKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SuspectKind {
    /// A `key:` line indented more than the line above, whose value is already complete.
    OverIndented { fixed: String },
    /// A `key:` line whose indentation matches none of the lines above it.
    Misaligned { fixed: String },
    /// `key:value`: without the space the parser reads one piece of text, not a field.
    MissingSpace { key: String, fixed: String },
    /// A `[`, `{` or quote never closed before the next field.
    Unclosed { open: char },
    /// A `---` or `...` line inside the YAML, which ends the document there.
    DocumentMarker { marker: String },
}

/// One line's parts, as far as the scan needs them.
#[derive(Debug, Clone, Copy)]
struct Shape<'a> {
    /// Spaces before the content.
    indent: usize,
    /// Column (0-based, characters) where a key starts: after `- ` for an entry.
    key_col: usize,
    is_entry: bool,
    key: Option<&'a str>,
    /// The text after `key:` (trimmed), or after `- ` when there is no key.
    value: &'a str,
}

fn shape(line: &str) -> Option<Shape<'_>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let content = line[indent..].trim_end();
    if content.is_empty() || content.starts_with('#') || line[..indent].contains('\t') {
        return None;
    }
    let (is_entry, rest, key_col) = match content.strip_prefix('-') {
        Some(r) if r.is_empty() || r.starts_with(' ') => {
            let r2 = r.trim_start_matches(' ');
            (true, r2, indent + 1 + (r.len() - r2.len()))
        }
        _ => (false, content, indent),
    };
    let key_end = key_end(rest);
    let (key, value) = match key_end {
        Some(end) => (Some(&rest[..end]), rest[end + 1..].trim()),
        None => (None, rest),
    };
    Some(Shape {
        indent,
        key_col: if rest.is_empty() { indent } else { key_col },
        is_entry,
        key,
        value,
    })
}

/// The byte index of the `:` that ends a plain key (`key:` then a space or the end), if the
/// text starts with one.
fn key_end(text: &str) -> Option<usize> {
    if text.starts_with(['[', '{', '"', '\'', '|', '>', '&', '*', '!', '#']) {
        return None;
    }
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if c == ':' && matches!(bytes.get(i + 1), None | Some(b' ')) {
            return Some(i);
        }
        if c == ' ' && bytes.get(i + 1) == Some(&b'#') {
            return None;
        }
    }
    None
}

/// `key:value` with no space: the key and the byte index of its colon.
fn missing_space(text: &str) -> Option<(&str, usize)> {
    let colon = text.find(':')?;
    let key = &text[..colon];
    let after = text[colon + 1..].chars().next()?;
    let key_like = !key.is_empty()
        && !key.contains(char::is_whitespace)
        && !key.contains([
            '[', ']', '{', '}', ',', '"', '\'', '#', '&', '*', '!', '|', '>', '%', '@', '`',
        ]);
    // `12:30` and `https://` are values, not keys.
    let value_like = key.chars().all(|c| c.is_ascii_digit()) || after == '/' || after == ':';
    (key_like && !value_like && !after.is_whitespace()).then_some((key, colon))
}

/// Whether a value is complete on its line: anything but nothing, a block-text indicator
/// (`|`, `>`) or an anchor alone.
fn is_complete_value(value: &str) -> bool {
    let v = value.split(" #").next().unwrap_or_default().trim();
    let anchor_alone = v.starts_with('&') && !v.contains(' ');
    !(v.is_empty() || v.starts_with(['|', '>', '#']) || anchor_alone)
}

/// Where an open `[`, `{` or quote was opened, and how deep the text is inside it.
#[derive(Debug, Clone)]
struct Open {
    line: usize,
    column: usize,
    ch: char,
    owner_indent: usize,
    /// Brackets still open, innermost last.
    stack: Vec<char>,
    /// The quote character when inside quoted text.
    quote: Option<char>,
}

/// Reads `value` (starting at character column `start_col` of line `line_no`) through flow
/// brackets and quotes, continuing `open` if the previous line left something open. Returns
/// what is still open at the end of the line.
fn scan_flow(value: &str, line_no: usize, start_col: usize, open: Option<Open>) -> Option<Open> {
    let mut state = open;
    // Inside brackets or quotes carried over from the line above, or at a value's start.
    let mut token_start = true;
    let mut prev = ' ';
    let mut chars = value.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let column = start_col + i;
        match state.as_mut() {
            Some(st) if st.quote.is_some() => {
                let q = st.quote.unwrap_or('"');
                if q == '"' && c == '\\' {
                    chars.next();
                } else if c == q {
                    if q == '\'' && chars.peek().map(|p| p.1) == Some('\'') {
                        chars.next();
                    } else {
                        st.quote = None;
                        if st.stack.is_empty() {
                            return None;
                        }
                    }
                }
            }
            _ => {
                if c == '#' && prev == ' ' {
                    break;
                }
                let starts_scalar = token_start;
                match c {
                    '[' | '{' if starts_scalar || state.is_some() => match state.as_mut() {
                        Some(st) => st.stack.push(c),
                        None => {
                            state = Some(Open {
                                line: line_no,
                                column,
                                ch: c,
                                owner_indent: 0,
                                stack: vec![c],
                                quote: None,
                            })
                        }
                    },
                    ']' | '}' => {
                        if let Some(st) = state.as_mut() {
                            st.stack.pop();
                            if st.stack.is_empty() {
                                return None;
                            }
                        }
                    }
                    '"' | '\'' if starts_scalar => match state.as_mut() {
                        Some(st) => st.quote = Some(c),
                        None => {
                            state = Some(Open {
                                line: line_no,
                                column,
                                ch: c,
                                owner_indent: 0,
                                stack: Vec::new(),
                                quote: Some(c),
                            })
                        }
                    },
                    _ => {}
                }
                if state.is_none() && !starts_scalar {
                    // A plain scalar: nothing in it opens anything.
                    return None;
                }
                token_start = matches!(c, '[' | '{' | ',' | ' ')
                    || (c == ':' && state.is_some())
                    || (token_start && c == ' ');
            }
        }
        prev = c;
    }
    state
}

/// The lines that break the text's shape, in file order. `text` is the whole YAML text
/// (front matter with its opening `---`, or `site.yaml`).
pub(super) fn suspects(text: &str) -> Vec<Suspect> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut found = Vec::new();
    // Significant lines seen so far (outside text blocks and open brackets): (indent, key_col,
    // whether its value is complete on the line, is a key line).
    let mut seen: Vec<(usize, Shape<'_>, bool)> = Vec::new();
    let mut block_owner: Option<usize> = None;
    let mut open: Option<Open> = None;
    let mut content_seen = false;
    for (i, raw) in lines.iter().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end();
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if let Some(owner) = block_owner {
            if blank || indent > owner {
                continue;
            }
            block_owner = None;
        }
        if let Some(st) = open.take() {
            if blank {
                open = Some(st);
                continue;
            }
            if indent > st.owner_indent {
                open = scan_flow(line.trim_start(), line_no, indent + 1, Some(st));
                if open.is_none()
                    && let Some(last) = seen.last_mut()
                {
                    last.2 = true;
                }
                continue;
            }
            found.push(Suspect {
                line: st.line,
                column: st.column,
                kind: SuspectKind::Unclosed { open: st.ch },
            });
        }
        if blank {
            continue;
        }
        if matches!(line, "---" | "...") {
            let content_after = lines[i + 1..]
                .iter()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
            if (line == "---" && content_seen) || (line == "..." && content_after) {
                found.push(Suspect {
                    line: line_no,
                    column: 1,
                    kind: SuspectKind::DocumentMarker {
                        marker: line.to_string(),
                    },
                });
            }
            continue;
        }
        content_seen = true;
        let Some(sh) = shape(line) else { continue };
        // A line deeper than a complete value continues that text; only other lines can be a
        // `key:value` missing its space.
        let continues_text = seen
            .last()
            .is_some_and(|prev| prev.2 && sh.indent > prev.1.key_col);
        if sh.key.is_some() {
            check_indentation(line_no, line, &sh, &seen, &mut found);
        } else if !continues_text {
            let body = line[sh.indent..].trim_start_matches(['-', ' ']);
            if let Some((key, colon)) = missing_space(body) {
                let at = line.len() - body.len() + colon;
                found.push(Suspect {
                    line: line_no,
                    column: line[..at].chars().count() + 2,
                    kind: SuspectKind::MissingSpace {
                        key: key.to_string(),
                        fixed: format!("{}: {}", &line[..at], &line[at + 1..]),
                    },
                });
            }
        }
        let value_start = line.len() - sh.value.len() - (line.len() - line.trim_end().len());
        let value_col = line[..value_start].chars().count() + 1;
        let mut complete = is_complete_value(sh.value);
        if sh.value.starts_with(['[', '{', '"', '\'']) {
            open = scan_flow(sh.value, line_no, value_col, None).map(|mut st| {
                st.owner_indent = sh.indent;
                st
            });
            complete = open.is_none();
        }
        if sh.key.is_some() && (sh.value.starts_with('|') || sh.value.starts_with('>')) {
            block_owner = Some(sh.indent);
        }
        seen.push((line_no, sh, complete));
    }
    if let Some(st) = open {
        found.push(Suspect {
            line: st.line,
            column: st.column,
            kind: SuspectKind::Unclosed { open: st.ch },
        });
    }
    found.sort_by_key(|s| (s.line, s.column));
    found
}

/// A `key:` line against the lines above it: deeper than a line whose value is complete (it
/// would be read as more of that value), or at an indentation no line above has.
fn check_indentation(
    line_no: usize,
    line: &str,
    sh: &Shape<'_>,
    seen: &[(usize, Shape<'_>, bool)],
    found: &mut Vec<Suspect>,
) {
    let Some((_, prev, prev_complete)) = seen.last() else {
        return;
    };
    let content = &line[sh.indent..];
    if sh.indent > prev.key_col && *prev_complete && prev.key.is_some() && !sh.is_entry {
        found.push(Suspect {
            line: line_no,
            column: 1,
            kind: SuspectKind::OverIndented {
                fixed: format!("{}{content}", " ".repeat(prev.key_col)),
            },
        });
        return;
    }
    if sh.indent >= prev.indent || sh.is_entry {
        return;
    }
    // Dedented: some line above must start where this one does.
    for (k, (_, above, _)) in seen.iter().enumerate().rev() {
        if above.indent == sh.indent || (above.key_col == sh.indent && above.key.is_some()) {
            return;
        }
        if above.indent < sh.indent {
            // `above` opened the block this line belongs to: its children start at the
            // first line after it.
            let child = seen.get(k + 1).map(|c| c.1.indent);
            let fixed_indent = if above.is_entry && above.key_col > sh.indent {
                Some(above.key_col)
            } else {
                child.filter(|c| *c > sh.indent)
            };
            if let Some(indent) = fixed_indent {
                found.push(Suspect {
                    line: line_no,
                    column: 1,
                    kind: SuspectKind::Misaligned {
                        fixed: format!("{}{content}", " ".repeat(indent)),
                    },
                });
            }
            return;
        }
    }
}

/// The field a value at `line`/`column` belongs to: the key on that line when the value comes
/// after it, else the nearest key above with less indentation (a block list or mapping).
pub(super) fn field_at(text: &str, line: usize, column: usize) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let here = lines.get(line.checked_sub(1)?)?;
    if let Some(sh) = shape(here)
        && let Some(key) = sh.key
    {
        let key_end_col = here[..here.find(key).unwrap_or(0) + key.len()]
            .chars()
            .count();
        if column > key_end_col {
            return Some(key.to_string());
        }
    }
    let indent = here.len() - here.trim_start_matches(' ').len();
    lines[..line - 1].iter().rev().find_map(|l| {
        let sh = shape(l)?;
        (sh.indent < indent || (sh.is_entry && sh.indent <= indent && sh.key_col < indent))
            .then_some(sh.key)
            .flatten()
            .map(str::to_string)
    })
}

/// The value written after `key:` on `line`, without a trailing comment.
pub(super) fn value_on_line(text: &str, line: usize) -> Option<String> {
    let here = text.split('\n').nth(line.checked_sub(1)?)?;
    let sh = shape(here)?;
    let v = sh.value.split(" #").next().unwrap_or_default().trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// The last line of the value that starts on `line`: the lines after it indented deeper belong
/// to it (a plain text value may go on over several lines).
pub(super) fn value_end(text: &str, line: usize) -> usize {
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(here) = line.checked_sub(1).and_then(|i| lines.get(i)) else {
        return line;
    };
    let indent = here.len() - here.trim_start_matches(' ').len();
    let mut end = line;
    for l in lines.iter().skip(line) {
        if l.trim().is_empty() {
            continue;
        }
        let i = l.len() - l.trim_start_matches([' ', '\t']).len();
        if i <= indent {
            break;
        }
        end += 1;
    }
    end
}

/// The 1-based line and column of the first tab at or after the start of `line`.
pub(super) fn first_tab_from(text: &str, line: usize) -> Option<(usize, usize)> {
    text.split('\n')
        .enumerate()
        .skip(line.saturating_sub(1))
        .find_map(|(i, l)| {
            l.chars()
                .position(|c| c == '\t')
                .map(|col| (i + 1, col + 1))
        })
}

/// The text of line `line` (1-based).
pub(super) fn line_text(text: &str, line: usize) -> &str {
    text.split('\n')
        .nth(line.saturating_sub(1))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(usize, usize, SuspectKind)> {
        suspects(text)
            .into_iter()
            .map(|s| (s.line, s.column, s.kind))
            .collect()
    }

    const VALID: &str = r#"---
name: 馆 # a comment: here
district: 观山湖区
summary: 很长的一段
  文字，写了两行
location:
  lat: 30.661
  lon: 104.06
audience: [初中, "高中"]
subjects:
  - 地质
  - "a: b"
hours:
  - days: tue-sun
    open: "09:00"
description: |
  text: with a colon
    deeper: still text
days:
- stops:
  - at: bases/x
    arrive: "09:00"
website: https://example.org
"#;

    #[test]
    fn valid_text_has_no_suspects() {
        assert_eq!(kinds(VALID), vec![]);
    }

    #[test]
    fn each_broken_shape_is_found_at_its_line() {
        let over = "---\nlocation:\n  lat: 30.661\n    lon: 104.06\n";
        assert_eq!(
            kinds(over),
            vec![(
                4,
                1,
                SuspectKind::OverIndented {
                    fixed: "  lon: 104.06".into()
                }
            )]
        );
        let less = "---\nlocation:\n  lat: 30.661\n lon: 104.06\n";
        assert_eq!(
            kinds(less),
            vec![(
                4,
                1,
                SuspectKind::Misaligned {
                    fixed: "  lon: 104.06".into()
                }
            )]
        );
        let space = "---\nname: a\ndistrict:观山湖区\n";
        assert_eq!(
            kinds(space),
            vec![(
                3,
                10,
                SuspectKind::MissingSpace {
                    key: "district".into(),
                    fixed: "district: 观山湖区".into()
                }
            )]
        );
        let bracket = "---\naudience: [初中, 高中\nlocation:\n  lat: 1\n";
        assert_eq!(
            kinds(bracket),
            vec![(2, 11, SuspectKind::Unclosed { open: '[' })]
        );
        let quote = "---\nname: \"馆\ndistrict: \"x\"\n";
        assert_eq!(
            kinds(quote),
            vec![(2, 7, SuspectKind::Unclosed { open: '"' })]
        );
        let marker = "---\nname: a\n...\ndistrict: x\n";
        assert_eq!(
            kinds(marker),
            vec![(
                3,
                1,
                SuspectKind::DocumentMarker {
                    marker: "...".into()
                }
            )]
        );
    }

    #[test]
    fn fields_and_values_are_found_by_position() {
        let text = "---\naudience: 初中\nhours:\n  days: mon\n";
        assert_eq!(field_at(text, 2, 11).as_deref(), Some("audience"));
        assert_eq!(field_at(text, 4, 3).as_deref(), Some("hours"));
        assert_eq!(value_on_line(text, 2).as_deref(), Some("初中"));
        assert_eq!(value_end("---\na: 1\n  b: 2\nc: 3\n", 2), 3);
        assert_eq!(first_tab_from("a\nb\n\tc\n", 2), Some((3, 1)));
    }
}
