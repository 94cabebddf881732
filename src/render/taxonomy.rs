//! Taxonomies — subjects, districts, audiences — built once from the model: each term with its
//! stable ASCII slug and the places and routes that carry it. A route belongs to the districts
//! of the places it visits. Which taxonomy is which is the [`Taxonomy`] enum, never a position
//! in a list, so reordering the taxonomies can't send a link to the wrong one.

use std::collections::BTreeMap;

use crate::model::{Site, StopKind};

/// A taxonomy of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Taxonomy {
    Subjects,
    Districts,
    Audiences,
}

impl Taxonomy {
    /// Every taxonomy, in the order the site shows them (navigation, home page, sitemap).
    pub const ALL: [Taxonomy; 3] = [Taxonomy::Subjects, Taxonomy::Districts, Taxonomy::Audiences];

    /// `subjects`, `districts`, `audiences`: also the URL segment.
    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Subjects => "subjects",
            Taxonomy::Districts => "districts",
            Taxonomy::Audiences => "audiences",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Taxonomy::Subjects => "学科",
            Taxonomy::Districts => "区县",
            Taxonomy::Audiences => "适合人群",
        }
    }

    pub fn url(self) -> String {
        format!("/{}/", self.name())
    }

    pub fn term_url(self, term: &Term) -> String {
        format!("/{}/{}/", self.name(), term.slug)
    }
}

pub struct Term {
    pub name: String,
    pub slug: String,
    /// Indexes into `site.places` / `site.routes`, ascending.
    pub places: Vec<usize>,
    pub routes: Vec<usize>,
}

/// The terms of every taxonomy, each list sorted by slug, so the order is stable and close to
/// pinyin order.
pub struct Taxonomies {
    subjects: Vec<Term>,
    districts: Vec<Term>,
    audiences: Vec<Term>,
}

impl Taxonomies {
    pub fn build(site: &Site) -> Taxonomies {
        let mut subjects = Collector::default();
        let mut districts = Collector::default();
        let mut audiences = Collector::default();
        for (i, p) in site.places.iter().enumerate() {
            p.subjects.iter().for_each(|s| subjects.place(s, i));
            districts.place(&p.district.value, i);
            p.audience
                .iter()
                .for_each(|a| audiences.place(&a.to_string(), i));
        }
        for (i, r) in site.routes.iter().enumerate() {
            r.subjects.iter().for_each(|s| subjects.route(s, i));
            r.audience
                .iter()
                .for_each(|a| audiences.route(&a.value.to_string(), i));
            for stop in r.days.iter().flat_map(|d| &d.stops) {
                if let StopKind::Visit { place, .. } = stop.what
                    && let Some(p) = site.places.get(place)
                {
                    districts.route(&p.district.value, i);
                }
            }
        }
        let slugs = &site.config.slugs;
        Taxonomies {
            subjects: subjects.finish(slugs),
            districts: districts.finish(slugs),
            audiences: audiences.finish(slugs),
        }
    }

    /// The terms of `taxonomy`.
    pub fn terms(&self, taxonomy: Taxonomy) -> &[Term] {
        match taxonomy {
            Taxonomy::Subjects => &self.subjects,
            Taxonomy::Districts => &self.districts,
            Taxonomy::Audiences => &self.audiences,
        }
    }

    /// The term of `taxonomy` named `name`, if any.
    pub fn term(&self, taxonomy: Taxonomy, name: &str) -> Option<&Term> {
        self.terms(taxonomy).iter().find(|t| t.name == name)
    }

    /// Every taxonomy with its terms, in the order of [`Taxonomy::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (Taxonomy, &[Term])> {
        Taxonomy::ALL.into_iter().map(|t| (t, self.terms(t)))
    }
}

#[derive(Default)]
struct Collector {
    /// Term → its index in `lists`; sorted, so terms come out in name order.
    index: BTreeMap<String, usize>,
    /// (places, routes) of each term.
    lists: Vec<(Vec<usize>, Vec<usize>)>,
}

impl Collector {
    fn place(&mut self, term: &str, i: usize) {
        let entry = self.slot(term);
        if entry.0.last() != Some(&i) {
            entry.0.push(i);
        }
    }

    fn route(&mut self, term: &str, i: usize) {
        let entry = self.slot(term);
        if entry.1.last() != Some(&i) {
            entry.1.push(i);
        }
    }

    /// The lists of `term`, allocating its name only the first time it is seen (a term is
    /// seen once per document that carries it).
    fn slot(&mut self, term: &str) -> &mut (Vec<usize>, Vec<usize>) {
        let term = term.trim();
        let i = match self.index.get(term) {
            Some(&i) => i,
            None => {
                self.lists.push(Default::default());
                self.index.insert(term.to_string(), self.lists.len() - 1);
                self.lists.len() - 1
            }
        };
        &mut self.lists[i]
    }

    /// The terms, sorted by slug; `overrides` are the site's own slugs (`site.yaml` `slugs`).
    fn finish(self, overrides: &BTreeMap<String, String>) -> Vec<Term> {
        let mut lists = self.lists;
        let mut terms: Vec<Term> = self
            .index
            .into_iter()
            .filter(|(name, _)| !name.is_empty())
            .map(|(name, i)| {
                let (places, routes) = std::mem::take(&mut lists[i]);
                let slug = overrides
                    .get(&name)
                    .cloned()
                    .unwrap_or_else(|| crate::slug::ascii_slug(&name));
                Term {
                    name,
                    slug,
                    places,
                    routes,
                }
            })
            .collect();
        terms.sort_by(|a, b| (&a.slug, &a.name).cmp(&(&b.slug, &b.name)));
        // Two terms that transliterate alike (同音字) must still get distinct URLs.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for t in &mut terms {
            let n = seen.entry(t.slug.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                t.slug = format!("{}-{n}", t.slug);
            }
        }
        terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_site::*;

    #[test]
    fn terms_collect_places_and_routes() {
        let museum = MUSEUM.replace("audience:", "subjects: [古生物, 地质]\naudience:");
        let lab = LAB.replace("audience:", "subjects: [生物, 古生物]\naudience:");
        let r = route("subjects: [古生物]\n", STOPS);
        let mut site = site(&[
            ("bases/museum", &museum),
            ("bases/lab", &lab),
            ("routes/r", &r),
        ]);
        site.config.slugs.insert("地质".into(), "geology".into());
        let tax = Taxonomies::build(&site);
        let gu = tax.term(Taxonomy::Subjects, "古生物").unwrap();
        assert_eq!(
            (gu.places.clone(), gu.routes.clone()),
            (vec![0, 1], vec![0])
        );
        assert_eq!(Taxonomy::Subjects.term_url(gu), "/subjects/gu-sheng-wu/");
        assert_eq!(
            tax.term(Taxonomy::Subjects, "地质").unwrap().slug,
            "geology"
        );
        let beibei = tax.term(Taxonomy::Districts, "北碚区").unwrap();
        assert_eq!(beibei.routes, vec![0]);
        let stage = tax.term(Taxonomy::Audiences, "小学4-6").unwrap();
        assert_eq!(stage.slug, "xiao-xue-4-6");
        assert_eq!(
            Taxonomy::Audiences.term_url(stage),
            "/audiences/xiao-xue-4-6/"
        );
    }
}
