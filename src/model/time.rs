//! Times of day and weekday sets as the content format writes them: `HH:MM` (24 h, `24:00`
//! allowed as a closing time) and `tue-fri,sun` (lists and ascending ranges, no wrap-around).

use std::fmt;

use jiff::civil::Weekday;

use crate::diag::Text;
use crate::text;

/// Minutes since midnight, 0..=1440.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    pub fn minutes(self) -> u32 {
        u32::from(self.0)
    }

    pub fn from_minutes(minutes: u32) -> Option<TimeOfDay> {
        u16::try_from(minutes)
            .ok()
            .filter(|m| *m <= 24 * 60)
            .map(TimeOfDay)
    }

    /// Parses `HH:MM`; the error says what is wrong, for the diagnostic.
    pub fn parse(value: &str) -> Result<TimeOfDay, Text> {
        let bad = || {
            text!(
                "`{value}` is not a time: write HH:MM (24-hour)",
                "`{value}` 不是时间：请写成 24 小时制的 HH:MM"
            )
        };
        let (h, m) = value.split_once(':').ok_or_else(bad)?;
        if h.len() != 2 || m.len() != 2 || !h.chars().chain(m.chars()).all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if m >= 60 || h > 24 || (h == 24 && m != 0) {
            return Err(text!(
                "`{value}` is not a time of day (00:00–24:00)",
                "`{value}` 不是一天中的时间（应在 00:00–24:00 之间）"
            ));
        }
        Ok(TimeOfDay(h * 60 + m))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

pub const WEEKDAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WEEKDAY_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
/// The English names, Monday first (also schema.org's `DayOfWeek` names).
pub const WEEKDAY_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Monday = 0 … Sunday = 6.
pub fn weekday_index(day: Weekday) -> usize {
    usize::from(day.to_monday_zero_offset().unsigned_abs())
}

pub fn weekday_zh(day: Weekday) -> &'static str {
    WEEKDAY_ZH[weekday_index(day)]
}

/// `Monday`, for English messages.
pub fn weekday_en(day: Weekday) -> &'static str {
    WEEKDAY_EN[weekday_index(day)]
}

/// The weekday in both languages: `Monday` / `周一`.
pub fn weekday_text(day: Weekday) -> Text {
    Text::new(weekday_en(day), weekday_zh(day))
}

fn weekday_at(index: usize) -> Weekday {
    [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ][index % 7]
}

/// A set of weekdays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct WeekdaySet(u8);

