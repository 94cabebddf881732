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

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, RefDefs, Tag, TagEnd};

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
    /// The path after `@/`, without the anchor: `bases/cq-science-museum.md`.
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

// ---------------------------------------------------------------------------
// CJK soft breaks

/// Removes soft breaks that sit between two East-Asian wide characters, so
/// browsers don't render them as spaces inside Chinese/Japanese text
/// (pandoc's `east_asian_line_breaks`).
fn drop_cjk_soft_breaks(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let keep: Vec<bool> = events
        .iter()
        .enumerate()
        .map(|(i, (event, _))| {
            !matches!(event, Event::SoftBreak)
                || !joins_without_space(char_before(&events, i), char_after(&events, i))
        })
        .collect();
    events
        .into_iter()
        .zip(keep)
        .filter_map(|(event, keep)| keep.then_some(event))
        .collect()
}

fn joins_without_space(before: Option<char>, after: Option<char>) -> bool {
    let (Some(a), Some(b)) = (before, after) else {
        return false;
    };
    // Curly quotes, dashes and ellipses are "ambiguous width": they belong to
    // whichever script they touch, so next to a wide character they count as wide.
    (is_wide(a) && (is_wide(b) || is_cjk_ambiguous(b))) || (is_cjk_ambiguous(a) && is_wide(b))
}

/// The last visible character before `at`, looking through inline markup.
fn char_before(events: &[Spanned<'_>], at: usize) -> Option<char> {
    for (event, _) in events.get(..at)?.iter().rev() {
        match event {
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = t.chars().next_back() {
                    return Some(c);
                }
            }
            e if is_see_through(e) => {}
            _ => return None,
        }
    }
    None
}

/// The first visible character after `at`, looking through inline markup.
fn char_after(events: &[Spanned<'_>], at: usize) -> Option<char> {
    for (event, _) in events.get(at + 1..)? {
        match event {
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = t.chars().next() {
                    return Some(c);
                }
            }
            e if is_see_through(e) => {}
            _ => return None,
        }
    }
    None
}

