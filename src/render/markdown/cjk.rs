//! Soft breaks inside Chinese text: a newline between two wide characters is dropped, or
//! browsers would show it as a stray space (pandoc's `east_asian_line_breaks`).

use pulldown_cmark::{Event, TagEnd};

use super::Spanned;

/// Removes soft breaks that sit between two East-Asian wide characters, so
/// browsers don't render them as spaces inside Chinese/Japanese text
/// (pandoc's `east_asian_line_breaks`).
pub(super) fn drop_cjk_soft_breaks(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
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
