//! How a term is spelled: one Unicode form for comparing, and an ASCII slug for URLs.
//!
//! Text is compared in NFC: "café" typed as `e` + U+0301 (macOS file names, some input methods,
//! text pasted from PDFs) and as the one character `é` look the same and must be one term, one
//! page. ASCII slugs for URLs and file names: Chinese is transliterated per character
//! (deunicode), which gets polyphones wrong (重庆 → zhong-qing), so `site.yaml` `slugs` can
//! override a term.

use std::borrow::Cow;

/// `text` in Unicode NFC (canonical composition). Text that is already NFC — nearly all, and
/// all Chinese without compatibility ideographs — comes back borrowed, after one quick scan.
pub fn nfc(text: &str) -> Cow<'_, str> {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

/// [`nfc`] of an owned string, which is returned as it is when it is NFC already.
pub fn into_nfc(text: String) -> String {
    let composed = match nfc(&text) {
        Cow::Owned(composed) => Some(composed),
        Cow::Borrowed(_) => None,
    };
    composed.unwrap_or(text)
}

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

    #[test]
    fn nfc_gives_one_spelling() {
        let decomposed = "cafe\u{301}";
        assert_eq!(nfc(decomposed), "caf\u{e9}");
        assert_eq!(into_nfc(decomposed.to_string()), "caf\u{e9}");
        assert_eq!(nfc("Cafe\u{301} 科学"), nfc("Caf\u{e9} 科学"));
        // Hangul jamo compose too; NFC text is not copied.
        assert_eq!(nfc("\u{1100}\u{1161}"), "\u{ac00}");
        assert!(matches!(nfc("重庆自然博物馆 café"), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn slugs_are_url_safe_and_idempotent(s in "\\PC{0,12}") {
            let slug = ascii_slug(&s);
            prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
            prop_assert_eq!(ascii_slug(&slug), slug.clone());
        }

        #[test]
        fn nfc_is_idempotent(s in "[a-z\u{300}-\u{36f}\u{e0}-\u{ff}中文\u{1100}-\u{1112}\u{1161}-\u{1175}]{0,16}") {
            let once = nfc(&s).into_owned();
            prop_assert!(matches!(nfc(&once), Cow::Borrowed(_)));
            prop_assert_eq!(into_nfc(s.clone()), once);
        }
    }
}
