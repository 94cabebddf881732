//! Checks on a route as a whole: what a school trip must declare (LB/T 054 and the 2016
//! guideline), staffing ratios, lodging for multi-day trips, the places it may visit, audience
//! fit and learning time per day.

use jiff::civil::Date;

use crate::diag::{Diagnostic, Pos};
use crate::model::{Route, Site, Status, StopKind};

pub(super) fn check_route(site: &Site, route: &Route, today: Date, diags: &mut Vec<Diagnostic>) {
    let file = route.file.as_path();
    let rules = &site.config.rules;
    if route.days.len() > 1 && route.lodging.as_deref().is_none_or(|l| l.trim().is_empty()) {
        diags.push(
            Diagnostic::error(
                "E042",
                file,
                route.days_pos,
                format!("a {}-day route needs `lodging`", route.days.len()),
            )
            .with_help("say where the group sleeps and how it is supervised (男女分楼层, 查房)"),
        );
    }
    if route.is_school() {
        check_school(route, rules.students_per_teacher, diags);
    }
    let audience: Vec<_> = route.audience.iter().map(|a| a.value).collect();
    for (d, day) in route.days.iter().enumerate() {
        let mut learning = 0;
        for stop in &day.stops {
            learning += stop.learning_minutes.unwrap_or(0);
            let StopKind::Visit { place, at_pos, .. } = &stop.what else {
                continue;
            };
            let Some(place) = site.places.get(*place) else {
                continue;
            };
            match place.status {
                Status::Closed | Status::UnderConstruction => diags.push(
                    Diagnostic::error(
                        "E034",
                        file,
                        *at_pos,
                        format!("{} is {}", place.name, place.status.name()),
                    )
                    .with_help("a route may only visit places that are open"),
                ),
                Status::ByArrangement => diags.push(
                    Diagnostic::warning(
                        "W004",
                        file,
                        *at_pos,
                        format!("{} is open by arrangement only", place.name),
                    )
                    .with_help(
                        "make sure the visit is arranged, or mention the place in the text instead",
                    ),
                ),
                Status::Open => {}
            }
            if !place.audience.is_empty() {
                for a in &audience {
                    if !place.audience.iter().any(|p| p.covers(*a)) {
                        let listed: Vec<String> =
                            place.audience.iter().map(ToString::to_string).collect();
                        diags.push(
                            Diagnostic::warning(
                                "W003",
                                file,
                                *at_pos,
                                format!("{} does not list the audience {a}", place.name),
                            )
                            .with_help(format!("the place lists {}", listed.join("、"))),
                        );
                    }
                }
            }
        }
        if route.complete && route.is_school() && learning < rules.min_learning_minutes_per_day {
            let pos = day.stops.first().map_or(route.days_pos, |s| s.pos);
            diags.push(
                Diagnostic::warning(
                    "W002",
                    file,
                    pos,
                    format!(
                        "day {} has {learning} learning minutes (at least {} expected)",
                        d + 1,
                        rules.min_learning_minutes_per_day
                    ),
                )
                .with_help("give the stops `learning_minutes`, or plan a learning activity"),
            );
        }
    }
    super::check_stale(site, file, route.verified.as_ref(), today, diags);
}

/// A school route needs its safety plan, supervision, insurance, objectives and LB/T 054 staff.
fn check_school(route: &Route, students_per_teacher: u32, diags: &mut Vec<Diagnostic>) {
    let file = route.file.as_path();
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    let missing = [
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
    ];
    for (field, is_missing, example) in missing {
        if is_missing {
            diags.push(
                Diagnostic::error(
                    "E043",
                    file,
                    Pos::START,
                    format!("a school route needs `{field}`"),
                )
                .with_help(format!("add `{field}:` ({example})")),
            );
        }
    }
    let (Some(staff), Some(group)) = (&route.staff, &route.group) else {
        return;
    };
    let needed_teachers = group.value.max.div_ceil(students_per_teacher);
    let roles = [
        ("项目组长", staff.value.leader, 1),
        ("安全员", staff.value.safety_officer, 1),
        ("研学导师", staff.value.tutor, 1),
        ("带队老师", staff.value.teacher, needed_teachers),
    ];
    for (role, have, need) in roles {
        if have < need {
            let why = if role == "带队老师" {
                format!(" (⌈{} students ÷ {students_per_teacher}⌉)", group.value.max)
            } else {
                String::new()
            };
            diags.push(
                Diagnostic::error(
                    "E044",
                    file,
                    staff.pos,
                    format!("{role}: {have}, but at least {need} needed{why}"),
                )
                .with_help(format!("set `{role}: {need}` under `staff`")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_site::*;

    #[test]
    fn good_route_passes() {
        let r = route("", STOPS);
        assert_eq!(
            codes(&site(&[
                ("bases/museum", MUSEUM),
                ("bases/lab", LAB),
                ("routes/r", &r)
            ])),
            vec![]
        );
    }

    #[test]
    fn school_route_needs_its_declarations() {
        let r = "---\ntitle: t\nsummary: s\naudience: [初中]\ndays:\n  - stops:\n      - { do: 参观, arrive: \"09:00\", leave: \"10:00\", learning_minutes: 60 }\n  - stops:\n      - { do: 参观, arrive: \"09:00\", leave: \"10:00\", learning_minutes: 10 }\n";
        let got = codes(&site(&[("routes/r", r)]));
        assert_eq!(got.iter().filter(|c| c.0 == "E043").count(), 6, "{got:?}");
        assert!(
            got.contains(&("E042", 6)) && got.contains(&("W002", 9)),
            "{got:?}"
        );
    }

    #[test]
    fn staffing_follows_group_size() {
        let r = route("", STOPS)
            .replace("带队老师: 2", "带队老师: 1")
            .replace("安全员: 1, ", "");
        let got = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(got, vec![("E044", 7), ("E044", 7)]);
    }

    #[test]
    fn audience_and_status_of_visited_places() {
        let lab = format!("{LAB}status: by_arrangement\n");
        let r = route("", STOPS).replace("audience: [小学4-6]", "audience: [小学4-6, 亲子]");
        let got = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", &lab),
            ("routes/r", &r),
        ]));
        assert_eq!(got, vec![("W003", 15), ("W003", 17), ("W004", 17)]);
        let closed = format!("{LAB}status: closed\n");
        let got = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", &closed),
            ("routes/r", &route("", STOPS)),
        ]));
        assert_eq!(got, vec![("E034", 17)]);
    }
}