impl WeekdaySet {
    pub const ALL: WeekdaySet = WeekdaySet(0x7f);

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << weekday_index(day)) != 0
    }

    pub fn insert(&mut self, day: Weekday) {
        self.0 |= 1 << weekday_index(day);
    }

    pub fn union(self, other: WeekdaySet) -> WeekdaySet {
        WeekdaySet(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn complement(self) -> WeekdaySet {
        WeekdaySet(!self.0 & 0x7f)
    }

    pub fn iter(self) -> impl Iterator<Item = Weekday> {
        (0..7)
            .filter(move |i| self.0 & (1 << i) != 0)
            .map(weekday_at)
    }

    /// Parses `tue-fri,sun`. The error names the bad part and the expected spelling.
    pub fn parse(value: &str) -> Result<WeekdaySet, (Text, Option<Text>)> {
        let mut set = WeekdaySet::default();
        for part in value.split(',').map(str::trim) {
            let day = |name: &str| {
                WEEKDAY_NAMES
                    .iter()
                    .position(|n| *n == name)
                    .ok_or_else(|| {
                        let help = crate::diag::did_you_mean(&name.to_lowercase(), WEEKDAY_NAMES)
                            .map(|s| text!("did you mean `{s}`?", "是不是想写 `{s}`？"))
                            .unwrap_or_else(|| {
                                text!(
                                    "weekdays are `mon` `tue` `wed` `thu` `fri` `sat` `sun`, and ranges such as `tue-sun`",
                                    "星期写作 `mon` `tue` `wed` `thu` `fri` `sat` `sun`（周一至周日），也可以写范围，如 `tue-sun`"
                                )
                            });
                        (
                            text!("`{name}` is not a weekday", "`{name}` 不是星期几的写法"),
                            Some(help),
                        )
                    })
            };
            match part.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (day(a.trim())?, day(b.trim())?);
                    if a > b {
                        return Err((
                            text!(
                                "`{part}` is not an ascending range",
                                "`{part}` 不是从前往后的范围"
                            ),
                            Some(text!(
                                "ranges don't wrap around the week: write `sat-sun,mon` as `mon,sat-sun`",
                                "范围不能跨过周日再回到周一：把 `sat-sun,mon` 写成 `mon,sat-sun`"
                            )),
                        ));
                    }
                    (a..=b).for_each(|i| set.insert(weekday_at(i)));
                }
                None => set.insert(weekday_at(day(part)?)),
            }
        }
        Ok(set)
    }

    /// Runs of consecutive weekdays (Monday = 0), as (first, last).
    fn runs(self) -> Vec<(usize, usize)> {
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for d in (0..7).filter(|i| self.0 & (1 << i) != 0) {
            match runs.last_mut() {
                Some((_, end)) if *end + 1 == d => *end = d,
                _ => runs.push((d, d)),
            }
        }
        runs
    }

    /// `Tuesday to Sunday`, `Monday, Wednesday`, `every day`: for English messages.
    pub fn label_en(self) -> String {
        if self == WeekdaySet::ALL {
            return "every day".to_string();
        }
        if self.is_empty() {
            return "no day".to_string();
        }
        self.runs()
            .iter()
            .map(|&(a, b)| match b - a {
                0 => WEEKDAY_EN[a].to_string(),
                1 => format!("{}, {}", WEEKDAY_EN[a], WEEKDAY_EN[b]),
                _ => format!("{} to {}", WEEKDAY_EN[a], WEEKDAY_EN[b]),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The set in both languages (`Tuesday to Sunday` / `周二至周日`).
    pub fn label(self) -> Text {
        Text::new(self.label_en(), self.label_zh())
    }

    /// `tue-sun`, `mon,wed`: the set as `runs_on` or `hours.days` would write it.
    pub fn spelled(self) -> String {
        self.runs()
            .iter()
            .map(|&(a, b)| match b - a {
                0 => WEEKDAY_NAMES[a].to_string(),
                1 => format!("{},{}", WEEKDAY_NAMES[a], WEEKDAY_NAMES[b]),
                _ => format!("{}-{}", WEEKDAY_NAMES[a], WEEKDAY_NAMES[b]),
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// `周二至周日`, `周一、周三`, `每天`.
    pub fn label_zh(self) -> String {
        if self == WeekdaySet::ALL {
            return "每天".to_string();
        }
        self.runs()
            .iter()
            .map(|&(a, b)| match b - a {
                0 => WEEKDAY_ZH[a].to_string(),
                1 => format!("{}、{}", WEEKDAY_ZH[a], WEEKDAY_ZH[b]),
                _ => format!("{}至{}", WEEKDAY_ZH[a], WEEKDAY_ZH[b]),
            })
            .collect::<Vec<_>>()
            .join("、")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn times() {
        assert_eq!(TimeOfDay::parse("09:30").unwrap().minutes(), 570);
        assert_eq!(TimeOfDay::parse("24:00").unwrap().to_string(), "24:00");
        for bad in ["9:30", "24:01", "12:60", "noon", "", "0930", "09:3a"] {
            assert!(TimeOfDay::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn weekdays() {
        let set = WeekdaySet::parse("tue-fri,sun").unwrap();
        assert!(!set.contains(Weekday::Monday));
        assert!(set.contains(Weekday::Wednesday) && set.contains(Weekday::Sunday));
        assert!(!set.contains(Weekday::Saturday));
        assert_eq!(set.label_zh(), "周二至周五、周日");
        assert_eq!(WeekdaySet::parse("mon-sun").unwrap(), WeekdaySet::ALL);
        assert_eq!(
            WeekdaySet::parse("sat,sun").unwrap().label_zh(),
            "周六、周日"
        );
        assert_eq!(set.complement().label_zh(), "周一、周六");
        assert_eq!(set.label_en(), "Tuesday to Friday, Sunday");
        assert_eq!(set.spelled(), "tue-fri,sun");
        assert_eq!(WeekdaySet::ALL.label_en(), "every day");
        assert_eq!(WeekdaySet::parse("sat,sun").unwrap().spelled(), "sat,sun");
        let (msg, help) = WeekdaySet::parse("tue-sunn").unwrap_err();
        assert!(msg.contains("`sunn`"));
        let help = help.unwrap();
        assert_eq!(
            (help.en(), help.zh()),
            ("did you mean `sun`?", "是不是想写 `sun`？")
        );
        assert!(WeekdaySet::parse("sun-mon").is_err());
        assert!(WeekdaySet::parse("").is_err());
    }

    proptest! {
        #[test]
        fn time_parse_never_panics_and_round_trips(s in ".{0,8}") {
            if let Ok(t) = TimeOfDay::parse(&s) {
                prop_assert_eq!(t.to_string(), s);
            }
        }

        #[test]
        fn valid_times_round_trip(h in 0u32..24, m in 0u32..60) {
            let text = format!("{h:02}:{m:02}");
            prop_assert_eq!(TimeOfDay::parse(&text).unwrap().minutes(), h * 60 + m);
        }

        #[test]
        fn weekday_parse_never_panics(s in "[a-z,\\- ]{0,20}") {
            let _ = WeekdaySet::parse(&s);
        }
    }
}