/// Inline markup that adds no visible character of its own at its boundary.
fn is_see_through(event: &Event<'_>) -> bool {
    let end = match event {
        Event::Start(tag) => tag.to_end(),
        Event::End(end) => *end,
        // Renders as a superscript number glued to the text before it.
        Event::FootnoteReference(_) => return true,
        _ => return false,
    };
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

/// East-Asian wide characters of the scripts written without spaces.
/// Hangul is deliberately absent: Korean separates words with spaces.
fn is_wide(c: char) -> bool {
    matches!(
        u32::from(c),
        0x2E80..=0x2FDF // CJK radicals, Kangxi radicals
            | 0x2FF0..=0x303F // ideographic description, CJK symbols and punctuation
            | 0x3040..=0x30FF // hiragana, katakana
            | 0x3100..=0x312F // bopomofo (0x3130..=0x318F is Hangul jamo)
            | 0x3190..=0x31FF // kanbun, bopomofo ext., CJK strokes, katakana ext.
            | 0x3200..=0x4DBF // enclosed CJK, CJK compatibility, extension A
            | 0x4E00..=0x9FFF // CJK unified ideographs
            | 0xF900..=0xFAFF // CJK compatibility ideographs
            | 0xFE10..=0xFE1F // vertical forms
            | 0xFE30..=0xFE6F // CJK compatibility forms, small form variants
            | 0xFF00..=0xFF9F // fullwidth forms, halfwidth katakana (0xFFA0.. is Hangul)
            | 0xFFE0..=0xFFEF // fullwidth signs
            | 0x1AFF0..=0x1B16F // kana supplement and extensions
            | 0x20000..=0x3FFFF // ideograph extensions B–I, compatibility supplement
    )
}

/// Punctuation Chinese text borrows from the general block: “ ” ‘ ’ — … ·
fn is_cjk_ambiguous(c: char) -> bool {
    matches!(
        c,
        '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{2014}' | '\u{2026}' | '\u{00B7}'
    )
}

// ---------------------------------------------------------------------------
// Headings

/// Gives every heading its final id (explicit `{#id}` or generated, made
/// unique) and lists the headings in document order.
fn assign_heading_ids(events: &mut [Spanned<'_>]) -> Vec<Heading> {
    // Explicit ids are reserved up front so a generated id never takes one,
    // even when the explicit heading comes later in the document.
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut headings = Vec::new();
    for i in 0..events.len() {
        let (level, explicit) = match events.get(i) {
            Some((Event::Start(Tag::Heading { level, id, .. }), _)) => (*level as u8, id.clone()),
            _ => continue,
        };
        let end = matching_end(events, i);
        let text = inline_text(events.get(i + 1..end).unwrap_or_default());
        let text = text.trim().to_owned();
        let id = match explicit {
            Some(id) => id.to_string(),
            None => unique_id(heading_id(&text), &mut used),
        };
        if let Some((Event::Start(Tag::Heading { id: slot, .. }), _)) = events.get_mut(i) {
            *slot = Some(CowStr::from(id.clone()));
        }
        headings.push(Heading { level, id, text });
    }
    headings
}

/// GitHub's scheme: the first `x` stays `x`, later ones become `x-1`, `x-2`, …
fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    let mut n = 1usize;
    loop {
        let candidate = format!("{base}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
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

// ---------------------------------------------------------------------------
// `@/` internal links

fn rewrite_internal_links(
    events: &mut [Spanned<'_>],
    source: &str,
    defs: &RefDefs<'_>,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Vec<InternalLink> {
    let mut links = Vec::new();
    for i in 0..events.len() {
        let (is_image, link_type, dest, title, ref_id) = match events.get(i) {
            Some((
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
                _,
            )) => (false, *link_type, dest_url, title, id),
            Some((
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
                _,
            )) => (true, *link_type, dest_url, title, id),
            _ => continue,
        };
        let Some(rest) = dest.strip_prefix("@/") else {
            continue;
        };
        let (path, anchor) = match rest.split_once('#') {
            Some((path, anchor)) if !anchor.is_empty() => (path, Some(anchor)),
            Some((path, _)) => (path, None),
            None => (rest, None),
        };
        let url = resolve(path);
        let span = destination_span(events, i, source, defs, link_type, dest, ref_id);
        let href = match (&url, anchor) {
            (Some(url), Some(anchor)) => format!("{url}#{anchor}"),
            (Some(url), None) => url.clone(),
            (None, _) => dest.to_string(),
        };
        links.push(InternalLink {
            path: path.to_owned(),
            anchor: anchor.map(percent_decode),
            span,
            resolved: url.is_some(),
        });
        let replacement = if is_image {
            // Images keep pulldown's own tag (it gathers the alt text); only the
            // source changes.
            url.map(|_| {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(href),
                    title: title.clone(),
                    id: ref_id.clone(),
                })
            })
        } else {
            // Our own `<a>` so the anchor stays as written instead of being
            // percent-encoded by pulldown's href escaping; its `End(Link)` still
            // writes the matching `</a>`.
            Some(Event::InlineHtml(CowStr::from(link_open_tag(&href, title))))
        };
        if let (Some(replacement), Some((slot, _))) = (replacement, events.get_mut(i)) {
            *slot = replacement;
        }
    }
    links
}

fn link_open_tag(href: &str, title: &str) -> String {
    let mut tag = format!("<a href=\"{}\"", super::escape_html(href));
    if !title.is_empty() {
        tag.push_str(&format!(" title=\"{}\"", super::escape_html(title)));
    }
    tag.push('>');
    tag
}

/// Byte range of the destination as written. The event's range covers the
/// whole `[text](dest)`, so the destination is searched after the link text
/// (or inside the `[ref]: dest` definition); the whole link is the fallback.
fn destination_span(
    events: &[Spanned<'_>],
    at: usize,
    source: &str,
    defs: &RefDefs<'_>,
    link_type: LinkType,
    dest: &str,
    ref_id: &str,
) -> Range<usize> {
    let whole = events.get(at).map(|(_, r)| r.clone()).unwrap_or_default();
    let region = match link_type {
        LinkType::Reference
        | LinkType::ReferenceUnknown
        | LinkType::Collapsed
        | LinkType::CollapsedUnknown
        | LinkType::Shortcut
        | LinkType::ShortcutUnknown => defs.get(ref_id).and_then(|def| {
            // Skip the `[label]:` so a label spelled like the destination can't match.
            let text = source.get(def.span.clone())?;
            let colon = text.find("]:")? + 2;
            Some(def.span.start + colon..def.span.end)
        }),
        _ => {
            let end = matching_end(events, at);
            let text_end = match end.checked_sub(1) {
                Some(last) if last > at => events.get(last).map_or(whole.start, |(_, r)| r.end),
                _ => whole.start,
            };
            Some(text_end.max(whole.start)..whole.end)
        }
    };
    region
        .and_then(|region| find_destination(source, region, dest))
        .unwrap_or(whole)
}

fn find_destination(source: &str, region: Range<usize>, dest: &str) -> Option<Range<usize>> {
    let hay = source.get(region.clone())?;
    if let Some(offset) = hay.find(dest) {
        let start = region.start + offset;
        return Some(start..start + dest.len());
    }
    // Escapes or entities make the written form differ from `dest`: take the
    // written `@/…` up to where a destination ends.
    let offset = hay.find("@/")?;
    let len = hay
        .get(offset..)?
        .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
        .unwrap_or(hay.len() - offset);
    let start = region.start + offset;
    Some(start..start + len)
}

/// Decodes `%XX` escapes; malformed escapes stay as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = |j: usize| {
                bytes
                    .get(j)
                    .and_then(|h| char::from(*h).to_digit(16))
                    .and_then(|d| u8::try_from(d).ok())
            };
            if let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2)) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

// ---------------------------------------------------------------------------
// Footnotes

/// Footnotes numbered in order of first reference, with prefixed ids.
struct Footnotes {
    prefix: String,
    by_key: HashMap<String, usize>,
    notes: Vec<Note>,
}

struct Note {
    /// Spelling used in ids (the first one met; labels match case-insensitively).
    label: String,
    key: String,
    references: usize,
}

impl Footnotes {
    /// Number of the note with this label, registering it if new.
    fn number(&mut self, label: &str) -> usize {
        let key = label.to_lowercase();
        if let Some(&n) = self.by_key.get(&key) {
            return n;
        }
        self.notes.push(Note {
            label: label.to_owned(),
            key: key.clone(),
            references: 0,
        });
        let n = self.notes.len();
        self.by_key.insert(key, n);
        n
    }

    fn reference_html(&mut self, label: &str) -> String {
        let n = self.number(label);
        let Some(note) = self.notes.get_mut(n - 1) else {
            return String::new();
        };
        note.references += 1;
        let label = super::escape_html(&note.label);
        let prefix = super::escape_html(&self.prefix);
        // Later references to the same note need their own id for the backlink.
        let suffix = match note.references {
            1 => String::new(),
            k => format!("-{k}"),
        };
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#{prefix}fn-{label}\" \
             id=\"{prefix}fnref-{label}{suffix}\">{n}</a></sup>"
        )
    }

    fn backlinks_html(&self, note: &Note) -> String {
        let label = super::escape_html(&note.label);
        let prefix = super::escape_html(&self.prefix);
        let mut html = String::new();
        for k in 1..=note.references {
            let (suffix, mark) = match k {
                1 => (String::new(), String::new()),
                k => (format!("-{k}"), format!("<sup>{k}</sup>")),
            };
            html.push_str(&format!(
                " <a href=\"#{prefix}fnref-{label}{suffix}\" class=\"footnote-backref\" \
                 aria-label=\"返回正文\">↩{mark}</a>"
            ));
        }
        html
    }
}

