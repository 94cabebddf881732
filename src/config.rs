//! `site.yaml` → a typed `SiteConfig`. Unknown keys are rejected (a typo must never be silently
//! ignored); `rules` overrides are merged key by key over the defaults of the content format.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::diag::{Diagnostic, Lang, codes};
use crate::text;
use crate::yaml::{self, Located};

pub const CONFIG_FILE: &str = "site.yaml";

/// The `language` of a site that names none: the format is for Chinese study travel.
pub const DEFAULT_LANGUAGE: &str = "zh-CN";

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    /// Absolute, without trailing slash.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub region: Option<Region>,
    pub holidays: Vec<Date>,
    pub rules: Rules,
    /// Taxonomy term → URL slug, for terms whose transliteration would be wrong (重庆 → chongqing).
    pub slugs: BTreeMap<String, String>,
    /// Cards per list page (section and taxonomy term pages); 0 lists everything on one page.
    pub paginate_by: usize,
    /// Routes in `atom.xml`, newest first; 0 for all.
    pub feed_limit: usize,
    /// Emergency numbers printed on every route's handout (急救 120, 报警 110…), in order.
    pub emergency: Vec<EmergencyNumber>,
    pub extra: serde_json::Value,
}

/// A number to call in an emergency, e.g. 急救 120: on paper a teacher has no page to look it up.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmergencyNumber {
    pub name: String,
    pub phone: String,
}

/// A national catalogue has thousands of routes: one page of them all would weigh megabytes on
/// a phone. Thirty cards are a few screens.
pub const DEFAULT_PAGINATE_BY: usize = 30;
/// Feed readers show the latest entries; every route of a large site would be megabytes.
pub const DEFAULT_FEED_LIMIT: usize = 50;

#[derive(Debug, Clone)]
pub struct Region {
    pub name: Option<String>,
    pub bbox: Option<BBox>,
    pub districts: Vec<String>,
}

/// A WGS-84 bounding box.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BBox {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl BBox {
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }
}

/// Validation thresholds: `site.yaml` `rules`, merged key by key with these defaults (README,
/// "What `check` reports").
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub students_per_teacher: u32,
    pub min_learning_minutes_per_day: u32,
    pub max_coach_leg_km: f64,
    pub detour_factor: f64,
    pub speed_kmh: Speeds,
    pub stale_after_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Speeds {
    pub coach: f64,
    pub walk: f64,
    pub rail: f64,
    pub metro: f64,
    pub boat: f64,
    pub cableway: f64,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            students_per_teacher: 20,
            min_learning_minutes_per_day: 45,
            max_coach_leg_km: 400.0,
            detour_factor: 1.4,
            speed_kmh: Speeds {
                coach: 45.0,
                walk: 4.0,
                rail: 160.0,
                metro: 35.0,
                boat: 20.0,
                cableway: 15.0,
            },
            stale_after_days: 180,
        }
    }
}

/// `site.yaml` as written; crate-visible so a test can list the fields it accepts (docs/).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    title: String,
    #[serde(default)]
    title_en: Option<String>,
    #[serde(default)]
    description: String,
    base_url: Located<String>,
    #[serde(default)]
    language: Option<Located<String>>,
    #[serde(default)]
    theme: Option<Located<String>>,
    #[serde(default)]
    region: Option<RawRegion>,
    #[serde(default)]
    holidays: Vec<Located<String>>,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    slugs: BTreeMap<String, Located<String>>,
    #[serde(default)]
    paginate_by: Option<usize>,
    #[serde(default)]
    feed_limit: Option<usize>,
    #[serde(default)]
    emergency: Vec<EmergencyNumber>,
    #[serde(default)]
    extra: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    bbox: Option<BBox>,
    #[serde(default)]
    districts: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    students_per_teacher: Option<u32>,
    min_learning_minutes_per_day: Option<u32>,
    max_coach_leg_km: Option<f64>,
    detour_factor: Option<f64>,
    #[serde(default)]
    speed_kmh: RawSpeeds,
    stale_after_days: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpeeds {
    coach: Option<f64>,
    walk: Option<f64>,
    rail: Option<f64>,
    metro: Option<f64>,
    boat: Option<f64>,
    cableway: Option<f64>,
}

