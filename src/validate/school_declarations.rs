//! E043: what a school route must declare — `safety`, `guardianship`, `insurance`,
//! `objectives`, `group` and `staff` (the 2016 guideline 《关于推进中小学生研学旅行的意见》
//! and LB/T 054: a safety plan, supervision of minors, insurance and learning aims for every
//! trip). A route is a school route when its audience names a grade.

use crate::diag::{Diagnostic, Pos, Text, codes};
use crate::model::{Route, Site};
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in site.routes.iter().filter(|r| r.is_school()) {
        for (field, what, help) in missing(route) {
            diags.push(
                Diagnostic::new(
                    codes::SCHOOL_ROUTE_UNDECLARED,
                    &route.file,
                    Pos::START,
                    text!(
                        "a school route needs `{field}`",
                        "学校线路必须写 `{field}`（{what}）"
                    ),
                )
                .with_help(help),
            );
        }
    }
}

/// The declarations `route` lacks: the field, what it is in Chinese, and what to write.
fn missing(route: &Route) -> Vec<(&'static str, &'static str, Text)> {
    let blank = super::blank;
    [
        (
            "safety",
            blank(&route.safety),
            "安全防控措施",
            text!(
                "add `safety:` with the safety plan: risks, who is responsible, what to do in an emergency (Markdown)",
                "加上 `safety:`，写明安全预案：有哪些风险、谁负责、突发情况怎样处置（可用 Markdown）"
            ),
        ),
        (
            "guardianship",
            blank(&route.guardianship),
            "未成年人监护办法",
            text!(
                "add `guardianship:` saying how the students are supervised, e.g. `guardianship: 每 10 名学生 1 名带队老师，全程点名`",
                "加上 `guardianship:`，写明怎样看护学生，如 `guardianship: 每 10 名学生 1 名带队老师，全程点名`"
            ),
        ),
        (
            "insurance",
            route.insurance.is_empty(),
            "保险",
            text!(
                "add `insurance:` with the policies, e.g. `insurance: [旅游意外险, 校方责任险]`",
                "加上 `insurance:`，列出所投保险，如 `insurance: [旅游意外险, 校方责任险]`"
            ),
        ),
        (
            "objectives",
            route.objectives.is_empty(),
            "研学目标",
            text!(
                "add `objectives:`, a list of what the students will learn",
                "加上 `objectives:`，列出学生将学到什么"
            ),
        ),
        (
            "group",
            route.group.is_none(),
            "团队人数",
            text!(
                "add `group:` with the group size, e.g. `group: {{ min: 20, max: 45 }}`",
                "加上 `group:`，写明团队人数，如 `group: {{ min: 20, max: 45 }}`"
            ),
        ),
        (
            "staff",
            route.staff.is_none(),
            "工作人员",
            text!(
                "add `staff:` with how many of each role, e.g. `staff: {{ 项目组长: 1, 安全员: 1, 研学导师: 2, 带队老师: 3 }}`",
                "加上 `staff:`，写明各角色人数，如 `staff: {{ 项目组长: 1, 安全员: 1, 研学导师: 2, 带队老师: 3 }}`"
            ),
        ),
    ]
    .into_iter()
    .filter(|(_, is_missing, _, _)| *is_missing)
    .map(|(field, _, what, help)| (field, what, help))
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
