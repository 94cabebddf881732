//! Mistakes made on purpose in real front matter: each valid place and route of the shipped
//! site gets one mistake of a class (a tab, an over-indented line, a missing space after `:`, a
//! dropped `]` or quote, a list written as one value, missing required fields) at a random line
//! where an editor could make it, and the diagnostic must name that class at that line.
// Test code only: `mod.rs` declares it as `#[cfg(test)] mod proptests;`.
#![cfg(test)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::sample::Index;

use super::*;
use crate::diag::Code;
use crate::diag::codes::{
    MISSING_FIELD, NO_SPACE_AFTER_COLON, OVER_INDENTED, UNCLOSED, WRONG_SHAPE, YAML_SYNTAX,
};
use crate::load::raw::{RawPlace, RawRoute};

/// A shipped place or route: its front matter (with the opening `---`, as the loader passes
/// it) and whether it is a route.
struct Sample {
    file: PathBuf,
    front: String,
    route: bool,
}

fn samples() -> Vec<Sample> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut out = Vec::new();
    for section in ["bases", "spots", "routes"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(section))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let end = text[4..].find("\n---\n").unwrap() + 5;
            out.push(Sample {
                file: PathBuf::from(format!(
                    "content/{section}/{}",
                    file.file_name().unwrap().to_string_lossy()
                )),
                front: text[..end].to_string(),
                route: section == "routes",
            });
        }
    }
    assert!(out.len() >= 10, "the shipped site has places and routes");
    out
}

fn check(sample: &Sample, text: &str) -> Result<(), Vec<Diagnostic>> {
    if sample.route {
        parse::<RawRoute>(text, &sample.file).map(drop)
    } else {
        parse::<RawPlace>(text, &sample.file).map(drop)
    }
}

/// One line of front matter, as far as choosing where to put a mistake needs.
struct Line<'a> {
    indent: usize,
    /// `key: value` (or `- key: value`), with the value complete on the line.
    key_value: Option<(&'a str, &'a str)>,
    is_entry: bool,
    in_block_text: bool,
}

fn lines_of(front: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut block_owner: Option<usize> = None;
    for text in front.split('\n') {
        let indent = text.len() - text.trim_start_matches(' ').len();
        let in_block_text = block_owner.is_some_and(|o| text.trim().is_empty() || indent > o);
        if !in_block_text {
            block_owner = None;
        }
        let content = text.trim_start();
        let is_entry = content.starts_with("- ");
        let body = content.strip_prefix("- ").unwrap_or(content);
        let key_value = body
            .find(": ")
            .map(|i| (&body[..i], body[i + 2..].trim()))
            .filter(|(k, v)| {
                !k.is_empty()
                    && !k.contains([' ', '"', '\'', '[', '{', '#'])
                    && !v.is_empty()
                    && !in_block_text
            });
        if let Some((_, v)) = key_value
            && (v.starts_with('|') || v.starts_with('>'))
        {
            block_owner = Some(indent);
        }
        out.push(Line {
            indent,
            key_value,
            is_entry,
            in_block_text,
        });
    }
    out
}