/// Whether `name` is a plain folder name, so `themes/<name>` stays a folder of `themes/`: one
/// path component, not `.`-led (no `..`, no hidden folder), no separator of any system.
pub fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':', '\0'])
        && Path::new(name).components().count() == 1
}

/// Parses the text of `site.yaml`. `file` is the path shown in diagnostics.
pub fn parse_config(text: &str, file: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let parsed = yaml::parse::<RawConfig>(text, file);
    // Full-width punctuation and Chinese dates: errors even when the YAML parsed; they replace
    // the parser errors they cause.
    let raw = yaml::typing::checked(text, file, parsed)?;
    let mut problems = Vec::new();

    let base_url = raw.base_url.value.trim_end_matches('/').to_string();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        problems.push(
            Diagnostic::new(
                codes::WRONG_VALUE,
                file,
                raw.base_url.pos,
                text!(
                    "`base_url` must be an absolute http(s) URL",
                    "`base_url` 必须是以 http:// 或 https:// 开头的完整网址"
                ),
            )
            .with_help(text!(
                "for example `base_url: https://example.org`",
                "例如 `base_url: https://example.org`"
            )),
        );
    }
    if let Some(theme) = raw.theme.as_ref().filter(|t| !is_theme_name(&t.value)) {
        problems.push(
            Diagnostic::new(
                codes::THEME_NOT_A_NAME,
                file,
                theme.pos,
                text!(
                    "`{}` is not a theme name: themes are read only from the site's themes/ folder",
                    "`{}` 不是主题名：主题只从网站的 themes/ 文件夹中读取",
                    theme.value
                ),
            )
            .with_help(text!(
                "a theme is a folder name under themes/, e.g. `theme: default`",
                "主题是 themes/ 下的文件夹名，例如 `theme: default`"
            )),
        );
    }
    if let Some(language) = &raw.language {
        check_language_tag(language, file, &mut problems);
    }
    let holidays = holidays(&raw.holidays, file, &mut problems);
    let slugs = slugs(raw.slugs, file, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }

    let rules = rules(raw.rules);
    Ok(SiteConfig {
        title: raw.title,
        title_en: raw.title_en,
        description: raw.description,
        base_url,
        language: raw
            .language
            .map_or_else(|| DEFAULT_LANGUAGE.to_string(), |l| l.value),
        theme: raw.theme.map_or_else(|| "default".to_string(), |t| t.value),
        region: raw.region.map(|r| Region {
            name: r.name,
            bbox: r.bbox,
            districts: r.districts,
        }),
        holidays,
        rules,
        slugs,
        paginate_by: raw.paginate_by.unwrap_or(DEFAULT_PAGINATE_BY),
        feed_limit: raw.feed_limit.unwrap_or(DEFAULT_FEED_LIMIT),
        emergency: raw.emergency,
        extra: raw
            .extra
            .unwrap_or(serde_json::Value::Object(Default::default())),
    })
}

/// Reports `language` unless it is a well-formed BCP 47 language tag: it becomes the pages'
/// `lang` attribute and the feed's and JSON-LD's language, where `中文` or `chinese` means
/// nothing to a browser, a screen reader or a search engine.
fn check_language_tag(language: &Located<String>, file: &Path, problems: &mut Vec<Diagnostic>) {
    let value = &language.value;
    if is_language_tag(value) {
        return;
    }
    let problem = Diagnostic::new(
        codes::NOT_A_LANGUAGE_TAG,
        file,
        language.pos,
        text!(
            "`language` must be a BCP 47 language tag; `{value}` is not one",
            "`language` 必须是 BCP 47 语言标签，`{value}` 不是"
        ),
    );
    problems.push(match tag_for(value) {
        Some(tag) => problem.with_help(text!(
            "write a language tag such as `{tag}`: `language: {tag}`",
            "请写语言标签，例如 `{tag}`：`language: {tag}`"
        )),
        None => problem.with_help(text!(
            "write a language tag such as `zh-CN` (简体中文), `zh-Hant` (繁體中文) or `en` (English)",
            "请写语言标签，例如 `zh-CN`（简体中文）、`zh-Hant`（繁體中文）或 `en`（英文）"
        )),
    });
}

