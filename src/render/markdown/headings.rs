//! Heading ids: every heading gets [`super::heading_id`] of its text, or its `{#id}`, made
//! unique within the page, so templates and the anchor check agree with the rendered page.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag};

use super::{Heading, Spanned, heading_id, inline_text, matching_end};

/// Gives every heading its final id (explicit `{#id}` or generated, made
/// unique) and lists the headings in document order.
pub(super) fn assign_heading_ids(events: &mut [Spanned<'_>]) -> Vec<Heading> {
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
