//! The route page's date planner (`planner.js`) against the build's own date rule
//! (`yanxue::model::run_dates::route_on`): for every route of the shipped site and of generated
//! sites, every start date of a whole year is judged by both, the Rust side on the site modelled
//! as `yanxue check` models it, the page's side in Chromium on the page `yanxue serve` renders;
//! verdict, reason and each stop's status must be the same. Also: without JS the section still
//! says when the route runs and its fixed departures.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use jiff::ToSpan;
use jiff::civil::{Date, date};
use yanxue::model::run_dates::{ClosedBecause, RunVerdict, route_on};
use yanxue::model::{Route, Site};

use crate::browser::{open_site, wait_for_text};
use crate::harness::{Rng, SiteTest};

/// The site at `root`, loaded and modelled the way `check` and `serve` do (drafts kept, as
/// `serve` keeps them).
fn modelled(root: &Path) -> Site {
    let loaded = yanxue::load::load_site(root).unwrap();
    yanxue::model::build_site(loaded.config, loaded.documents).0
}

/// Every date from `from` to `to`, both included.
fn dates(from: Date, to: Date) -> Vec<Date> {
    let mut out = vec![from];
    while let Some(&last) = out.last().filter(|d| **d < to) {
        out.push(last.checked_add(1.day()).unwrap());
    }
    out
}

/// One line per verdict, in the shape the page's is written in below: `reason ok months`, then
/// each stop as `day/stop place date status [details]`.
fn rust_line(site: &Site, route: &Route, start: Date) -> String {
    let v = route_on(site, route, start);
    let mut line = format!("{} {}", v.reason(), v.is_ok());
    match &v {
        RunVerdict::OffWeekday(w) => {
            line += &format!(" false wd{}", yanxue::model::time::weekday_index(*w));
        }
        RunVerdict::Runs {
            outside_months,
            stops,
        } => {
            line += &format!(" {outside_months}");
            for s in stops {
                let status = s.closed.as_ref().map_or("open", ClosedBecause::code);
                line += &format!(" | {}/{} {} {} {status}", s.day, s.stop, s.place.id, s.date);
                match &s.closed {
                    Some(ClosedBecause::Closure(c)) => {
                        line += &format!(
                            " {}..{} {}",
                            c.from,
                            c.to,
                            c.reason.as_deref().unwrap_or("")
                        );
                    }
                    Some(ClosedBecause::WeeklyClosed(w)) => {
                        line += &format!(" wd{}", yanxue::model::time::weekday_index(*w));
                    }
                    Some(ClosedBecause::NoGroupsOnHoliday) | None => {}
                }
            }
        }
    }
    line
}

/// The page's verdicts for `arguments[0]` (dates), written as [`rust_line`] writes them.
const PAGE_LINES: &str = r#"
return arguments[0].map(function (d) {
  var v = window.yanxuePlanner.verdict(d);
  var line = v.reason + " " + v.ok + " " + v.months;
  if (v.reason === "weekday") line += " wd" + v.weekday;
  v.stops.forEach(function (s) {
    line += " | " + s.day + "/" + s.stop + " " + s.place + " " + s.date + " " + s.status;
    if (s.status === "closure") line += " " + s.from + ".." + s.to + " " + (s.note || "");
    if (s.status === "weekly") line += " wd" + s.weekday;
  });
  return line;
});
"#;

/// What the comparison saw: route-days compared, and the reasons and stop statuses met.
#[derive(Default)]
struct Seen {
    route_days: usize,
    reasons: BTreeSet<String>,
    statuses: BTreeSet<String>,
}

