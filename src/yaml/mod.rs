//! The only place that calls the YAML library (serde-saphyr). It deserializes front matter and
//! `site.yaml` into the raw serde structs and turns YAML errors into located diagnostics, with the
//! line numbers of the file itself: front matter is parsed together with its opening `---` (a YAML
//! document-start marker), so YAML lines are file lines and no offset arithmetic is needed.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::diag::{Diagnostic, Pos, codes};

pub mod typing;

/// A value with the position it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Located<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Located { value, pos }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let at = spanned.referenced;
        Ok(Located {
            value: spanned.value,
            pos: Pos::new(at.line() as usize, at.column() as usize),
        })
    }
}

/// Resource limits: an alias bomb or a huge document ends in an error, not in a hang or an
/// out-of-memory kill. The largest real front matter (a three-day route) has about 2,000 nodes,
/// so the library's generous defaults (250,000) are cut to keep a hostile file fast to reject.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::budget::Budget::default();
    budget.max_nodes = 50_000;
    budget.max_events = 200_000;
    budget.max_depth = 32;
    serde_saphyr::options! {
        with_snippet: false,
        strict_booleans: true,
        budget: Some(budget),
    }
}

/// Parses `text` (the whole YAML text, positions as in `file`) into `T`.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|err| {
        let pos = err
            .location()
            .map(|l| Pos::new(l.line() as usize, l.column() as usize))
            .filter(|p| p.line > 0)
            .unwrap_or(Pos::START);
        let message = err.without_snippet().to_string();
        describe(file, pos, &message)
    })
}

/// Gives serde's messages a stable code, a did-you-mean and the position README promises
/// ("What `check` reports": a missing field points at the opening `---`).
fn describe(file: &Path, pos: Pos, message: &str) -> Diagnostic {
    // serde-saphyr prefixes "line L column C: "; the position is shown separately.
    let message = strip_position_prefix(message);
    if let Some(rest) = message.find("unknown field `").map(|i| &message[i + 15..]) {
        return unknown_field(file, pos, rest);
    }
    if let Some(rest) = message.find("missing field `").map(|i| &message[i + 15..]) {
        let field = rest.split('`').next().unwrap_or_default();
        // README ("What `check` reports", E003): a missing field points at the opening `---`.
        return Diagnostic::new(
            codes::MISSING_FIELD,
            file,
            Pos::START,
            format!("missing required field `{field}`"),
        )
        .with_help(format!("add `{field}:` to the front matter"));
    }
    if let Some(kind) = message.strip_prefix("invalid ") {
        return invalid_value(file, pos, message, kind);
    }
    if message.starts_with("budget breached") {
        return Diagnostic::new(
            codes::YAML_SYNTAX,
            file,
            pos,
            "the YAML expands to too many values (aliases repeated inside aliases?)",
        )
        .with_help("write the values out instead of nesting `*alias` references");
    }
    if message.starts_with("expected ") {
        let text = match message {
            "expected string scalar" => "expected text, not a list or a mapping",
            other => other,
        };
        return Diagnostic::new(codes::WRONG_VALUE, file, pos, text.to_string());
    }
    Diagnostic::new(codes::YAML_SYNTAX, file, pos, format!("YAML: {message}"))
}

/// An unknown key, with a did-you-mean or else the keys serde expected. `rest` is the message
/// after "unknown field `".
fn unknown_field(file: &Path, pos: Pos, rest: &str) -> Diagnostic {
    let unknown = rest.split('`').next().unwrap_or_default();
    let expected: Vec<&str> = rest
        .split("expected one of ")
        .nth(1)
        .or_else(|| rest.split("expected ").nth(1))
        .map(|list| list.split(", ").map(|s| s.trim_matches('`')).collect())
        .unwrap_or_default();
    let d = Diagnostic::new(
        codes::UNKNOWN_FIELD,
        file,
        pos,
        format!("unknown field `{unknown}`"),
    )
    .with_suggestion(unknown, expected.iter().copied());
    if d.help.is_some() || expected.is_empty() {
        return d;
    }
    d.with_help(format!("expected one of: {}", expected.join(", ")))
}

