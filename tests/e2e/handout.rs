//! The printed handout: every shipped route printed to A4 PDF in Chromium (WebDriver print,
//! default margins) and read back with poppler's pdfinfo and pdftotext. A teacher hands this
//! paper out, so the page count, what page 1 holds, rows that never split and the parent slip
//! (回执) at the end are what is checked.

use std::process::Command;

use fantoccini::Client;
use fantoccini::wd::{PrintConfiguration, PrintSize};

use crate::browser::{Session, open_site, pdf_text, wait_for_text};
use crate::harness::SiteTest;

/// Prints the open page to A4 with the WebDriver's default margins.
async fn print_a4(client: &Client) -> Vec<u8> {
    let config = PrintConfiguration::builder()
        .size(PrintSize::A4)
        .build()
        .unwrap();
    let pdf = client.print(config).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    pdf
}

/// A printed PDF kept on disk for poppler's tools.
struct Printed {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

impl Printed {
    fn new(pdf: &[u8]) -> Printed {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("handout.pdf");
        std::fs::write(&path, pdf).unwrap();
        Printed { _dir: dir, path }
    }

    /// The page count, from pdfinfo's "Pages:" line.
    fn pages(&self) -> usize {
        let out = Command::new("pdfinfo")
            .arg(&self.path)
            .output()
            .expect("pdfinfo is missing: run .ci/run, which installs poppler-utils");
        let info = String::from_utf8_lossy(&out.stdout).into_owned();
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no page count in pdfinfo's output:\n{info}"))
    }

    /// The text of one page (1-based), in reading order.
    fn page_text(&self, page: usize) -> String {
        self.text(&["-f", &page.to_string(), "-l", &page.to_string()])
    }

    /// The text of every page, laid out as printed (columns side by side).
    fn layout_text(&self) -> String {
        self.text(&["-layout"])
    }