/// Serves the site in `t`, opens each of its routes and compares every date of `windows` (for
/// the routes `leap` names, the leap year 2028 too) between the Rust rule and the page.
async fn compare_site(t: &SiteTest, leap: bool, seen: &mut Seen) {
    let site = modelled(t.root());
    assert!(!site.routes.is_empty());
    let mut days = dates(date(2027, 1, 1), date(2027, 12, 31));
    if leap {
        days.extend(dates(date(2028, 1, 1), date(2028, 12, 31)));
    }
    let strings: Vec<String> = days.iter().map(ToString::to_string).collect();
    let session = open_site(t).await;
    let (client, server) = (&session.client, &session.server);
    for route in &site.routes {
        client
            .goto(&server.url(&format!("/{}/", route.id)))
            .await
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(15);
        while client
            .execute("return !!window.yanxuePlanner;", vec![])
            .await
            .unwrap()
            != serde_json::json!(true)
        {
            assert!(
                Instant::now() < deadline,
                "{}: no planner on the page",
                route.id
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let page = client
            .execute(PAGE_LINES, vec![serde_json::json!(strings)])
            .await
            .unwrap();
        let page: Vec<String> = serde_json::from_value(page).unwrap();
        assert_eq!(page.len(), days.len());
        for (start, page_line) in days.iter().zip(&page) {
            let rust = rust_line(&site, route, *start);
            assert_eq!(
                page_line, &rust,
                "{} starting {start}: the page (left) and the build (right) disagree",
                route.id
            );
            seen.reasons
                .insert(rust.split(' ').next().unwrap().to_string());
            for stop in rust.split(" | ").skip(1) {
                seen.statuses
                    .insert(stop.split(' ').nth(3).unwrap().to_string());
            }
        }
        seen.route_days += days.len();
    }
    // With the script, the last route's fixed departures are dates to pick instead of text.
    if let Some(route) = site.routes.last() {
        let got = client
            .execute(
                r##"return [document.getElementById("planner-static").hidden,
        Array.from(document.querySelectorAll("#planner-departure-list button")).map(b => b.textContent)];"##,
                vec![],
            )
            .await
            .unwrap();
        let shown: Vec<String> = serde_json::from_value(got[1].clone()).unwrap();
        assert_eq!(shown.len(), route.departures.len(), "{got}");
        assert_eq!(
            got[0],
            serde_json::json!(!route.departures.is_empty()),
            "{got}"
        );
        for (button, d) in shown.iter().zip(&route.departures) {
            let (month, day) = (d.value.month(), d.value.day());
            assert!(
                button.contains(&format!("{month}月{day}日（")),
                "{button} for {}",
                d.value
            );
        }
    }
    session.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_planner_agrees_with_the_build_on_every_day_of_a_year_on_the_shipped_site() {
    let t = SiteTest::shipped();
    let mut seen = Seen::default();
    compare_site(&t, false, &mut seen).await;
    eprintln!(
        "shipped site: {} route-days compared; reasons {:?}, stop statuses {:?}",
        seen.route_days, seen.reasons, seen.statuses
    );
    let routes = modelled(t.root()).routes.len();
    assert!(routes >= 5, "{routes} routes");
    assert_eq!(seen.route_days, routes * 365);
    // The shipped routes meet every verdict in a year.
    for reason in ["ok", "weekday", "closed", "months"] {
        assert!(seen.reasons.contains(reason), "{:?}", seen.reasons);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_planner_agrees_with_the_build_on_every_day_of_a_year_on_generated_sites() {
    let mut seen = Seen::default();
    let mut routes = 0;
    for seed in 0..3u64 {
        let t = generated_site(seed);
        routes += modelled(t.root()).routes.len();
        // The first site is also judged over 2028, a leap year.
        compare_site(&t, seed == 0, &mut seen).await;
    }
    eprintln!(
        "generated sites: {} route-days compared; reasons {:?}, stop statuses {:?}",
        seen.route_days, seen.reasons, seen.statuses
    );
    assert!(routes >= 9, "{routes} routes");
    assert!(
        seen.route_days >= routes * 365 + 3 * 366,
        "{}",
        seen.route_days
    );
    for reason in ["ok", "weekday", "closed", "months"] {
        assert!(seen.reasons.contains(reason), "{:?}", seen.reasons);
    }
    for status in ["open", "closure", "weekly", "holiday"] {
        assert!(seen.statuses.contains(status), "{:?}", seen.statuses);
    }
}

/// A date between 2026-12-01 and 2028-12-31.
fn random_date(rng: &mut Rng) -> Date {
    date(2026, 12, 1)
        .checked_add((rng.below(761) as i64).days())
        .unwrap()
}

/// A set of weekday names, each in with `percent` chance, never empty.
fn random_weekdays(rng: &mut Rng, percent: u64) -> Vec<&'static str> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut set: Vec<&str> = NAMES
        .iter()
        .copied()
        .filter(|_| rng.chance(percent))
        .collect();
    if set.is_empty() {
        set.push(NAMES[rng.below(7)]);
    }
    set
}

/// A small site from `seed`: places with random weekly hours, closures (one across a year end,
/// one over 2028-02-29), holiday rules, and routes (drafts, so `serve` shows them whatever the
/// build thinks of their dates) with random weekdays, months and one to three days.
fn generated_site(seed: u64) -> SiteTest {
    let mut rng = Rng(seed.wrapping_mul(7919).wrapping_add(15));
    let t = SiteTest::fixture("minimal");
    std::fs::remove_dir_all(t.root().join("content")).unwrap();
    // Holidays: random dates, plus the ends of the years and a leap day, so rules meet them.
    let mut holidays: BTreeSet<Date> = (0..14).map(|_| random_date(&mut rng)).collect();
    holidays.extend([date(2027, 1, 1), date(2027, 12, 31), date(2028, 2, 29)]);
    let holidays: Vec<String> = holidays.iter().map(ToString::to_string).collect();
    t.write(
        "site.yaml",
        &format!(
            "title: 生成站点 {seed}\nbase_url: https://test.example.org\nlanguage: zh-CN\ntheme: default\nregion:\n  name: 测试\n  bbox: {{ south: 28.16, west: 105.18, north: 32.22, east: 110.19 }}\n  districts: [北碚区]\nholidays: [{}]\n",
            holidays.join(", ")
        ),
    );
    let places = 5;
    for p in 0..places {
        let mut text = format!(
            "---\nname: 地点{p}\ndistrict: 北碚区\nlocation: {{ lat: {:.4}, lon: {:.4} }}\n",
            29.80 + 0.004 * p as f64,
            106.40 + 0.004 * p as f64
        );
        if !rng.chance(20) {
            text += "hours:\n";
            for _ in 0..1 + rng.below(2) {
                let days = random_weekdays(&mut rng, 70).join(",");
                text += &format!("  - {{ days: \"{days}\", open: \"08:00\", close: \"18:00\" }}\n");
            }
        }
        let mut closures = Vec::new();
        for _ in 0..rng.below(3) {
            let from = random_date(&mut rng);
            let to = from.checked_add((rng.below(40) as i64).days()).unwrap();
            closures.push((from, to));
        }
        match p {
            0 => closures.push((date(2027, 12, 27), date(2028, 1, 4))),
            1 => closures.push((date(2028, 2, 28), date(2028, 3, 1))),
            _ => {}
        }
        if !closures.is_empty() {
            text += "closures:\n";
            for (i, (from, to)) in closures.iter().enumerate() {
                let reason = if i % 2 == 0 { ", reason: 检修" } else { "" };
                text += &format!("  - {{ from: {from}, to: {to}{reason} }}\n");
            }
        }
        if rng.chance(50) {
            text += "open_on_holidays: true\n";
        }
        match rng.below(3) {
            0 => text += "groups_on_holidays: false\n",
            1 => text += "groups_on_holidays: true\n",
            _ => {}
        }
        t.write(
            &format!("content/bases/place{p}.md"),
            &format!("{text}---\n"),
        );
    }
    for r in 0..3 {
        let mut text = format!(
            "---\ntitle: 线路{r}\nsummary: 生成的线路。\ndraft: true\naudience: [小学4-6]\ngroup: {{ min: 20, max: 40 }}\nstaff: {{ 项目组长: 1, 安全员: 1, 研学导师: 1, 带队老师: 2 }}\nsafety: 分组活动。\nguardianship: 每 20 名学生 1 名老师。\ninsurance: [旅游意外险]\nobjectives: [观察]\nmeeting: {{ name: 学校, location: {{ lat: 29.83, lon: 106.43 }}, time: \"08:00\" }}\n"
        );
        if !rng.chance(20) {
            text += &format!("runs_on: [{}]\n", random_weekdays(&mut rng, 50).join(", "));
        }
        if rng.chance(70) {
            let months: Vec<String> = (1..=12)
                .filter(|_| rng.chance(50))
                .map(|m: u32| m.to_string())
                .collect();
            if !months.is_empty() {
                text += &format!("months: [{}]\n", months.join(", "));
            }
        }
        text += "days:\n";
        for _ in 0..1 + rng.below(3) {
            text += "  - stops:\n";
            let mut hour = 9;
            if rng.chance(30) {
                text += &format!(
                    "      - {{ do: 集合讲解, arrive: \"{hour:02}:00\", leave: \"{hour:02}:30\" }}\n"
                );
                hour += 1;
            }
            for _ in 0..1 + rng.below(2) {
                let place = rng.below(places);
                text += &format!(
                    "      - {{ at: bases/place{place}, by: coach, arrive: \"{hour:02}:00\", leave: \"{:02}:00\" }}\n",
                    hour + 1
                );
                hour += 3;
            }
        }
        t.write(
            &format!("content/routes/route{r}.md"),
            &format!("{text}---\n"),
        );
    }
    t
}

#[test]
fn without_js_the_planner_section_says_when_the_route_runs_and_its_departures() {
    let t = SiteTest::shipped();
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = t.read_output("routes/beibei-dino-forest/index.html");
    let section = html
        .split("<h2 id=\"sec-dates\">")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("the planner section");
    // What shows without a script: the text before the part the script reveals.
    let (shown, scripted) = section.split_once("<div class=\"planner-ui\"").unwrap();
    assert!(
        shown.contains("线路在周二至周五出发，适宜月份：3、4、5、9、10、11 月。"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "已排定的出发日期：2027-04-14（周三）、2027-05-13（周四）、2027-10-20（周三）。"
        ),
        "{shown}"
    );
    assert!(
        scripted.starts_with(" id=\"planner-ui\" hidden>"),
        "{scripted}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_picked_date_shows_each_stop_and_feeds_the_calendar_form() {
    let t = SiteTest::fixture("minimal");
    let session = open_site(&t).await;
    let (client, server) = (&session.client, &session.server);
    client.goto(&server.url("/routes/dino-day/")).await.unwrap();
    wait_for_text(client, "the planner", |t| t.contains("接下来可行的日期")).await;
    let pick = r##"
var input = document.getElementById("planner-date");
input.value = arguments[0];
input.dispatchEvent(new Event("change"));
var out = document.getElementById("planner-verdict");
return [Array.from(out.querySelectorAll("p, li")).map(e => e.textContent),
        document.getElementById("calendar-start").value,
        document.querySelectorAll("#planner-next button").length];
"##;
    // 2027-04-13 is a Tuesday: the route runs, the museum (closed on Mondays) is open.
    let got = client
        .execute(pick, vec![serde_json::json!("2027-04-13")])
        .await
        .unwrap();
    assert_eq!(
        got,
        serde_json::json!([
            [
                "可以出行：各站当天开放。",
                "第 1 天 4月13日（周二） · 自然博物馆：开放"
            ],
            "2027-04-13",
            5
        ])
    );
    // 2027-04-12 is a Monday: the route doesn't start then.
    let got = client
        .execute(pick, vec![serde_json::json!("2027-04-12")])
        .await
        .unwrap();
    assert_eq!(
        got[0],
        serde_json::json!(["线路不在周一出发（开行日：周二、周三、周四、周五）。"])
    );
    // A date typed into the calendar form is judged by the planner too.
    let got = client
        .execute(
            r#"var cal = document.getElementById("calendar-start");
cal.value = "2027-04-14";
cal.dispatchEvent(new Event("change"));
return [document.getElementById("planner-date").value,
        document.getElementById("planner-verdict").querySelector("li").textContent];"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        got,
        serde_json::json!(["2027-04-14", "第 1 天 4月14日（周三） · 自然博物馆：开放"])
    );
    // The first of the next good dates, clicked: it is picked and judged good.
    let got = client
        .execute(
            r##"document.querySelector("#planner-next button").click();
return [document.getElementById("planner-date").value,
        document.querySelector("#planner-verdict p").textContent];"##,
            vec![],
        )
        .await
        .unwrap();
    let picked = got[0].as_str().unwrap();
    assert_eq!(picked.len(), 10, "{got}");
    assert_eq!(got[1], serde_json::json!("可以出行：各站当天开放。"));
    session.close().await;
}

#[test]
fn a_place_that_takes_no_groups_on_holidays_says_so_on_its_page() {
    let t = SiteTest::fixture("minimal");
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = t.read_output("bases/museum/index.html");
    assert!(!before.contains("节假日不接待团队"), "{before}");

    let museum = std::fs::read_to_string(t.root().join("content/bases/museum.md")).unwrap();
    t.write(
        "content/bases/museum.md",
        &museum.replacen("verified:", "groups_on_holidays: false\nverified:", 1),
    );
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = t.read_output("bases/museum/index.html");
    assert!(
        after.contains("<p><strong>节假日不接待团队。</strong>研学团队请避开节假日。</p>"),
        "{after}"
    );
}
