//! `site.yaml` → a typed `SiteConfig`. Unknown keys are rejected (a typo must never be silently
//! ignored); `rules` overrides are merged key by key over the defaults of the content format.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::diag::{Diagnostic, codes};
use crate::yaml::{self, Located};

pub const CONFIG_FILE: &str = "site.yaml";

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
    pub extra: serde_json::Value,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    title_en: Option<String>,
    #[serde(default)]
    description: String,
    base_url: Located<String>,
    #[serde(default)]
    language: Option<String>,
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
    let raw: RawConfig = yaml::parse(text, file)?;
    let mut problems = Vec::new();

    let base_url = raw.base_url.value.trim_end_matches('/').to_string();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        problems.push(
            Diagnostic::new(
                codes::WRONG_VALUE,
                file,
                raw.base_url.pos,
                "`base_url` must be an absolute http(s) URL",
            )
            .with_help("for example `base_url: https://example.org`"),
        );
    }
    if let Some(theme) = raw.theme.as_ref().filter(|t| !is_theme_name(&t.value)) {
        problems.push(
            Diagnostic::new(
                codes::THEME_NOT_A_NAME,
                file,
                theme.pos,
                format!(
                    "`{}` is not a theme name: themes are read only from the site's themes/ folder",
                    theme.value
                ),
            )
            .with_help("a theme is a folder name under themes/, e.g. `theme: default`"),
        );
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
        language: raw.language.unwrap_or_else(|| "zh-CN".to_string()),
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
        extra: raw
            .extra
            .unwrap_or(serde_json::Value::Object(Default::default())),
    })
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
                    format!("`{}` is not a date", day.value),
                )
                .with_help("write dates as YYYY-MM-DD, e.g. 2027-10-01"),
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
                    format!("slug `{}` for `{term}` is not lowercase ASCII", slug.value),
                )
                .with_help("slugs use only a-z, 0-9 and -"),
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
