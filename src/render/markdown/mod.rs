//! Markdown rendering for page bodies.
//!
//! This module owns the one place where Markdown becomes HTML, so every rule
//! that later stages rely on lives here and nowhere else: which pulldown-cmark
//! extensions are on, how heading ids are made (templates and the anchor
//! check call [`heading_id`] too, so they agree with the rendered page), how
//! `@/` internal links are resolved and where they sit in the source (for
//! `file:line:col` diagnostics), how footnote ids are prefixed (two pages shown
//! together must not collide), and how line breaks inside Chinese paragraphs
//! are dropped (a newline between two Han characters would otherwise show as
//! a stray space).
//!
//! Rendering works on the whole event list rather than a streaming adapter:
//! heading ids, soft-break decisions and link spans all need to look ahead or
//! behind, and bodies are small.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use cjk::drop_cjk_soft_breaks;
use footnotes::place_footnotes;
use headings::assign_heading_ids;
use links::rewrite_internal_links;

mod cjk;
mod footnotes;
mod headings;
mod links;
#[cfg(test)]
mod tests;

/// What rendering one Markdown body produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    /// Headings in document order (all levels), with their final ids.
    pub headings: Vec<Heading>,
    /// Every `@/` link met in the body, in order, resolved or not.
    pub internal_links: Vec<InternalLink>,
    /// Plain text of the body (no markup), paragraphs separated by '\n', for descriptions and search.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The path after `@/`, without the anchor: `bases/museum.md`.
    pub path: String,
    /// The anchor after `#`, if any, percent-decoded.
    pub anchor: Option<String>,
    /// Byte range of the link's destination inside the source text (for file:line:col diagnostics).
    pub span: std::ops::Range<usize>,
    /// Whether `resolve` found it.
    pub resolved: bool,
}

/// An event with its byte range in the source.
type Spanned<'a> = (Event<'a>, Range<usize>);

/// `resolve` maps the path after `@/` (without anchor) to the page URL (e.g. "/bases/x/"), or None if unknown.
/// `footnote_prefix` is prepended to footnote ids so two pages shown together never collide.
pub fn render_markdown(
    source: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    footnote_prefix: &str,
) -> RenderedMarkdown {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut parser = Parser::new_ext(source, options).into_offset_iter();
    let events: Vec<Spanned<'_>> = parser.by_ref().collect();

    let mut events = drop_cjk_soft_breaks(events);
    let headings = assign_heading_ids(&mut events);
    let internal_links =
        rewrite_internal_links(&mut events, source, parser.reference_definitions(), resolve);
    let events = place_footnotes(events.into_iter().map(|(e, _)| e), footnote_prefix);
    let text = plain_text(&events);

    let mut html = String::with_capacity(source.len() + source.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    RenderedMarkdown {
        html,
        headings,
        internal_links,
        text,
    }
}

/// The id a heading text gets (also used by templates and the anchor check).
///
/// ASCII letters are lower-cased, letters and digits of every script are kept,
/// whitespace runs become one `-`, `-` and `_` are kept (as GitHub does), all
/// other punctuation and symbols are dropped; empty results become "section".
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    let mut dash_pending = false;
    for c in text.trim().chars() {
        if c.is_whitespace() || c == '-' {
            dash_pending = true;
        } else if c.is_alphanumeric() || c == '_' {
            // Deferring the dash collapses runs and trims both ends in one go.
            if dash_pending && !id.is_empty() {
                id.push('-');
            }
            dash_pending = false;
            id.push(c.to_ascii_lowercase());
        }
    }
    if id.is_empty() {
        "section".to_owned()
    } else {
        id
    }
}

/// Text without markup: one line per block, table cells separated by spaces.
/// Raw HTML and image alt text are not part of the visible text.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    let mut in_image = 0usize;
    for event in events {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::TableCell) if !text.ends_with(char::is_whitespace) => {
                text.push(' ');
            }
            Event::Start(tag) if !is_inline(tag.to_end()) => end_line(&mut text),
            Event::End(end) if !is_inline(*end) => end_line(&mut text),
            Event::Rule => end_line(&mut text),
            _ => {}
        }
    }
    let len = text.trim_end().len();
    text.truncate(len);
    text
}

fn is_inline(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::TableCell
    )
}

fn end_line(text: &mut String) {
    let len = text.trim_end_matches([' ', '\t']).len();
    text.truncate(len);
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// Index of the `End` matching the `Start` at `start` (events are well nested).
fn matching_end(events: &[Spanned<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len()
}

/// Visible text of inline events; image alt text is not visible, so skipped.
fn inline_text(events: &[Spanned<'_>]) -> String {
    let mut text = String::new();
    let mut in_image = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}
