//! `yanxue new base|spot|route|page ID`: starts a page from a commented skeleton, as a draft
//! (`draft: true`), so it can be previewed in `serve` and checked while it is written, and is
//! published only once the editor deletes that line. The skeleton is the site's own
//! `skeletons/<kind>.md` when it has one, else the built-in one (`starter/skeletons/`). Its
//! `{{…}}` slots are filled from this site's data (a district, the middle of its region, a place
//! a route can stop at), so the new draft builds in this site before a word is changed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::starter;
use crate::diag::{Lang, Text};
use crate::load::{self, DocKind, Section};
use crate::text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to start: a base (科普教育基地), a spot (景区), a route (研学线路) or a free page.
    kind: Kind,
    /// The new page's id: its file name and URL (lowercase a-z, 0-9 and `-`).
    id: String,
    /// The site's directory (holds site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    Base,
    Spot,
    Route,
    Page,
}

impl Kind {
    fn section(self) -> Section {
        match self {
            Kind::Base => Section::Bases,
            Kind::Spot => Section::Spots,
            Kind::Route => Section::Routes,
            Kind::Page => Section::Pages,
        }
    }

    /// The skeleton's file name, built in and in a site's `skeletons/`.
    fn skeleton(self) -> &'static str {
        match self {
            Kind::Base => "base.md",
            Kind::Spot => "spot.md",
            Kind::Route => "route.md",
            Kind::Page => "page.md",
        }
    }
}

