//! `@/` internal links: resolved to page URLs, and located in the source (for `file:line:col`
//! diagnostics) even when written as reference links.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, RefDefs, Tag};

use super::{InternalLink, Spanned, matching_end};

pub(super) fn rewrite_internal_links(
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
    let mut tag = format!("<a href=\"{}\"", crate::render::escape_html(href));
    if !title.is_empty() {
        tag.push_str(&format!(" title=\"{}\"", crate::render::escape_html(title)));
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
pub(super) fn percent_decode(s: &str) -> String {
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
