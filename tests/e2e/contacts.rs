//! Reaching people from the page: phones and emails of route contacts and places become
//! `tel:` / `mailto:` links (text as written, targets normalised in Rust), every row of a
//! route's booking table links somewhere (booking page, else website, else phone, else the
//! place page's reservation section), and at 390 px no table of a shipped route page is wider
//! than the screen: rows stack as label：value lines.

use fantoccini::Locator;

use crate::browser::open_site_as;
use crate::harness::SiteTest;

/// A place of the fixture's route, near the others (no travel-time warning), that must be
/// booked; `extra` adds its contact lines.
fn place(name: &str, lat: f64, extra: &str) -> String {
    format!(
        "---\nname: {name}\ndistrict: 北碚区\nlocation: {{ lat: {lat}, lon: 106.415 }}\naudience: [小学]\n{extra}verified: 2026-11-01\n---\n"
    )
}

/// The minimal site with a route through four places that must be booked, each knowing less
/// about booking than the one before, and contacts with phones and emails.
fn contacts_site() -> SiteTest {
    let t = SiteTest::fixture("minimal");
    t.write(
        "content/bases/museum.md",
        &place(
            "自然博物馆",
            29.824,
            "reservation: { required: true, how: 微信公众号实名预约, url: \"https://book.example.org/museum\", lead_days: 1 }\nphone: \"023-6123 4567、+86 23 6765 4321\"\nemail: office@example.org\nwebsite: https://museum.example.org\n",
        ),
    );
    t.write(
        "content/bases/lab.md",
        &place(
            "实验室",
            29.825,
            "reservation: { required: true, how: 公函预约 }\nwebsite: https://lab.example.org\nphone: \"023-6000 0001\"\n",
        ),
    );
    t.write(
        "content/bases/hall.md",
        &place(
            "展览馆",
            29.826,
            "reservation: { required: true, how: 电话预约 }\nphone: \"400-123-4567（团队）\"\n",
        ),
    );
    t.write(
        "content/bases/garden.md",
        &place(
            "植物园",
            29.827,
            "reservation: { required: true, how: 现场登记 }\n",
        ),
    );
    let stop = |at: &str, arrive: &str, leave: &str| {
        format!(
            "      - {{ at: bases/{at}, by: walk, arrive: \"{arrive}\", leave: \"{leave}\", learning_minutes: 60 }}\n"
        )
    };
    t.write(
        "content/routes/dino-day.md",
        &format!(
            r#"---
title: 恐龙一日
summary: 看恐龙。
audience: [小学4-6]
runs_on: [tue-fri]
group: {{ min: 20, max: 40 }}
staff: {{ 项目组长: 1, 安全员: 1, 研学导师: 1, 带队老师: 2 }}
safety: 分组活动。
guardianship: 每 20 名学生 1 名老师。
insurance: [旅游意外险]
objectives: [认识化石]
meeting: {{ name: 学校, location: {{ lat: 29.823, lon: 106.415 }}, time: "08:30" }}
contacts:
  - {{ role: 项目组长, name: 张老师, phone: "138 0000 0000 / 023-6123 4567", email: zhang@example.org }}
  - {{ role: 安全员, name: 李老师 }}
days:
  - stops:
{}{}{}{}verified: 2026-11-01
---
"#,
            stop("museum", "09:00", "10:00"),
            stop("lab", "10:20", "11:20"),
            stop("hall", "11:40", "12:40"),
            stop("garden", "13:00", "14:00"),
        ),
    );
    t
}

/// The `(href, text)` of each `<a class="booking-link …">` of a page, in order.
fn booking_links(html: &str) -> Vec<(String, String)> {
    html.split("class=\"booking-link")
        .skip(1)
        .map(|rest| {
            let href = rest
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let text = rest.split('>').nth(1).unwrap().split("</a").next().unwrap();
            (href.to_string(), text.to_string())
        })
        .collect()
}

