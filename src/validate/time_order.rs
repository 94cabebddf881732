//! E030: the times of a day in order (the content format): every stop leaves at or after it
//! arrives, arrives no earlier than the previous stop leaves, and day 1 starts no earlier than
//! the meeting time.

use crate::diag::{Diagnostic, codes};
use crate::model::Site;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for route in &site.routes {
        let file = route.file.as_path();
        for day in &route.days {
            let mut prev_leave = None;
            for stop in &day.stops {
                if stop.leave.value < stop.arrive.value {
                    diags.push(
                        Diagnostic::new(
                            codes::TIMES_OUT_OF_ORDER,
                            file,
                            stop.leave.pos,
                            format!(
                                "leaves at {} before arriving at {}",
                                stop.leave.value, stop.arrive.value
                            ),
                        )
                        .with_help("`leave` must be at or after `arrive`"),
                    );
                }
                if let Some(prev) = prev_leave
                    && stop.arrive.value < prev
                {
                    diags.push(
                        Diagnostic::new(
                            codes::TIMES_OUT_OF_ORDER,
                            file,
                            stop.arrive.pos,
                            format!(
                                "arrives at {} before the previous stop ends ({prev})",
                                stop.arrive.value
                            ),
                        )
                        .with_help("stops are listed in time order"),
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
            diags.push(Diagnostic::new(
                codes::TIMES_OUT_OF_ORDER,
                file,
                first.arrive.pos,
                format!(
                    "the first stop starts at {} before the meeting time {}",
                    first.arrive.value, meeting.value
                ),
            ));
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
