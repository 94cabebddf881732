//! E044: a school route short of staff (LB/T 054: a 项目组长, a 安全员 and a 研学导师 for
//! every group, and 带队老师 in proportion to the students — the content format counts one per
//! `rules.students_per_teacher` of `group.max`, rounded up).

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::text;

/// Every role `staff` may name, as the content format spells them.
const ROLES: &str = "`项目组长`, `安全员`, `研学导师`, `导游`, `带队老师`";
const ROLES_ZH: &str = "`项目组长`、`安全员`、`研学导师`、`导游`、`带队老师`";

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    let students_per_teacher = site.config.rules.students_per_teacher;
    for route in site.routes.iter().filter(|r| r.is_school()) {
        // Without `staff` or `group` there is nothing to count; E043 says they are missing.
        let (Some(staff), Some(group)) = (&route.staff, &route.group) else {
            continue;
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
                let students = group.value.max;
                let message = if role == "带队老师" {
                    text!(
                        "`{role}`: {have}, but at least {need} needed (⌈{students} students ÷ {students_per_teacher}⌉)",
                        "`{role}` 只有 {have} 人，至少需要 {need} 人（⌈{students} 名学生 ÷ {students_per_teacher}⌉）"
                    )
                } else {
                    text!(
                        "`{role}`: {have}, but at least {need} needed",
                        "`{role}` 只有 {have} 人，至少需要 {need} 人"
                    )
                };
                diags.push(
                    Diagnostic::new(codes::TOO_FEW_STAFF, &route.file, staff.pos, message)
                        .with_help(text!(
                            "set `{role}: {need}` under `staff` (its roles are {ROLES})",
                            "在 `staff` 下写 `{role}: {need}`（可写的角色：{ROLES_ZH}）"
                        )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::TOO_FEW_STAFF;
    use crate::validate::test_site::*;

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
        assert_eq!(got, vec![(TOO_FEW_STAFF, 7), (TOO_FEW_STAFF, 7)]);
    }

    #[test]
    fn teachers_round_up() {
        // 41 students need ⌈41 ÷ 20⌉ = 3 teachers.
        let r = route("", STOPS).replace("max: 40", "max: 41");
        let got = diagnostics(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].message,
            "`带队老师`: 2, but at least 3 needed (⌈41 students ÷ 20⌉)"
        );
        assert_eq!(
            got[0].message.zh(),
            "`带队老师` 只有 2 人，至少需要 3 人（⌈41 名学生 ÷ 20⌉）"
        );
        assert!(
            got[0]
                .help
                .as_ref()
                .unwrap()
                .en()
                .contains("`研学导师`, `导游`"),
            "{got:?}"
        );
    }
}
