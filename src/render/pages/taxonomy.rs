//! Taxonomy pages: each taxonomy's list of terms (`/subjects/`) and each term's list of the
//! routes and places that carry it (`/subjects/<slug>/`, paginated), and the term links every
//! other page shows.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::{Builder, Page, list_page_url};
use crate::render::taxonomy::{Taxonomies, Taxonomy, Term};
use crate::render::view::*;

/// Per taxonomy, a hash of its terms' names and counts: what its list, its terms' pages and the
/// home page show of it.
pub(super) fn count_prints(taxonomies: &Taxonomies) -> BTreeMap<Taxonomy, u64> {
    taxonomies
        .iter()
        .map(|(taxonomy, terms)| {
            let mut h = DefaultHasher::new();
            for term in terms {
                (&term.name, term.places.len(), term.routes.len()).hash(&mut h);
            }
            (taxonomy, h.finish())
        })
        .collect()
}

/// Each taxonomy's list of terms, followed by its terms' pages.
pub(super) fn taxonomies<'b>(b: &'b Builder<'_>, pages: &mut Vec<Page<'b>>) {
    for (taxonomy, terms) in b.taxonomies.iter() {
        let url = taxonomy.url();
        let mut reads = b.reads(&url);
        reads.term_counts(taxonomy);
        pages.push(Page {
            template: "taxonomy.html",
            fingerprint: reads.finish(),
            url,
            listed: true,
            lastmod: None,
            context: Box::new(move || b.taxonomy(taxonomy)),
        });
        for term in terms {
            let list_url = taxonomy.term_url(term);
            for page in 1..=b.page_count(term.routes.len() + term.places.len()) {
                let url = list_page_url(&list_url, page);
                pages.push(Page {
                    template: "term.html",
                    fingerprint: b.term_reads(taxonomy, term, page, &url),
                    url,
                    listed: page == 1,
                    lastmod: None,
                    context: Box::new(move || b.term(taxonomy, term, page)),
                });
            }
        }
    }
}

impl Builder<'_> {
    /// What page `page` of a term's list reads: the taxonomy's counts and the cards it lists.
    fn term_reads(&self, taxonomy: Taxonomy, term: &Term, page: usize, url: &str) -> u64 {
        let mut reads = self.reads(url);
        reads.term_counts(taxonomy);
        let (routes, places) = self.term_slices(term, page);
        for r in routes {
            reads.route_card(*r);
        }
        for p in places.iter().filter_map(|p| self.site.places.get(*p)) {
            reads.document(&p.body);
        }
        reads.finish()
    }

    pub(super) fn term_link(&self, taxonomy: Taxonomy, name: &str) -> TermLink {
        let url = self
            .taxonomies
            .term(taxonomy, name)
            .map_or_else(|| taxonomy.url(), |t| taxonomy.term_url(t));
        TermLink {
            name: name.to_string(),
            url,
        }
    }

    /// The routes, then the places, of page `page` of a term's list.
    fn term_slices<'t>(&self, term: &'t Term, page: usize) -> (&'t [usize], &'t [usize]) {
        let (r, p) = (term.routes.len(), term.places.len());
        let range = self.page_range(r + p, page);
        let routes = &term.routes[range.start.min(r)..range.end.min(r)];
        let places =
            &term.places[range.start.saturating_sub(r).min(p)..range.end.saturating_sub(r).min(p)];
        (routes, places)
    }

    pub(super) fn taxonomy_view(&self, tax: Taxonomy) -> TaxonomyView {
        TaxonomyView {
            name: tax.name(),
            title: tax.title(),
            url: tax.url(),
            terms: self
                .taxonomies
                .terms(tax)
                .iter()
                .map(|t| TermCount {
                    name: t.name.clone(),
                    url: tax.term_url(t),
                    count: t.places.len() + t.routes.len(),
                })
                .collect(),
        }
    }

    fn taxonomy(&self, tax: Taxonomy) -> tera::Context {
        let view = self.taxonomy_view(tax);
        let trail = vec![Link {
            title: tax.title().into(),
            url: view.url.clone(),
        }];
        let common = self.common(&view.url, tax.title(), None, trail);
        self.page(common, |c| {
            c.insert("taxonomy", &view);
        })
    }

    fn term(&self, tax: Taxonomy, term: &Term, page: usize) -> tera::Context {
        let list_url = tax.term_url(term);
        let (routes, places) = self.term_slices(term, page);
        let paginator = self.paginator(&list_url, term.routes.len() + term.places.len(), page);
        let url = list_page_url(&list_url, page);
        let view = TermView {
            name: term.name.clone(),
            url: list_url.clone(),
            places: places
                .iter()
                .filter_map(|i| self.site.places.get(*i))
                .map(|p| self.place_card(p))
                .collect(),
            routes: routes
                .iter()
                .filter_map(|i| self.site.routes.get(*i))
                .map(|r| self.route_card(r))
                .collect(),
            place_count: term.places.len(),
            route_count: term.routes.len(),
        };
        let mut trail = vec![
            Link {
                title: tax.title().into(),
                url: tax.url(),
            },
            Link {
                title: term.name.clone(),
                url: list_url.clone(),
            },
        ];
        let mut title = format!("{}：{}", tax.title(), term.name);
        if page > 1 {
            title = format!("{title}（第 {page} 页）");
            trail.push(Link {
                title: format!("第 {page} 页"),
                url: url.clone(),
            });
        }
        let common = self.common(&url, &title, None, trail);
        self.page(common, |c| {
            c.insert("taxonomy", &self.taxonomy_view(tax));
            c.insert("term", &view);
            c.insert("paginator", &paginator);
        })
    }
}