/// Whether `value` is a well-formed BCP 47 language tag (`zh-CN`, `zh-Hans`, `zh-Hant-TW`,
/// `en`), as browsers and CLDR read them: a Unicode locale identifier (which ICU parses) that
/// starts with a language subtag. RFC 5646's legacy forms (`zh-yue`, `i-klingon`) are not taken:
/// their modern tags (`yue`) are what pages should say.
pub fn is_language_tag(value: &str) -> bool {
    // ICU also reads `Hans-CN` (a script first) as `und-Hans-CN`; a tag names a language first.
    let first = value.split('-').next().unwrap_or_default();
    first.len() != 4 && icu_locale_core::Locale::try_from_str(value).is_ok()
}

/// The tag an editor most likely meant by a language written in words (`中文`, `English`) or as a
/// locale (`zh_CN`): for the help, and so a `site.yaml` that fails still picks the language its
/// messages are shown in.
fn tag_for(value: &str) -> Option<String> {
    let words = value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let named = match words.as_str() {
        "中文" | "汉语" | "漢語" | "简体中文" | "中文简体" | "简体" | "简中" | "普通话"
        | "国语" | "chinese" | "chinese simplified" | "simplified chinese" | "mandarin" => {
            Some("zh-CN")
        }
        "繁体中文"
        | "繁體中文"
        | "中文繁体"
        | "中文繁體"
        | "繁体"
        | "繁體"
        | "chinese traditional"
        | "traditional chinese" => Some("zh-Hant"),
        "英文" | "英语" | "英語" | "english" => Some("en"),
        _ => None,
    };
    if let Some(tag) = named {
        return Some(tag.to_string());
    }
    // A POSIX locale: `zh_CN`, `zh_CN.UTF-8`.
    let locale = value
        .split(['.', '@'])
        .next()
        .unwrap_or_default()
        .replace('_', "-");
    is_language_tag(&locale).then_some(locale)
}

/// The language of the tool's own messages that `site.yaml`'s text names, read leniently: for
/// a run that has not loaded the site (or whose `site.yaml` has errors) to speak as the site
/// would. None when it names none, or neither language the tool speaks.
pub fn language_in(text: &str) -> Option<Lang> {
    #[derive(Deserialize)]
    struct LanguageOnly {
        #[serde(default)]
        language: Option<String>,
    }
    let value = yaml::parse::<LanguageOnly>(text, Path::new(CONFIG_FILE))
        .ok()?
        .language
        .unwrap_or_else(|| DEFAULT_LANGUAGE.to_string());
    Lang::from_tag(&value).or_else(|| tag_for(&value).and_then(|tag| Lang::from_tag(&tag)))
}

/// The `holidays` that are dates; each one that is not is reported.
fn holidays(raw: &[Located<String>], file: &Path, problems: &mut Vec<Diagnostic>) -> Vec<Date> {
    let mut holidays = Vec::new();
    for day in raw {
        match day.value.parse::<Date>() {
            Ok(date) => holidays.push(date),
            Err(_) => problems.push(
                Diagnostic::new(
                    codes::BAD_DATE,
                    file,
                    day.pos,
                    text!("`{}` is not a date", "`{}` 不是日期", day.value),
                )
                .with_help(text!(
                    "write dates as YYYY-MM-DD, e.g. 2027-10-01",
                    "日期写成 YYYY-MM-DD，例如 2027-10-01"
                )),
            ),
        }
    }
    holidays
}

/// The `slugs` that are lowercase ASCII; each one that is not is reported.
fn slugs(
    raw: BTreeMap<String, Located<String>>,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut slugs = BTreeMap::new();
    for (term, slug) in raw {
        let ok = !slug.value.is_empty()
            && slug
                .value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            slugs.insert(term, slug.value);
        } else {
            problems.push(
                Diagnostic::new(
                    codes::WRONG_VALUE,
                    file,
                    slug.pos,
                    text!(
                        "slug `{}` for `{term}` is not lowercase ASCII",
                        "`{term}` 的网址名 `{}` 不是小写英文字母",
                        slug.value
                    ),
                )
                .with_help(text!(
                    "slugs use only a-z, 0-9 and -",
                    "网址名只能用 a-z、0-9 和 -"
                )),
            );
        }
    }
    slugs
}

