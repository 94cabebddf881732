//! Free pages (`content/pages/<id>.md` → `/pages/<id>/`): a title, a description and Markdown.

use super::{Builder, Page};
use crate::model::TextPage;
use crate::render::url_of;
use crate::render::view::Link;

/// A page per free page; its fingerprint reads the page's own file.
pub(super) fn free_pages<'b>(b: &'b Builder<'_>, pages: &mut Vec<Page<'b>>) {
    for p in &b.site.pages {
        let url = url_of(&p.id);
        let mut reads = b.reads(&url);
        reads.document(&p.body);
        pages.push(Page {
            template: "page.html",
            fingerprint: reads.finish(),
            url,
            listed: true,
            lastmod: None,
            context: Box::new(move || b.free_page(p)),
        });
    }
}

impl Builder<'_> {
    fn free_page(&self, p: &TextPage) -> tera::Context {
        let url = url_of(&p.id);
        let view = self.text_view(Some(p), &url, "");
        let common = self.common(
            &url,
            &view.title,
            view.description.clone(),
            vec![Link {
                title: view.title.clone(),
                url: url.clone(),
            }],
        );
        self.page(common, |c| {
            c.insert("page", &view);
        })
    }
}
