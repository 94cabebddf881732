//! Audiences: school grades (`小学`, `小学4-6`, `初中2`, `初中1-2`, `高中`) and the other groups
//! (`亲子` families, `银龄` seniors, `公众` everyone). Grades are numbered 1–12 across stages
//! (`初中2` is the 8th school year) so that nesting is a range check.

use std::fmt;

use crate::diag::Text;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Audience {
    /// School years `from..=to`, 1–12.
    Grades {
        from: u8,
        to: u8,
    },
    Family,
    Senior,
    Public,
}

/// School stages and their years (public: docs/ must name each one).
pub const STAGES: [(&str, u8, u8); 3] = [("小学", 1, 6), ("初中", 7, 9), ("高中", 10, 12)];
/// The audiences that are not school grades.
pub const OTHERS: [(&str, Audience); 3] = [
    ("亲子", Audience::Family),
    ("银龄", Audience::Senior),
    ("公众", Audience::Public),
];
/// Every audience name, for did-you-mean.
const NAMES: [&str; 6] = ["小学", "初中", "高中", "亲子", "银龄", "公众"];
const ALLOWED_EN: &str = "Audiences are `小学` `初中` `高中` (with grades if needed: `小学4-6`, `初中2`), `亲子`, `银龄` and `公众`.";
const ALLOWED_ZH: &str =
    "受众可写 `小学` `初中` `高中`（需要时加年级：`小学4-6`、`初中2`）、`亲子`、`银龄`、`公众`。";

/// The error for several audiences typed as one value (`初中，高中`): saying a stage "has grades
/// 1–3" would send the editor after the wrong mistake.
fn run_together(value: &str) -> (Text, Text) {
    let parts: Vec<&str> = value
        .split(RUN_TOGETHER)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let list = parts.join(", ");
    (
        text!(
            "`{value}` looks like several audiences run together in one value",
            "`{value}` 像是把几个受众写成了一个值"
        ),
        text!(
            "write each audience as its own item, separated by an ASCII comma: `[{list}]`",
            "每个受众单独一项，用半角逗号分隔：`[{list}]`"
        ),
    )
}

/// What separates several values when an editor types them as one: the full-width comma and
/// the enumeration comma of Chinese text, semicolons, and a plain comma inside quotes.
const RUN_TOGETHER: [char; 5] = ['，', '、', ',', '；', ';'];

impl Audience {
    pub fn parse(value: &str) -> Result<Audience, (Text, Text)> {
        if let Some((_, a)) = OTHERS.iter().find(|(name, _)| *name == value) {
            return Ok(*a);
        }
        if value.contains(RUN_TOGETHER) {
            return Err(run_together(value));
        }
        for (stage, first, last) in STAGES {
            let Some(rest) = value.strip_prefix(stage) else {
                continue;
            };
            let len = last - first + 1;
            if rest.is_empty() {
                return Ok(Audience::Grades {
                    from: first,
                    to: last,
                });
            }
            let grade = |s: &str| {
                s.parse::<u8>()
                    .ok()
                    .filter(|g| (1..=len).contains(g))
                    .ok_or_else(|| {
                        (
                            text!(
                                "`{value}` is not an audience: `{stage}` has grades 1–{len}",
                                "`{value}` 不是有效的受众：{stage}只有 1–{len} 年级"
                            ),
                            text!(
                                "write the grades as `{stage}1-{len}`, or `{stage}` alone for all of them",
                                "年级写成 `{stage}1-{len}` 这样的范围；整个学段直接写 `{stage}`"
                            ),
                        )
                    })
            };
            let (a, b) = match rest.split_once('-') {
                Some((a, b)) => (grade(a)?, grade(b)?),
                None => (grade(rest)?, grade(rest)?),
            };
            if a > b {
                return Err((
                    text!(
                        "`{value}`: the grade range must ascend",
                        "`{value}`：年级范围要从低到高"
                    ),
                    text!("write `{stage}{b}-{a}`", "改写成 `{stage}{b}-{a}`"),
                ));
            }
            return Ok(Audience::Grades {
                from: first + a - 1,
                to: first + b - 1,
            });
        }
        let help = crate::diag::did_you_mean(value, NAMES).map_or_else(
            || Text::new(ALLOWED_EN, ALLOWED_ZH),
            |s| {
                text!(
                    "did you mean `{s}`? {ALLOWED_EN}",
                    "是不是想写 `{s}`？{ALLOWED_ZH}"
                )
            },
        );
        Err((
            text!("`{value}` is not an audience", "`{value}` 不是有效的受众"),
            help,
        ))
    }

