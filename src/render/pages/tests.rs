//! Tests of the pages. Fingerprints are written by hand beside each kind's builder: deriving them
//! from what a builder reads would mean building every page's context on every save, which the
//! live rebuild can't afford. These tests hold the two together instead: they edit the shipped
//! site (as an editor would, one file at a time) and, for every page, check that a page whose
//! context changed got a new fingerprint. Each kind has a test whose edits change what its pages
//! show; dropping a read from a kind's listing makes its test fail.
// Test code only: `mod.rs` declares it as `#[cfg(test)] mod tests;`.
#![cfg(test)]

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::*;
use crate::load::{self, Document, Loaded};
use crate::render::{Bodies, render_bodies};

/// The shipped site, with two cards per list page so pagination moves too, to edit one file
/// at a time.
struct Shipped {
    loaded: Loaded,
    /// Before any edit.
    before: State,
}

impl Shipped {
    fn new() -> Shipped {
        let mut loaded = load::load_site(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
        loaded.config.paginate_by = 2;
        let before = State::of(&loaded, loaded.documents.clone());
        Shipped { loaded, before }
    }

    /// A route of the site and a place it visits.
    fn route_and_place(&self) -> (String, String) {
        let site = &self.before.site;
        let route = &site.routes[0];
        let place = route.visited_places().next().unwrap();
        (route.id.clone(), site.places[place].id.clone())
    }

    /// The site after the file of document `id` was edited by `edit`, as the live rebuild
    /// reads it.
    fn edited(&self, id: &str, edit: impl Fn(&str) -> String) -> State {
        let mut documents = self.loaded.documents.clone();
        let doc = documents.iter_mut().find(|d| d.id == id).unwrap();
        let text = &self.loaded.sources[&doc.file];
        let new = edit(text);
        assert_ne!(&new, text, "the edit of {id} changed nothing");
        let mut problems = Vec::new();
        let (parsed, _) = load::parse_document(
            doc.id.clone(),
            doc.kind,
            doc.file.clone(),
            new.into_bytes(),
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:#?}");
        *doc = Document {
            assets: doc.assets.clone(),
            ..parsed
        };
        State::of(&self.loaded, documents)
    }

    /// The pages the edit changes ([`changed_pages`]), `what` naming the edit.
    fn changes(&self, what: &str, id: &str, edit: impl Fn(&str) -> String) -> Vec<String> {
        changed_pages(&self.before, &self.edited(id, edit), what)
    }
}

/// One state of the site: the model and its rendered Markdown.
struct State {
    site: Site,
    bodies: Bodies,
}

impl State {
    fn of(loaded: &Loaded, documents: Vec<Document>) -> State {
        let (site, problems) = crate::model::build_site(loaded.config.clone(), documents);
        assert!(problems.is_empty(), "{problems:#?}");
        let mut bodies = Bodies::new();
        render_bodies(&site, &mut bodies, &mut HashMap::new()).unwrap();
        State { site, bodies }
    }

    /// Every page by URL, with its fingerprint and its context.
    fn pages(&self) -> BTreeMap<String, (u64, tera::Context)> {
        let builder = Builder::new(&self.site, &self.bodies);
        builder
            .pages()
            .iter()
            .map(|p| (p.url.clone(), (p.fingerprint, p.context())))
            .collect()
    }
}

/// `text` with its front-matter line `key: …` now `key: value`.
fn set_key(text: &str, key: &str, value: &str) -> String {
    let start = text.find(&format!("\n{key}:")).unwrap() + 1;
    let end = start + text[start..].find('\n').unwrap();
    format!("{}{key}: {value}{}", &text[..start], &text[end..])
}

/// `text` with `line` as the first line of its body.
fn body_starts_with(text: &str, line: &str) -> String {
    let at = text[3..].find("\n---\n").unwrap() + 8;
    format!("{}{line}\n\n{}", &text[..at], &text[at..])
}

/// The URLs of the pages whose context differs between `before` and `after` (pages in both),
/// after checking that each of them got a new fingerprint: what the live rebuild relies on.
fn changed_pages(before: &State, after: &State, edit: &str) -> Vec<String> {
    let after = after.pages();
    let mut changed = Vec::new();
    for (url, (print, context)) in before.pages() {
        let Some((new_print, new_context)) = after.get(&url) else {
            continue;
        };
        if *new_context != context {
            assert_ne!(
                print, *new_print,
                "{edit}: {url} shows something new, but its fingerprint stayed"
            );
            changed.push(url);
        }
    }
    assert!(!changed.is_empty(), "{edit}: no page changed");
    changed
}

/// The URLs whose fingerprint differs between `before` and `after`.
fn refingerprinted(before: &State, after: &State) -> Vec<String> {
    let prints = |s: &State| -> BTreeMap<String, u64> {
        let builder = Builder::new(&s.site, &s.bodies);
        builder
            .pages()
            .into_iter()
            .map(|p| (p.url, p.fingerprint))
            .collect()
    };
    let (old, new) = (prints(before), prints(after));
    old.into_iter()
        .filter(|(url, print)| new.get(url) != Some(print))
        .map(|(url, _)| url)
        .collect()
}

#[test]
fn every_page_shows_the_url_it_is_written_to() {
    let pages = Shipped::new().before.pages();
    assert!(pages.len() > 50, "{} pages", pages.len());
    for (url, (_, context)) in &pages {
        let shown = context.get("page_url").and_then(|v| v.as_str());
        assert_eq!(shown, Some(url.as_str()));
    }
}

#[test]
fn place_pages_read_their_place_and_the_routes_visiting_it() {
    let t = Shipped::new();
    let (route, place) = t.route_and_place();
    let page = url_of(&place);
    let changed = t.changes("place name", &place, |s| set_key(s, "name", "改名馆"));
    assert!(changed.contains(&page), "{changed:?}");
    // The description is the body's first sentence.
    let changed = t.changes("place body", &place, |s| body_starts_with(s, "新的导语。"));
    assert!(changed.contains(&page), "{changed:?}");
    // The page lists the cards of the routes visiting the place.
    let changed = t.changes("route title", &route, |s| set_key(s, "title", "改名线路"));
    assert!(changed.contains(&page), "{changed:?}");
}

#[test]
fn route_pages_read_their_route_and_the_places_they_visit() {
    let t = Shipped::new();
    let (route, place) = t.route_and_place();
    let page = url_of(&route);
    let changed = t.changes("route summary", &route, |s| {
        set_key(s, "summary", "新的简介")
    });
    assert!(changed.contains(&page), "{changed:?}");
    let changed = t.changes("route body", &route, |s| format!("{s}\n\n补充一句。\n"));
    assert!(changed.contains(&page), "{changed:?}");
    // The schedule names the places, the diagram draws them.
    let changed = t.changes("place name", &place, |s| set_key(s, "name", "改名馆"));
    assert!(changed.contains(&page), "{changed:?}");
}

#[test]
fn list_pages_read_their_cards_and_intros() {
    let t = Shipped::new();
    let (route, place) = t.route_and_place();
    let section = format!("/{}/", place.split('/').next().unwrap());
    // A place card's excerpt is the first sentence of the body (on whichever page of the list).
    let changed = t.changes("place body", &place, |s| body_starts_with(s, "新的导语。"));
    let lists = changed
        .iter()
        .filter(|u| u.starts_with(&section) && **u != url_of(&place));
    assert!(lists.count() > 0, "{changed:?}");
    let changed = t.changes("route title", &route, |s| set_key(s, "title", "改名线路"));
    assert!(
        changed
            .iter()
            .any(|u| u.starts_with("/routes/page/") || u == "/routes/")
    );
    // The home page features the most recently checked routes: this one drops to the end.
    let changed = t.changes("route verified", &route, |s| {
        set_key(s, "verified", "2001-01-01")
    });
    assert!(changed.contains(&"/".to_string()), "{changed:?}");
    let changed = t.changes("home body", "_index", |s| format!("{s}\n首页补充。\n"));
    assert!(changed.contains(&"/".to_string()), "{changed:?}");
    let changed = t.changes("intro", "routes/_index", |s| format!("{s}\n补充。\n"));
    assert!(changed.contains(&"/routes/".to_string()), "{changed:?}");
}

#[test]
fn taxonomy_pages_read_their_terms() {
    let t = Shipped::new();
    let (route, place) = t.route_and_place();
    let terms_of = |changed: &[String], taxonomy: Taxonomy| {
        let list = taxonomy.url();
        changed
            .iter()
            .filter(|u| u.starts_with(&list) && **u != list)
            .count()
    };
    let changed = t.changes("new subject", &place, |s| {
        set_key(s, "subjects", "[测试学]")
    });
    assert!(changed.contains(&Taxonomy::Subjects.url()), "{changed:?}");
    assert!(terms_of(&changed, Taxonomy::Subjects) > 0, "{changed:?}");
    let changed = t.changes("district", &place, |s| set_key(s, "district", "渝中区"));
    assert!(terms_of(&changed, Taxonomy::Districts) > 0, "{changed:?}");
    let changed = t.changes("audience", &route, |s| set_key(s, "audience", "[初中]"));
    assert!(terms_of(&changed, Taxonomy::Audiences) > 0, "{changed:?}");
    // Term pages list route cards.
    let changed = t.changes("route title", &route, |s| set_key(s, "title", "改名线路"));
    assert!(terms_of(&changed, Taxonomy::Subjects) > 0, "{changed:?}");
}

#[test]
fn free_pages_and_site_files_read_what_they_show() {
    let t = Shipped::new();
    let (_, place) = t.route_and_place();
    let free = t.before.site.pages[0].id.clone();
    let changed = t.changes("free page body", &free, |s| format!("{s}\n补充一句。\n"));
    assert!(changed.contains(&url_of(&free)), "{changed:?}");
    // Every page's navigation names the free pages.
    let changed = t.changes("free page title", &free, |s| set_key(s, "title", "新标题"));
    assert!(changed.contains(&"/404.html".to_string()), "{changed:?}");
    // The search page lists every place by name.
    let changed = t.changes("place name", &place, |s| set_key(s, "name", "改名馆"));
    assert!(changed.contains(&"/search/".to_string()), "{changed:?}");
}

#[test]
fn an_edit_leaves_the_fingerprints_of_pages_that_dont_show_it_alone() {
    // What keeps a live rebuild small: a free page's body shows on its page and in the
    // pages list, and nowhere else.
    let t = Shipped::new();
    let free = t.before.site.pages[0].id.clone();
    let after = t.edited(&free, |s| format!("{s}\n补充一句。\n"));
    assert_eq!(
        refingerprinted(&t.before, &after),
        vec!["/pages/".to_string(), url_of(&free)]
    );
}

#[test]
fn excerpts_stop_at_the_first_sentence() {
    assert_eq!(
        excerpt("\n重庆科技馆位于江北嘴。馆内有六个展厅。\n", 80),
        "重庆科技馆位于江北嘴。"
    );
    assert_eq!(excerpt("一二三四五", 3), "一二三…");
    assert_eq!(excerpt("", 3), "");
}
