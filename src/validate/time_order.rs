//! E030: the times of a day in order (the content format): every stop leaves at or after it
//! arrives, arrives no earlier than the previous stop leaves, and day 1 starts no earlier than
//! the meeting time.

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::text;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in &site.routes {
        let file = route.file.as_path();
        for day in &route.days {
            let mut prev_leave = None;
            for stop in &day.stops {
                let (arrive, leave) = (stop.arrive.value, stop.leave.value);
                if leave < arrive {
                    diags.push(
                        Diagnostic::new(
                            codes::TIMES_OUT_OF_ORDER,
                            file,
                            stop.leave.pos,
                            text!(
                                "leaves at {leave}, before it arrives at {arrive}",
                                "离开时间 {leave} 早于到达时间 {arrive}"
                            ),
                        )
                        .with_help(text!(
                            "`leave` is at or after `arrive`: are the two swapped?",
                            "`leave` 不能早于 `arrive`：是不是两个时间写反了？"
                        )),
                    );
                }
                if let Some(prev) = prev_leave
                    && arrive < prev
                {
                    diags.push(
                        Diagnostic::new(
                            codes::TIMES_OUT_OF_ORDER,
                            file,
                            stop.arrive.pos,
                            text!(
                                "arrives at {arrive}, before the previous stop ends at {prev}",
                                "到达时间 {arrive} 早于上一站的离开时间 {prev}"
                            ),
                        )
                        .with_help(text!(
                            "list the stops in time order, and let each start after the previous one ends",
                            "站点按时间先后排列，每一站在上一站结束之后开始"
                        )),
                    );
                }
                prev_leave = Some(stop.leave.value);
            }
        }
        if let (Some(meeting), Some(first)) = (
            route.meeting.as_ref().and_then(|m| m.time.as_ref()),
            route.days.first().and_then(|d| d.stops.first()),
        ) && first.arrive.value < meeting.value
        {
            let (arrive, meeting) = (first.arrive.value, meeting.value);
            diags.push(
                Diagnostic::new(
                    codes::TIMES_OUT_OF_ORDER,
                    file,
                    first.arrive.pos,
                    text!(
                        "the first stop starts at {arrive}, before the meeting time {meeting}",
                        "第一站 {arrive} 开始，早于集合时间 {meeting}"
                    ),
                )
                .with_help(text!(
                    "make `meeting.time` earlier, or the first stop later",
                    "把 `meeting` 的 `time` 提前，或把第一站推后"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::TIMES_OUT_OF_ORDER;
    use crate::validate::test_site::*;

    #[test]
    fn times_in_order() {
        let stops = STOPS
            .replace("leave: \"11:00\"", "leave: \"08:50\"")
            .replace("arrive: \"12:20\"", "arrive: \"11:50\"");
        assert_eq!(
            route_codes("", &stops),
            vec![(TIMES_OUT_OF_ORDER, 15), (TIMES_OUT_OF_ORDER, 17)]
        );
    }

    #[test]
    fn day_one_starts_after_the_meeting() {
        let r = route("", STOPS).replace("time: \"08:30\"", "time: \"09:10\"");
        let got = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert!(got.contains(&(TIMES_OUT_OF_ORDER, 15)), "{got:?}");
    }
}