    pub fn is_school(self) -> bool {
        matches!(self, Audience::Grades { .. })
    }

    /// Whether everyone in `other` is also in `self` (`小学` covers `小学4-6`).
    pub fn covers(self, other: Audience) -> bool {
        match (self, other) {
            (Audience::Grades { from, to }, Audience::Grades { from: f, to: t }) => {
                from <= f && t <= to
            }
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Audience::Family => f.write_str("亲子"),
            Audience::Senior => f.write_str("银龄"),
            Audience::Public => f.write_str("公众"),
            Audience::Grades { from, to } => {
                let stage_of = |g: u8| STAGES.iter().find(|(_, a, b)| (*a..=*b).contains(&g));
                match (stage_of(from), stage_of(to)) {
                    (Some(&(name, first, last)), Some(&(name2, ..))) if name == name2 => {
                        if from == first && to == last {
                            write!(f, "{name}")
                        } else if from == to {
                            write!(f, "{name}{}", from - first + 1)
                        } else {
                            write!(f, "{name}{}-{}", from - first + 1, to - first + 1)
                        }
                    }
                    _ => {
                        // Spans stages (only built, never written): name both ends.
                        let one = |g: u8| Audience::Grades { from: g, to: g }.to_string();
                        write!(f, "{}–{}", one(from), one(to))
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parsing_and_nesting() {
        let p = |s| Audience::parse(s).unwrap();
        assert_eq!(p("初中2"), Audience::Grades { from: 8, to: 8 });
        assert_eq!(p("小学4-6"), Audience::Grades { from: 4, to: 6 });
        assert!(p("小学").covers(p("小学4-6")));
        assert!(p("小学4-6").covers(p("小学5")));
        assert!(!p("小学5").covers(p("小学4-6")));
        assert!(!p("初中").covers(p("高中1")));
        assert!(p("亲子").covers(p("亲子")) && !p("亲子").covers(p("银龄")));
        assert!(p("高中1-2").is_school() && !p("银龄").is_school());
        for bad in ["小学7", "初中3-1", "大学", "初中 2", "小学0", ""] {
            assert!(Audience::parse(bad).is_err(), "{bad}");
        }
        let help = Audience::parse("亲字").unwrap_err().1;
        assert!(help.en().starts_with("did you mean `亲子`?"), "{help:?}");
        assert!(help.zh().starts_with("是不是想写 `亲子`？"), "{help:?}");
        assert!(help.en().contains("`银龄`"), "{help:?}");
        let (message, help) = Audience::parse("小学4-7").unwrap_err();
        assert_eq!(message.zh(), "`小学4-7` 不是有效的受众：小学只有 1–6 年级");
        assert!(help.en().contains("`小学1-6`"), "{help:?}");
    }

    #[test]
    fn several_audiences_typed_as_one_are_called_that() {
        for value in ["初中，高中", "初中、高中", "初中,高中", "初中；高中"] {
            let (message, help) = Audience::parse(value).unwrap_err();
            assert!(message.en().contains("several audiences"), "{message:?}");
            assert!(!message.contains("grades"), "{message:?}");
            assert!(help.en().ends_with("`[初中, 高中]`"), "{help:?}");
            assert!(help.zh().contains("半角逗号"), "{help:?}");
        }
    }

    proptest! {
        #[test]
        fn display_round_trips(s in "(小学|初中|高中)([1-6](-[1-6])?)?|亲子|银龄|公众") {
            if let Ok(a) = Audience::parse(&s) {
                prop_assert_eq!(Audience::parse(&a.to_string()).unwrap(), a);
            }
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,6}") {
            let _ = Audience::parse(&s);
        }
    }
}
