//! Footnotes: ids prefixed so two pages shown together never collide, and the notes gathered
//! at the end of the body.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

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
        let label = crate::render::escape_html(&note.label);
        let prefix = crate::render::escape_html(&self.prefix);
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
        let label = crate::render::escape_html(&note.label);
        let prefix = crate::render::escape_html(&self.prefix);
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
pub(super) fn place_footnotes<'a>(
    events: impl Iterator<Item = Event<'a>>,
    prefix: &str,
) -> Vec<Event<'a>> {
    let (body, mut definitions) = take_definitions(events);
    if definitions.by_key.is_empty()
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
    let mut body = link_references(body, &mut notes, &definitions.by_key);
    let rendered = number_notes(&mut notes, &mut definitions);
    if rendered.is_empty() {
        return body;
    }
    append_notes(&mut body, &notes, rendered);
    body
}

/// Footnote definitions taken out of the body, by lower-cased label, with their labels in the
/// order they were written.
struct Definitions<'a> {
    by_key: HashMap<String, Vec<Event<'a>>>,
    order: Vec<String>,
}

/// Splits the body from its footnote definitions.
fn take_definitions<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> (Vec<Event<'a>>, Definitions<'a>) {
    let mut body = Vec::new();
    let mut definitions = Definitions {
        by_key: HashMap::new(),
        order: Vec::new(),
    };
    // A stack, so a definition nested in another is pulled out too.
    let mut open: Vec<(String, Vec<Event<'a>>)> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => open.push((label.to_string(), vec![])),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, content)) = open.pop() {
                    let key = label.to_lowercase();
                    // The first definition of a label wins, as in pulldown-cmark.
                    if let Entry::Vacant(slot) = definitions.by_key.entry(key) {
                        definitions.order.push(label);
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
    (body, definitions)
}

/// Each note's content with its references linked, in the order of `notes`. Definitions may
/// reference further notes, which get the next numbers, so this walks the growing list;
/// unreferenced definitions are still shown, last.
fn number_notes<'a>(
    notes: &mut Footnotes,
    definitions: &mut Definitions<'a>,
) -> Vec<Vec<Event<'a>>> {
    let mut rendered: Vec<Vec<Event<'a>>> = Vec::new();
    let mut unreferenced = std::mem::take(&mut definitions.order).into_iter();
    loop {
        if let Some(note) = notes.notes.get(rendered.len()) {
            let content = definitions.by_key.remove(&note.key).unwrap_or_default();
            rendered.push(link_references(content, notes, &definitions.by_key));
            continue;
        }
        match unreferenced.next() {
            Some(label) if definitions.by_key.contains_key(&label.to_lowercase()) => {
                notes.number(&label);
            }
            Some(_) => {}
            None => break,
        }
    }
    rendered
}

/// The numbered list of notes at the end of the body, each with its links back.
fn append_notes<'a>(body: &mut Vec<Event<'a>>, notes: &Footnotes, rendered: Vec<Vec<Event<'a>>>) {
    body.push(Event::Html(CowStr::from(
        "<section class=\"footnotes\">\n<ol>\n",
    )));
    for (note, mut content) in notes.notes.iter().zip(rendered) {
        body.push(Event::Html(CowStr::from(format!(
            "<li id=\"{}fn-{}\">\n",
            crate::render::escape_html(&notes.prefix),
            crate::render::escape_html(&note.label)
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
