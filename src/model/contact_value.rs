//! Phone numbers and email addresses as editors write them (`023-6xxxxxxx、023-6yyyyyyy`,
//! `+86 23 …`, `office@example.org`), read into pieces: the text exactly as written, and for each
//! number or address that can be used, the `tel:` / `mailto:` target. Both the check (W009,
//! W010: a value no phone could dial, or not an address) and the pages (links) read a value
//! through here, so a value that gets a link is exactly one that draws no warning.
//!
//! Lives in the model, not in validate or render, because it is what the value *is*: validate
//! and render are its two readers.

use crate::load::placeholder;

/// One piece of a written value: text as the editor wrote it, and where it leads when it is a
/// number that can be dialled or an address that can be written to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    /// `tel:+862361234567` or `mailto:a@b.org`; None for separators, labels and bad parts.
    pub href: Option<String>,
}

/// A value read into pieces, and the parts of it that can't be used (for the warning).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reading {
    /// The whole value, in order: concatenating the texts gives back the value.
    pub pieces: Vec<Piece>,
    /// Parts that are neither a separator nor usable, as written.
    pub bad: Vec<String>,
    /// The value is a `（请改成…）` placeholder: never linked, never warned about (N012 says it).
    pub placeholder: bool,
}

/// Signs that separate several numbers or addresses in one value: `、` `/` `，` `；` and
/// their ASCII or full-width forms, and `或`.
const SEPARATORS: &[char] = &['、', '/', '／', ',', '，', ';', '；', '或'];

/// Reads a phone value: each part between separators is a number (with an optional label
/// before it and an optional note or extension after it) or a bad part.
pub fn read_phones(value: &str) -> Reading {
    read(value, |part| dial_target(part).map(|t| format!("tel:{t}")))
}

/// Reads an email value: each part between separators is one address or a bad part.
pub fn read_emails(value: &str) -> Reading {
    read(value, |part| {
        is_email(part).then(|| format!("mailto:{part}"))
    })
}

/// Splits `value` at separators and reads each trimmed part with `target`.
fn read(value: &str, target: impl Fn(&str) -> Option<String>) -> Reading {
    if value.contains(placeholder::OPENING) {
        return Reading {
            pieces: vec![Piece {
                text: value.to_string(),
                href: None,
            }],
            bad: Vec::new(),
            placeholder: true,
        };
    }
    let mut reading = Reading::default();
    let mut rest = value;
    while !rest.is_empty() {
        let end = rest.find(SEPARATORS).unwrap_or(rest.len());
        let (part, after) = rest.split_at(end);
        push_part(&mut reading, part, &target);
        // The separator itself (one char), kept as written.
        if let Some(sep) = after.chars().next() {
            push_plain(&mut reading, &after[..sep.len_utf8()]);
            rest = &after[sep.len_utf8()..];
        } else {
            rest = after;
        }
    }
    reading
}

/// A part between separators: its surrounding spaces stay plain text, the rest is linked when
/// `target` reads it, else reported as bad.
fn push_part(reading: &mut Reading, part: &str, target: &impl Fn(&str) -> Option<String>) {
    let trimmed = part.trim();
    if trimmed.is_empty() {
        push_plain(reading, part);
        return;
    }
    let lead = part.len() - part.trim_start().len();
    push_plain(reading, &part[..lead]);
    match target(trimmed) {
        Some(href) => reading.pieces.push(Piece {
            text: trimmed.to_string(),
            href: Some(href),
        }),
        None => {
            reading.bad.push(trimmed.to_string());
            push_plain(reading, trimmed);
        }
    }
    push_plain(reading, &part[lead + trimmed.len()..]);
}

/// Plain text, merged into the previous plain piece.
fn push_plain(reading: &mut Reading, text: &str) {
    if text.is_empty() {
        return;
    }
    match reading.pieces.last_mut() {
        Some(last) if last.href.is_none() => last.text.push_str(text),
        _ => reading.pieces.push(Piece {
            text: text.to_string(),
            href: None,
        }),
    }
}

/// A digit, ASCII or full-width (full-width digits are E064's finding; the number still dials).
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
        _ => None,
    }
}

/// Signs inside a number that are only for reading it: hyphens and dashes, spaces, dots,
/// brackets around an area code.
fn grouping(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '–' | '—' | '－' | ' ' | '\u{3000}' | '.' | '(' | ')' | '（' | '）'
    )
}

/// What a dialled part calls: `+` and digits (`+862361234567`, `02361234567`, `12301`), or
/// None when the part holds no number a phone could dial.
///
/// A part is an optional label without digits (`总机：`), one number (digits with grouping
/// signs, `+` only first), and an optional tail: a note without digits (`（团队）`) or an
/// extension (`转 8001`, `分机 12`, `ext. 12`), which is dialled after connecting and so stays
/// out of the target.
pub fn dial_target(part: &str) -> Option<String> {
    let start = part.find(|c: char| digit(c).is_some() || c == '+' || c == '＋')?;
    let (label, number_and_tail) = part.split_at(start);
    // A label ends before the number; letters or digits glued to it make a different word.
    if label
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    let mut target = String::new();
    let mut end = number_and_tail.len();
    for (i, c) in number_and_tail.char_indices() {
        if let Some(d) = digit(c) {
            target.push(d);
        } else if (c == '+' || c == '＋') && i == 0 {
            target.push('+');
        } else if !grouping(c) {
            end = i;
            break;
        }
    }
    // Trailing brackets or spaces belong to the tail (`023-6xxxxxxx（团队）`).
    let number = number_and_tail[..end].trim_end_matches(|c: char| digit(c).is_none());
    let tail = &number_and_tail[number.len()..];
    if !tail_is_fine(tail) || !dialable(&target) {
        return None;
    }
    Some(target)
}