/// A value of the wrong type, said in an editor's words rather than Rust's. `kind` is the
/// message after "invalid ".
fn invalid_value(file: &Path, pos: Pos, message: &str, kind: &str) -> Diagnostic {
    // serde-saphyr names Rust types ("invalid u32"); say what an editor should write.
    let word = kind.split_whitespace().next().unwrap_or_default();
    let integer = word.len() > 1
        && word.starts_with(['u', 'i'])
        && word[1..].chars().all(|c| c.is_ascii_digit());
    let (text, help) = if word == "boolean" {
        (
            "expected true or false".to_string(),
            Some("write `true` or `false`"),
        )
    } else if integer {
        (
            "expected a whole number".to_string(),
            Some("write digits only, e.g. `120`"),
        )
    } else if word == "f64" || word == "f32" {
        (
            "expected a number".to_string(),
            Some("write a number, e.g. `29.824`"),
        )
    } else {
        (message.to_string(), None)
    };
    let d = Diagnostic::new(codes::WRONG_VALUE, file, pos, text);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

fn strip_position_prefix(message: &str) -> &str {
    let mut trimmed = message.trim();
    // The parser also appends the position; it is shown separately.
    if let Some(i) = trimmed.rfind(" at line ") {
        let tail = &trimmed[i + 9..];
        if tail
            .split(", column ")
            .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        {
            trimmed = &trimmed[..i];
        }
    }
    if let Some(rest) = trimmed.strip_prefix("line ")
        && let Some(i) = rest.find(": ")
    {
        let head = &rest[..i];
        if head
            .split(" column ")
            .all(|n| n.trim().chars().all(|c| c.is_ascii_digit()))
        {
            return &rest[i + 2..];
        }
    }
    trimmed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::codes::{MISSING_FIELD, UNKNOWN_FIELD, WRONG_VALUE, YAML_SYNTAX};

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Front {
        name: Located<String>,
        #[serde(default)]
        address: Option<String>,
        #[serde(default)]
        open: Option<bool>,
    }

    fn parse_front(text: &str) -> Result<Front, Diagnostic> {
        parse(text, Path::new("a.md"))
    }

    #[test]
    fn positions_are_file_positions() {
        let f = parse_front(
            r#"---
address: x
name: 重庆
open: true
"#,
        )
        .unwrap();
        assert_eq!(f.name.value, "重庆");
        assert_eq!((f.address.as_deref(), f.open), (Some("x"), Some(true)));
        assert_eq!(f.name.pos, Pos::new(3, 7));
    }

    #[test]
    fn unknown_field_suggests_the_right_name() {
        let d = parse_front(
            r#"---
name: a
adress: x
"#,
        )
        .unwrap_err();
        assert_eq!(d.code, UNKNOWN_FIELD);
        assert_eq!(d.pos.line, 3);
        assert_eq!(d.message, "unknown field `adress`");
        assert_eq!(
            d.help.as_ref().map(|h| h.en()),
            Some("did you mean `address`?")
        );
    }

    #[test]
    fn missing_field_points_at_the_opening_marker() {
        let d = parse_front("---\naddress: x\n").unwrap_err();
        assert_eq!((d.code, d.pos), (MISSING_FIELD, Pos::START));
        assert!(d.message.contains("`name`"));
    }

    #[test]
    fn syntax_and_type_errors_are_located() {
        let d = parse_front("---\nname: \"unclosed\n").unwrap_err();
        assert_eq!(d.code, YAML_SYNTAX);
        assert!(d.pos.line >= 2, "{d:?}");
        let d = parse_front(
            r#"---
name: a
open: yes
"#,
        )
        .unwrap_err();
        assert_eq!((d.code, d.pos.line), (WRONG_VALUE, 3), "{d:?}");
        assert_eq!(d.message, "expected true or false");
        let d = parse_front("---\nname: [a, b]\n").unwrap_err();
        assert_eq!((d.code, d.pos.line), (WRONG_VALUE, 2), "{d:?}");
        assert!(!d.message.en().starts_with("line "), "{d:?}");
    }

    #[test]
    fn alias_bomb_is_an_error_not_a_hang() {
        let mut text = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..40 {
            let p = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        text.push_str("name: x\n");
        assert!(parse::<serde_json::Value>(&text, Path::new("a.md")).is_err());
    }
}
