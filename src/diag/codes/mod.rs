//! Every diagnostic code, once: its id (`E020`), severity, a short title in English and Chinese,
//! and its documentation — what it means and a bad example (both exactly as in the README's
//! table "What `check` reports", which a test keeps in step) and how to fix it, the meaning and
//! the fix in Chinese too (`means_zh`, `fix_zh`): editors read Chinese first.
//!
//! Emitters name a code by its constant (`Diagnostic::new(codes::UNKNOWN_PLACE, ..)`). A
//! [`Code`] can only be made here, and a diagnostic takes its severity from its code, so no
//! stage can emit a code that is not listed, nor make a code an error in one place and a
//! warning in another. To add a code: add an entry below, a row to the README table, a section
//! in `docs/zh-CN/codes.md` and `docs/en/codes.md` (a test names what is missing), and a
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
    means_zh: &'static str,
    example: &'static str,
    fix: &'static str,
    fix_zh: &'static str,
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

    /// What the code means, for a Chinese editor (`docs/zh-CN/codes.md` explains it further).
    pub fn means_zh(self) -> &'static str {
        self.0.means_zh
    }

    /// A bad example (the README's "example" column).
    pub fn example(self) -> &'static str {
        self.0.example
    }

    /// How to fix it.
    pub fn fix(self) -> &'static str {
        self.0.fix
    }

    /// How to fix it, for a Chinese editor.
    pub fn fix_zh(self) -> &'static str {
        self.0.fix_zh
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
            means_zh: $means_zh:literal,
            example: $example:literal,
            fix: $fix:literal,
            fix_zh: $fix_zh:literal $(,)?
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
                means_zh: $means_zh,
                example: $example,
                fix: $fix,
                fix_zh: $fix_zh,
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
        means_zh: "仅 `serve`：整个站点无法读取（例如编辑时删掉了 `site.yaml`）；在修好之前，错误会显示在页面上",
        example: "`rm site.yaml`",
        fix: "restore what the message names (usually `site.yaml`): the preview rebuilds by itself once it is back",
        fix_zh: "恢复消息中指出的文件（通常是 `site.yaml`）：文件恢复后，预览会自动重新生成",
    }
    YAML_SYNTAX = E001 Error {
        title: "YAML syntax error",
        title_zh: "YAML 语法错误",
        means: "YAML syntax error",
        means_zh: "YAML 语法错误",
        example: "`subjects: [古生物` (unclosed)",
        fix: "close every bracket and quote, and quote text that starts with `[`, `{`, `*`, `&` or `#`; write values out instead of nesting `*alias` references",
        fix_zh: "把每个括号和引号都配对闭合；以 `[`、`{`、`*`、`&` 或 `#` 开头的文字要加引号；不要嵌套使用 `*别名` 引用，直接把值写出来",
    }
    UNKNOWN_FIELD = E002 Error {
        title: "unknown field",
        title_zh: "未知字段",
        means: "unknown field, with did-you-mean",
        means_zh: "未知字段，并提示最接近的写法",
        example: "`adress:` → did you mean `address`?",
        fix: "spell the field as the help suggests, or remove it",
        fix_zh: "按提示改正字段名的拼写，或删除该字段",
    }
    MISSING_FIELD = E003 Error {
        title: "missing required field",
        title_zh: "缺少必填字段",
        means: "missing required fields, each of them in one run (a field of the page points at the opening `---`, a field of an entry at that entry)",
        means_zh: "缺少必填字段（位置指向开头的 `---`）",
        example: "a place without `district`",
        fix: "add the field to the front matter, or to `site.yaml` when the message is about `site.yaml`",
        fix_zh: "在 front matter（`site.yaml` 的问题则在 `site.yaml`）中补上这个字段",
    }
    WRONG_VALUE = E004 Error {
        title: "wrong type or value",
        title_zh: "类型或取值错误",
        means: "wrong type or value",
        means_zh: "字段的类型或取值错误",
        example: "`open_on_holidays: maybe`; `base_url: example.org`",
        fix: "write the kind of value the field takes: `true` or `false`, a whole number, a number, text, or an absolute `https://` URL",
        fix_zh: "按字段要求写值：`true` 或 `false`、整数、数字、文字，或以 `https://` 开头的完整网址",
    }
    BAD_FRONT_MATTER = E005 Error {
        title: "no front matter",
        title_zh: "缺少或未闭合的 front matter",
        means: "no front matter, unclosed front matter, or an empty file",
        means_zh: "缺少 front matter、front matter 没有闭合，或文件为空",
        example: "first line is not `---`",
        fix: "start the file with a `---` line, then the fields, then another `---` line before the text",
        fix_zh: "文件第一行写 `---`，接着写字段，再用一行 `---` 结束，之后才是正文",
    }
    NOT_UTF8 = E006 Error {
        title: "not UTF-8",
        title_zh: "文件不是 UTF-8 编码",
        means: "the file is not UTF-8",
        means_zh: "文件不是 UTF-8 编码",
        example: "a file saved as GBK or UTF-16",
        fix: "save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)",
        fix_zh: "把文件另存为 UTF-8 编码（大多数编辑器：“另存为”或“以某种编码保存”→ UTF-8）",
    }
    BAD_ID = E007 Error {
        title: "file name is not a valid id",
        title_zh: "文件名不是有效的 id",
        means: "the file name is not a valid id (suggests the transliteration)",
        means_zh: "文件名不是有效的 id（会给出拼音转写建议）",
        example: "`bases/重庆科技馆.md` → `zhong-qing-ke-ji-guan`",
        fix: "rename the file as the help suggests: ids are lowercase a-z, 0-9 and `-`, and become URLs",
        fix_zh: "按提示重命名文件：id 只能用小写字母 a-z、数字 0-9 和 `-`，它会成为网址的一部分",
    }
    DUPLICATE_ID = E008 Error {
        title: "duplicate id",
        title_zh: "id 重复",
        means: "duplicate id",
        means_zh: "id 重复",
        example: "`bases/x.md` and `bases/x/index.md`",
        fix: "a page is either `<id>.md` or `<id>/index.md`, not both: remove or rename one",
        fix_zh: "一个页面要么是 `<id>.md`，要么是 `<id>/index.md`，不能两者都有：删除或重命名其中一个",
    }
    STRAY_FILE = E009 Error {
        title: "file belongs to no page",
        title_zh: "文件不属于任何栏目或页面",
        means: "a file outside the known sections, or belonging to no page",
        means_zh: "文件不在已知栏目中，或不属于任何页面",
        example: "`content/base/x.md`; a stray `content/a.png`",
        fix: "put pages under `content/bases/`, `spots/`, `routes/` or `pages/`, images beside a page bundle's `index.md`, and site-wide files in `static/`",
        fix_zh: "页面放在 `content/bases/`、`spots/`、`routes/` 或 `pages/` 下；图片放在页面包的 `index.md` 旁边；全站共用的文件放在 `static/`",
    }
    BAD_TIME = E010 Error {
        title: "bad time",
        title_zh: "时间格式错误",
        means: "bad time",
        means_zh: "时间格式错误",
        example: r#"`open: "9点"` (write `"09:00"`)"#,
        fix: r#"quote it and use 24-hour HH:MM, e.g. `"09:30"`"#,
        fix_zh: r#"加上引号，用 24 小时制的 HH:MM，例如 `"09:30"`"#,
    }
    BAD_WEEKDAYS = E011 Error {
        title: "bad weekday list",
        title_zh: "星期列表错误",
        means: "bad weekday list",
        means_zh: "星期列表写法错误",
        example: "`days: tues-sun` → did you mean `tue`?",
        fix: "write weekdays as `mon tue wed thu fri sat sun`, in lists (`mon,wed`) and ascending ranges (`tue-sun`)",
        fix_zh: "星期写作 `mon tue wed thu fri sat sun`，可写成列表（`mon,wed`）或从小到大的范围（`tue-sun`）",
    }
    BAD_DATE = E012 Error {
        title: "bad date",
        title_zh: "日期错误",
        means: "bad date",
        means_zh: "日期错误",
        example: "`departures: [2027-13-01]`",
        fix: "write a real date as YYYY-MM-DD, e.g. `2027-04-15`",
        fix_zh: "写一个真实存在的日期，格式为 YYYY-MM-DD，例如 `2027-04-15`",
    }
    BAD_AUDIENCE = E013 Error {
        title: "bad audience",
        title_zh: "受众（学段）错误",
        means: "bad audience",
        means_zh: "受众（学段）写法错误",
        example: "`audience: [小学4-7]`",
        fix: "write one of the audiences the help lists, and a grade range that exists and ascends (`小学4-6`)",
        fix_zh: "写提示中列出的受众之一；年级范围要真实存在且从小到大（`小学4-6`）",
    }
    COORDINATES_OUT_OF_RANGE = E014 Error {
        title: "coordinates out of range",
        title_zh: "坐标超出范围",
        means: "coordinates out of range",
        means_zh: "坐标超出范围",
        example: "`lat: 106.4` (lat and lon swapped)",
        fix: "latitude is −90…90 and longitude −180…180: check that `lat` and `lon` are not swapped",
        fix_zh: "纬度在 −90 到 90 之间，经度在 −180 到 180 之间：检查 `lat` 和 `lon` 是否写反了",
    }
    NOT_AN_ALLOWED_NAME = E015 Error {
        title: "not an allowed name",
        title_zh: "不是允许的名称",
        means: "not one of the allowed names",
        means_zh: "不是允许的名称之一",
        example: "`category: 科普型`, `status: opened`, `by: bus`",
        fix: "write one of the names the help lists (it suggests the closest)",
        fix_zh: "从提示列出的名称中选一个（提示会给出最接近的写法）",
    }
    FILE_TOO_LARGE = E016 Error {
        title: "content file too large",
        title_zh: "内容文件超过 2 MB",
        means: "a content file over 2 MB",
        means_zh: "内容文件超过 2 MB",
        example: "a Markdown page with a pasted base64 image",
        fix: "put images and data beside the page (a page bundle) instead of inside the text",
        fix_zh: "把图片和数据放在页面旁边（页面包），不要直接写进正文",
    }
    THEME_NOT_A_NAME = E017 Error {
        title: "theme is not a folder name",
        title_zh: "theme 不是主题文件夹名",
        means: "`theme:` in `site.yaml` is a path, not a folder name under `themes/`",
        means_zh: "`site.yaml` 中的 `theme:` 是一个路径，而不是 `themes/` 下的文件夹名",
        example: "`theme: ../../x`, `theme: /srv/x`",
        fix: "name a folder under the site's `themes/`, e.g. `theme: default`; copy a theme in rather than pointing at it",
        fix_zh: "写 `themes/` 下某个文件夹的名字，例如 `theme: default`；需要别处的主题时，把它复制进站点，而不是指向它",
    }
    NOT_A_LANGUAGE_TAG = E018 Error {
        title: "not a language tag",
        title_zh: "不是语言标签",
        means: "`language` in `site.yaml` is not a BCP 47 language tag",
        means_zh: "`site.yaml` 里的 `language` 不是 BCP 47 语言标签",
        example: "`language: 中文`; `language: chinese simplified`",
        fix: "write a language tag such as `zh-CN`, `zh-Hant` or `en` (`中文` → `zh-CN`)",
        fix_zh: "写语言标签，例如 `zh-CN`、`zh-Hant` 或 `en`（`中文` → `zh-CN`）",
    }
    UNKNOWN_PLACE = E020 Error {
        title: "unknown place",
        title_zh: "站点引用了不存在的地点",
        means: "a stop names an unknown place (did-you-mean across sections: `bases/x` for a spot suggests `spots/x`)",
        means_zh: "线路中某一站的 `at:` 指向不存在的地点（会提示最接近的写法）",
        example: "`at: bases/musuem`",
        fix: "name an existing place as `<section>/<id>` (the help suggests the closest), or add the place",
        fix_zh: "用 `<栏目>/<id>` 写一个已有的地点（提示会给出最接近的），或先添加这个地点",
    }
    BROKEN_LINK = E021 Error {
        title: "broken `@/` link",
        title_zh: "`@/` 内部链接无效",
        means: "an `@/` link names no page, or no such heading",
        means_zh: "`@/` 链接指向的页面不存在，或页面中没有这个标题",
        example: "`[x](@/bases/x.md#鸟类厅)`",
        fix: "link to an existing content file, and after `#` to one of its heading ids",
        fix_zh: "链接到一个存在的内容文件；`#` 后面写该页面中某个标题的 id",
    }
    STOP_PLACE_OR_ACTIVITY = E022 Error {
        title: "stop needs `at:` or `do:`",
        title_zh: "站点须有且只有 `at:` 或 `do:` 之一",
        means: "a stop needs exactly one of `at:` and `do:`",
        means_zh: "一个站点必须有且只有 `at:` 和 `do:` 之一",
        example: "a stop with both",
        fix: "give a visit `at:` (a place) or an activity `do:` (what the group does), not both; `location` is only for `do:` stops",
        fix_zh: "参观地点写 `at:`（一个地点），其他活动写 `do:`（做什么），两者不能同时写；`location` 只用于 `do:` 站点",
    }
    NO_STOPS = E023 Error {
        title: "no stops",
        title_zh: "线路或某一天没有站点",
        means: "a route or day without stops",
        means_zh: "线路或其中某一天没有站点",
        example: "`days: []`",
        fix: "give the route at least one day, and each day at least one stop",
        fix_zh: "线路至少要有一天，每天至少要有一个站点",
    }
    TIMES_OUT_OF_ORDER = E030 Error {
        title: "times out of order",
        title_zh: "时间先后顺序错误",
        means: "times out of order",
        means_zh: "时间先后顺序错误",
        example: "`leave` before `arrive`; a stop before the previous one ends",
        fix: "make each stop's `leave` come after its `arrive`, and each stop begin after the one before it ends",
        fix_zh: "每个站点的 `leave` 要在 `arrive` 之后，每个站点要在上一个站点结束之后才开始",
    }
    OUTSIDE_OPENING_HOURS = E031 Error {
        title: "visit outside opening hours",
        title_zh: "参观时间不在开放时间内",
        means: "a visit outside opening hours or after last entry",
        means_zh: "参观时间不在开放时间内，或晚于最晚入场时间",
        example: "arrive 16:10, last entry 16:00",
        fix: "arrive after opening and by last entry, and leave by closing; or correct the place's `hours`",
        fix_zh: "在开门之后、最晚入场之前到达，并在闭馆前离开；或者更正地点的 `hours`",
    }
    CLOSED_ON_ROUTE_DAY = E032 Error {
        title: "place closed that day",
        title_zh: "线路当天地点闭馆",
        means: "a place closed on a day the route runs, or on a departure date (its weekly closed day, a dated closure, or a holiday when it takes no groups)",
        means_zh: "线路运行的某一天或某个出发日期，地点闭馆（每周闭馆日、`closures` 里的闭馆期，或不接待团队的节假日）",
        example: "museum closed Mondays, `runs_on: [mon]`",
        fix: "change `runs_on` or the departure date, or visit another place that day",
        fix_zh: "修改 `runs_on` 或出发日期，或那一天改去别的地点",
    }
    DEPARTURE_OFF_WEEKDAY = E033 Error {
        title: "departure not on a running day",
        title_zh: "出发日期不在 `runs_on` 的星期内",
        means: "a departure not on a `runs_on` weekday (the help names the nearest dates that fit)",
        means_zh: "出发日期不在 `runs_on` 列出的星期内",
        example: "`runs_on: [tue]`, departure on a Monday",
        fix: "move the departure to a `runs_on` weekday, or add its weekday to `runs_on`",
        fix_zh: "把出发日期改到 `runs_on` 中的某个星期，或把这一天的星期加入 `runs_on`",
    }
    PLACE_NOT_OPEN = E034 Error {
        title: "closed place in a route",
        title_zh: "线路包含已关闭或在建的地点",
        means: "a closed or under-construction place in a route",
        means_zh: "线路中包含已关闭或在建的地点",
        example: "`status: closed`",
        fix: "take the stop out of the route, or update the place's `status` once it is open again",
        fix_zh: "把这个站点从线路中去掉；地点重新开放后，再更新它的 `status`",
    }
    OUTSIDE_REGION = E035 Error {
        title: "coordinates outside the region",
        title_zh: "坐标不在站点地区范围内",
        means: "coordinates outside `region.bbox`",
        means_zh: "坐标不在 `region.bbox` 范围内",
        example: "a GCJ-02 point of Beijing",
        fix: "check the coordinates and their `datum`, or widen `region.bbox` in `site.yaml`",
        fix_zh: "检查坐标和它的 `datum`，或在 `site.yaml` 中扩大 `region.bbox`",
    }
    UNKNOWN_DISTRICT = E036 Error {
        title: "unknown district",
        title_zh: "区县不在 `region.districts` 中",
        means: "a district not in `region.districts`",
        means_zh: "区县不在 `region.districts` 中",
        example: "`district: 北培区` → did you mean `北碚区`?",
        fix: "write one of `region.districts` (the help suggests the closest), or add the district to `site.yaml`",
        fix_zh: "写 `region.districts` 中的一个（提示会给出最接近的），或把这个区县加入 `site.yaml`",
    }
    RISKS_WITHOUT_NOTE = E040 Error {
        title: "`risks` without `risk_note`",
        title_zh: "列出了 `risks` 但缺少 `risk_note`",
        means: "`risks` without `risk_note`",
        means_zh: "列出了 `risks`，却没有 `risk_note`",
        example: "`risks: [cave]` alone",
        fix: "add `risk_note:` saying how visitors stay safe",
        fix_zh: "补上 `risk_note:`，说明游客如何保证安全",
    }
    RESERVATION_WITHOUT_HOW = E041 Error {
        title: "reservation without `how` or `url`",
        title_zh: "需要预约但未说明预约方式",
        means: "`reservation.required` without `how` or `url`",
        means_zh: "`reservation.required` 为 true，却没有 `how` 或 `url`",
        example: "`reservation: { required: true }`",
        fix: "add `how:` (a phone number, a mini-program) or `url:` to `reservation`",
        fix_zh: "在 `reservation` 中补上 `how:`（电话、小程序等）或 `url:`",
    }
    NO_LODGING = E042 Error {
        title: "multi-day route without `lodging`",
        title_zh: "多日线路缺少 `lodging`（住宿）",
        means: "a multi-day route without `lodging`",
        means_zh: "多日线路缺少 `lodging`",
        example: "two days, no lodging",
        fix: "say in `lodging` where the group sleeps and how it is supervised",
        fix_zh: "在 `lodging` 中说明团队住在哪里、夜间如何管理",
    }
    SCHOOL_ROUTE_UNDECLARED = E043 Error {
        title: "school route without a declaration",
        title_zh: "研学线路缺少必需的说明",
        means: "a school route without `safety`, `guardianship`, `insurance`, `objectives`, `group` or `staff`",
        means_zh: "研学线路缺少 `safety`、`guardianship`、`insurance`、`objectives`、`group` 或 `staff`",
        example: "no `safety:`",
        fix: "add each field the message names (the help gives an example of each)",
        fix_zh: "补上消息中列出的每个字段（提示中给出了每个字段的示例）",
    }
    TOO_FEW_STAFF = E044 Error {
        title: "school route short of staff",
        title_zh: "带队人员不足",
        means: "a school route short of staff",
        means_zh: "研学线路的带队人员不足",
        example: "40 students, one 带队老师 (needs ⌈40 ÷ 20⌉ = 2)",
        fix: "raise the count under `staff` to what the message says: one 项目组长, 安全员 and 研学导师 each, and a 带队老师 per `rules.students_per_teacher` of `group.max`",
        fix_zh: "把 `staff` 中的人数提高到消息所说的数量：项目组长、安全员、研学导师各至少 1 名，带队老师按 `group.max` 每 `rules.students_per_teacher` 名学生 1 名",
    }
    COACH_LEG_TOO_LONG = E045 Error {
        title: "coach leg too long",
        title_zh: "单段大巴行程过长",
        means: "a coach leg longer than `max_coach_leg_km`",
        means_zh: "单段大巴行程超过 `max_coach_leg_km`",
        example: "主城 → 奉节 by coach (go by rail)",
        fix: "go the long way by rail (`by: rail`) and the last part by coach, or raise `rules.max_coach_leg_km`",
        fix_zh: "长距离改乘火车（`by: rail`），最后一段再坐大巴；或调高 `rules.max_coach_leg_km`",
    }
    TEMPLATE_ERROR = E050 Error {
        title: "template error",
        title_zh: "模板错误",
        means: "a template error (file, line and column in the template)",
        means_zh: "模板错误（给出模板中的文件、行和列）",
        example: "`{{ route.titel }}`",
        fix: "fix the template at the place shown; the fields a template receives are in the README's \"Writing a theme\"",
        fix_zh: "在指出的位置修改模板；模板能用的字段见 README 的“Writing a theme”一节",
    }
    FULL_WIDTH_PUNCTUATION = E060 Error {
        title: "full-width punctuation in YAML syntax",
        title_zh: "YAML 语法位置用了全角标点",
        means: "full-width punctuation where YAML syntax is expected: `：` after a key, `，` `、` `；` between list items, `【】` as brackets, `“”` around a whole value",
        means_zh: "在 YAML 语法位置用了全角标点：键后的 `：`、列表项之间的 `，` `、` `；`、当作括号的 `【】`、包住整个值的 `“”`",
        example: "`district：观山湖区`; `subjects: [地质，古生物]`",
        fix: "type the ASCII sign (`: ` `, ` `[ ]` `\"`) with the input method in English mode, or run `yanxue check --fix`; punctuation inside text stays as it is",
        fix_zh: "切换到英文输入，写半角的 `: ` `, ` `[ ]` `\"`，或运行 `yanxue check --fix`；文字里的标点不用改",
    }
    CHINESE_TIME = E061 Error {
        title: "time not written as \"HH:MM\"",
        title_zh: "时间没有写成 \"HH:MM\"",
        means: "a time written the Chinese way or without a leading zero, in a field that holds a time",
        means_zh: "在时间字段里按中文习惯写时间，或没有补零",
        example: "`open: 9点`; `arrive: 下午2点`; `leave: 9:00`",
        fix: "write the 24-hour time in quotes, e.g. `open: \"09:00\"`, or run `yanxue check --fix`",
        fix_zh: "写成带引号的 24 小时制，如 `open: \"09:00\"`，或运行 `yanxue check --fix`",
    }
    DATE_NOT_ISO = E062 Error {
        title: "date not written YYYY-MM-DD",
        title_zh: "日期没有写成 YYYY-MM-DD",
        means: "a date not written YYYY-MM-DD, in a field that holds a date",
        means_zh: "在日期字段里没有写成 YYYY-MM-DD",
        example: "`verified: 2027/5/1`; `departures: [2027年5月1日]`",
        fix: "write year, month and day as YYYY-MM-DD, e.g. `2027-05-01`, or run `yanxue check --fix`",
        fix_zh: "写成 `2027-05-01` 的形式，或运行 `yanxue check --fix`",
    }
    INDENT_NOT_SPACES = E063 Error {
        title: "tab or ideographic space in indentation",
        title_zh: "缩进里有制表符或全角空格",
        means: "a tab or an ideographic space (U+3000) in indentation, or a full-width space after `:` or `-`",
        means_zh: "缩进里有制表符或全角空格，或 `:`、`-` 后面是全角空格",
        example: "a tab before `open:`; `name:　重庆` (full-width space)",
        fix: "indent with ordinary spaces only, or run `yanxue check --fix`",
        fix_zh: "只用半角空格缩进，或运行 `yanxue check --fix`",
    }
    FULL_WIDTH_DIGITS = E064 Error {
        title: "full-width digits in a number, time or date",
        title_zh: "数字、时间或日期里有全角数字",
        means: "full-width digits in a number, time or date",
        means_zh: "数字、时间或日期里有全角数字",
        example: "`months: [５]`; `open: ９：００`",
        fix: "type the digits with the input method in English mode (`5`, `\"09:00\"`), or run `yanxue check --fix`",
        fix_zh: "用英文输入法输入数字（`5`、`\"09:00\"`），或运行 `yanxue check --fix`",
    }
    OVER_INDENTED = E070 Error {
        title: "line indented wrongly",
        title_zh: "缩进不对",
        means: "a line indented more than the one above (read as part of its value), or matching the indentation of no line above",
        means_zh: "这一行比上一行缩进得多（会被当成上一行的值），或和上面任何一行都对不齐",
        example: "`lat: 30.661` then `    lon: 104.06`",
        fix: "indent the fields of one group by the same number of spaces, as the help's corrected line shows",
        fix_zh: "同一组字段缩进相同的空格数，照提示里改好的那一行写",
    }
    NO_SPACE_AFTER_COLON = E071 Error {
        title: "no space after `:`",
        title_zh: "冒号后缺少空格",
        means: "no space after a field's `:`, so the line is read as one piece of text",
        means_zh: "字段的 `:` 后面没有空格，整行被当成一段文字",
        example: "`district:观山湖区`",
        fix: "put a space after the `:`: `district: 观山湖区`",
        fix_zh: "在 `:` 后面加一个空格：`district: 观山湖区`",
    }
    UNCLOSED = E072 Error {
        title: "unclosed bracket or quote",
        title_zh: "括号或引号没有闭合",
        means: "a `[`, `{` or quote never closed (points at where it opens)",
        means_zh: "`[`、`{` 或引号没有闭合（指向开始的位置）",
        example: "`audience: [初中, 高中` then the next field",
        fix: "close it on the same line: `audience: [初中, 高中]`",
        fix_zh: "在同一行闭合：`audience: [初中, 高中]`",
    }
    WRONG_SHAPE = E073 Error {
        title: "a list, fields or one value where another was expected",
        title_zh: "值的形式不对（列表、字段或单个值）",
        means: "a single value where a list or fields were expected, or a list where one value was expected",
        means_zh: "该写列表或字段的地方写了单个值，或该写单个值的地方写了列表",
        example: "`audience: 初中` (write `audience: [初中]`)",
        fix: "write the value in the form the help shows: a list in `[…]` or as `- ` lines, fields on indented lines below, or one value",
        fix_zh: "按提示的形式写：`[…]` 列表或 `- ` 行、下面缩进的字段，或一个值",
    }
    DUPLICATE_FIELD = E074 Error {
        title: "field written twice",
        title_zh: "字段重复",
        means: "the same field written twice in one place",
        means_zh: "同一处把一个字段写了两次",
        example: "two `name:` lines",
        fix: "keep one of the two lines",
        fix_zh: "两行只保留一行",
    }
    LINK_TO_DRAFT = E080 Error {
        title: "published page needs a draft",
        title_zh: "已发布的页面引用了草稿",
        means: "a published page links to a draft, or a published route stops at one: drafts are left out of the build",
        means_zh: "已发布的页面链接到草稿，或已发布的线路有一站去草稿地点；草稿不会发布",
        example: "`at: bases/new-lab` where `bases/new-lab` has `draft: true`",
        fix: "publish the draft (delete its `draft: true`), or take the link or stop out until it is ready",
        fix_zh: "删掉草稿的 `draft: true` 发布它，或在它完成前先去掉这个链接或这一站",
    }
    DRAFT_NOT_A_PAGE = E081 Error {
        title: "only pages can be drafts",
        title_zh: "只有页面可以是草稿",
        means: "`draft: true` on the home page or a section intro, which are always built",
        means_zh: "首页或栏目介绍写了 `draft: true`，而它们总会生成",
        example: "`draft: true` in `content/routes/_index.md`",
        fix: "delete `draft: true` there: only a base, spot, route or page can be a draft",
        fix_zh: "删掉这里的 `draft: true`：只有基地、景区、线路和页面可以是草稿",
    }
    EDITOR_FILE_LEFT_OUT = N001 Note {
        title: "editor's backup or temporary file left out",
        title_zh: "编辑器的备份或临时文件未发布",
        means: "an editor's backup or temporary file (`~`, `.bak`, `.orig`, `.swp`, `#…#`) is left out of the site",
        means_zh: "编辑器的备份或临时文件（`~`、`.bak`、`.orig`、`.swp`、`#…#`）不会进入网站",
        example: "`content/bases/x.md~`; `static/style.css.bak`",
        fix: "nothing to do; delete it when you no longer need it",
        fix_zh: "无需处理；不再需要时删掉即可",
    }
    DRAFT_LEFT_OUT = N010 Note {
        title: "draft left out of the build",
        title_zh: "草稿未发布",
        means: "a page with `draft: true` is left out of `build` and `check` (pages, lists, search, sitemap, feed, maps); `serve` shows it, marked as a draft",
        means_zh: "写了 `draft: true` 的页面不会被 `build`、`check` 发布（页面、列表、搜索、网站地图、订阅、地图中都没有）；`serve` 会显示它，并标为草稿",
        example: "`draft: true` in `content/routes/x.md`",
        fix: "nothing to do while it is a draft; delete `draft: true` when it is ready to publish",
        fix_zh: "草稿期间无需处理；准备发布时删掉 `draft: true`",
    }
    DRAFT_PROBLEM = N011 Note {
        title: "what a draft still lacks",
        title_zh: "草稿还需修改",
        means: "an error or warning in a draft, shown as a note with its own code until the draft is published",
        means_zh: "草稿里的错误或警告，在发布之前作为提示显示，并注明原来的代码",
        example: "a draft without `district`: `draft: [E003] …`",
        fix: "fix it as the help says before deleting `draft: true`: once published it is an error or warning again",
        fix_zh: "删掉 `draft: true` 之前按提示改好；发布后它会重新成为错误或警告",
    }
    PLACEHOLDER_LEFT = N012 Note {
        title: "placeholder text still to replace",
        title_zh: "还有占位文字没改",
        means: "a `（请改成…）` placeholder of `yanxue init` or `yanxue new` is still in the file",
        means_zh: "文件里还有 `yanxue init` 或 `yanxue new` 写入的“（请改成…）”占位文字",
        example: "`name: 示例科技馆（请改成你的基地名称）`",
        fix: "write what the brackets ask for in place of the example, and delete the brackets",
        fix_zh: "把示例换成括号里要求的内容，再删掉括号",
    }
    TRAVEL_TIME_SHORT = W001 Warning {
        title: "too little travel time",
        title_zh: "站点间交通时间不足",
        means: "too little time between stops for the estimated travel",
        means_zh: "两个站点之间的时间少于估算的交通时间",
        example: "10 min for 1.4 km on foot",
        fix: "leave more time between the stops, or set `travel_minutes` if you know the real time",
        fix_zh: "在两个站点之间多留些时间；如果知道实际用时，写上 `travel_minutes`",
    }
    LEARNING_TIME_SHORT = W002 Warning {
        title: "too few learning minutes",
        title_zh: "当天研学时长不足",
        means: "a school day with too few learning minutes",
        means_zh: "研学线路某一天的学习时长不足",
        example: "30 minutes in a day",
        fix: "give the stops `learning_minutes`, or plan a learning activity",
        fix_zh: "给站点写上 `learning_minutes`，或安排学习活动",
    }
    AUDIENCE_NOT_LISTED = W003 Warning {
        title: "audience not listed by the place",
        title_zh: "地点未列出该线路的受众",
        means: "a stop's place does not list the route's audience",
        means_zh: "线路某一站的地点没有在 `audience` 中列出线路的受众",
        example: "a `银龄` route at a place for `小学`",
        fix: "add the audience to the place's `audience` if it suits them, or choose another place",
        fix_zh: "如果地点适合该受众，把它加入地点的 `audience`；否则换一个地点",
    }
    BY_ARRANGEMENT = W004 Warning {
        title: "place open by arrangement only",
        title_zh: "线路包含需预约开放的地点",
        means: "a `by_arrangement` place in a route",
        means_zh: "线路中包含需预约开放（`by_arrangement`）的地点",
        example: "the silkworm lab",
        fix: "make sure the visit is arranged, or mention the place in the text instead",
        fix_zh: "确认参观已经约好，或只在正文中提到这个地点",
    }
    STALE = W005 Warning {
        title: "not verified recently",
        title_zh: "核实日期过久",
        means: "`verified` older than `stale_after_days`",
        means_zh: "`verified` 的日期距今已超过 `stale_after_days` 天",
        example: "`verified: 2025-01-01`",
        fix: "check hours, prices and booking rules again, then update `verified`",
        fix_zh: "重新核实开放时间、票价和预约规则，然后更新 `verified`",
    }
    DEPARTURE_OUTSIDE_MONTHS = W006 Warning {
        title: "departure outside the best months",
        title_zh: "出发日期不在推荐月份内",
        means: "a departure outside the route's `months`",
        means_zh: "出发日期不在线路的 `months` 中",
        example: "`months: [5]`, departure in April",
        fix: "move the departure into one of `months`, or add its month",
        fix_zh: "把出发日期移到 `months` 中的某个月，或把这个月加入 `months`",
    }
    LINK_NOT_FOLLOWED = W007 Warning {
        title: "link not followed",
        title_zh: "链接未被跟随",
        means: "a link that is not followed, so its file is neither read nor published: it points outside the site (or, in a theme, outside `themes/<name>/`), nowhere, or to a folder that holds it",
        means_zh: "链接（符号链接）不会被跟随，它指向的文件既不读取也不发布：它指向站点之外（在主题中则是 `themes/<名称>/` 之外）、指向不存在的位置，或指向包含它自己的文件夹",
        example: "`static -> /etc`; `content/bases/x.md -> ~/notes/x.md`",
        fix: "copy the file into the site instead of linking to it, fix the link, or remove it",
        fix_zh: "把文件复制进站点，而不是链接过去；或修好、删掉这个链接",
    }
    NOT_A_REGULAR_FILE = W008 Warning {
        title: "not a regular file",
        title_zh: "不是普通文件",
        means: "not a regular file (a named pipe, a socket, a device): skipped, never opened",
        means_zh: "不是普通文件（命名管道、套接字、设备文件）：跳过，从不打开",
        example: "a named pipe `content/bases/x.md`",
        fix: "only ordinary files and folders belong to a site: remove it",
        fix_zh: "站点中只应有普通文件和文件夹：删掉它",
    }
    PHONE_NOT_DIALLABLE = W009 Warning {
        title: "phone number that can't be dialled",
        title_zh: "电话号码无法拨打",
        means: "a `phone` (of a place or a route contact) with a part no phone could dial: letters, `x` still to fill in, too few or too many digits; the page shows it as written, without a `tel:` link",
        means_zh: "`phone`（地点或线路联系人的电话）中有无法拨打的部分：含字母、还没填的 `x`、位数太少或太多；页面照原样显示，但没有拨号链接",
        example: "`phone: \"138xxxxxxxx\"`; `phone: 请问学校`",
        fix: "write digits, grouped with `-` or spaces if you like: `023-6xxxxxxx`, `138xxxxxxxx`, `+86 23 6xxx xxxx`, `400-xxx-xxxx`, `12301`; separate several numbers with `、` or `/`",
        fix_zh: "写数字，可用 `-` 或空格分组：`023-6xxxxxxx`、`138xxxxxxxx`、`+86 23 6xxx xxxx`、`400-xxx-xxxx`、`12301`；多个号码用 `、` 或 `/` 隔开",
    }
    EMAIL_NOT_ADDRESS = W010 Warning {
        title: "email that is not an address",
        title_zh: "电子邮箱地址不对",
        means: "an `email` (of a place or a route contact) with a part that is not an address `name@domain.tld`; the page shows it as written, without a `mailto:` link",
        means_zh: "`email`（地点或线路联系人的邮箱）中有不是 `名称@域名` 形式的部分；页面照原样显示，但没有邮件链接",
        example: "`email: office＠example.org` (full-width `＠`); `email: office@example`",
        fix: "write one address like `office@example.org` with a half-width `@` and no spaces; separate several with `、` or `/`",
        fix_zh: "写成 `office@example.org` 这样的地址，用半角 `@`，不含空格；多个地址用 `、` 或 `/` 隔开",
    }
}

#[cfg(test)]
mod tests;