/// The 1-based numbers of the lines `eligible` accepts.
fn eligible(front: &str, accept: impl Fn(&[Line<'_>], usize) -> bool) -> Vec<usize> {
    let lines = lines_of(front);
    (0..lines.len())
        .filter(|&i| !lines[i].in_block_text && accept(&lines, i))
        .map(|i| i + 1)
        .collect()
}

fn replace_line(front: &str, line: usize, new: &str) -> String {
    front
        .split('\n')
        .enumerate()
        .map(|(i, l)| if i + 1 == line { new } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Puts a mistake at one of the eligible lines of a random sample; `None` when the sample
/// has no such line.
fn mutate(
    pick: (Index, Index),
    accept: impl Fn(&[Line<'_>], usize) -> bool,
    change: impl Fn(&str) -> String,
) -> Option<(Sample, usize, String)> {
    let mut all = samples();
    let sample = all.swap_remove(pick.0.index(all.len()));
    let lines = eligible(&sample.front, accept);
    if lines.is_empty() {
        return None;
    }
    let line = lines[pick.1.index(lines.len())];
    let old = sample.front.split('\n').nth(line - 1).unwrap_or_default();
    let text = replace_line(&sample.front, line, &change(old));
    Some((sample, line, text))
}

fn assert_one_at(
    sample: &Sample,
    text: &str,
    code: Code,
    line: usize,
    words: &str,
) -> Result<(), TestCaseError> {
    let ds = check(sample, text).expect_err("the mistake is reported");
    prop_assert_eq!(ds.len(), 1, "{:#?}\n{}", ds, text);
    let d = &ds[0];
    prop_assert_eq!((d.code, d.pos.line), (code, line), "{:#?}\n{}", d, text);
    prop_assert!(d.message.en().contains(words), "{:#?}", d);
    prop_assert!(d.help.is_some(), "{:#?}", d);
    Ok(())
}

fn nested_key_line(lines: &[Line<'_>], i: usize) -> bool {
    lines[i].indent >= 2 && (lines[i].key_value.is_some() || lines[i].is_entry)
}

/// `key: value` right under another complete `key: value` at the same column.
fn under_a_scalar(lines: &[Line<'_>], i: usize) -> bool {
    let (Some(here), Some(prev)) = (lines.get(i), i.checked_sub(1).and_then(|p| lines.get(p)))
    else {
        return false;
    };
    let column = |l: &Line<'_>| l.indent + if l.is_entry { 2 } else { 0 };
    !here.is_entry
        && here.key_value.is_some()
        && prev.key_value.is_some()
        && !prev.in_block_text
        && column(prev) == column(here)
        && !prev
            .key_value
            .is_some_and(|(_, v)| v.starts_with(['|', '>']))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_tab_in_indentation_is_found_on_its_line(pick in (any::<Index>(), any::<Index>())) {
        if let Some((sample, line, text)) = mutate(pick, nested_key_line, |l| l.replacen("  ", "\t", 1)) {
            assert_one_at(&sample, &text, YAML_SYNTAX, line, "tab")?;
        }
    }

    #[test]
    fn an_over_indented_line_is_found_on_its_line(pick in (any::<Index>(), any::<Index>())) {
        if let Some((sample, line, text)) = mutate(pick, under_a_scalar, |l| format!("  {l}")) {
            assert_one_at(&sample, &text, OVER_INDENTED, line, "indented more")?;
        }
    }

    #[test]
    fn a_missing_space_after_a_colon_is_found_on_its_line(pick in (any::<Index>(), any::<Index>())) {
        let accept = |lines: &[Line<'_>], i: usize| {
            lines[i].key_value.is_some_and(|(_, v)| !v.contains(": ") && !v.contains('#'))
        };
        if let Some((sample, line, text)) = mutate(pick, accept, |l| l.replacen(": ", ":", 1)) {
            assert_one_at(&sample, &text, NO_SPACE_AFTER_COLON, line, "no space after")?;
        }
    }

    #[test]
    fn a_dropped_bracket_or_quote_is_found_where_it_opens(pick in (any::<Index>(), any::<Index>())) {
        let accept = |lines: &[Line<'_>], i: usize| {
            lines[i].key_value.is_some_and(|(_, v)| {
                (v.starts_with('[') && v.ends_with(']') && v.matches(['[', '{']).count() == 1)
                    || (v.starts_with('"') && v.ends_with('"') && v.len() > 2 && v.matches('"').count() == 2)
            })
        };
        if let Some((sample, line, text)) = mutate(pick, accept, |l| l[..l.len() - 1].to_string()) {
            assert_one_at(&sample, &text, UNCLOSED, line, "never closed")?;
        }
    }

    #[test]
    fn a_list_written_as_one_value_is_found_on_its_line(pick in (any::<Index>(), any::<Index>())) {
        let accept = |lines: &[Line<'_>], i: usize| {
            lines[i].key_value.is_some_and(|(_, v)| {
                v.starts_with('[') && v.ends_with(']') && v.len() > 2 && !v[1..].contains(['[', '{', ':', '"'])
            })
        };
        let change = |l: &str| {
            let open = l.find('[').unwrap_or_default();
            let first = l[open + 1..l.len() - 1].split(',').next().unwrap_or_default().trim();
            format!("{}{first}", &l[..open])
        };
        if let Some((sample, line, text)) = mutate(pick, accept, change) {
            assert_one_at(&sample, &text, WRONG_SHAPE, line, "takes a list")?;
        }
    }

    #[test]
    fn every_deleted_required_field_is_reported(pick in any::<Index>(), which in proptest::collection::btree_set(0usize..8, 1..5)) {
        let mut all = samples();
        let sample = all.swap_remove(pick.index(all.len()));
        let schema = if sample.route { Schema::of::<RawRoute>() } else { Schema::of::<RawPlace>() };
        let required = schema.expect("the raw structs can be probed").required_at(&Vec::new());
        let gone: Vec<&str> = which.iter().filter_map(|i| required.get(*i).copied()).collect();
        prop_assume!(!gone.is_empty());
        // Delete each field's line and the lines indented under it.
        let mut kept = Vec::new();
        let mut skipping = false;
        for line in sample.front.split('\n') {
            let top = !line.starts_with(' ') && !line.starts_with('-');
            if top {
                skipping = gone.iter().any(|f| line.starts_with(&format!("{f}:")));
            }
            if !skipping {
                kept.push(line);
            }
        }
        let text = kept.join("\n");
        let ds = check(&sample, &text).expect_err("missing fields are reported");
        prop_assert_eq!(ds.len(), gone.len(), "{:#?}\n{}", ds, text);
        for (d, field) in ds.iter().zip(&gone) {
            prop_assert_eq!((d.code, d.pos), (MISSING_FIELD, Pos::START));
            prop_assert_eq!(d.message.en(), format!("missing required field `{field}`"));
        }
    }
}

#[test]
fn the_shipped_front_matter_parses_and_has_no_suspects() {
    for sample in samples() {
        assert!(
            check(&sample, &sample.front).is_ok(),
            "{}",
            sample.file.display()
        );
        assert_eq!(
            lines::suspects(&sample.front),
            vec![],
            "{}",
            sample.file.display()
        );
    }
}

#[test]
fn every_mistake_class_has_lines_to_be_made_at() {
    let count = |accept: &dyn Fn(&[Line<'_>], usize) -> bool| -> usize {
        samples()
            .iter()
            .map(|s| eligible(&s.front, accept).len())
            .sum()
    };
    assert!(count(&nested_key_line) >= 50);
    assert!(count(&under_a_scalar) >= 50);
    assert!(count(&|l: &[Line<'_>], i: usize| l[i].key_value.is_some()) >= 100);
}
