//! Drafts: a base, spot, route or page with `draft: true`. What a draft is to each command is
//! decided here and nowhere else:
//!
//! - Every command models and validates the whole content, drafts included, so a draft's own
//!   problems are known. They are shown as notes ([`demote`], N011 with the original code in the
//!   message) and never fail a command: a draft is work in progress.
//! - `build` and `check` then leave the drafts out of the site ([`Site::leave_out_drafts`]):
//!   what is not in the site is in no page, list, search index, sitemap, feed, calendar or map.
//!   Each draft gets a note where its `draft:` line is (N010). A published route that stops at a
//!   draft, or a published page that links to one, is an error naming the draft (E080): the
//!   build would otherwise publish a dangling reference.
//! - `serve` keeps the drafts, so the editor previews them; their pages carry a draft mark
//!   ([`Site::is_draft`]).
//!
//! `init` and `new` write placeholders as `（请改成…）` after an example value; the loader finds
//! the ones still there (`load::placeholder`, N012), so `check` lists what is left to write.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{Site, StopKind};
use crate::diag::{Diagnostic, Pos, codes};
use crate::load::Document;

/// Where a draft is, and where its `draft: true` is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub file: PathBuf,
    pub pos: Pos,
}

/// The drafts among `documents`, by id.
pub(super) fn of_documents(documents: &[Document]) -> BTreeMap<String, Draft> {
    documents
        .iter()
        .filter_map(|d| {
            let pos = d.draft?;
            Some((
                d.id.clone(),
                Draft {
                    file: d.file.clone(),
                    pos,
                },
            ))
        })
        .collect()
}

/// The files of the drafts among `documents`: whose problems [`demote`] turns into notes.
pub fn draft_files(documents: &[Document]) -> BTreeSet<PathBuf> {
    documents
        .iter()
        .filter(|d| d.draft.is_some())
        .map(|d| d.file.clone())
        .collect()
}

/// Each error and warning located in a draft becomes a note (N011) that keeps its position and
/// help and names the original code in its message. Notes stay as they are, so this can be
/// applied again after more problems were added.
pub fn demote(diagnostics: &mut [Diagnostic], drafts: &BTreeSet<PathBuf>) {
    if drafts.is_empty() {
        return;
    }
    for d in diagnostics.iter_mut() {
        if d.severity() == crate::diag::Severity::Note || !drafts.contains(&d.file) {
            continue;
        }
        let (code, en, zh) = (d.code, d.message.en(), d.message.zh());
        d.message = crate::text!("draft: [{code}] {en}", "草稿：[{code}] {zh}");
        d.code = codes::DRAFT_PROBLEM;
    }
}

/// The error for an `@/` link from a published page to `target`, a draft left out of the build.
pub fn link_to_draft(file: &Path, pos: Pos, target: &str, draft: &Draft) -> Diagnostic {
    let draft_file = draft.file.display();
    Diagnostic::new(
        codes::LINK_TO_DRAFT,
        file,
        pos,
        crate::text!(
            "`{target}` is a draft ({draft_file}), left out of the build: this link would lead nowhere",
            "`{target}` 是草稿（{draft_file}），不会发布：这个链接会指向不存在的页面"
        ),
    )
    .with_help(publish_help(target, draft))
}

fn publish_help(target: &str, draft: &Draft) -> crate::diag::Text {
    let (file, line) = (draft.file.display(), draft.pos.line);
    crate::text!(
        "publish `{target}` by deleting `draft: true` ({file}:{line}), or take this out until it is ready",
        "删掉 `{target}` 的 `draft: true`（{file}:{line}）发布它，或者在它完成之前先去掉这里的引用"
    )
}

