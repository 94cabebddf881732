//! ASCII slugs for URLs and file names: Chinese is transliterated per character (deunicode),
//! which gets polyphones wrong (重庆 → zhong-qing), so `site.yaml` `slugs` can override a term.

/// `重庆科技馆` → `zhong-qing-ke-ji-guan`, `Wulong_Karst` → `wulong-karst`, `小学4-6` → `xiao-xue-4-6`.
pub fn ascii_slug(text: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(text, "-");
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "x".to_string()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(ascii_slug("重庆科技馆"), "zhong-qing-ke-ji-guan");
        assert_eq!(ascii_slug("Wulong_Karst"), "wulong-karst");
        assert_eq!(ascii_slug("小学4-6"), "xiao-xue-4-6");
        assert_eq!(ascii_slug("古生物"), "gu-sheng-wu");
        assert_eq!(ascii_slug("—"), "x");
    }

    proptest! {
        #[test]
        fn slugs_are_url_safe_and_idempotent(s in "\\PC{0,12}") {
            let slug = ascii_slug(&s);
            prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
            prop_assert_eq!(ascii_slug(&slug), slug.clone());
        }
    }
}
