//! The words on the diagram: short labels for long names, their width estimated in em (no font is
//! at hand at build time, so CJK counts 1 and Latin about 0.6), and distances for scale bars.

/// The label for a name: region prefixes and parentheses dropped, `do:` text cut at its first
/// clause ("返回重庆北站，乘高铁…" → "返回重庆北站").
pub(super) fn short_name(name: &str) -> String {
    let mut s = name.trim();
    if let Some(i) = s.find(['，', ',', '（', '(', '；', ';', '：', ':'])
        && i > 0
    {
        s = s[..i].trim();
    }
    for prefix in ["重庆市", "重庆中国", "重庆"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            // Keep names that would become too short to recognise ("重庆北站").
            if rest.chars().count() >= 3 && !rest.ends_with('站') {
                s = rest;
            }
            break;
        }
    }
    s.to_string()
}

/// Width of one character in em: CJK and full-width forms 1, the rest about 0.6.
fn char_em(c: char) -> f64 {
    if c.is_ascii() {
        if c == ' ' { 0.3 } else { 0.6 }
    } else if ('\u{00b7}'..='\u{02ff}').contains(&c) {
        0.6
    } else {
        1.0
    }
}

pub(super) fn text_em(text: &str) -> f64 {
    text.chars().map(char_em).sum()
}

/// `text`, cut with "…" to at most `max_em`.
pub(super) fn truncate(text: &str, max_em: f64) -> String {
    if text_em(text) <= max_em {
        return text.to_string();
    }
    let mut out = String::new();
    let mut width = 1.0;
    for c in text.chars() {
        width += char_em(c);
        if width > max_em {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// `50 km`, `200 m`.
pub(super) fn distance_label(km: f64) -> String {
    if km >= 1.0 {
        format!("{km:.0} km")
    } else {
        format!("{:.0} m", km * 1000.0)
    }
}