/// An error (E080) at each stop of a published route that visits a draft whose front matter
/// could not be modeled: such a place is in no build, `serve`'s included, and the stop would
/// otherwise just vanish (for a published place the place's own error stops the build). Called
/// before the routes are modeled, while their `at:` values are still at hand.
pub(super) fn stops_at_unbuilt_drafts(
    raw_routes: &[super::RawRouteDoc],
    site: &Site,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if site.drafts.is_empty() {
        return problems;
    }
    for (id, file, raw, ..) in raw_routes {
        if site.drafts.contains_key(id) {
            continue;
        }
        let stops = raw.days.value.iter().flat_map(|d| &d.stops);
        for at in stops.filter_map(|s| s.value.at.as_ref()) {
            // As a route's stops name places (`model::route`).
            let target = at
                .value
                .trim()
                .trim_end_matches(".md")
                .trim_end_matches("/index");
            let Some(draft) = site.drafts.get(target) else {
                continue;
            };
            if site.place(target).is_none() {
                problems.push(
                    Diagnostic::new(
                        codes::LINK_TO_DRAFT,
                        file,
                        at.pos,
                        crate::text!(
                            "this stop visits `{target}`, a draft ({}) that can't be built yet",
                            "这一站去的 `{target}` 是草稿（{}），还不能生成",
                            draft.file.display()
                        ),
                    )
                    .with_help(crate::text!(
                        "finish `{target}` (`yanxue check` lists what it lacks) and delete its `draft: true`, or take this stop out",
                        "先按 `yanxue check` 列出的提示完成 `{target}` 并删掉它的 `draft: true`，或者去掉这一站"
                    )),
                );
            }
        }
    }
    problems
}

impl Site {
    /// Whether the page `id` is a draft (only `serve` keeps drafts in the site).
    pub fn is_draft(&self, id: &str) -> bool {
        self.drafts.contains_key(id)
    }

