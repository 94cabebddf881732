//! What a value typed in a time, date or number field means: `09:00` is fine; `9点`, `下午2点`,
//! `９：００`, `2027/5/1` and `2027年5月1日` have one certain spelling; `晚上12点` or `5/1` get advice
//! only.

use super::*;

/// What a value in a time, date or number field needs.
pub(super) enum Verdict {
    Fine,
    /// Certain: write this instead.
    Fix(Code, String),
    /// A mistake, but what was meant is not certain: the advice says what to write.
    Unsure(Code, Text),
}

pub(super) fn verdict_message(code: Code, value: &str) -> Text {
    if code == codes::CHINESE_TIME {
        text!(
            "`{value}` is not a time written \"HH:MM\"",
            "`{value}` 不是 \"HH:MM\" 格式的时间"
        )
    } else if code == codes::DATE_NOT_ISO {
        text!(
            "`{value}` is not a date written YYYY-MM-DD",
            "`{value}` 不是 YYYY-MM-DD 格式的日期"
        )
    } else {
        text!("full-width digits in `{value}`", "`{value}` 里有全角数字")
    }
}

/// `text` with full-width digits and signs made ASCII, and whether there were any.
pub(super) fn half_width(text: &str) -> (String, bool) {
    let mut any = false;
    let out = text
        .chars()
        .map(|c| match c {
            '０'..='９' | '：' | '．' | '－' | '／' | '＋' => {
                any = true;
                char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    (out, any)
}

pub(super) fn has_full_width_digit(text: &str) -> bool {
    text.chars().any(|c| ('０'..='９').contains(&c))
}

/// A number whose digits were typed full-width.
pub(super) fn number_verdict(value: &str) -> Verdict {
    let numeric = value
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || ".．-－+＋".contains(c));
    if !numeric || !has_full_width_digit(value) {
        return Verdict::Fine;
    }
    let (ascii, _) = half_width(value);
    Verdict::Fix(codes::FULL_WIDTH_DIGITS, ascii)
}

/// Parses 1 or 2 ASCII digits at the start of `text`: the number and the rest.
pub(super) fn leading_number(text: &str) -> Option<(u32, &str)> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 4 {
        return None;
    }
    Some((text[..digits].parse().ok()?, &text[digits..]))
}

/// The periods of the day a Chinese time may start with, and how they move the hour: the
/// hour, and whether it is certain.
type HourOfPeriod = fn(u32) -> Option<u32>;

pub(super) const PERIODS: &[(&str, HourOfPeriod)] = &[
    ("凌晨", |h| (h <= 6).then_some(h)),
    ("清晨", |h| (h <= 9).then_some(h)),
    ("早晨", |h| (h <= 11).then_some(h)),
    ("早上", |h| (h <= 11).then_some(h)),
    ("上午", |h| (h <= 11).then_some(h)),
    ("中午", |h| match h {
        11 | 12 => Some(h),
        1 | 2 => Some(h + 12),
        _ => None,
    }),
    ("下午", |h| match h {
        1..=11 => Some(h + 12),
        12..=23 => Some(h),
        _ => None,
    }),
    ("傍晚", |h| match h {
        4..=8 => Some(h + 12),
        16..=20 => Some(h),
        _ => None,
    }),
    ("晚上", |h| match h {
        5..=11 => Some(h + 12),
        17..=23 => Some(h),
        _ => None,
    }),
];

/// A time field's value: `09:00` is fine; `9:00`, `9点`, `9点半`, `下午2点`, `９：００` are
/// fixed to `"HH:MM"`; `晚上12点` is a mistake without a certain fix.
pub(super) fn time_verdict(value: &str) -> Verdict {
    let (ascii, full_width) = half_width(value);
    let mut rest = ascii.as_str();
    let mut period: Option<HourOfPeriod> = None;
    for (name, shift) in PERIODS {
        if let Some(after) = rest.strip_prefix(name) {
            period = Some(*shift);
            rest = after;
            break;
        }
    }
    let Some((hour, after_hour)) = leading_number(rest) else {
        return Verdict::Fine;
    };
    let chinese = period.is_some() || !after_hour.starts_with(':');
    let minutes = if let Some(m) = after_hour.strip_prefix(':') {
        match leading_number(m) {
            Some((m, "")) if m < 60 && after_hour.len() == 3 => Some(m),
            _ => return Verdict::Fine,
        }
    } else if let Some(m) = after_hour
        .strip_prefix('点')
        .or_else(|| after_hour.strip_prefix('时'))
    {
        match m {
            "" | "整" => Some(0),
            "半" => Some(30),
            _ => match leading_number(m) {
                Some((m, "" | "分")) if m < 60 => Some(m),
                _ => return Verdict::Fine,
            },
        }
    } else {
        return Verdict::Fine;
    };
    let hour = match period {
        Some(shift) => shift(hour),
        None => (hour <= 24).then_some(hour),
    };
    let code = if chinese || !has_full_width_digit(value) {
        codes::CHINESE_TIME
    } else {
        codes::FULL_WIDTH_DIGITS
    };
    match (hour, minutes) {
        (Some(h), Some(m)) if h < 24 || (h == 24 && m == 0) => {
            let padded = format!("{h:02}:{m:02}");
            if !chinese && !full_width && ascii == padded {
                Verdict::Fine
            } else {
                Verdict::Fix(code, format!("\"{padded}\""))
            }
        }
        _ => Verdict::Unsure(
            code,
            text!(
                "write the 24-hour time in quotes, e.g. \"21:00\" for 9 in the evening",
                "请写成带引号的 24 小时制时间，如晚上 9 点写 \"21:00\""
            ),
        ),
    }
}

/// A date field's value: `2027-05-01` is fine; `2027/5/1`, `2027.5.1`, `2027-5-1`,
/// `2027年5月1日` and full-width digits are fixed; `5/1` (no year) is a mistake without a fix.
pub(super) fn date_verdict(value: &str) -> Verdict {
    let (ascii, full_width) = half_width(value);
    let numbers: Vec<&str> = ascii
        .split(['-', '/', '.', '年', '月', '日', '号'])
        .filter(|s| !s.is_empty())
        .collect();
    let date_like = !numbers.is_empty()
        && numbers
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_digit()))
        && ascii.chars().next().is_some_and(|c| c.is_ascii_digit());
    if !date_like {
        return Verdict::Fine;
    }
    let iso = |y: i16, m: i8, d: i8| jiff::civil::Date::new(y, m, d).ok();
    match numbers.as_slice() {
        [y, m, d] if y.len() == 4 => {
            let parsed = (y.parse(), m.parse(), d.parse());
            let (Ok(y), Ok(m), Ok(d)) = parsed else {
                return Verdict::Fine;
            };
            match iso(y, m, d) {
                Some(date) => {
                    let written = date.to_string();
                    if written == ascii && !full_width {
                        Verdict::Fine
                    } else if written == ascii {
                        Verdict::Fix(codes::FULL_WIDTH_DIGITS, written)
                    } else {
                        Verdict::Fix(codes::DATE_NOT_ISO, written)
                    }
                }
                // Not a real day: the model says so (E012).
                None => Verdict::Fine,
            }
        }
        [m, d] if m.len() <= 2 && d.len() <= 2 => Verdict::Unsure(
            codes::DATE_NOT_ISO,
            text!(
                "write the year too, as YYYY-MM-DD, e.g. `2027-05-01`",
                "请写上年份，格式为 YYYY-MM-DD，如 `2027-05-01`"
            ),
        ),
        _ => Verdict::Fine,
    }
}