/// After a number: nothing, a note without digits, or an extension.
fn tail_is_fine(tail: &str) -> bool {
    // `x` right after the digits is a number still to be filled in (`138xxxxxxxx`).
    if tail.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return false;
    }
    let t = tail.trim_start_matches(grouping).trim_start();
    for mark in ["转", "分机", "ext.", "ext", "Ext.", "Ext", "EXT"] {
        if let Some(ext) = t.strip_prefix(mark) {
            let ext = ext.trim_start_matches([' ', '：', ':', '.']);
            let digits = ext.chars().take_while(|c| digit(*c).is_some()).count();
            let after: String = ext.chars().skip(digits).collect();
            return digits > 0
                && !after
                    .chars()
                    .any(|c| digit(c).is_some() || c.is_ascii_alphanumeric());
        }
    }
    !tail.chars().any(|c| digit(c).is_some())
}

/// Whether `target` (`+` and digits) has a length some phone can dial: with `+`, an
/// international number of 8–15 digits (E.164); without, a short service number (3–5 digits:
/// `110`, `12301`, `95598`), a local number (7–8), or a number with its trunk prefix or a
/// mobile number (10–12; a mainland mobile starting with `1` has exactly 11).
fn dialable(target: &str) -> bool {
    if let Some(digits) = target.strip_prefix('+') {
        return (8..=15).contains(&digits.len()) && !digits.starts_with('0');
    }
    let n = target.len();
    match target.as_bytes().first() {
        None => false,
        Some(b'1') if n > 5 => n == 11,
        Some(b'0') => (10..=12).contains(&n),
        Some(_) => (3..=5).contains(&n) || (7..=8).contains(&n) || (10..=12).contains(&n),
    }
}

/// An address `local@domain.tld`: one `@`, a local part of letters, digits and `. _ + -`
/// (not starting or ending with a dot), a domain of two or more labels of letters, digits and
/// `-`, the last at least two letters long.
pub fn is_email(part: &str) -> bool {
    let Some((local, domain)) = part.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(r: &Reading) -> Vec<&str> {
        r.pieces.iter().filter_map(|p| p.href.as_deref()).collect()
    }

    fn text(r: &Reading) -> String {
        r.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn numbers_dial_as_digits_and_a_leading_plus() {
        for (written, target) in [
            ("023-61234567", "02361234567"),
            ("(023) 6123 4567", "02361234567"),
            ("（023）61234567", "02361234567"),
            ("+86 23 6123 4567", "+862361234567"),
            ("＋86-138-0000-0000", "+8613800000000"),
            ("13800000000", "13800000000"),
            ("138 0000 0000", "13800000000"),
            ("400-123-4567", "4001234567"),
            ("12301", "12301"),
            ("110", "110"),
            ("61234567", "61234567"),
            ("０２３－６１２３４５６７", "02361234567"),
            ("总机：023-61234567", "02361234567"),
            ("023-61234567（团队预约）", "02361234567"),
            ("023-61234567 转 8001", "02361234567"),
            ("023-61234567 ext. 12", "02361234567"),
        ] {
            assert_eq!(dial_target(written).as_deref(), Some(target), "{written}");
        }
    }

    #[test]
    fn what_no_phone_can_dial_has_no_target() {
        for written in [
            "示例：请填写手机号",
            "138xxxxxxxx",
            "023-6xxxxxxx",
            "1380000000", // a mobile one digit short
            "0236123",    // trunk prefix, too short
            "12",         // too short
            "123456",     // neither short nor local
            "+0086 23 6123 4567",
            "+86 23",
            "1234567890123456",
            "023-61234567 转",
            "023-61234567 和 023-7654321", // two numbers need a separator
            "tel 023",
            "A023-61234567",
        ] {
            assert_eq!(dial_target(written), None, "{written}");
        }
    }

    #[test]
    fn several_numbers_become_several_links_and_the_text_stays_as_written() {
        for value in [
            "023-1234567、023-7654321",
            "023-1234567 / 023-7654321",
            "023-1234567，023-7654321",
            "023-1234567或023-7654321",
        ] {
            let r = read_phones(value);
            assert_eq!(targets(&r), ["tel:0231234567", "tel:0237654321"], "{value}");
            assert_eq!(text(&r), value);
            assert!(r.bad.is_empty());
        }
        let r = read_phones("023-1234567 / 请问学校");
        assert_eq!(targets(&r), ["tel:0231234567"]);
        assert_eq!(r.bad, ["请问学校"]);
        assert_eq!(text(&r), "023-1234567 / 请问学校");
        assert_eq!(r.pieces[0].text, "023-1234567");
        assert_eq!(r.pieces[1].text, " / 请问学校");
    }

    #[test]
    fn a_placeholder_is_neither_linked_nor_bad() {
        let r = read_phones("138xxxxxxxx（请改成手机号）");
        assert!(r.placeholder);
        assert!(r.bad.is_empty());
        assert_eq!(targets(&r), Vec::<&str>::new());
        assert_eq!(text(&r), "138xxxxxxxx（请改成手机号）");
    }

    #[test]
    fn addresses() {
        for good in [
            "info@example.org",
            "a.b+c_d-e@mail.example.edu.cn",
            "x@例子.中国",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "info",
            "info@example",
            "info＠example.org",
            "@example.org",
            "a@@example.org",
            "a b@example.org",
            ".a@example.org",
            "a..b@example.org",
            "a@example..org",
            "a@-example.org",
            "a@example.o",
            "a@example.123",
            "mailto:a@example.org",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        let r = read_emails("a@example.org；b@example.org");
        assert_eq!(
            targets(&r),
            ["mailto:a@example.org", "mailto:b@example.org"]
        );
        assert_eq!(text(&r), "a@example.org；b@example.org");
    }
}