    /// Takes the drafts out of the site, as `build` and `check` publish it. Returns a note per
    /// draft (N010) and an error per stop of a published route at a draft (E080); such a stop
    /// is taken out too (the route is then not `complete`), so the site stays consistent.
    pub fn leave_out_drafts(&mut self) -> Vec<Diagnostic> {
        let mut problems: Vec<Diagnostic> = self
            .drafts
            .iter()
            .map(|(id, draft)| {
                Diagnostic::new(
                    codes::DRAFT_LEFT_OUT,
                    &draft.file,
                    draft.pos,
                    crate::text!(
                        "draft `{id}` is left out of the build",
                        "草稿 `{id}` 不会发布"
                    ),
                )
                .with_help(crate::text!(
                    "`yanxue serve` shows it; delete `draft: true` when it is ready to publish",
                    "用 `yanxue serve` 可以预览；准备发布时删掉 `draft: true`"
                ))
            })
            .collect();
        if self.drafts.is_empty() {
            return problems;
        }
        let drafts = &self.drafts;
        // Old place index → new one; None for a draft.
        let mut kept = 0;
        let new_index: Vec<Option<usize>> = self
            .places
            .iter()
            .map(|p| {
                (!drafts.contains_key(&p.id)).then(|| {
                    kept += 1;
                    kept - 1
                })
            })
            .collect();
        let place_ids: Vec<String> = self.places.iter().map(|p| p.id.clone()).collect();
        self.routes.retain(|r| !drafts.contains_key(&r.id));
        for route in &mut self.routes {
            for day in &mut route.days {
                let mut complete = true;
                day.stops.retain_mut(|stop| {
                    let StopKind::Visit { place, at_pos, .. } = &mut stop.what else {
                        return true;
                    };
                    if let Some(new) = new_index.get(*place).copied().flatten() {
                        *place = new;
                        return true;
                    }
                    let id = place_ids.get(*place).map_or("", String::as_str);
                    if let Some(draft) = drafts.get(id) {
                        problems.push(
                            Diagnostic::new(
                                codes::LINK_TO_DRAFT,
                                &route.file,
                                *at_pos,
                                crate::text!(
                                    "this stop visits `{id}`, a draft ({}) left out of the build",
                                    "这一站去的 `{id}` 是草稿（{}），不会发布",
                                    draft.file.display()
                                ),
                            )
                            .with_help(publish_help(id, draft)),
                        );
                    }
                    complete = false;
                    false
                });
                route.complete &= complete;
            }
        }
        self.places.retain(|p| !drafts.contains_key(&p.id));
        self.pages.retain(|p| !drafts.contains_key(&p.id));
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_site::{LAB, MUSEUM, SPOT, STOPS, route, site};

    fn draft(id: &str) -> (String, Draft) {
        let file = PathBuf::from(format!("content/{id}.md"));
        (
            id.to_string(),
            Draft {
                file,
                pos: Pos::new(2, 8),
            },
        )
    }

    /// The places a route visits, by id, stop by stop.
    fn visited(site: &Site, route: usize) -> Vec<&str> {
        site.routes[route]
            .visited_places()
            .map(|i| site.places[i].id.as_str())
            .collect()
    }

    #[test]
    fn leaving_out_a_draft_place_keeps_every_stop_on_its_own_place() {
        // Sorted: bases/a-spot, bases/lab, bases/museum; the draft is the first.
        let r = route("", STOPS);
        let mut s = site(&[
            ("bases/a-spot", SPOT),
            ("bases/lab", LAB),
            ("bases/museum", MUSEUM),
            ("routes/r", &r),
        ]);
        assert_eq!(visited(&s, 0), ["bases/museum", "bases/lab"]);
        s.drafts.extend([draft("bases/a-spot")]);
        let problems = s.leave_out_drafts();
        let codes: Vec<_> = problems.iter().map(|d| d.code).collect();
        assert_eq!(codes, [codes::DRAFT_LEFT_OUT]);
        assert_eq!(visited(&s, 0), ["bases/museum", "bases/lab"]);
        assert!(s.routes[0].complete);
        assert!(s.place("bases/a-spot").is_none());
    }

    #[test]
    fn a_stop_at_a_draft_is_an_error_and_leaves_the_route_consistent() {
        let r = route("", STOPS);
        let mut s = site(&[
            ("bases/lab", LAB),
            ("bases/museum", MUSEUM),
            ("routes/r", &r),
        ]);
        s.drafts.extend([draft("bases/museum")]);
        let problems = s.leave_out_drafts();
        let shown: Vec<String> = problems
            .iter()
            .map(|d| d.short(crate::diag::Lang::En))
            .collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert!(
            shown[0].starts_with("content/bases/museum.md:2:8: note[N010]"),
            "{shown:#?}"
        );
        assert!(
            shown[1].starts_with("content/routes/r.md:15:")
                && shown[1].contains("error[E080]: this stop visits `bases/museum`"),
            "{shown:#?}"
        );
        assert_eq!(visited(&s, 0), ["bases/lab"]);
        assert!(!s.routes[0].complete);
        // A draft route goes, with its stops.
        s.drafts.extend([draft("routes/r")]);
        s.leave_out_drafts();
        assert!(s.routes.is_empty());
    }

    #[test]
    fn a_drafts_errors_and_warnings_become_notes_naming_their_code() {
        let draft = Path::new("content/routes/x.md");
        let mut ds = vec![
            Diagnostic::new(
                codes::MISSING_FIELD,
                draft,
                Pos::new(3, 1),
                "missing `days`",
            )
            .with_help("add it"),
            Diagnostic::new(codes::STALE, draft, Pos::new(9, 11), "old"),
            Diagnostic::new(codes::DRAFT_LEFT_OUT, draft, Pos::new(2, 8), "left out"),
            Diagnostic::new(
                codes::MISSING_FIELD,
                Path::new("content/a.md"),
                Pos::START,
                "m",
            ),
        ];
        let drafts = BTreeSet::from([draft.to_path_buf()]);
        demote(&mut ds, &drafts);
        demote(&mut ds, &drafts);
        let shown: Vec<String> = ds.iter().map(|d| d.short(crate::diag::Lang::En)).collect();
        assert_eq!(
            shown,
            [
                "content/routes/x.md:3:1: note[N011]: draft: [E003] missing `days` (help: add it)",
                "content/routes/x.md:9:11: note[N011]: draft: [W005] old",
                "content/routes/x.md:2:8: note[N010]: left out",
                "content/a.md:1:1: error[E003]: m",
            ]
        );
    }
}
