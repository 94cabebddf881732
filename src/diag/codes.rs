//! Every diagnostic code, once: its id (`E020`), severity, a short title in English and Chinese,
//! and its documentation — what it means and a bad example (both exactly as in the README's
//! table "What `check` reports", which a test keeps in step) and how to fix it.
//!
//! Emitters name a code by its constant (`Diagnostic::new(codes::UNKNOWN_PLACE, ..)`). A
//! [`Code`] can only be made here, and a diagnostic takes its severity from its code, so no
//! stage can emit a code that is not listed, nor make a code an error in one place and a
//! warning in another. To add a code: add an entry below, a row to the README table, and a
//! fixture under `tests/fixtures/invalid/` or `warnings/` (or a test that asserts it).

use std::fmt;

use super::Severity;

/// A diagnostic code of the registry; compares, orders and prints as its id. One pointer wide,
/// so a `Diagnostic` stays small enough to return in a `Result`.
#[derive(Clone, Copy)]
pub struct Code(&'static Entry);

/// What the registry says about one code; only [`Code`]'s methods read it.
struct Entry {
    id: &'static str,
    severity: Severity,
    title: &'static str,
    title_zh: &'static str,
    means: &'static str,
    example: &'static str,
    fix: &'static str,
}

impl Code {
    /// The stable id users see and search for: `E0xx` for errors, `W0xx` for warnings.
    pub fn id(self) -> &'static str {
        self.0.id
    }

    pub fn severity(self) -> Severity {
        self.0.severity
    }

    /// A few words: "unknown place".
    pub fn title(self) -> &'static str {
        self.0.title
    }

    /// The title for a Chinese editor.
    pub fn title_zh(self) -> &'static str {
        self.0.title_zh
    }

    /// What the code means (the README's "problem" column).
    pub fn means(self) -> &'static str {
        self.0.means
    }

    /// A bad example (the README's "example" column).
    pub fn example(self) -> &'static str {
        self.0.example
    }

    /// How to fix it.
    pub fn fix(self) -> &'static str {
        self.0.fix
    }

    /// The code with this id, if there is one.
    pub fn by_id(id: &str) -> Option<Code> {
        ALL.iter().copied().find(|c| c.0.id == id)
    }
}

// Ids are unique (a test says so), so the id alone is the identity.
impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for Code {}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Code) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Code) -> std::cmp::Ordering {
        self.0.id.cmp(other.0.id)
    }
}

impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.id.hash(state);
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.id)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.id)
    }
}

/// Declares each code's constant and [`ALL`] from one list, so no constant can be left out of
/// `ALL` (which the README test and the coverage test read).
macro_rules! registry {
    ($(
        $name:ident = $id:ident $severity:ident {
            title: $title:literal,
            title_zh: $title_zh:literal,
            means: $means:literal,
            example: $example:literal,
            fix: $fix:literal $(,)?
        }
    )*) => {
        $(
            #[doc = concat!("`", stringify!($id), "` (", stringify!($severity), "): ", $means, ".")]
            #[doc = ""]
            #[doc = concat!("Example: ", $example, ". Fix: ", $fix, ".")]
            pub const $name: Code = Code(&Entry {
                id: stringify!($id),
                severity: Severity::$severity,
                title: $title,
                title_zh: $title_zh,
                means: $means,
                example: $example,
                fix: $fix,
            });
        )*

        /// Every code, in id order.
        pub const ALL: &[Code] = &[$($name),*];
    };
}

