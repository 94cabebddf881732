//! Audiences: school grades (`小学`, `小学4-6`, `初中2`, `初中1-2`, `高中`) and the other groups
//! (`亲子` families, `银龄` seniors, `公众` everyone). Grades are numbered 1–12 across stages
//! (`初中2` is the 8th school year) so that nesting is a range check.

use std::fmt;

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

impl Audience {
    pub fn parse(text: &str) -> Result<Audience, (String, String)> {
        if let Some((_, a)) = OTHERS.iter().find(|(name, _)| *name == text) {
            return Ok(*a);
        }
        let names = || {
            "audiences are 小学 初中 高中 (optionally with grades: 小学4-6, 初中2), 亲子, 银龄, 公众".to_string()
        };
        for (stage, first, last) in STAGES {
            let Some(rest) = text.strip_prefix(stage) else {
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
                            format!("`{text}`: {stage} has grades 1–{len}"),
                            format!("for example `{stage}1-{len}`"),
                        )
                    })
            };
            let (a, b) = match rest.split_once('-') {
                Some((a, b)) => (grade(a)?, grade(b)?),
                None => (grade(rest)?, grade(rest)?),
            };
            if a > b {
                return Err((
                    format!("`{text}`: the grade range must ascend"),
                    format!("write `{stage}{b}-{a}`"),
                ));
            }
            return Ok(Audience::Grades {
                from: first + a - 1,
                to: first + b - 1,
            });
        }
        let all = ["小学", "初中", "高中", "亲子", "银龄", "公众"];
        let help = crate::diag::did_you_mean(text, all)
            .map_or_else(names, |s| format!("did you mean `{s}`?"));
        Err((format!("`{text}` is not an audience"), help))
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
        assert_eq!(
            Audience::parse("亲字").unwrap_err().1,
            "did you mean `亲子`?"
        );
        assert_eq!(
            Audience::parse("小学4-7").unwrap_err().1,
            "for example `小学1-6`"
        );
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