#[test]
fn phones_emails_and_booking_rows_are_links() {
    let t = contacts_site();
    let built = t.build();
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(
        !built.stderr.contains("W009") && !built.stderr.contains("W010"),
        "{}",
        built.stderr
    );

    let route = t.read_output("routes/dino-day/index.html");
    // Two numbers, each its own link, the separator and the text as written.
    assert!(
        route.contains(
            r#"<span class="phone"><a href="tel:13800000000">138 0000 0000</a> / <a href="tel:02361234567">023-6123 4567</a></span>"#
        ),
        "{route}"
    );
    assert!(route.contains(r#"<a href="mailto:zhang@example.org">zhang@example.org</a>"#));
    // A contact without a phone has no empty link.
    assert!(!route.contains(r#"href="tel:""#) && !route.contains(r#"href="""#));

    // Booking rows in route order: booking page, website, phone, the place page's section.
    assert_eq!(
        booking_links(&route),
        [
            (
                "https://book.example.org/museum".to_string(),
                "在线预约".to_string()
            ),
            ("https://lab.example.org".to_string(), "官网".to_string()),
            (
                "tel:4001234567".to_string(),
                "400-123-4567（团队）".to_string()
            ),
            (
                "/bases/garden/#sec-reservation".to_string(),
                "预约说明".to_string()
            ),
        ]
    );
    assert!(
        !route.contains(r#"<td data-label="链接">—"#),
        "a dead link cell"
    );
    let garden = t.read_output("bases/garden/index.html");
    assert!(
        garden.contains(r#"id="sec-reservation""#),
        "the booking link's target"
    );

    let museum = t.read_output("bases/museum/index.html");
    for href in [
        r#"<a href="tel:02361234567">023-6123 4567</a>"#,
        r#"<a href="tel:+862367654321">+86 23 6765 4321</a>"#,
        r#"<a href="mailto:office@example.org">office@example.org</a>"#,
    ] {
        assert!(museum.contains(href), "{href} in\n{museum}");
    }
}

#[test]
fn a_phone_that_cant_be_dialled_shows_as_written_without_a_link() {
    let t = contacts_site();
    t.write(
        "content/bases/hall.md",
        &place(
            "展览馆",
            29.826,
            "reservation: { required: true, how: 电话预约 }\nphone: \"400-123-xxxx\"\nemail: hall＠example.org\n",
        ),
    );
    let built = t.build();
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(built.stderr.contains("[W009]"), "{}", built.stderr);
    assert!(built.stderr.contains("[W010]"), "{}", built.stderr);
    let hall = t.read_output("bases/hall/index.html");
    assert!(
        hall.contains(r#"<dd class="phone">400-123-xxxx</dd>"#),
        "{hall}"
    );
    assert!(
        hall.contains(r#"<dd class="email">hall＠example.org</dd>"#),
        "{hall}"
    );
    // Its booking row falls back to the place page, not to a number no one can call.
    let route = t.read_output("routes/dino-day/index.html");
    assert_eq!(
        booking_links(&route)[2],
        (
            "/bases/hall/#sec-reservation".to_string(),
            "预约说明".to_string()
        )
    );
}

/// At 390×844, no shipped route or place page is wider than the screen, nor any of its table
/// wrappers; table rows are stacked. On a wide screen the
/// same tables are real tables again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_table_is_cut_off_on_a_phone() {
    let site = SiteTest::shipped();
    let mut pages: Vec<String> = std::fs::read_dir(site.root().join("content/routes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md") && n != "_index.md")
        .map(|n| format!("/routes/{}/", n.trim_end_matches(".md")))
        .collect();
    pages.sort();
    assert!(pages.len() >= 5, "{pages:?}");
    let routes = pages.len();
    // Place pages render tables too (hours, prices).
    for section in ["bases", "spots"] {
        for e in std::fs::read_dir(site.root().join("content").join(section)).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".md") && name != "_index.md" {
                pages.push(format!("/{section}/{}/", name.trim_end_matches(".md")));
            }
        }
    }
    let session = open_site_as(&site, Some((390, 844))).await;
    let (client, server) = (&session.client, &session.server);
    let measure = r#"
        const doc = document.documentElement;
        const wraps = [...document.querySelectorAll('.table-wrap')];
        return {
            doc: [doc.scrollWidth, doc.clientWidth],
            wraps: wraps.map(w => [w.scrollWidth, w.clientWidth]),
            rows: [...document.querySelectorAll('.table-wrap tbody tr')].map(r => getComputedStyle(r).display),
            labels: [...document.querySelectorAll('.table-wrap td')].map(td => getComputedStyle(td, '::before').content),
        };"#;
    let mut tables = 0;
    for page in &pages {
        client.goto(&server.url(page)).await.unwrap();
        client.find(Locator::Css("h1")).await.unwrap();
        let m = client.execute(measure, vec![]).await.unwrap();
        let pair = |v: &serde_json::Value| (v[0].as_u64().unwrap(), v[1].as_u64().unwrap());
        let (scroll, width) = pair(&m["doc"]);
        assert!(
            scroll <= width,
            "{page}: the page is {scroll} px wide on a {width} px screen"
        );
        assert_eq!(width, 390, "{page}");
        for w in m["wraps"].as_array().unwrap() {
            let (scroll, width) = pair(w);
            assert!(
                scroll <= width,
                "{page}: a table of {scroll} px in {width} px"
            );
            tables += 1;
        }
        for display in m["rows"].as_array().unwrap() {
            assert_eq!(display, "block", "{page}: rows stack on a phone");
        }
        for label in m["labels"].as_array().unwrap() {
            let label = label.as_str().unwrap();
            assert!(
                label.ends_with("：\"") && label.len() > 4,
                "{page}: cell label {label}"
            );
        }
    }
    assert!(
        tables > routes,
        "every shipped route has a staff table: {tables}"
    );
    session.close().await;

    // Wide, a table is a table (its semantics for screen readers).
    let session = open_site_as(&site, None).await;
    let (client, server) = (&session.client, &session.server);
    client.goto(&server.url(&pages[0])).await.unwrap();
    client.find(Locator::Css("h1")).await.unwrap();
    let display = client
        .execute(
            "return [...document.querySelectorAll('.table-wrap tbody tr')].map(r => getComputedStyle(r).display);",
            vec![],
        )
        .await
        .unwrap();
    let display = display.as_array().unwrap();
    assert!(!display.is_empty());
    assert!(display.iter().all(|d| d == "table-row"), "{display:?}");
    session.close().await;
}
