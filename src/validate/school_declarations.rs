//! E043: what a school route must declare — `safety`, `guardianship`, `insurance`,
//! `objectives`, `group` and `staff` (the 2016 guideline 《关于推进中小学生研学旅行的意见》
//! and LB/T 054: a safety plan, supervision of minors, insurance and learning aims for every
//! trip). A route is a school route when its audience names a grade.

use crate::diag::{Diagnostic, Pos, codes};
use crate::model::{Route, Site};

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in site.routes.iter().filter(|r| r.is_school()) {
        for (field, example) in missing(route) {
            diags.push(
                Diagnostic::new(
                    codes::SCHOOL_ROUTE_UNDECLARED,
                    &route.file,
                    Pos::START,
                    format!("a school route needs `{field}`"),
                )
                .with_help(format!("add `{field}:` ({example})")),
            );
        }
    }
}

/// The declarations `route` lacks, each with an example of what to write.
fn missing(route: &Route) -> Vec<(&'static str, &'static str)> {
    let blank = super::blank;
    [
        ("safety", blank(&route.safety), "安全防控措施 (Markdown)"),
        (
            "guardianship",
            blank(&route.guardianship),
            "未成年人监护办法",
        ),
        (
            "insurance",
            route.insurance.is_empty(),
            "e.g. [旅游意外险, 校方责任险]",
        ),
        (
            "objectives",
            route.objectives.is_empty(),
            "what students will learn",
        ),
        ("group", route.group.is_none(), "{ min: 20, max: 45 }"),
        (
            "staff",
            route.staff.is_none(),
            "{ 项目组长: 1, 安全员: 1, 研学导师: 2, 带队老师: 3 }",
        ),
    ]
    .into_iter()
    .filter(|(_, is_missing, _)| *is_missing)
    .map(|(field, _, example)| (field, example))
    .collect()
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::{LEARNING_TIME_SHORT, NO_LODGING, SCHOOL_ROUTE_UNDECLARED};
    use crate::validate::test_site::*;

    #[test]
    fn school_route_needs_its_declarations() {
        let r = r#"---
title: t
summary: s
audience: [初中]
days:
  - stops:
      - { do: 参观, arrive: "09:00", leave: "10:00", learning_minutes: 60 }
  - stops:
      - { do: 参观, arrive: "09:00", leave: "10:00", learning_minutes: 10 }
"#;
        let got = codes(&site(&[("routes/r", r)]));
        assert_eq!(
            got.iter()
                .filter(|c| c.0 == SCHOOL_ROUTE_UNDECLARED)
                .count(),
            6,
            "{got:?}"
        );
        assert!(
            got.iter()
                .all(|c| c.0 != SCHOOL_ROUTE_UNDECLARED || c.1 == 1),
            "{got:?}"
        );
        // The same route is also short of lodging and, on day 2, of learning time.
        assert!(
            got.contains(&(NO_LODGING, 6)) && got.contains(&(LEARNING_TIME_SHORT, 9)),
            "{got:?}"
        );
    }

    #[test]
    fn other_routes_need_none() {
        let r = r#"---
title: t
summary: s
audience: [亲子]
days:
  - stops:
      - { do: 参观, arrive: "09:00", leave: "10:00" }
"#;
        assert_eq!(codes(&site(&[("routes/r", r)])), vec![]);
    }
}
