//! Tests of the typing scan: each mistake class found at its line and column, fixed where
//! the fix is certain, left with advice where it isn't, and nothing found in valid files.
// Test code only: `typing/mod.rs` declares it as `#[cfg(test)] mod tests;`.
#![cfg(test)]
use super::*;

/// (line, column, code, help in English) of each finding, and the text with every certain
/// edit applied.
fn run(text: &str) -> (Vec<(usize, usize, &'static str, String)>, String) {
    let findings = scan(text, Path::new("x.md"));
    let shown = findings
        .iter()
        .map(|f| {
            let d = &f.diagnostic;
            (
                d.pos.line,
                d.pos.column,
                d.code.id(),
                d.help
                    .as_ref()
                    .map(|h| h.en().to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let edits: Vec<&Edit> = findings.iter().flat_map(|f| &f.edits).collect();
    (shown, apply(text, &edits))
}

fn fixed(text: &str) -> String {
    run(text).1
}

fn codes_of(text: &str) -> Vec<(usize, &'static str)> {
    run(text).0.into_iter().map(|(l, _, c, _)| (l, c)).collect()
}

#[test]
fn a_full_width_colon_after_a_key_is_found_and_fixed() {
    let (found, out) = run("---\ndistrict：观山湖区\nname: x\n");
    assert_eq!(
        found,
        vec![(2, 9, "E060", "write `district: 观山湖区`".to_string())]
    );
    assert_eq!(out, "---\ndistrict: 观山湖区\nname: x\n");
    assert_eq!(fixed("hours：\n  - days: mon\n"), "hours:\n  - days: mon\n");
    assert_eq!(fixed("a： b\n"), "a: b\n");
    assert_eq!(fixed("a：\u{3000}b\n"), "a: b\n");
    // In a list item only a key of the format counts: `- 注意：带水` is text.
    assert_eq!(
        fixed("stops:\n  - at：bases/a\n"),
        "stops:\n  - at: bases/a\n"
    );
    assert!(codes_of("bring:\n  - 注意：带水\n").is_empty());
}

#[test]
fn full_width_punctuation_inside_text_is_text() {
    for ok in [
        "name: 地质，古生物博物馆\n",
        "name: 重庆：山城\n",
        "title: “长江”的故事\n",
        "title: 【精品】长江研学\n",
        "note: （暂停开放）\n",
        "summary: \"a：b，c\"\n",
        "summary: 'a，b'\n",
        "safety: |\n  - 行前：说明会，\n  - 【注意】\n",
        "safety: >-\n  a，b\n  c：d\n",
        "# 注释：a，b\nname: x # 注：a，b\n",
        "summary:\n  很长的文字：说明\n",
        "designations: [全国科普教育基地, 研学基地（2017年首批）]\n",
        "during: [读“喀斯特”一节, 晚间讨论：如何兼顾]\n",
        "price: { student: 0, note: 预约参观，免费；以公告为准 }\n",
        "reservation: { how: 预约，电话：123 }\n",
        "objectives: [观察岩层，理解沉积, 认识化石]\n",
        "designations: [遗产（喀斯特，2007年）, 国家5A级景区]\n",
        "subjects: [遗产（喀斯特，2007年）, 国家5A级景区]\n",
        "open: \"9点\"\n",
    ] {
        assert_eq!(codes_of(ok), vec![], "{ok}");
    }
}

#[test]
fn separators_in_a_flow_list_are_found_and_fixed() {
    let (found, out) = run("subjects: [地质，古生物、岩溶；化学]\n");
    assert_eq!(
        found,
        vec![(
            1,
            14,
            "E060",
            "write `subjects: [地质, 古生物, 岩溶, 化学]`".to_string()
        )]
    );
    assert_eq!(out, "subjects: [地质, 古生物, 岩溶, 化学]\n");
    assert_eq!(fixed("a: [x， y]\n"), "a: [x, y]\n");
    // Beside ASCII commas, a full-width one in a list of terms is a mistake, but which was
    // meant is not certain.
    let (found, out) = run("subjects: [地质，古生物, 岩溶]\n");
    assert_eq!(found.len(), 1);
    assert!(found[0].3.contains("ASCII comma"), "{found:?}");
    assert_eq!(out, "subjects: [地质，古生物, 岩溶]\n");
    // Over several lines, and in a mapping before the next key.
    assert_eq!(
        fixed("audience: [初中，\n  高中]\nname: x\n"),
        "audience: [初中,\n  高中]\nname: x\n"
    );
    assert_eq!(
        fixed("group: { min: 20，max：40 }\n"),
        "group: { min: 20, max: 40 }\n"
    );
    assert_eq!(
        fixed("staff: { 项目组长：1，安全员: 2 }\n"),
        "staff: { 项目组长: 1, 安全员: 2 }\n"
    );
}

#[test]
fn brackets_quotes_and_parentheses() {
    assert_eq!(
        fixed("subjects: 【地质，古生物】\n"),
        "subjects: [地质, 古生物]\n"
    );
    assert_eq!(fixed("name: “科技馆”\n"), "name: \"科技馆\"\n");
    assert_eq!(fixed("name: ‘科技馆’ # c\n"), "name: \"科技馆\" # c\n");
    assert_eq!(fixed("a: [“x”, ‘y’]\n"), "a: [\"x\", \"y\"]\n");
    assert_eq!(fixed("name: “a\"b”\n"), "name: 'a\"b'\n");
    let (found, out) = run("audience: （初中，高中）\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].2, "E060");
    assert!(found[0].3.contains("`audience: [初中, 高中]`"), "{found:?}");
    assert_eq!(out, "audience: （初中，高中）\n");
}

#[test]
fn tabs_and_ideographic_spaces() {
    let (found, out) = run(
        "hours:\n\t- days: mon\n  \u{3000}open: \"09:00\"\n  - days: tue\n   \u{3000}open: x\n",
    );
    assert_eq!(
        found
            .iter()
            .map(|(l, c, code, _)| (*l, *c, *code))
            .collect::<Vec<_>>(),
        vec![(2, 1, "E063"), (3, 3, "E063"), (5, 4, "E063")]
    );
    assert_eq!(
        found[0].3,
        "indent with spaces only (2 here): `  - days: mon`"
    );
    // An ideographic space looks two wide, and here it lines up so; there, one.
    assert_eq!(
        out,
        "hours:\n  - days: mon\n    open: \"09:00\"\n  - days: tue\n    open: x\n"
    );
    // Nothing around says how deep: said, not fixed.
    let (found, out) = run("a: 1\n\t\tb: 2\n");
    assert_eq!(found.len(), 1);
    assert!(found[0].3.contains("as deep as"), "{found:?}");
    assert_eq!(out, "a: 1\n\t\tb: 2\n");
    assert_eq!(fixed("name:\u{3000}重庆\n"), "name: 重庆\n");
    assert_eq!(fixed("name: \u{3000}重庆\n"), "name: 重庆\n");
    assert_eq!(fixed("a:\n  -\u{3000}x\n"), "a:\n  - x\n");
    // The file's own step: four spaces here.
    assert_eq!(fixed("a:\n    b: 1\n\tc: 2\n"), "a:\n    b: 1\n    c: 2\n");
    // A tab after the key is YAML's own whitespace.
    assert!(codes_of("a:\tb\n").is_empty());
}

#[test]
fn times_in_time_fields() {
    for (bad, good) in [
        ("9点", "\"09:00\""),
        ("9点30", "\"09:30\""),
        ("9点30分", "\"09:30\""),
        ("9点半", "\"09:30\""),
        ("9时", "\"09:00\""),
        ("上午9时", "\"09:00\""),
        ("下午2点", "\"14:00\""),
        ("晚上8点", "\"20:00\""),
        ("中午12点", "\"12:00\""),
        ("9:00", "\"09:00\""),
        ("9：00", "\"09:00\""),
        ("９：００", "\"09:00\""),
        ("１７:３０", "\"17:30\""),
    ] {
        let text = format!("hours:\n  - days: mon\n    open: {bad}\n");
        let (found, out) = run(&text);
        assert_eq!(found.len(), 1, "{bad}: {found:?}");
        let code = if bad.contains(['点', '时']) || !bad.contains(['９', '１']) {
            "E061"
        } else {
            "E064"
        };
        assert_eq!((found[0].0, found[0].1, found[0].2), (3, 11, code), "{bad}");
        assert_eq!(found[0].3, format!("write `open: {good}`"), "{bad}");
        assert_eq!(out, format!("hours:\n  - days: mon\n    open: {good}\n"));
    }
    // Uncertain: said, not fixed.
    for unsure in ["晚上12点", "上午13点", "25点"] {
        let (found, out) = run(&format!("arrive: {unsure}\n"));
        assert_eq!(found.len(), 1, "{unsure}");
        assert_eq!(found[0].2, "E061");
        assert!(found[0].3.contains("24-hour"), "{found:?}");
        assert_eq!(out, format!("arrive: {unsure}\n"));
    }
    for fine in ["09:00", "\"9点\"", "24:00", "tue-sun", "集合后出发"] {
        assert!(codes_of(&format!("leave: {fine}\n")).is_empty(), "{fine}");
    }
    // Only in fields that hold a time, and never under `extra`.
    assert!(codes_of("title: 9点\n").is_empty());
    assert!(codes_of("extra:\n  open: 9点\n").is_empty());
    assert_eq!(
        fixed("meeting: { name: x, time: 7点半 }\n"),
        "meeting: { name: x, time: \"07:30\" }\n"
    );
}

#[test]
fn dates_in_date_fields() {
    for (bad, good) in [
        ("2027/5/1", "2027-05-01"),
        ("2027.5.1", "2027-05-01"),
        ("2027-5-1", "2027-05-01"),
        ("2027年5月1日", "2027-05-01"),
        ("２０２７-０５-０１", "2027-05-01"),
    ] {
        let (found, out) = run(&format!("verified: {bad}\n"));
        let code = if bad.starts_with('２') {
            "E064"
        } else {
            "E062"
        };
        assert_eq!(
            found,
            vec![(1, 11, code, format!("write `verified: {good}`"))],
            "{bad}"
        );
        assert_eq!(out, format!("verified: {good}\n"));
    }
    assert_eq!(
        fixed("departures: [2027/5/1，2027年10月13日]\n"),
        "departures: [2027-05-01, 2027-10-13]\n"
    );
    assert_eq!(
        fixed("holidays:\n  # 元旦\n  - 2027/1/1\n"),
        "holidays:\n  # 元旦\n  - 2027-01-01\n"
    );
    let (found, out) = run("closures:\n  - from: 5/1\n    to: 2027-13-01\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].2), (2, "E062"));
    assert!(found[0].3.contains("the year"), "{found:?}");
    assert_eq!(out, "closures:\n  - from: 5/1\n    to: 2027-13-01\n");
}

#[test]
fn full_width_digits_in_numbers() {
    assert_eq!(fixed("months: [５, １０]\n"), "months: [5, 10]\n");
    assert_eq!(
        fixed("location: { lat: ２９．５, lon: 106.5 }\n"),
        "location: { lat: 29.5, lon: 106.5 }\n"
    );
    assert_eq!(codes_of("visit_minutes: １２０\n"), vec![(1, "E064")]);
    assert!(codes_of("name: 第１展厅\n").is_empty());
}

#[test]
fn crlf_lines_are_scanned_and_kept() {
    assert_eq!(
        fixed("---\r\ndistrict：x\r\nopen: 9点\r\n"),
        "---\r\ndistrict: x\r\nopen: \"09:00\"\r\n"
    );
}

#[test]
fn fixing_twice_changes_nothing_more() {
    let text =
        "---\ndistrict：x\nsubjects: 【地质，古生物】\n\topen: 9点\nverified: 2027年5月1日\n";
    let once = fixed(text);
    assert_eq!(fixed(&once), once);
    assert!(run(&once).0.is_empty(), "{once}");
}

#[test]
fn the_parser_errors_a_mistake_causes_are_dropped() {
    let file = Path::new("x.md");
    let text = "---\nname: a\ndistrict：x\n";
    let parser =
        |line| Diagnostic::new(codes::YAML_SYNTAX, file, Pos::new(line, 1), text!("p", "p"));
    let result: Result<(), Vec<Diagnostic>> = checked(text, file, Err(parser(3)));
    let ds = result.unwrap_err();
    assert_eq!(ds.len(), 1);
    assert_eq!(ds[0].code, codes::FULL_WIDTH_PUNCTUATION);
    let ds = checked::<(), _>(text, file, Err(vec![parser(2), parser(4)])).unwrap_err();
    assert_eq!(
        ds.iter()
            .map(|d| (d.code.id(), d.pos.line))
            .collect::<Vec<_>>(),
        vec![("E060", 3), ("E001", 2)]
    );
    // Parsed, but the values are not what was meant: still an error.
    assert!(checked(text, file, Ok::<_, Diagnostic>(())).is_err());
    // No mistake: the parser's result as it is.
    assert_eq!(checked("---\na: b\n", file, Ok::<_, Diagnostic>(7)), Ok(7));
    assert_eq!(
        checked::<(), _>("---\na: b\n", file, Err(parser(2)))
            .unwrap_err()
            .len(),
        1
    );
}

#[test]
fn front_matter_length() {
    assert_eq!(front_matter_len("---\na: b\n---\nbody"), Some(9));
    assert_eq!(front_matter_len("---\r\na: b\r\n---\r\n"), Some(11));
    assert_eq!(front_matter_len("a: b\n"), None);
    assert_eq!(front_matter_len("---\na: b\n"), None);
}

#[test]
fn messages_are_in_both_languages() {
    let findings = scan("district：x\nopen: 9点\n", Path::new("x.md"));
    let d = &findings[0].diagnostic;
    assert_eq!(d.message.zh(), "键 `district` 后面用了全角冒号 `：`");
    assert_eq!(
        d.help.as_ref().map(|h| h.zh()),
        Some("应写成 `district: x`")
    );
    let d = &findings[1].diagnostic;
    assert_eq!(d.message.en(), "`9点` is not a time written \"HH:MM\"");
    assert_eq!(d.message.zh(), "`9点` 不是 \"HH:MM\" 格式的时间");
}

/// The YAML of every file of the shipped site and of the minimal fixture: front matter of each
/// content file, and `site.yaml`. (path, text)
fn valid_yaml() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for site in [root.to_path_buf(), root.join("tests/fixtures/minimal")] {
        let config = site.join("site.yaml");
        out.push((
            config.display().to_string(),
            std::fs::read_to_string(&config).unwrap(),
        ));
        let mut dirs = vec![site.join("content")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let len = front_matter_len(&text).unwrap();
                    out.push((path.display().to_string(), text[..len].to_string()));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_shipped_site_and_the_minimal_fixture_have_no_finding() {
    let files = valid_yaml();
    assert!(files.len() > 20, "{}", files.len());
    for (path, text) in files {
        assert_eq!(codes_of(&text), vec![], "{path}");
    }
}

/// The fields of the raw structs that hold a located string: each is a time field, a date field
/// or named here as neither. A new such field fails this test until it is sorted, so the time
/// and date lists can't silently fall behind the content format.
#[test]
fn every_located_string_field_is_sorted_into_time_date_or_neither() {
    const NEITHER: &[&str] = &[
        "name", "district", "category", "subjects", "audience", "status", "datum", "days", "title",
        "scope", "runs_on", "at", "by", "base_url", "theme", "slugs", "risks", "language", "phone",
        "email",
    ];
    let sources = [
        include_str!("../../load/raw.rs"),
        include_str!("../../config.rs"),
    ];
    let mut seen = Vec::new();
    for source in sources {
        for line in source.lines() {
            let line = line.trim().trim_start_matches("pub ");
            let Some((name, ty)) = line.split_once(": ") else {
                continue;
            };
            let located_string = ty.contains("Text>")
                || ty.starts_with("Text,")
                || ty.contains("Located<String>")
                || ty.contains("Vec<Text>");
            // `raw` is a parameter of config.rs's `slugs`, not a field.
            if !located_string
                || name == "raw"
                || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            {
                continue;
            }
            assert!(
                TIME_FIELDS.contains(&name)
                    || DATE_FIELDS.contains(&name)
                    || NEITHER.contains(&name),
                "`{name}: {ty}` holds a located string: add it to TIME_FIELDS, DATE_FIELDS or NEITHER"
            );
            seen.push(name.to_string());
        }
    }
    for field in TIME_FIELDS.iter().chain(DATE_FIELDS) {
        assert!(
            seen.iter().any(|s| s == field),
            "{field} is no field of the raw structs"
        );
    }
}

/// A mistake an editor makes, injected into one valid line: the line as mistyped and the code
/// it must be found with, or `None` when the line has no place for it.
fn inject(class: usize, line: &str, pick: usize) -> Option<(String, &'static str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let body = &line[indent..];
    let item = body.starts_with("- ");
    let keyed = body.trim_start_matches("- ");
    let key_len = keyed.find(':').filter(|&i| {
        is_ascii_key(&keyed[..i]) && matches!(keyed.as_bytes().get(i + 1), None | Some(b' '))
    })?;
    let head = &line[..line.len() - keyed.len()];
    let key = &keyed[..key_len];
    let value = keyed[key_len + 1..].trim_start();
    let _ = item;
    let date = |v: &str| -> Option<(i32, i32, i32)> {
        let p: Vec<&str> = v.split('-').collect();
        (p.len() == 3 && p[0].len() == 4 && v.len() == 10)
            .then(|| Some((p[0].parse().ok()?, p[1].parse().ok()?, p[2].parse().ok()?)))
            .flatten()
    };
    let flow_list = |v: &str| {
        v.starts_with('[')
            && v.ends_with(']')
            && v.contains(", ")
            && !v[1..v.len() - 1].contains(['[', ']', '{', '}', '"', '\'', '，', '、', '；', '#'])
    };
    match class {
        // `key：value`
        0 => Some((format!("{head}{key}：{value}"), "E060")),
        // `[a，b，c]`, `[a、b]`, `[a；b]`
        1..=3 if flow_list(value) => {
            let sep = ["，", "、", "；"][class - 1];
            Some((format!("{head}{key}: {}", value.replace(", ", sep)), "E060"))
        }
        // `【a, b】`
        4 if value.starts_with('[') && value.ends_with(']') && !value[1..].contains('[') => Some((
            format!("{head}{key}: 【{}】", &value[1..value.len() - 1]),
            "E060",
        )),
        // `“text”`
        5 if value.starts_with('"')
            && value.ends_with('"')
            && value.len() > 2
            && !value[1..value.len() - 1].contains(['"', '\\']) =>
        {
            Some((
                format!("{head}{key}: “{}”", &value[1..value.len() - 1]),
                "E060",
            ))
        }
        // `key:　value`
        6 if !value.is_empty() => Some((format!("{head}{key}:\u{3000}{value}"), "E063")),
        // a tab or an ideographic space in the indentation
        7 if indent >= 2 => Some((format!("\t{}", &line[2..]), "E063")),
        // one ideographic space for one space, or for two (it looks two wide)
        8 if indent >= 2 => Some((format!("\u{3000}{}", &line[1 + pick % 2..]), "E063")),
        // a time the Chinese way, or unpadded
        9 if TIME_FIELDS.contains(&key) && value.len() == 7 && value.starts_with('"') => {
            let (h, m) = value[1..6].split_once(':')?;
            let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            let minutes = match m {
                0 => String::new(),
                30 if pick.is_multiple_of(2) => "半".to_string(),
                m => m.to_string(),
            };
            let written = match pick % 3 {
                0 if (13..=23).contains(&h) => format!("下午{}点{minutes}", h - 12),
                1 if h < 10 => format!("{h}:{m:02}"),
                _ => format!("{h}点{minutes}"),
            };
            Some((format!("{head}{key}: {written}"), "E061"))
        }
        // a date with slashes, dots or 年月日
        10 if DATE_FIELDS.contains(&key) => {
            let (y, m, d) = date(value)?;
            let written = match pick % 3 {
                0 => format!("{y}/{m}/{d}"),
                1 => format!("{y}.{m}.{d}"),
                _ => format!("{y}年{m}月{d}日"),
            };
            Some((format!("{head}{key}: {written}"), "E062"))
        }
        // full-width digits in a number
        11 if !value.is_empty()
            && value.chars().all(|c| c.is_ascii_digit() || c == '.')
            && value.chars().any(|c| c.is_ascii_digit()) =>
        {
            let wide: String = value
                .chars()
                .map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap())
                .collect();
            Some((format!("{head}{key}: {wide}"), "E064"))
        }
        _ => None,
    }
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// A mistake injected at a random line is found at that line with its class's code, and its
    /// edits give back the original bytes.
    #[test]
    fn an_injected_mistake_is_found_and_fixed_back(
        file in 0usize..1000,
        class in 0usize..12,
        line in 0usize..1000,
        pick in 0usize..6,
    ) {
        let files = valid_yaml();
        let (path, text) = &files[file % files.len()];
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        // The first line from `line` on (cyclically) that has a place for this mistake.
        let found = (0..lines.len()).find_map(|k| {
            let n = (line + k) % lines.len();
            let raw = lines[n].trim_end_matches('\n');
            inject(class, raw, pick).map(|(bad, code)| (n, bad, code))
        });
        let Some((n, bad, code)) = found else {
            return Ok(());
        };
        let mut injected = String::new();
        for (i, l) in lines.iter().enumerate() {
            if i == n {
                injected.push_str(&bad);
                injected.push('\n');
            } else {
                injected.push_str(l);
            }
        }
        let findings = scan(&injected, Path::new("x"));
        let finding = findings
            .iter()
            .find(|f| f.diagnostic.pos.line == n + 1 && f.diagnostic.code.id() == code);
        prop_assert!(finding.is_some(), "{path}:{}: `{bad}`: {:?}", n + 1, findings);
        let edits: Vec<&Edit> = finding.map(|f| f.edits.iter().collect()).unwrap_or_default();
        prop_assert!(!edits.is_empty(), "{path}:{}: `{bad}` has no certain fix", n + 1);
        prop_assert_eq!(apply(&injected, &edits), text.clone(), "{}:{}: `{}`", path, n + 1, bad);
    }
}

/// A phone is neither a time nor a date, but a number typed full-width is still one: E064,
/// fixed to ASCII; a phone with a label or note is text, which W009 judges later.
#[test]
fn a_phone_typed_full_width_is_fixed_like_any_number() {
    assert_eq!(
        codes_of("phone: ０２３－６１２３４５６７\n"),
        vec![(1, "E064")]
    );
    assert_eq!(
        fixed("phone: ０２３－６１２３４５６７\n"),
        "phone: 023-61234567\n"
    );
    assert_eq!(codes_of("phone: \"023-61234567（团队）\"\n"), vec![]);
}