/// The rules of `site.yaml`, each one left out taking its default.
fn rules(r: RawRules) -> Rules {
    let d = Rules::default();
    let s = r.speed_kmh;
    Rules {
        students_per_teacher: r
            .students_per_teacher
            .unwrap_or(d.students_per_teacher)
            .max(1),
        min_learning_minutes_per_day: r
            .min_learning_minutes_per_day
            .unwrap_or(d.min_learning_minutes_per_day),
        max_coach_leg_km: r.max_coach_leg_km.unwrap_or(d.max_coach_leg_km),
        detour_factor: r.detour_factor.unwrap_or(d.detour_factor),
        speed_kmh: Speeds {
            coach: s.coach.unwrap_or(d.speed_kmh.coach),
            walk: s.walk.unwrap_or(d.speed_kmh.walk),
            rail: s.rail.unwrap_or(d.speed_kmh.rail),
            metro: s.metro.unwrap_or(d.speed_kmh.metro),
            boat: s.boat.unwrap_or(d.speed_kmh.boat),
            cableway: s.cableway.unwrap_or(d.speed_kmh.cableway),
        },
        stale_after_days: r.stale_after_days.unwrap_or(d.stale_after_days),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::codes::{BAD_DATE, THEME_NOT_A_NAME, UNKNOWN_FIELD, WRONG_VALUE};

    fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        parse_config(text, Path::new("site.yaml"))
    }

    #[test]
    fn rules_merge_key_by_key() {
        let c = parse(
            r#"title: t
base_url: https://x.org/
rules:
  detour_factor: 1.6
  speed_kmh: { walk: 3 }
"#,
        )
        .unwrap();
        assert_eq!(c.base_url, "https://x.org");
        assert_eq!(c.rules.detour_factor, 1.6);
        assert_eq!(c.rules.speed_kmh.walk, 3.0);
        assert_eq!(c.rules.speed_kmh.coach, 45.0);
        assert_eq!(c.rules.students_per_teacher, 20);
        assert_eq!(c.language, "zh-CN");
        assert_eq!(c.paginate_by, DEFAULT_PAGINATE_BY);
        let c = parse(
            r#"title: t
base_url: https://x.org
paginate_by: 0
feed_limit: 5
"#,
        )
        .unwrap();
        assert_eq!((c.paginate_by, c.feed_limit), (0, 5));
    }

    #[test]
    fn emergency_numbers_keep_their_order_and_reject_unknown_keys() {
        let c = parse(
            r#"title: t
base_url: https://x.org
emergency:
  - { name: 急救, phone: "120" }
  - { name: 旅游服务热线, phone: "12301" }
"#,
        )
        .unwrap();
        let got: Vec<_> = c
            .emergency
            .iter()
            .map(|e| (e.name.as_str(), e.phone.as_str()))
            .collect();
        assert_eq!(got, vec![("急救", "120"), ("旅游服务热线", "12301")]);
        assert!(
            parse("title: t\nbase_url: https://x.org\n")
                .unwrap()
                .emergency
                .is_empty()
        );
        let e = parse(
            r#"title: t
base_url: https://x.org
emergency:
  - { name: 急救, phon: "120" }
"#,
        )
        .unwrap_err();
        assert_eq!(e[0].code, UNKNOWN_FIELD);
        assert_eq!(e[0].pos.line, 4);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        let e = parse(
            r#"title: t
base_url: https://x.org
themes: a
"#,
        )
        .unwrap_err();
        assert_eq!(e[0].code, UNKNOWN_FIELD);
        assert_eq!(
            e[0].help.as_ref().map(|h| h.en()),
            Some("did you mean `theme`?")
        );
        let e = parse(
            r#"title: t
base_url: x.org
holidays: [2027-13-01]
slugs: { 重庆: Chong }
"#,
        )
        .unwrap_err();
        let codes: Vec<_> = e.iter().map(|d| (d.code, d.pos.line)).collect();
        assert_eq!(
            codes,
            vec![(WRONG_VALUE, 2), (BAD_DATE, 3), (WRONG_VALUE, 4)]
        );
    }

    #[test]
    fn theme_names_are_plain_folder_names() {
        for good in ["default", "my-theme", "主题", "v2.0"] {
            assert!(is_theme_name(good), "{good}");
        }
        for bad in [
            "", ".", "..", "../x", "../../x", "/etc", "a/b", "a\\b", "..\\x", ".hidden", "C:",
            "C:\\x", "a\0b",
        ] {
            assert!(!is_theme_name(bad), "{bad}");
        }
    }

    #[test]
    fn a_theme_path_is_a_located_error() {
        let e = parse(
            r#"title: t
base_url: https://x.org
theme: ../../x
"#,
        )
        .unwrap_err();
        assert_eq!(
            (e[0].code, e[0].pos.line, e[0].pos.column),
            (THEME_NOT_A_NAME, 3, 8)
        );
        assert!(e[0].message.contains("`../../x`"), "{}", e[0].message);
        assert_eq!(
            e[0].help.as_ref().map(|h| h.en()),
            Some("a theme is a folder name under themes/, e.g. `theme: default`")
        );
        let e = parse(
            r#"title: t
base_url: https://x.org
theme: /srv/themes/x
"#,
        )
        .unwrap_err();
        assert_eq!(e[0].code, THEME_NOT_A_NAME);
        assert_eq!(
            parse(
                r#"title: t
base_url: https://x.org
theme: x
"#
            )
            .unwrap()
            .theme,
            "x"
        );
    }

    #[test]
    fn language_must_be_a_language_tag() {
        for good in [
            "zh-CN",
            "zh-Hans",
            "zh-Hant-TW",
            "en",
            "en-GB",
            "zh-cn",
            "yue",
            "zh-Hans-CN-u-nu-hanidec",
        ] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in [
            "中文",
            "chinese simplified",
            "zh_CN",
            "",
            "zh-",
            "-CN",
            "Hans-CN",
            "zh CN",
            "english!",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
        let e = parse("title: t\nbase_url: https://x.org\nlanguage: 中文\n").unwrap_err();
        assert_eq!(
            (e[0].code, e[0].pos.line, e[0].pos.column),
            (codes::NOT_A_LANGUAGE_TAG, 3, 11)
        );
        assert_eq!(
            e[0].message,
            "`language` must be a BCP 47 language tag; `中文` is not one"
        );
        assert_eq!(
            e[0].message.zh(),
            "`language` 必须是 BCP 47 语言标签，`中文` 不是"
        );
        let help = e[0].help.as_ref().unwrap();
        assert_eq!(
            (help.en(), help.zh()),
            (
                "write a language tag such as `zh-CN`: `language: zh-CN`",
                "请写语言标签，例如 `zh-CN`：`language: zh-CN`"
            )
        );
        let help_for = |value: &str| {
            let e = parse(&format!(
                "title: t\nbase_url: https://x.org\nlanguage: {value}\n"
            ))
            .unwrap_err();
            assert_eq!(e[0].code, codes::NOT_A_LANGUAGE_TAG, "{value}");
            e[0].help.as_ref().unwrap().en().to_string()
        };
        assert!(help_for("chinese  Simplified").contains("`language: zh-CN`"));
        assert!(help_for("繁體中文").contains("`language: zh-Hant`"));
        assert!(help_for("English").contains("`language: en`"));
        assert!(help_for("zh_TW.UTF-8").contains("`language: zh-TW`"));
        assert_eq!(
            help_for("klingon!"),
            "write a language tag such as `zh-CN` (简体中文), `zh-Hant` (繁體中文) or `en` (English)"
        );
    }

    #[test]
    fn the_language_of_messages_is_read_from_site_yaml_even_with_errors() {
        assert_eq!(language_in("title: t\nlanguage: en\n"), Some(Lang::En));
        assert_eq!(language_in("title: t\nnot_a_field: 1\n"), Some(Lang::Zh));
        assert_eq!(language_in("language: 中文\n"), Some(Lang::Zh));
        assert_eq!(language_in("language: fr\n"), None);
        assert_eq!(language_in("language: [\n"), None);
    }

    #[test]
    fn bbox_contains() {
        let b = BBox {
            south: 28.0,
            west: 105.0,
            north: 32.0,
            east: 110.0,
        };
        assert!(b.contains(29.5, 106.5));
        assert!(!b.contains(39.9, 116.4));
    }
}