/// Replaces pulldown's footnote markup (bare label ids, definitions where they
/// were written) with prefixed ids and a numbered list at the end of the body.
fn place_footnotes<'a>(events: impl Iterator<Item = Event<'a>>, prefix: &str) -> Vec<Event<'a>> {
    let mut body = Vec::new();
    let mut definitions: HashMap<String, Vec<Event<'a>>> = HashMap::new();
    let mut definition_order: Vec<String> = Vec::new();
    // A stack, so a definition nested in another is pulled out too.
    let mut open: Vec<(String, Vec<Event<'a>>)> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => open.push((label.to_string(), vec![])),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, content)) = open.pop() {
                    let key = label.to_lowercase();
                    // The first definition of a label wins, as in pulldown-cmark.
                    if let Entry::Vacant(slot) = definitions.entry(key) {
                        definition_order.push(label);
                        slot.insert(content);
                    }
                }
            }
            other => match open.last_mut() {
                Some((_, content)) => content.push(other),
                None => body.push(other),
            },
        }
    }
    if definitions.is_empty()
        && !body
            .iter()
            .any(|e| matches!(e, Event::FootnoteReference(_)))
    {
        return body;
    }

    let mut notes = Footnotes {
        prefix: prefix.to_owned(),
        by_key: HashMap::new(),
        notes: Vec::new(),
    };
    let mut body = link_references(body, &mut notes, &definitions);

    // Definitions may reference further notes, which get the next numbers, so
    // walk the growing list; unreferenced definitions are still shown, last.
    let mut rendered: Vec<Vec<Event<'a>>> = Vec::new();
    let mut unreferenced = definition_order.into_iter();
    loop {
        if let Some(note) = notes.notes.get(rendered.len()) {
            let content = definitions.remove(&note.key).unwrap_or_default();
            rendered.push(link_references(content, &mut notes, &definitions));
            continue;
        }
        match unreferenced.next() {
            Some(label) if definitions.contains_key(&label.to_lowercase()) => {
                notes.number(&label);
            }
            Some(_) => {}
            None => break,
        }
    }
    if rendered.is_empty() {
        return body;
    }

    body.push(Event::Html(CowStr::from(
        "<section class=\"footnotes\">\n<ol>\n",
    )));
    for (note, mut content) in notes.notes.iter().zip(rendered) {
        body.push(Event::Html(CowStr::from(format!(
            "<li id=\"{}fn-{}\">\n",
            super::escape_html(prefix),
            super::escape_html(&note.label)
        ))));
        let backlinks = Event::InlineHtml(CowStr::from(notes.backlinks_html(note)));
        // Inside the last paragraph, as GitHub does, so "↩" doesn't sit on a line of its own.
        match content.last() {
            Some(Event::End(TagEnd::Paragraph)) => {
                let last = content.len() - 1;
                content.insert(last, backlinks);
            }
            _ => content.push(backlinks),
        }
        body.extend(content);
        body.push(Event::Html(CowStr::from("</li>\n")));
    }
    body.push(Event::Html(CowStr::from("</ol>\n</section>\n")));
    body
}

