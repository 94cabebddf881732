//! Tests of rendering as a whole: template errors point into the template file, and link targets
//! become the right output paths.
// Test code only: `mod.rs` declares it as `#[cfg(test)] mod tests;`.
#![cfg(test)]

use super::*;
use crate::diag::codes::TEMPLATE_ERROR;

fn theme(templates: &[(&str, &str)]) -> ThemeFiles {
    let mut t = ThemeFiles::default();
    for (name, text) in templates {
        t.templates.insert(
            name.to_string(),
            (Path::new("themes/t/templates").join(name), text.to_string()),
        );
    }
    t
}

#[test]
fn template_errors_point_into_the_template_file() {
    let cases = [
        ("{% if %}", "x.html", 1),
        ("a\n{{ <nope /> }}", "x.html", 2),
        ("a\nb\n{{ missing.field }}", "x.html", 3),
    ];
    for (text, file, line) in cases {
        let t = theme(&[("x.html", text)]);
        let err = match tera::Tera::default().add_raw_templates([("x.html", text)]) {
            Err(e) => e,
            Ok(()) => {
                let mut tera = tera::Tera::default();
                tera.add_raw_templates([("x.html", text)]).unwrap();
                tera.render("x.html", &tera::Context::new()).unwrap_err()
            }
        };
        let ds = template_diagnostics(&err, &t);
        assert_eq!(ds.len(), 1, "{ds:?}");
        let d = &ds[0];
        assert_eq!(d.code, TEMPLATE_ERROR);
        assert_eq!(
            d.file,
            Path::new("themes/t/templates").join(file),
            "{text}: {d:?}"
        );
        assert_eq!(d.pos.line, line, "{text}: {d:?}");
        assert!(!d.message.contains("-->"), "{text}: {d:?}");
    }
}

#[test]
fn link_targets_and_output_paths() {
    for path in ["bases/x.md", "bases/x/index.md", "/bases/x/", "bases/x"] {
        assert_eq!(link_target(path), "bases/x", "{path}");
    }
    assert_eq!(link_target("_index.md"), "_index");
    assert_eq!(link_target("routes/_index.md"), "routes/_index");
    assert_eq!(output_path("/"), Path::new("index.html"));
    assert_eq!(output_path("/routes/x/"), Path::new("routes/x/index.html"));
    assert_eq!(output_path("/sitemap.xml"), Path::new("sitemap.xml"));
}