    /// The text of one page laid out as printed: lines read left to right, top to bottom.
    fn page_layout_text(&self, page: usize) -> String {
        self.text(&["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
    }

    fn text(&self, args: &[&str]) -> String {
        let out = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .args(args)
            .arg(&self.path)
            .arg("-")
            .output()
            .expect("pdftotext is missing: run .ci/run, which installs poppler-utils");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// The shipped routes' ids, from the content folder.
fn shipped_routes() -> Vec<String> {
    let dir = crate::harness::repo_root().join("content/routes");
    let mut ids: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            let id = name.strip_suffix(".md")?;
            (!id.starts_with('_')).then(|| id.to_string())
        })
        .collect();
    ids.sort();
    ids
}

/// Text without any whitespace: pdftotext breaks lines where the paper does.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The most pages a route of `days` days may print on: a one-day route two sheets, each more
/// day one more.
fn page_budget(days: usize) -> usize {
    days + 1
}

/// What a route page says (read from its screen parts, which the handout prints again): each
/// timeline row's time, place and activity, each table row's cells, its meeting line and the
/// roles of its contacts.
#[derive(Debug, serde::Deserialize)]
struct RouteOnScreen {
    days: usize,
    stops: Vec<[String; 3]>,
    rows: Vec<Vec<String>>,
    meeting: Option<String>,
    roles: Vec<String>,
    blanks: usize,
    /// Each heading with the start of what follows it (a day's first stop time).
    headings: Vec<[String; 2]>,
}

async fn route_on_screen(client: &Client) -> RouteOnScreen {
    let found = client
        .execute(
            r#"
            const text = el => el ? el.textContent.trim() : '';
            const own = el => el ? [...el.childNodes].filter(n => n.nodeType === 3 || n.tagName === 'A')
                .map(n => n.textContent).join('').trim() : '';
            const meeting = document.querySelector('#sec-meeting');
            return {
              days: document.querySelectorAll('section.day').length,
              stops: [...document.querySelectorAll('.stop')].map(s => [
                text(s.querySelector('.stop-time')), own(s.querySelector('.stop-name')),
                text(s.querySelector('.stop-name ~ p:not(.learn)'))]),
              rows: [...document.querySelectorAll('.route tbody tr')].map(r =>
                [...r.children].map(text).filter(t => t && t !== '—')),
              meeting: meeting ? text(meeting.nextElementSibling) : null,
              roles: [...document.querySelectorAll('.contacts .role')].map(text),
              blanks: document.querySelectorAll('.handout-contacts .blank').length,
              headings: [...document.querySelectorAll('.route h2, .route h3')]
                .filter(h => h.nextElementSibling)
                .map(h => [text(h), text(h.nextElementSibling).replace(/\s/g, '').slice(0, 6)]),
            };"#,
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Opens `path` and prints it.
async fn print_route(session: &Session, path: &str) -> Printed {
    let client = &session.client;
    client.goto(&session.server.url(path)).await.unwrap();
    wait_for_text(client, "the route page", |t| t.contains("线路概览")).await;
    Printed::new(&print_a4(client).await)
}

/// The slip's labels, in the order a parent fills them in.
const SLIP_FIELDS: [&str; 9] = [
    "线路",
    "出发日期",
    "学生姓名",
    "班级",
    "监护人",
    "联系电话",
    "过敏或身体情况说明",
    "监护人签字",
    "日期",
];

/// The printed slip: what follows the cut line on the last page, which must hold the labels in
/// order and end the handout.
fn slip_of(last_page: &str) -> String {
    let text = squeeze(last_page);
    let cut = text
        .rfind('✂')
        .unwrap_or_else(|| panic!("no cut line on the last page:\n{last_page}"));
    let slip = &text[cut..];
    let mut rest = slip;
    for label in ["回执"].iter().chain(SLIP_FIELDS.iter()) {
        let at = rest
            .find(label)
            .unwrap_or_else(|| panic!("the slip lacks {label} in its place:\n{last_page}"));
        rest = &rest[at + label.len()..];
    }
    assert_eq!(
        rest, "",
        "the slip is not the last thing printed:\n{last_page}"
    );
    slip.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_shipped_route_prints_as_a_short_handout_with_the_slip_last() {
    let site = SiteTest::shipped();
    let session = open_site(&site).await;
    let routes = shipped_routes();
    assert_eq!(routes.len(), 5, "{routes:?}");
    let mut counts = Vec::new();
    for id in &routes {
        let path = format!("/routes/{id}/");
        session
            .client
            .goto(&session.server.url(&path))
            .await
            .unwrap();
        wait_for_text(&session.client, "the route page", |t| {
            t.contains("线路概览")
        })
        .await;
        let route = route_on_screen(&session.client).await;
        let printed = print_route(&session, &path).await;
        let pages = printed.pages();
        counts.push(format!("{id}: {} days, {pages} pages", route.days));
        assert!(route.days >= 1, "{id}: no day on the page");
        assert!(
            pages <= page_budget(route.days),
            "{id}: a {}-day route prints on {pages} A4 pages, more than {}",
            route.days,
            page_budget(route.days)
        );
        let page_texts: Vec<String> = (1..=pages)
            .map(|n| squeeze(&printed.page_text(n)))
            .collect();

        // Page 1: meeting time and place, whom to call, the QR code.
        let first = &page_texts[0];
        let meeting = route
            .meeting
            .as_deref()
            .unwrap_or_else(|| panic!("{id}: no meeting"));
        for part in meeting.split('·') {
            assert!(
                first.contains(&squeeze(part)),
                "{id}: page 1 lacks the meeting's {part}:\n{first}"
            );
        }
        for wanted in ["紧急联系", "急救120", "报警110", "扫码查看最新线路信息"] {
            assert!(
                first.contains(wanted),
                "{id}: page 1 lacks {wanted}:\n{first}"
            );
        }
        for role in &route.roles {
            assert!(
                first.contains(role.as_str()),
                "{id}: page 1 lacks the contact {role}"
            );
        }
        // Shipped contacts have no phone yet: each gets a line to write one on.
        assert_eq!(
            first.matches("电话：").count(),
            route.roles.len(),
            "{id}: every contact gets a phone or a line for one:\n{first}"
        );
        assert_eq!(route.blanks, route.roles.len(), "{id}");

        // No timeline row splits: a stop's time, place and activity share one page.
        for [time, name, activity] in &route.stops {
            let together = page_texts.iter().any(|p| {
                p.contains(&squeeze(time))
                    && p.contains(&squeeze(name))
                    && p.contains(&squeeze(activity))
            });
            assert!(
                together,
                "{id}: the stop {time} {name} is split across pages"
            );
        }
        // No heading ends a page: where what follows a printed heading is printed, the heading is
        // on that page too (the story and other screen-only parts are not printed at all).
        let printed_anywhere = |t: &str| page_texts.iter().any(|p| p.contains(t));
        let mut checked = 0;
        for [heading, next] in &route.headings {
            let (heading, next) = (squeeze(heading), squeeze(next));
            if next.is_empty() || !printed_anywhere(&heading) || !printed_anywhere(&next) {
                continue;
            }
            checked += 1;
            assert!(
                page_texts
                    .iter()
                    .any(|p| p.contains(&heading) && p.contains(&next)),
                "{id}: the heading {heading} is parted from what follows it ({next})"
            );
        }
        assert!(
            checked >= route.days + 5,
            "{id}: only {checked} headings checked"
        );
        // Nor is a heading the last line of a page.
        for page in 1..pages {
            let layout = printed.page_layout_text(page);
            let last = layout.lines().rev().map(str::trim).find(|l| !l.is_empty());
            let last = last.unwrap_or_default();
            assert!(
                !route
                    .headings
                    .iter()
                    .any(|[h, _]| squeeze(h) == squeeze(last)),
                "{id}: page {page} ends with the heading {last}"
            );
        }
        // No table row splits: a row's cells share one page.
        assert!(!route.rows.is_empty(), "{id}: no table rows");
        for row in &route.rows {
            let together = page_texts
                .iter()
                .any(|p| row.iter().all(|cell| p.contains(&squeeze(cell))));
            assert!(
                together,
                "{id}: the table row {row:?} is split across pages"
            );
        }

        // The slip is last, on the last page, its date blank: these routes have several departures.
        let slip = slip_of(&printed.page_layout_text(pages));
        assert!(
            !slip.contains("2027-"),
            "{id}: a date filled in although the route has several:\n{slip}"
        );

        // No navigation chrome, no forms, no link addresses.
        let all = printed.layout_text();
        for unwanted in [
            "跳到正文",
            "如何预约",
            "首页",
            "生成日历文件",
            "下载路线数据",
            "在地图中打开",
            "线路故事",
        ] {
            assert!(
                !all.contains(unwanted),
                "{id}: the handout shows {unwanted}:\n{all}"
            );
        }
    }
    eprintln!("handout pages: {}", counts.join("; "));
    session.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_route_prints_as_a_handout_without_navigation() {
    let site = SiteTest::shipped();
    let session = open_site(&site).await;
    let client = &session.client;
    client
        .goto(&session.server.url("/routes/wulong-karst-2day/"))
        .await
        .unwrap();
    wait_for_text(client, "the route page", |t| t.contains("武隆喀斯特")).await;
    let text = pdf_text(&print_a4(client).await);
    for wanted in [
        "武隆喀斯特两日地理研学",
        "第 1 天",
        "第 2 天",
        "天生三桥",
        "集合",
        "安全须知",
        "携带物品",
        "研学任务单",
        "扫码查看最新线路信息",
    ] {
        assert!(text.contains(wanted), "the handout lacks {wanted}:\n{text}");
    }
    // What it leaves off (navigation, forms, downloads) is checked on every route above.
    session.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_departure_is_filled_in_and_a_contact_without_phone_gets_a_line() {
    let site = SiteTest::fixture("minimal");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{config}\nemergency:\n  - {{ name: 急救, phone: \"120\" }}\n  - {{ name: 山地救援, phone: \"0000-1234567\" }}\n"),
    );
    let route = "content/routes/dino-day.md";
    let text = std::fs::read_to_string(site.root().join(route)).unwrap();
    site.write(
        route,
        &text.replace(
            "verified: 2026-11-01",
            "departures: [2027-04-13]\ncontacts:\n  - { role: 领队, name: 王老师, phone: \"13800000000\" }\n  - { role: 安全员 }\nverified: 2026-11-01",
        ),
    );
    let session = open_site(&site).await;
    let printed = print_route(&session, "/routes/dino-day/").await;
    let pages = printed.pages();
    assert!(pages <= page_budget(1), "{pages} pages");
    let first = squeeze(&printed.page_text(1));
    for wanted in [
        "集合08:30·学校",
        "领队王老师电话：13800000000",
        "安全员电话：",
        "急救120",
        "山地救援0000-1234567",
    ] {
        assert!(first.contains(wanted), "page 1 lacks {wanted}:\n{first}");
    }
    // The one departure is written into the slip, after its label.
    let slip = slip_of(&printed.page_layout_text(pages));
    assert!(slip.contains("线路恐龙一日"), "{slip}");
    assert!(
        slip.contains("出发日期2027-04-13（周二）学生姓名"),
        "{slip}"
    );
    session.close().await;
}
