//! The words on the diagram: short labels for long names, their width estimated in em (no font is
//! at hand at build time, so CJK counts 1 and Latin about 0.6), and distances for scale bars.

/// The label for a name: the site's region as a prefix and parentheses dropped, `do:` text cut
/// at its first clause ("返回重庆北站，乘高铁…" → "返回重庆北站"). `region` is `site.yaml`'s
/// `region.name` (`重庆`, `贵州省`): every place of the site is in it, so on a small diagram it
/// says nothing.
pub(super) fn short_name(name: &str, region: Option<&str>) -> String {
    let mut s = name.trim();
    if let Some(i) = s.find(['，', ',', '（', '(', '；', ';', '：', ':'])
        && i > 0
    {
        s = s[..i].trim();
    }
    let Some(region) = region.map(str::trim).filter(|r| !r.is_empty()) else {
        return s.to_string();
    };
    // `贵州省` and `贵州` name the same region; `重庆市`, `贵州省`, `重庆中国…` all start with it.
    let base = ["省", "市", "自治区", "特别行政区"]
        .iter()
        .find_map(|suffix| region.strip_suffix(suffix).filter(|b| !b.is_empty()))
        .unwrap_or(region);
    let prefixes = [
        format!("{base}省"),
        format!("{base}市"),
        format!("{base}中国"),
        base.to_string(),
    ];
    for prefix in &prefixes {
        if let Some(rest) = s.strip_prefix(prefix.as_str()) {
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