registry! {
    SITE_UNREADABLE = E000 Error {
        title: "the site can't be read",
        title_zh: "无法读取站点",
        means: "`serve` only: the site can't be read at all (e.g. `site.yaml` deleted while editing); shown in the page until fixed",
        example: "`rm site.yaml`",
        fix: "restore what the message names (usually `site.yaml`): the preview rebuilds by itself once it is back",
    }
    YAML_SYNTAX = E001 Error {
        title: "YAML syntax error",
        title_zh: "YAML 语法错误",
        means: "YAML syntax error",
        example: "`subjects: [古生物` (unclosed)",
        fix: "close every bracket and quote, and quote text that starts with `[`, `{`, `*`, `&` or `#`; write values out instead of nesting `*alias` references",
    }
    UNKNOWN_FIELD = E002 Error {
        title: "unknown field",
        title_zh: "未知字段",
        means: "unknown field, with did-you-mean",
        example: "`adress:` → did you mean `address`?",
        fix: "spell the field as the help suggests, or remove it",
    }
    MISSING_FIELD = E003 Error {
        title: "missing required field",
        title_zh: "缺少必填字段",
        means: "missing required field (points at the opening `---`)",
        example: "a place without `district`",
        fix: "add the field to the front matter",
    }
    WRONG_VALUE = E004 Error {
        title: "wrong type or value",
        title_zh: "类型或取值错误",
        means: "wrong type or value",
        example: "`open_on_holidays: maybe`; `base_url: example.org`",
        fix: "write the kind of value the field takes: `true` or `false`, a whole number, a number, text, or an absolute `https://` URL",
    }
    BAD_FRONT_MATTER = E005 Error {
        title: "no front matter",
        title_zh: "缺少或未闭合的 front matter",
        means: "no front matter, unclosed front matter, or an empty file",
        example: "first line is not `---`",
        fix: "start the file with a `---` line, then the fields, then another `---` line before the text",
    }
    NOT_UTF8 = E006 Error {
        title: "not UTF-8",
        title_zh: "文件不是 UTF-8 编码",
        means: "the file is not UTF-8",
        example: "a file saved as GBK or UTF-16",
        fix: "save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)",
    }
    BAD_ID = E007 Error {
        title: "file name is not a valid id",
        title_zh: "文件名不是有效的 id",
        means: "the file name is not a valid id (suggests the transliteration)",
        example: "`bases/重庆科技馆.md` → `zhong-qing-ke-ji-guan`",
        fix: "rename the file as the help suggests: ids are lowercase a-z, 0-9 and `-`, and become URLs",
    }
    DUPLICATE_ID = E008 Error {
        title: "duplicate id",
        title_zh: "id 重复",
        means: "duplicate id",
        example: "`bases/x.md` and `bases/x/index.md`",
        fix: "a page is either `<id>.md` or `<id>/index.md`, not both: remove or rename one",
    }
    STRAY_FILE = E009 Error {
        title: "file belongs to no page",
        title_zh: "文件不属于任何栏目或页面",
        means: "a file outside the known sections, or belonging to no page",
        example: "`content/base/x.md`; a stray `content/a.png`",
        fix: "put pages under `content/bases/`, `spots/`, `routes/` or `pages/`, images beside a page bundle's `index.md`, and site-wide files in `static/`",
    }
    BAD_TIME = E010 Error {
        title: "bad time",
        title_zh: "时间格式错误",
        means: "bad time",
        example: r#"`open: "9点"` (write `"09:00"`)"#,
        fix: r#"quote it and use 24-hour HH:MM, e.g. `"09:30"`"#,
    }
    BAD_WEEKDAYS = E011 Error {
        title: "bad weekday list",
        title_zh: "星期列表错误",
        means: "bad weekday list",
        example: "`days: tues-sun` → did you mean `tue`?",
        fix: "write weekdays as `mon tue wed thu fri sat sun`, in lists (`mon,wed`) and ascending ranges (`tue-sun`)",
    }
    BAD_DATE = E012 Error {
        title: "bad date",
        title_zh: "日期错误",
        means: "bad date",
        example: "`departures: [2027-13-01]`",
        fix: "write a real date as YYYY-MM-DD, e.g. `2027-04-15`",
    }
    BAD_AUDIENCE = E013 Error {
        title: "bad audience",
        title_zh: "受众（学段）错误",
        means: "bad audience",
        example: "`audience: [小学4-7]`",
        fix: "write one of the audiences the help lists, and a grade range that exists and ascends (`小学4-6`)",
    }
    COORDINATES_OUT_OF_RANGE = E014 Error {
        title: "coordinates out of range",
        title_zh: "坐标超出范围",
        means: "coordinates out of range",
        example: "`lat: 106.4` (lat and lon swapped)",
        fix: "latitude is −90…90 and longitude −180…180: check that `lat` and `lon` are not swapped",
    }
    NOT_AN_ALLOWED_NAME = E015 Error {
        title: "not an allowed name",
        title_zh: "不是允许的名称",
        means: "not one of the allowed names",
        example: "`category: 科普型`, `status: opened`, `by: bus`",
        fix: "write one of the names the help lists (it suggests the closest)",
    }
    FILE_TOO_LARGE = E016 Error {
        title: "content file too large",
        title_zh: "内容文件超过 2 MB",
        means: "a content file over 2 MB",
        example: "a Markdown page with a pasted base64 image",
        fix: "put images and data beside the page (a page bundle) instead of inside the text",
    }
    THEME_NOT_A_NAME = E017 Error {
        title: "theme is not a folder name",
        title_zh: "theme 不是主题文件夹名",
        means: "`theme:` in `site.yaml` is a path, not a folder name under `themes/`",
        example: "`theme: ../../x`, `theme: /srv/x`",
        fix: "name a folder under the site's `themes/`, e.g. `theme: default`; copy a theme in rather than pointing at it",
    }
    UNKNOWN_PLACE = E020 Error {
        title: "unknown place",
        title_zh: "站点引用了不存在的地点",
        means: "a stop names an unknown place (did-you-mean)",
        example: "`at: bases/musuem`",
        fix: "name an existing place as `<section>/<id>` (the help suggests the closest), or add the place",
    }
    BROKEN_LINK = E021 Error {
        title: "broken `@/` link",
        title_zh: "`@/` 内部链接无效",
        means: "an `@/` link names no page, or no such heading",
        example: "`[x](@/bases/x.md#鸟类厅)`",
        fix: "link to an existing content file, and after `#` to one of its heading ids",
    }
    STOP_PLACE_OR_ACTIVITY = E022 Error {
        title: "stop needs `at:` or `do:`",
        title_zh: "站点须有且只有 `at:` 或 `do:` 之一",
        means: "a stop needs exactly one of `at:` and `do:`",
        example: "a stop with both",
        fix: "give a visit `at:` (a place) or an activity `do:` (what the group does), not both; `location` is only for `do:` stops",
    }
    NO_STOPS = E023 Error {
        title: "no stops",
        title_zh: "线路或某一天没有站点",
        means: "a route or day without stops",
        example: "`days: []`",
        fix: "give the route at least one day, and each day at least one stop",
    }
    TIMES_OUT_OF_ORDER = E030 Error {
        title: "times out of order",
        title_zh: "时间先后顺序错误",
        means: "times out of order",
        example: "`leave` before `arrive`; a stop before the previous one ends",
        fix: "make each stop's `leave` come after its `arrive`, and each stop begin after the one before it ends",
    }
    OUTSIDE_OPENING_HOURS = E031 Error {
        title: "visit outside opening hours",
        title_zh: "参观时间不在开放时间内",
        means: "a visit outside opening hours or after last entry",
        example: "arrive 16:10, last entry 16:00",
        fix: "arrive after opening and by last entry, and leave by closing; or correct the place's `hours`",
    }
    CLOSED_ON_ROUTE_DAY = E032 Error {
        title: "place closed that day",
        title_zh: "线路当天地点闭馆",
        means: "a place closed on a day the route runs, or on a departure date",
        example: "museum closed Mondays, `runs_on: [mon]`",
        fix: "change `runs_on` or the departure date, or visit another place that day",
    }
    DEPARTURE_OFF_WEEKDAY = E033 Error {
        title: "departure not on a running day",
        title_zh: "出发日期不在 `runs_on` 的星期内",
        means: "a departure not on a `runs_on` weekday",
        example: "`runs_on: [tue]`, departure on a Monday",
        fix: "move the departure to a `runs_on` weekday, or add its weekday to `runs_on`",
    }
    PLACE_NOT_OPEN = E034 Error {
        title: "closed place in a route",
        title_zh: "线路包含已关闭或在建的地点",
        means: "a closed or under-construction place in a route",
        example: "`status: closed`",
        fix: "take the stop out of the route, or update the place's `status` once it is open again",
    }
    OUTSIDE_REGION = E035 Error {
        title: "coordinates outside the region",
        title_zh: "坐标不在站点地区范围内",
        means: "coordinates outside `region.bbox`",
        example: "a GCJ-02 point of Beijing",
        fix: "check the coordinates and their `datum`, or widen `region.bbox` in `site.yaml`",
    }
    UNKNOWN_DISTRICT = E036 Error {
        title: "unknown district",
        title_zh: "区县不在 `region.districts` 中",
        means: "a district not in `region.districts`",
        example: "`district: 北培区` → did you mean `北碚区`?",
        fix: "write one of `region.districts` (the help suggests the closest), or add the district to `site.yaml`",
    }
    RISKS_WITHOUT_NOTE = E040 Error {
        title: "`risks` without `risk_note`",
        title_zh: "列出了 `risks` 但缺少 `risk_note`",
        means: "`risks` without `risk_note`",
        example: "`risks: [cave]` alone",
        fix: "add `risk_note:` saying how visitors stay safe",
    }
    RESERVATION_WITHOUT_HOW = E041 Error {
        title: "reservation without `how` or `url`",
        title_zh: "需要预约但未说明预约方式",
        means: "`reservation.required` without `how` or `url`",
        example: "`reservation: { required: true }`",
        fix: "add `how:` (a phone number, a mini-program) or `url:` to `reservation`",
    }
    NO_LODGING = E042 Error {
        title: "multi-day route without `lodging`",
        title_zh: "多日线路缺少 `lodging`（住宿）",
        means: "a multi-day route without `lodging`",
        example: "two days, no lodging",
        fix: "say in `lodging` where the group sleeps and how it is supervised",
    }
    SCHOOL_ROUTE_UNDECLARED = E043 Error {
        title: "school route without a declaration",
        title_zh: "研学线路缺少必需的说明",
        means: "a school route without `safety`, `guardianship`, `insurance`, `objectives`, `group` or `staff`",
        example: "no `safety:`",
        fix: "add each field the message names (the help gives an example of each)",
    }
    TOO_FEW_STAFF = E044 Error {
        title: "school route short of staff",
        title_zh: "带队人员不足",
        means: "a school route short of staff",
        example: "40 students, one 带队老师 (needs ⌈40 ÷ 20⌉ = 2)",
        fix: "raise the count under `staff` to what the message says: one 项目组长, 安全员 and 研学导师 each, and a 带队老师 per `rules.students_per_teacher` of `group.max`",
    }
    COACH_LEG_TOO_LONG = E045 Error {
        title: "coach leg too long",
        title_zh: "单段大巴行程过长",
        means: "a coach leg longer than `max_coach_leg_km`",
        example: "主城 → 奉节 by coach (go by rail)",
        fix: "go the long way by rail (`by: rail`) and the last part by coach, or raise `rules.max_coach_leg_km`",
    }
    TEMPLATE_ERROR = E050 Error {
        title: "template error",
        title_zh: "模板错误",
        means: "a template error (file, line and column in the template)",
        example: "`{{ route.titel }}`",
        fix: "fix the template at the place shown; the fields a template receives are in the README's \"Writing a theme\"",
    }
    OVER_INDENTED = E070 Error {
        title: "line indented wrongly",
        title_zh: "缩进不对",
        means: "a line indented more than the one above (read as part of its value), or matching the indentation of no line above",
        example: "`lat: 30.661` then `    lon: 104.06`",
        fix: "indent the fields of one group by the same number of spaces, as the help's corrected line shows",
    }
    NO_SPACE_AFTER_COLON = E071 Error {
        title: "no space after `:`",
        title_zh: "冒号后缺少空格",
        means: "no space after a field's `:`, so the line is read as one piece of text",
        example: "`district:观山湖区`",
        fix: "put a space after the `:`: `district: 观山湖区`",
    }
    UNCLOSED = E072 Error {
        title: "unclosed bracket or quote",
        title_zh: "括号或引号没有闭合",
        means: "a `[`, `{` or quote never closed (points at where it opens)",
        example: "`audience: [初中, 高中` then the next field",
        fix: "close it on the same line: `audience: [初中, 高中]`",
    }
    WRONG_SHAPE = E073 Error {
        title: "a list, fields or one value where another was expected",
        title_zh: "值的形式不对（列表、字段或单个值）",
        means: "a single value where a list or fields were expected, or a list where one value was expected",
        example: "`audience: 初中` (write `audience: [初中]`)",
        fix: "write the value in the form the help shows: a list in `[…]` or as `- ` lines, fields on indented lines below, or one value",
    }
    DUPLICATE_FIELD = E074 Error {
        title: "field written twice",
        title_zh: "字段重复",
        means: "the same field written twice in one place",
        example: "two `name:` lines",
        fix: "keep one of the two lines",
    }
    EDITOR_FILE_LEFT_OUT = N001 Note {
        title: "editor's backup or temporary file left out",
        title_zh: "编辑器的备份或临时文件未发布",
        means: "an editor's backup or temporary file (`~`, `.bak`, `.orig`, `.swp`, `#…#`) is left out of the site",
        example: "`content/bases/x.md~`; `static/style.css.bak`",
        fix: "nothing to do; delete it when you no longer need it",
    }
    TRAVEL_TIME_SHORT = W001 Warning {
        title: "too little travel time",
        title_zh: "站点间交通时间不足",
        means: "too little time between stops for the estimated travel",
        example: "10 min for 1.4 km on foot",
        fix: "leave more time between the stops, or set `travel_minutes` if you know the real time",
    }
    LEARNING_TIME_SHORT = W002 Warning {
        title: "too few learning minutes",
        title_zh: "当天研学时长不足",
        means: "a school day with too few learning minutes",
        example: "30 minutes in a day",
        fix: "give the stops `learning_minutes`, or plan a learning activity",
    }
    AUDIENCE_NOT_LISTED = W003 Warning {
        title: "audience not listed by the place",
        title_zh: "地点未列出该线路的受众",
        means: "a stop's place does not list the route's audience",
        example: "a `银龄` route at a place for `小学`",
        fix: "add the audience to the place's `audience` if it suits them, or choose another place",
    }
    BY_ARRANGEMENT = W004 Warning {
        title: "place open by arrangement only",
        title_zh: "线路包含需预约开放的地点",
        means: "a `by_arrangement` place in a route",
        example: "the silkworm lab",
        fix: "make sure the visit is arranged, or mention the place in the text instead",
    }
    STALE = W005 Warning {
        title: "not verified recently",
        title_zh: "核实日期过久",
        means: "`verified` older than `stale_after_days`",
        example: "`verified: 2025-01-01`",
        fix: "check hours, prices and booking rules again, then update `verified`",
    }
    DEPARTURE_OUTSIDE_MONTHS = W006 Warning {
        title: "departure outside the best months",
        title_zh: "出发日期不在推荐月份内",
        means: "a departure outside the route's `months`",
        example: "`months: [5]`, departure in April",
        fix: "move the departure into one of `months`, or add its month",
    }
    LINK_NOT_FOLLOWED = W007 Warning {
        title: "link not followed",
        title_zh: "链接未被跟随",
        means: "a link that is not followed, so its file is neither read nor published: it points outside the site (or, in a theme, outside `themes/<name>/`), nowhere, or to a folder that holds it",
        example: "`static -> /etc`; `content/bases/x.md -> ~/notes/x.md`",
        fix: "copy the file into the site instead of linking to it, fix the link, or remove it",
    }
    NOT_A_REGULAR_FILE = W008 Warning {
        title: "not a regular file",
        title_zh: "不是普通文件",
        means: "not a regular file (a named pipe, a socket, a device): skipped, never opened",
        example: "a named pipe `content/bases/x.md`",
        fix: "only ordinary files and folders belong to a site: remove it",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use super::*;

    fn repo_root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// The code ids (`E020`, `W007`) written in `text`, as whole words.
    fn ids_in(text: &str) -> BTreeSet<String> {
        let chars: Vec<char> = text.chars().collect();
        let word = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_');
        (0..chars.len().saturating_sub(3))
            .filter(|&i| {
                matches!(chars[i], 'E' | 'N' | 'W')
                    && chars[i + 1..i + 4].iter().all(char::is_ascii_digit)
                    && !word(i.checked_sub(1).and_then(|j| chars.get(j)))
                    && !word(chars.get(i + 4))
            })
            .map(|i| chars[i..i + 4].iter().collect())
            .collect()
    }

    /// The rows of the README's table "What `check` reports": id → the whole row.
    fn readme_rows(readme: &str) -> BTreeMap<String, String> {
        let section = readme
            .split("\n## ")
            .find(|s| s.starts_with("What `check` reports"))
            .unwrap_or_default();
        section
            .lines()
            .filter_map(|line| {
                let id = line.strip_prefix("| ")?.split(' ').next()?;
                (ids_in(id).len() == 1).then(|| (id.to_string(), line.to_string()))
            })
            .collect()
    }

    /// What is wrong between the registry and the Markdown files under `root/docs/`: a code
    /// no page mentions, or a page naming a code the registry does not have. Nothing when
    /// there is no `docs/`.
    fn docs_problems(root: &Path) -> Vec<String> {
        let docs = root.join("docs");
        if !docs.is_dir() {
            return vec![];
        }
        let mut mentioned = BTreeMap::<String, String>::new();
        for entry in walkdir::WalkDir::new(&docs).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                for id in ids_in(&text) {
                    let page = entry
                        .path()
                        .strip_prefix(root)
                        .unwrap()
                        .display()
                        .to_string();
                    mentioned.entry(id).or_insert(page);
                }
            }
        }
        let unknown = mentioned
            .iter()
            .filter(|(id, _)| Code::by_id(id).is_none())
            .map(|(id, page)| format!("{page} names {id}, which is not a code"));
        let missing = ALL
            .iter()
            .filter(|c| !mentioned.contains_key(c.id()))
            .map(|c| format!("no page under docs/ documents {}", c.id()));
        unknown.chain(missing).collect()
    }

    #[test]
    fn ids_are_unique_in_order_and_say_their_severity() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].id() < pair[1].id(),
                "{:?} then {:?}",
                pair[0],
                pair[1]
            );
        }
        for code in ALL {
            assert_eq!(ids_in(code.id()).len(), 1, "{code:?}");
            let expected = match code.id().as_bytes()[0] {
                b'E' => Severity::Error,
                b'N' => Severity::Note,
                _ => Severity::Warning,
            };
            assert_eq!(
                code.severity(),
                expected,
                "{code:?}: E is an error, W a warning, N a note"
            );
            assert_eq!(Code::by_id(code.id()), Some(*code));
        }
        assert_eq!(Code::by_id("E999"), None);
    }

    #[test]
    fn every_code_is_documented() {
        for code in ALL {
            let texts = [
                code.title(),
                code.title_zh(),
                code.means(),
                code.example(),
                code.fix(),
            ];
            for text in texts {
                assert!(!text.trim().is_empty(), "{code:?}");
                assert!(
                    !text.ends_with('.'),
                    "{code:?}: `{text}` (the docs add their own)"
                );
            }
            assert!(
                code.title_zh()
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code:?}"
            );
        }
    }

    /// The README's table is the registry's `means` and `example`, row for row, in id order:
    /// a code added, removed or re-worded in one must be in the other.
    #[test]
    fn the_readme_table_lists_every_code_as_the_registry_does() {
        let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
        let rows = readme_rows(&readme);
        assert!(rows.len() >= 40, "the table was not found: {rows:?}");
        for id in rows.keys() {
            assert!(
                Code::by_id(id).is_some(),
                "README lists {id}, which is not in the registry"
            );
        }
        for code in ALL {
            let expected = format!("| {} | {} | {} |", code.id(), code.means(), code.example());
            assert_eq!(
                rows.get(code.id()),
                Some(&expected),
                "README row of {code:?}"
            );
        }
        let order: Vec<&String> = rows.keys().collect();
        let in_readme: Vec<&str> = readme
            .lines()
            .filter_map(|l| order.iter().find(|id| l.starts_with(&format!("| {id} |"))))
            .map(|id| id.as_str())
            .collect();
        let ids: Vec<&str> = ALL.iter().map(|c| c.id()).collect();
        assert_eq!(in_readme, ids, "the README lists the codes in id order");
    }

    #[test]
    fn docs_pages_document_every_code_once_there_are_docs() {
        assert_eq!(docs_problems(repo_root()), Vec::<String>::new());
    }

    #[test]
    fn the_docs_check_finds_missing_and_unknown_codes() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            docs_problems(dir.path()).is_empty(),
            "no docs/, nothing to check"
        );
        let guide = dir.path().join("docs/guide");
        std::fs::create_dir_all(&guide).unwrap();
        let all: Vec<&str> = ALL.iter().map(|c| c.id()).collect();
        std::fs::write(guide.join("codes.md"), all.join("\n")).unwrap();
        assert_eq!(docs_problems(dir.path()), Vec::<String>::new());

        let fewer: Vec<&str> = all.iter().copied().filter(|id| *id != "W008").collect();
        std::fs::write(guide.join("codes.md"), fewer.join(", ")).unwrap();
        std::fs::write(dir.path().join("docs/old.md"), "`E099` and E0123 and xE001").unwrap();
        std::fs::write(dir.path().join("docs/notes.txt"), "E098").unwrap();
        assert_eq!(
            docs_problems(dir.path()),
            vec![
                "docs/old.md names E099, which is not a code".to_string(),
                "no page under docs/ documents W008".to_string(),
            ]
        );
    }
}