pub(super) fn run(args: Args, today: jiff::civil::Date, lang: Option<Lang>) -> ExitCode {
    let site = match load::load_site(&args.root) {
        Ok(site) => site,
        Err(e) => {
            let early = super::lang_before_loading(lang, &args.root);
            say!(early, crate::error_line(&e.text()));
            if matches!(e, load::LoadError::NoConfig(_)) {
                say!(
                    early,
                    "help: run `yanxue init` to make a site first, or give its folder with --root",
                    "帮助：请先用 `yanxue init` 建站，或用 --root 指定网站所在的文件夹"
                );
            }
            return ExitCode::from(2);
        }
    };
    let lang = lang
        .or_else(|| Lang::from_tag(&site.config.language))
        .unwrap_or_default();
    match write_draft(&args, &site, today) {
        Ok(written) => {
            for line in written.report(&args).get(lang).lines() {
                say!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(refusal) => {
            say!(lang, crate::error_line(&refusal));
            ExitCode::from(2)
        }
    }
}

/// What was written, and from which skeleton.
struct Written {
    /// Relative to the site root.
    file: PathBuf,
    /// The site's own skeleton, when it had one.
    own_skeleton: Option<PathBuf>,
}

impl Written {
    fn report(&self, args: &Args) -> Text {
        let file = self.file.display();
        let url = crate::render::url_of(&format!("{}/{}", args.kind.section().dir(), args.id));
        let from = match &self.own_skeleton {
            Some(own) => {
                let own = own.display();
                text!("from this site's {own}", "用的是本站的 {own}")
            }
            None => {
                let name = args.kind.skeleton();
                text!(
                    "from the built-in skeleton; a site can use its own: skeletons/{name}",
                    "用的是内置模板；网站可以放自己的模板：skeletons/{name}"
                )
            }
        };
        let (from_en, from_zh) = (from.en(), from.zh());
        text!(
            "wrote {file} ({from_en})
it is a draft: `yanxue serve` shows it at {url}, `yanxue build` leaves it out until you delete `draft: true`
fill it in as its comments say; `yanxue check` lists what it still lacks",
            "已写入 {file}（{from_zh}）
这是草稿：`yanxue serve` 可在 {url} 预览；删掉 `draft: true` 之前，`yanxue build` 不会发布它
按文件里的注释填写；`yanxue check` 会列出还缺什么"
        )
    }
}

/// Writes the new draft; a refusal says why nothing was written.
fn write_draft(
    args: &Args,
    site: &load::Loaded,
    today: jiff::civil::Date,
) -> Result<Written, Text> {
    let id = args.id.as_str();
    let section = args.kind.section().dir();
    if !load::is_valid_id(id) {
        let suggestion = crate::slug::ascii_slug(id);
        return Err(text!(
            "`{id}` is not a valid id: ids are lowercase a-z, 0-9 and `-`, and become the page's URL; e.g. `yanxue new {kind} {suggestion}`",
            "`{id}` 不是有效的 id：id 只能用小写字母 a-z、数字 0-9 和 `-`，它会成为网址；例如 `yanxue new {kind} {suggestion}`",
            kind = section_kind(args.kind)
        ));
    }
    let file = PathBuf::from("content")
        .join(section)
        .join(format!("{id}.md"));
    let bundle = PathBuf::from("content").join(section).join(id);
    for taken in [&file, &bundle] {
        if std::fs::symlink_metadata(args.root.join(taken)).is_ok() {
            let taken = taken.display();
            return Err(text!(
                "`{section}/{id}` exists already ({taken}): choose another id, or edit that file",
                "`{section}/{id}` 已经存在（{taken}）：请换一个 id，或者直接编辑这个文件"
            ));
        }
    }
    let own = Path::new("skeletons").join(args.kind.skeleton());
    let (skeleton, own_skeleton) = match fs_err::read_to_string(args.root.join(&own)) {
        Ok(text) => (text, Some(own)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let built_in = starter::skeleton(args.kind.skeleton()).unwrap_or_default();
            (built_in.to_string(), None)
        }
        Err(e) => return Err(text!("can't read {e}", "无法读取 {e}")),
    };
    let slots = Slots::of(site, today);
    let text = starter::fill(
        &skeleton,
        &[
            ("id", id),
            ("today", &slots.today),
            ("district", &slots.district),
            ("lat", &slots.lat),
            ("lon", &slots.lon),
            ("place", &slots.place),
        ],
    );
    let path = args.root.join(&file);
    let written = path
        .parent()
        .map_or(Ok(()), fs_err::create_dir_all)
        .and_then(|()| {
            let mut out = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            std::io::Write::write_all(&mut out, text.as_bytes())
        });
    match written {
        Ok(()) => Ok(Written { file, own_skeleton }),
        Err(e) => {
            let path = path.display();
            Err(text!("can't write {path}: {e}", "无法写入 {path}：{e}"))
        }
    }
}

/// The word for `kind` on the command line.
fn section_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Base => "base",
        Kind::Spot => "spot",
        Kind::Route => "route",
        Kind::Page => "page",
    }
}

/// What fills a skeleton's slots, taken from the site, so the draft builds where it is made.
struct Slots {
    today: String,
    district: String,
    lat: String,
    lon: String,
    place: String,
}

impl Slots {
    fn of(site: &load::Loaded, today: jiff::civil::Date) -> Slots {
        let region = site.config.region.as_ref();
        let district = region
            .and_then(|r| r.districts.first().cloned())
            .unwrap_or_else(|| "示例区（请改成区县名称）".to_string());
        let (lat, lon) = region
            .and_then(|r| r.bbox.as_ref())
            .map_or((0.0, 0.0), |b| {
                ((b.south + b.north) / 2.0, (b.west + b.east) / 2.0)
            });
        // A published base first, then a spot: a route's first stop must be a place that builds.
        let place = [Section::Bases, Section::Spots]
            .iter()
            .find_map(|section| {
                site.documents
                    .iter()
                    .filter(|d| d.kind == DocKind::Entry(*section) && d.draft.is_none())
                    .filter(|d| !matches!(d.front, load::Front::Broken))
                    .map(|d| d.id.clone())
                    .min()
            })
            .unwrap_or_else(|| "bases/example".to_string());
        Slots {
            today: starter::today_slot(today),
            district,
            lat: format!("{lat:.4}"),
            lon: format!("{lon:.4}"),
            place,
        }
    }
}