fn link_references<'a>(
    events: Vec<Event<'a>>,
    notes: &mut Footnotes,
    definitions: &HashMap<String, Vec<Event<'a>>>,
) -> Vec<Event<'a>> {
    events
        .into_iter()
        .map(|event| match event {
            Event::FootnoteReference(label) => {
                // A definition already moved to the list is still defined.
                let key = label.to_lowercase();
                if definitions.contains_key(&key) || notes.by_key.contains_key(&key) {
                    Event::InlineHtml(CowStr::from(notes.reference_html(&label)))
                } else {
                    Event::Text(CowStr::from(format!("[^{label}]")))
                }
            }
            other => other,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Plain text

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn no_pages(_: &str) -> Option<String> {
        None
    }

    fn render(source: &str) -> RenderedMarkdown {
        render_markdown(source, &no_pages, "")
    }

    fn site(path: &str) -> Option<String> {
        match path {
            "bases/x.md" => Some("/bases/x/".to_owned()),
            "bases/x/index.md" => Some("/bases/x/".to_owned()),
            "img/a.png" => Some("/img/a.png".to_owned()),
            _ => None,
        }
    }

    #[test]
    fn chinese_lines_join_without_newline() {
        let out = render("第一行中文\n第二行中文");
        assert_eq!(out.html, "<p>第一行中文第二行中文</p>\n");
        assert_eq!(out.text, "第一行中文第二行中文");
    }

    #[test]
    fn chinese_punctuation_and_emphasis_join() {
        assert_eq!(render("你好，\n世界").html, "<p>你好，世界</p>\n");
        assert_eq!(
            render("**重点**\n继续").html,
            "<p><strong>重点</strong>继续</p>\n"
        );
        assert_eq!(render("他说“好”\n然后").html, "<p>他说“好”然后</p>\n");
        assert_eq!(render("かな\nカナ").html, "<p>かなカナ</p>\n");
    }

    #[test]
    fn latin_lines_keep_break() {
        assert_eq!(render("hello\nworld").html, "<p>hello\nworld</p>\n");
    }

    #[test]
    fn mixed_and_korean_lines_keep_break() {
        assert_eq!(render("中文\nEnglish").html, "<p>中文\nEnglish</p>\n");
        assert_eq!(render("English\n中文").html, "<p>English\n中文</p>\n");
        assert_eq!(render("한국어\n문장").html, "<p>한국어\n문장</p>\n");
        assert_eq!(render("中文\nEnglish").text, "中文 English");
    }

    #[test]
    fn heading_id_rules() {
        assert_eq!(heading_id("恐龙 化石"), "恐龙-化石");
        assert_eq!(heading_id("Hello, World!"), "hello-world");
        assert_eq!(heading_id("《三峡》与（工程）"), "三峡与工程");
        assert_eq!(heading_id("  A  -  B  "), "a-b");
        assert_eq!(heading_id("第1章：起源、演化。"), "第1章起源演化");
        assert_eq!(heading_id("snake_case"), "snake_case");
        assert_eq!(heading_id("！？"), "section");
        assert_eq!(heading_id(""), "section");
    }

    #[test]
    fn headings_get_ids_in_html() {
        let out = render("## 恐龙 化石\n\n## Hello, World!\n\n### 《三峡》与（工程）");
        assert!(out.html.contains("<h2 id=\"恐龙-化石\">恐龙 化石</h2>"));
        assert!(
            out.html
                .contains("<h2 id=\"hello-world\">Hello, World!</h2>")
        );
        assert!(out.html.contains("<h3 id=\"三峡与工程\">"));
        assert_eq!(
            out.headings,
            vec![
                Heading {
                    level: 2,
                    id: "恐龙-化石".into(),
                    text: "恐龙 化石".into()
                },
                Heading {
                    level: 2,
                    id: "hello-world".into(),
                    text: "Hello, World!".into()
                },
                Heading {
                    level: 3,
                    id: "三峡与工程".into(),
                    text: "《三峡》与（工程）".into()
                },
            ]
        );
    }

    #[test]
    fn duplicate_headings_get_suffixes() {
        let out = render("## 简介\n\n## 简介\n\n# 简介\n\n## Intro\n\n## Other {#intro}");
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["简介", "简介-1", "简介-2", "intro-1", "intro"]);
        assert!(out.html.contains("<h1 id=\"简介-2\">"));
    }

    #[test]
    fn custom_heading_id_is_honoured_and_escaped() {
        let out = render("## 标题 {#custom}\n\n## 二 {#a&b}");
        assert!(out.html.contains("<h2 id=\"custom\">标题</h2>"));
        assert!(out.html.contains("<h2 id=\"a&amp;b\">"));
        assert_eq!(out.headings[0].text, "标题");
        assert_eq!(out.headings[1].id, "a&b");
    }

    #[test]
    fn footnotes_are_prefixed_and_linked_both_ways() {
        let source = "正文[^b]与[^a]，再次[^b]。\n\n[^a]: 注释甲。\n[^b]: 注释乙。\n";
        let out = render_markdown(source, &no_pages, "p1-");
        let html = &out.html;
        // Numbered by first reference: b is 1, a is 2.
        assert!(html.contains("<a href=\"#p1-fn-b\" id=\"p1-fnref-b\">1</a>"));
        assert!(html.contains("<a href=\"#p1-fn-a\" id=\"p1-fnref-a\">2</a>"));
        assert!(html.contains("<a href=\"#p1-fn-b\" id=\"p1-fnref-b-2\">1</a>"));
        assert!(html.contains("<li id=\"p1-fn-b\">"));
        assert!(html.contains("<li id=\"p1-fn-a\">"));
        assert!(html.contains("href=\"#p1-fnref-b\""));
        assert!(html.contains("href=\"#p1-fnref-b-2\""));
        assert!(html.contains("href=\"#p1-fnref-a\""));
        let b = html.find("<li id=\"p1-fn-b\">").unwrap_or(usize::MAX);
        let a = html.find("<li id=\"p1-fn-a\">").unwrap_or(0);
        assert!(b < a, "list follows reference order: {html}");
        // pulldown's bare ids must be gone.
        assert!(!html.contains("id=\"a\"") && !html.contains("href=\"#a\""));
        assert!(!html.contains("footnote-definition"));
    }

    #[test]
    fn undefined_footnote_stays_text() {
        let out = render("见[^nope]。");
        assert!(!out.html.contains("<sup"), "{}", out.html);
        assert!(out.html.contains("[^nope]"));
    }

    #[test]
    fn internal_link_resolved_without_anchor() {
        let source = "参观[科学馆](@/bases/x.md)。";
        let out = render_markdown(source, &site, "");
        assert!(
            out.html.contains("<a href=\"/bases/x/\">科学馆</a>"),
            "{}",
            out.html
        );
        let link = &out.internal_links[0];
        assert_eq!(link.path, "bases/x.md");
        assert_eq!(link.anchor, None);
        assert!(link.resolved);
        assert_eq!(&source[link.span.clone()], "@/bases/x.md");
    }

    #[test]
    fn internal_link_resolved_with_anchor() {
        let source = "[历史](@/bases/x/index.md#历史) [编码](@/bases/x.md#%E5%8E%86%E5%8F%B2)";
        let out = render_markdown(source, &site, "");
        assert!(
            out.html.contains("<a href=\"/bases/x/#历史\">历史</a>"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<a href=\"/bases/x/#%E5%8E%86%E5%8F%B2\">")
        );
        let links = &out.internal_links;
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].path, "bases/x/index.md");
        assert_eq!(links[0].anchor.as_deref(), Some("历史"));
        assert_eq!(links[1].anchor.as_deref(), Some("历史"));
        assert_eq!(&source[links[0].span.clone()], "@/bases/x/index.md#历史");
        assert!(links.iter().all(|l| l.resolved));
    }

    #[test]
    fn unresolved_internal_link_is_recorded_with_span() {
        let source = "前文\n\n见[这里](@/nope.md \"@/nope.md\")和[@/nope.md](@/nope.md)。";
        let out = render_markdown(source, &site, "");
        assert_eq!(out.internal_links.len(), 2);
        for link in &out.internal_links {
            assert!(!link.resolved);
            assert_eq!(link.path, "nope.md");
            assert_eq!(&source[link.span.clone()], "@/nope.md");
        }
        // The destination, not the title or the link text, is what the span marks.
        let first = out.internal_links[0].span.start;
        assert_eq!(&source[first - 1..first], "(");
        let second = out.internal_links[1].span.start;
        assert_eq!(&source[second - 2..second], "](");
        assert!(
            out.html
                .contains("<a href=\"@/nope.md\" title=\"@/nope.md\">这里</a>")
        );
    }

    #[test]
    fn reference_links_and_images_resolve() {
        let source = "[馆][ref]和![图](@/img/a.png)\n\n[ref]: @/bases/x.md#历史\n";
        let out = render_markdown(source, &site, "");
        assert!(
            out.html.contains("<a href=\"/bases/x/#历史\">馆</a>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<img src=\"/img/a.png\" alt=\"图\" />"));
        let links = &out.internal_links;
        assert_eq!(links.len(), 2);
        assert_eq!(&source[links[0].span.clone()], "@/bases/x.md#历史");
        assert_eq!(&source[links[1].span.clone()], "@/img/a.png");
    }

    #[test]
    fn table_renders() {
        let out = render("| 名称 | 地点 |\n| --- | --- |\n| 科技馆 | 重庆 |\n");
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("<td>科技馆</td>"));
        assert_eq!(out.text, "名称 地点\n科技馆 重庆");
    }

    #[test]
    fn strikethrough_renders() {
        assert!(render("~~删除~~").html.contains("<del>删除</del>"));
    }

    #[test]
    fn smart_punctuation() {
        let html = render("\"quoted\" and it's -- done...").html;
        assert!(html.contains("“quoted”"), "{html}");
        assert!(html.contains("it’s"));
        assert!(html.contains("–"));
        assert!(html.contains("…"));
    }

    #[test]
    fn raw_html_passes_through() {
        let html = render("<div class=\"note\">提示</div>\n\n文字<span>内联</span>").html;
        assert!(html.contains("<div class=\"note\">提示</div>"));
        assert!(html.contains("<span>内联</span>"));
    }

    #[test]
    fn plain_text_has_no_tags() {
        let source = "# 标题\n\n第一段**加粗**，[链接](@/bases/x.md)。\n接着[^1]\n\n\
                      <div>原始</div>\n\n- 列表项\n- ![图](a.png)第二项\n\n[^1]: 脚注。";
        let out = render_markdown(source, &site, "p-");
        assert!(
            !out.text.contains('<') && !out.text.contains('>'),
            "{}",
            out.text
        );
        assert_eq!(
            out.text,
            "标题\n第一段加粗，链接。接着\n列表项\n第二项\n脚注。"
        );
    }

    #[test]
    fn percent_decode_keeps_malformed_escapes() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%E5"), "%zz\u{FFFD}");
    }

    fn markdownish() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "中文",
            "English",
            "\n",
            "\n\n",
            " ",
            "#",
            "## ",
            "**",
            "*",
            "~~",
            "`",
            "[",
            "]",
            "(",
            ")",
            "@/",
            "a.md",
            "#锚",
            "[^1]",
            "[^1]: ",
            "{#id}",
            "|",
            "---",
            "> ",
            "- ",
            "<b>",
            "\"",
            "'",
            "\\",
            "&amp;",
            "、",
            "《",
            "\t",
            "1. ",
            "[r]: @/x.md",
            "!",
        ]);
        prop::collection::vec(pieces, 0..48).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn render_never_panics(source in any::<String>()) {
            let out = render_markdown(&source, &site, "p-");
            for link in &out.internal_links {
                prop_assert!(source.get(link.span.clone()).is_some());
            }
        }

        #[test]
        fn render_never_panics_on_markdownish(source in markdownish()) {
            let out = render_markdown(&source, &|p: &str| Some(format!("/{p}/")), "p-");
            for link in &out.internal_links {
                prop_assert!(source.get(link.span.clone()).is_some());
            }
            let mut ids = HashSet::new();
            for h in out.headings.iter().filter(|h| !h.id.contains("id")) {
                prop_assert!(ids.insert(h.id.clone()), "duplicate id {}", h.id);
            }
        }

        #[test]
        fn heading_id_is_clean_and_idempotent(text in any::<String>()) {
            let id = heading_id(&text);
            prop_assert!(!id.is_empty());
            prop_assert!(!id.chars().any(char::is_whitespace));
            prop_assert!(!id.chars().any(|c| c.is_ascii_punctuation() && c != '-' && c != '_'));
            prop_assert!(!id.chars().any(|c| c.is_ascii_uppercase()));
            prop_assert_eq!(heading_id(&id), id);
        }
    }
}
