//! Each class of YAML mistake an editor makes, with the code, position, message and help it
//! gets in both languages.
// Test code only: `mod.rs` declares it as `#[cfg(test)] mod tests;`.
#![cfg(test)]

use super::*;
use crate::diag::Code;
use crate::diag::codes::{
    DUPLICATE_FIELD, MISSING_FIELD, NO_SPACE_AFTER_COLON, OVER_INDENTED, UNCLOSED, UNKNOWN_FIELD,
    WRONG_SHAPE, WRONG_VALUE, YAML_SYNTAX,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Place {
    name: Located<String>,
    district: Located<String>,
    location: Located<Loc>,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    open: Option<bool>,
    #[serde(default)]
    audience: Vec<Located<String>>,
    #[serde(default)]
    visit_minutes: Option<u32>,
    #[serde(default)]
    hours: Vec<Hours>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Loc {
    lat: Located<f64>,
    lon: Located<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Hours {
    days: String,
    open: String,
    close: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Optional {
    #[serde(default)]
    title: Option<String>,
}

const HEAD: &str = "---\nname: 馆\ndistrict: 观山湖区\nlocation:\n  lat: 30.661\n  lon: 104.06\n";

fn errors(text: &str) -> Vec<Diagnostic> {
    parse::<Place>(text, Path::new("content/bases/x.md")).unwrap_err()
}

/// The one diagnostic of `text`, checked for code and position.
fn one(text: &str, code: Code, line: usize, column: usize) -> Diagnostic {
    let ds = errors(text);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let d = ds.into_iter().next().unwrap();
    assert_eq!((d.code, d.pos), (code, Pos::new(line, column)), "{d:#?}");
    d
}

fn says(d: &Diagnostic, en: &str, zh: &str, help_en: &str, help_zh: &str) {
    assert_eq!((d.message.en(), d.message.zh()), (en, zh), "{d:#?}");
    let help = d.help.as_ref().expect("a help line");
    assert_eq!((help.en(), help.zh()), (help_en, help_zh), "{d:#?}");
}

#[test]
fn positions_are_file_positions() {
    let f: Place = parse(HEAD, Path::new("a.md")).unwrap();
    assert_eq!(f.name.value, "馆");
    assert_eq!(f.name.pos, Pos::new(2, 7));
    assert_eq!(f.location.value.lon.pos, Pos::new(6, 8));
}

#[test]
fn a_tab_is_pointed_at_where_it_is() {
    // The parser points at the end of the line above.
    let d = one(
        "---\nname: 馆\ndistrict: x\nlocation:\n  lat: 30.661\n\tlon: 104.06\n",
        YAML_SYNTAX,
        6,
        1,
    );
    says(
        &d,
        "this line is indented with a tab; YAML indents with spaces only",
        "这一行用 Tab 缩进；YAML 只能用空格缩进",
        "replace the tab with spaces (two for each level of indentation)",
        "把 Tab 换成空格（每一层缩进两个空格）",
    );
    one(
        "---\nname: 馆\ndistrict: x\nlocation:\n\tlat: 30.661\n  lon: 104.06\n",
        YAML_SYNTAX,
        5,
        1,
    );
}

#[test]
fn an_over_indented_line_is_the_one_pointed_at() {
    let d = one(
        "---\nname: 馆\ndistrict: x\nlocation:\n  lat: 30.661\n    lon: 104.06\n",
        OVER_INDENTED,
        6,
        1,
    );
    says(
        &d,
        "this line is indented more than the one above, so it is read as part of that line's value",
        "这一行比上一行缩进得多，会被当成上一行的值的一部分",
        "indent it by 2 spaces, like the field above: `  lon: 104.06`",
        "改成和上面的字段一样缩进 2 个空格：`  lon: 104.06`",
    );
    one(
        "---\nname: 馆\n  district: x\nlocation:\n  lat: 1\n  lon: 2\n",
        OVER_INDENTED,
        3,
        1,
    );
    let d = one(
        "---\nname: 馆\ndistrict: x\nlocation:\n  lat: 30.661\n lon: 104.06\n",
        OVER_INDENTED,
        6,
        1,
    );
    assert_eq!(
        d.message,
        "this line's indentation matches none of the lines above"
    );
}

#[test]
fn a_missing_space_after_a_colon_says_so() {
    let d = one(
        "---\nname: 馆\ndistrict:观山湖区\nlocation:\n  lat: 1\n  lon: 2\n",
        NO_SPACE_AFTER_COLON,
        3,
        10,
    );
    says(
        &d,
        "no space after the `:` of `district`, so the line is read as one piece of text, not as a field",
        "`district` 后面的 `:` 缺少空格，整行会被当成一段文字，而不是一个字段",
        "put a space after `:`: `district: 观山湖区`",
        "在 `:` 后面加一个空格：`district: 观山湖区`",
    );
    // Nested, and as the first field of a group (read as text where fields were expected).
    one(
        "---\nname: 馆\ndistrict: x\nlocation:\n  lat:30.661\n  lon: 104.06\n",
        NO_SPACE_AFTER_COLON,
        5,
        7,
    );
    one(
        "---\nname: 馆\ndistrict: x\nlocation:\n  lat: 30.661\n  lon:104.06\n",
        NO_SPACE_AFTER_COLON,
        6,
        7,
    );
}

#[test]
fn an_unclosed_bracket_or_quote_is_pointed_at_where_it_opens() {
    let d = one(
        &format!("{HEAD}audience: [初中, 高中\nvisit_minutes: 90\n"),
        UNCLOSED,
        7,
        11,
    );
    says(
        &d,
        "this `[` is never closed",
        "这个 `[` 没有闭合",
        "close it with `]` at the end of the value: `audience: [初中, 高中]`",
        "在值的末尾用 `]` 闭合：`audience: [初中, 高中]`",
    );
    one(
        "---\nname: 馆\ndistrict: x\nlocation: {lat: 1, lon: 2\naudience: [初中]\n",
        UNCLOSED,
        4,
        11,
    );
    let d = one(
        "---\nname: \"馆\ndistrict: x\nlocation:\n  lat: 1\n  lon: 2\n",
        UNCLOSED,
        2,
        7,
    );
    assert_eq!(d.message.zh(), "这个引号 `\"` 没有闭合");
    // At the end of the file, too.
    one(&format!("{HEAD}audience: [初中\n"), UNCLOSED, 7, 11);
}

#[test]
fn lists_fields_and_single_values_in_the_wrong_place() {
    let d = one(&format!("{HEAD}audience: 初中\n"), WRONG_SHAPE, 7, 11);
    says(
        &d,
        "`audience` takes a list",
        "`audience` 要写成列表",
        "write `audience: [初中]`",
        "写成 `audience: [初中]`",
    );
    let d = one(
        "---\nname: [馆]\ndistrict: x\nlocation:\n  lat: 1\n  lon: 2\n",
        WRONG_SHAPE,
        2,
        7,
    );
    says(
        &d,
        "`name` takes one value, not a list or fields",
        "`name` 只能写一个值，不能写成列表或字段",
        "leave out the brackets: `name: 馆`",
        "去掉方括号：`name: 馆`",
    );
    let d = one(
        "---\nname: 馆\ndistrict: x\nlocation: 30.661\n",
        WRONG_SHAPE,
        4,
        11,
    );
    says(
        &d,
        "`location` takes fields, written on the lines below it and indented",
        "`location` 下面要写字段：另起一行，缩进后再写",
        "write `location:` alone on its line, then below it, indented: `  lat: …`, `  lon: …`",
        "`location:` 单独一行，下面缩进写：`  lat: …`、`  lon: …`",
    );
    let d = one(
        &format!("{HEAD}hours:\n  days: mon\n  open: \"09:00\"\n  close: \"17:00\"\n"),
        WRONG_SHAPE,
        8,
        3,
    );
    assert_eq!(
        d.help.as_ref().map(|h| h.en()),
        Some("start each entry with `- `: `  - days: mon`")
    );
}

#[test]
fn a_key_value_pair_inside_a_flow_list_is_explained() {
    let d = one(
        &format!("{HEAD}audience: [初中: 高中]\n"),
        WRONG_SHAPE,
        7,
        12,
    );
    says(
        &d,
        "a `: ` inside `[…]` makes a `key: value` pair, not two items",
        "`[…]` 里的 `: ` 会组成 `键: 值`，而不是两项",
        "separate the items with `, `: `audience: [初中, 高中]`, or quote an item that contains `: `",
        "各项之间用 `, ` 分隔：`audience: [初中, 高中]`；某一项本身含有 `: ` 时就把它放进引号里",
    );
}

#[test]
fn a_duplicate_field_names_the_first_line() {
    let d = one(&format!("{HEAD}name: 馆2\n"), DUPLICATE_FIELD, 7, 1);
    says(
        &d,
        "`name` is written twice",
        "`name` 写了两次",
        "`name` is already on line 2: keep one of the two",
        "第 2 行已经写过 `name`：两处只保留一处",
    );
}

#[test]
fn values_that_start_with_a_reserved_character() {
    for (c, column) in [('@', 7), ('`', 7), ('%', 7), ('*', 7), ('&', 7), ('!', 7)] {
        let text = format!("---\nname: {c}馆\ndistrict: x\nlocation:\n  lat: 1\n  lon: 2\n");
        let d = one(&text, YAML_SYNTAX, 2, column);
        assert!(
            d.message
                .en()
                .starts_with(&format!("a value can't start with `{c}`")),
            "{d:#?}"
        );
        assert!(
            d.message.zh().starts_with(&format!("值不能以 `{c}` 开头")),
            "{d:#?}"
        );
        assert_eq!(
            d.help.as_ref().map(|h| h.en().to_string()),
            Some(format!("put the whole value in quotes: `name: \"{c}馆\"`"))
        );
    }
}

#[test]
fn document_markers_inside_the_fields() {
    let d = one(
        "---\nname: 馆\n...\ndistrict: x\nlocation:\n  lat: 1\n  lon: 2\n",
        YAML_SYNTAX,
        3,
        1,
    );
    says(
        &d,
        "`...` ends the YAML here: the lines after it are not read",
        "`...` 表示 YAML 到此结束，后面的行都不会被读取",
        "remove this line: the fields of a file are one document",
        "删掉这一行：一个文件里的字段是一个整体",
    );
    let ds = parse::<Optional>("title: a\n---\ntitle: b\n", Path::new("site.yaml")).unwrap_err();
    assert_eq!(
        (ds[0].code, ds[0].pos),
        (YAML_SYNTAX, Pos::new(2, 1)),
        "{ds:#?}"
    );
}

#[test]
fn an_empty_document_is_an_empty_set_of_fields() {
    let t: Optional = parse("---\n", Path::new("a.md")).unwrap();
    assert_eq!(t.title, None);
    let t: Optional = parse("---\n# only a comment\n", Path::new("a.md")).unwrap();
    assert_eq!(t.title, None);
    let ds = errors("---\n");
    let fields: Vec<&str> = ds.iter().map(|d| d.message.en()).collect();
    assert_eq!(
        fields,
        [
            "missing required field `name`",
            "missing required field `district`",
            "missing required field `location`"
        ]
    );
}

#[test]
fn every_missing_field_is_reported_at_once() {
    let ds = errors("---\naddress: x\n");
    assert_eq!(ds.len(), 3, "{ds:#?}");
    for d in &ds {
        assert_eq!((d.code, d.pos), (MISSING_FIELD, Pos::START));
    }
    says(
        &ds[0],
        "missing required field `name`",
        "缺少必填字段 `name`",
        "add the line `name: …` (text) to the front matter",
        "在 front matter 里加上一行 `name: …`（文字）",
    );
    assert_eq!(
        ds[2].help.as_ref().map(|h| h.en()),
        Some(
            "add the line `location:` and below it, indented, `  lat: …`, `  lon: …` to the front matter"
        )
    );
    // Nested: at the group that lacks the field.
    let ds = errors(
        "---\nname: 馆\ndistrict: x\nlocation:\n  lat: 1\nhours:\n  - days: mon\n    open: a\n",
    );
    let found: Vec<(Pos, &str)> = ds.iter().map(|d| (d.pos, d.message.en())).collect();
    assert_eq!(
        found,
        [
            (
                Pos::new(4, 1),
                "`location` is missing its required field `lon`"
            ),
            (
                Pos::new(7, 5),
                "this entry of `hours` is missing its required field `close`"
            ),
        ]
    );
    assert_eq!(
        ds[0].help.as_ref().map(|h| h.zh()),
        Some("在 `location` 下面加上一行 `lon: …`（数字），缩进和它的其他字段一样")
    );
}

#[test]
fn a_missing_site_yaml_field_says_add_it_to_site_yaml() {
    let ds = parse::<Place>("name: a\n", Path::new("site.yaml")).unwrap_err();
    assert_eq!(
        ds[0].help.as_ref().map(|h| (h.en(), h.zh())),
        Some((
            "add the line `district: …` (text) to site.yaml",
            "在 site.yaml 里加上一行 `district: …`（文字）"
        ))
    );
}

#[test]
fn unknown_fields_suggest_the_right_name() {
    let d = one(&format!("{HEAD}adress: x\n"), UNKNOWN_FIELD, 7, 1);
    says(
        &d,
        "unknown field `adress`",
        "没有 `adress` 这个字段",
        "did you mean `address`?",
        "是不是想写 `address`？",
    );
    let d = one(&format!("{HEAD}zzz: x\n"), UNKNOWN_FIELD, 7, 1);
    assert!(
        d.help
            .unwrap()
            .zh()
            .starts_with("这里可以写的字段有：`name`, ")
    );
}

#[test]
fn wrong_values_are_said_in_plain_words() {
    let d = one(&format!("{HEAD}open: yes\n"), WRONG_VALUE, 7, 7);
    says(
        &d,
        "`open` must be `true` or `false`",
        "`open` 只能写 `true` 或 `false`",
        "write `open: true` or `open: false`",
        "写成 `open: true` 或 `open: false`",
    );
    let d = one(&format!("{HEAD}visit_minutes: 九十\n"), WRONG_VALUE, 7, 16);
    says(
        &d,
        "`visit_minutes` takes a whole number",
        "`visit_minutes` 要写整数",
        "write digits only, e.g. `visit_minutes: 120`",
        "只写数字，例如 `visit_minutes: 120`",
    );
    let d = one(
        "---\nname: 馆\ndistrict: x\nlocation:\n  lat: 北纬30度\n  lon: 2\n",
        WRONG_VALUE,
        5,
        8,
    );
    assert_eq!(d.message.zh(), "`lat` 要写数字");
    let d = one(
        "---\nname:\ndistrict: x\nlocation:\n  lat: 1\n  lon: 2\n",
        WRONG_VALUE,
        2,
        5,
    );
    assert_eq!(d.message.en(), "`name` is empty");
}

#[test]
fn alias_bomb_is_an_error_not_a_hang() {
    let mut text = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..40 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    text.push_str("name: x\n");
    let ds = parse::<serde_json::Value>(&text, Path::new("a.md")).unwrap_err();
    assert_eq!(ds[0].code, YAML_SYNTAX);
    assert!(ds[0].message.zh().contains("`*` 引用"), "{ds:#?}");
}

#[test]
fn other_parser_errors_are_explained_or_keep_a_yaml_prefix_and_a_help() {
    let d = one(&format!("{HEAD}audience: [a, b}}\n"), YAML_SYNTAX, 7, 11);
    says(
        &d,
        "`[` is closed with `}`",
        "`[` 却用 `}` 闭合",
        "close `[` with `]`",
        "`[` 要用 `]` 闭合",
    );
    let d = one(&format!("{HEAD}address: \"a\"#b\n"), YAML_SYNTAX, 7, 13);
    assert_eq!(
        d.message.en(),
        "a `#` right after a value: a comment needs a space before its `#`"
    );
    // What has no plain words of its own says it is YAML's, with a help that fits most cases.
    let d = one(&format!("{HEAD}address: |0\n  x\n"), YAML_SYNTAX, 7, 10);
    assert!(d.message.en().starts_with("YAML: "), "{d:#?}");
    assert!(d.message.zh().starts_with("YAML："), "{d:#?}");
    assert!(!d.message.en().contains(" at line "), "{d:#?}");
    assert!(d.help.unwrap().zh().starts_with("检查这一行和上一行"));
}
