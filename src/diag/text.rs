//! The two languages the tool speaks. Every message is written in both where it is made (a
//! [`Text`] holds English and Chinese side by side), and the language is chosen only when it is
//! printed: `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else the site's
//! `language`. Two languages known at compile time need no catalogue files: a message can't be
//! missing a translation, because it can't be made without one.

use std::fmt;

/// A language the tool's own messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    #[value(name = "en")]
    En,
    /// 简体中文.
    #[value(name = "zh-CN", alias = "zh")]
    Zh,
}

impl Lang {
    /// The language a BCP 47 tag or a POSIX locale (`zh_CN.UTF-8`) names, if it is one of ours.
    /// `C` and `POSIX` name none: they are what a system says when nobody chose.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the locale asks for: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is
    /// set and not empty decides (as POSIX orders them); `None` when it names neither language.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()))
            .and_then(|value| Lang::from_tag(&value))
    }
}

/// A message in English and in Chinese. Made with [`text!`](crate::text), which formats both.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text {
    // Boxed: a `Diagnostic` is returned in `Result`s and must stay small.
    en: Box<str>,
    zh: Box<str>,
}

impl Text {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Text {
            en: en.into().into_boxed_str(),
            zh: zh.into().into_boxed_str(),
        }
    }

    pub fn en(&self) -> &str {
        &self.en
    }

    pub fn zh(&self) -> &str {
        &self.zh
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// Whether either language's text contains `needle` (for tests and for callers that look
    /// for a name quoted in a message).
    pub fn contains(&self, needle: &str) -> bool {
        self.en.contains(needle) || self.zh.contains(needle)
    }
}

/// Unit tests make diagnostics from one string, the same in both languages. Only there: in the
/// tool every message is written in both, and a plain string can't become one.
#[cfg(test)]
impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::new(s, s)
    }
}

/// The English text: what logs and `Debug` show when no language was chosen.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// Compares with the English text, so tests read as the message reads.
impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.en == *other
    }
}

/// Formats one message in both languages: `text!("unknown place `{id}`", "没有这个地点 `{id}`")`.
/// Both strings see the same arguments, named by capture or passed after them.
#[macro_export]
macro_rules! text {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::diag::Text::new(format!($en), format!($zh))
    };
    ($en:literal, $zh:literal, $($arg:tt)+) => {
        $crate::diag::Text::new(format!($en, $($arg)+), format!($zh, $($arg)+))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_locales_name_a_language() {
        for (tag, lang) in [
            ("zh-CN", Some(Lang::Zh)),
            ("zh_CN.UTF-8", Some(Lang::Zh)),
            ("zh-Hans-CN", Some(Lang::Zh)),
            ("en_US.UTF-8", Some(Lang::En)),
            ("en", Some(Lang::En)),
            ("C.UTF-8", None),
            ("POSIX", None),
            ("fr_FR", None),
        ] {
            assert_eq!(Lang::from_tag(tag), lang, "{tag}");
        }
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        // LC_ALL wins over LANG; an empty variable counts as unset.
        let both = env(&[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")]);
        assert_eq!(Lang::from_locale(both), Some(Lang::Zh));
        let empty = env(&[("LC_ALL", ""), ("LANG", "en_US.UTF-8")]);
        assert_eq!(Lang::from_locale(empty), Some(Lang::En));
        assert_eq!(Lang::from_locale(env(&[("LANG", "C.UTF-8")])), None);
        assert_eq!(Lang::from_locale(env(&[])), None);
    }

    #[test]
    fn the_macro_formats_both_languages_with_the_same_arguments() {
        let id = "bases/x";
        let t = text!("unknown place `{id}`", "没有地点 `{id}`");
        assert_eq!(
            (t.get(Lang::En), t.get(Lang::Zh)),
            ("unknown place `bases/x`", "没有地点 `bases/x`")
        );
        let t = text!("{} of {}", "{1} 中的 {0}", 2, 3);
        assert_eq!((t.en(), t.zh()), ("2 of 3", "3 中的 2"));
        assert!(t.contains("中的") && t == "2 of 3");
    }
}
