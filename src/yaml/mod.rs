//! The only place that calls the YAML library (serde-saphyr). It deserializes front matter and
//! `site.yaml` into the raw serde structs and turns YAML errors into located diagnostics, with the
//! line numbers of the file itself: front matter is parsed together with its opening `---` (a YAML
//! document-start marker), so YAML lines are file lines and no offset arithmetic is needed.
//!
//! A failed parse is explained for an editor who knows no YAML: `explain` words each error in
//! English and Chinese, `lines` reads the text to find the line to change when the parser noticed
//! the problem later (an over-indented line, an unclosed `[`, a tab), and `required` finds every
//! missing required field at once instead of serde's first.

use std::borrow::Cow;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::diag::{Diagnostic, Pos};

mod explain;
mod lines;
mod required;

use required::{Node, Schema};

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
        // Only YAML has positions. The one other deserializer, the probe that asks serde which
        // fields a struct requires (`required`), says it is not human-readable.
        if !deserializer.is_human_readable() {
            return T::deserialize(deserializer).map(|value| Located::new(value, Pos::START));
        }
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

/// Parses `text` (the whole YAML text, positions as in `file`) into `T`. On failure, the
/// problems in plain words: one for a syntax or type error (at the line to change), or one per
/// missing required field.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path) -> Result<T, Vec<Diagnostic>> {
    // No fields at all (only `---`, blank lines or comments) is an empty set of fields: a page
    // whose fields are all optional is fine, and a place is told every field it lacks.
    let text = if has_content(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(format!("{text}\n{{}}\n"))
    };
    let typed = match serde_saphyr::from_str_with_options::<T>(&text, options()) {
        Ok(value) => return Ok(value),
        Err(err) => err,
    };
    let cx = explain::Cx { text: &text, file };
    // Read again as plain YAML: if that fails too, the text itself is broken, and the type
    // error (if that is what stopped the typed read) is only a consequence.
    let node = match serde_saphyr::from_str_with_options::<Node>(&text, options()) {
        Ok(node) => node,
        Err(err) => return Err(vec![explain::syntax(&cx, &err)]),
    };
    let schema = Schema::of::<T>();
    if is_missing_field(&typed)
        && let Some(schema) = &schema
    {
        let missing = required::missing(schema, &node);
        if !missing.is_empty() {
            return Err(explain::missing(&cx, schema, &missing));
        }
    }
    if is_syntax(&typed) {
        return Err(vec![explain::syntax(&cx, &typed)]);
    }
    Err(vec![explain::semantic(&cx, &typed, schema.as_ref())])
}

/// Whether the text holds anything besides document markers, blank lines and comments.
fn has_content(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim();
        !(t.is_empty() || t.starts_with('#') || t == "---" || t == "...")
    })
}

fn is_missing_field(err: &serde_saphyr::Error) -> bool {
    match err {
        serde_saphyr::Error::SerdeMissingField { .. } => true,
        serde_saphyr::Error::AliasError { error, .. }
        | serde_saphyr::Error::WithSnippet { error, .. } => is_missing_field(error),
        _ => false,
    }
}

/// Errors that the plain read can't see (it stops at none of them) but are about the text.
fn is_syntax(err: &serde_saphyr::Error) -> bool {
    match err {
        serde_saphyr::Error::ExternalMessage { .. }
        | serde_saphyr::Error::MultipleDocuments { .. }
        | serde_saphyr::Error::UnknownAnchor { .. } => true,
        serde_saphyr::Error::AliasError { error, .. }
        | serde_saphyr::Error::WithSnippet { error, .. } => is_syntax(error),
        _ => false,
    }
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
