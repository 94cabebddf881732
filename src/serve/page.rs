//! What `serve` adds to pages, and only in serve mode: a tiny inline script that listens on the
//! server's websocket and reloads the page (or only its stylesheets) after a good rebuild, and an
//! overlay listing the diagnostics while the content has errors. `build` output never contains
//! either: they are added to HTML responses as they are served.

use crate::diag::{Diagnostic, Lang, Severity};
use crate::render::escape_html;

/// The websocket path; under a name no site page can have.
pub const SOCKET_PATH: &str = "/__yanxue/ws";
/// The id of the overlay element.
pub const OVERLAY_ID: &str = "__yanxue-overlay";

/// Reconnects after the server restarts (and then reloads, since the site may have changed),
/// swaps stylesheets on `css`, reloads on `reload`, and shows or hides the error overlay.
const SCRIPT: &str = r#"<script>(function(){
var opened=false;
function overlay(html){var o=document.getElementById("__yanxue-overlay");
if(!html){if(o)o.remove();return;}
if(!o){o=document.createElement("div");o.id="__yanxue-overlay";document.body.appendChild(o);}
o.innerHTML=html;}
function connect(){var ws=new WebSocket((location.protocol==="https:"?"wss://":"ws://")+location.host+"/__yanxue/ws");
ws.onopen=function(){if(opened===null)location.reload();opened=true;};
ws.onmessage=function(e){var m=JSON.parse(e.data);
if(m.type==="reload")location.reload();
else if(m.type==="css"){overlay("");document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){var u=new URL(l.href);u.searchParams.set("v",Date.now());l.href=u.href;});}
else if(m.type==="errors")overlay(m.html);};
ws.onclose=function(){if(opened)opened=null;setTimeout(connect,500);};}
connect();})();</script>"#;

const OVERLAY_STYLE: &str = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;\
background:#fff8f6;color:#3b0a0a;border-top:4px solid #b3261e;font:14px/1.5 ui-monospace,monospace;\
padding:12px 16px;box-shadow:0 -4px 16px rgba(0,0,0,.2)";

/// The inner HTML of the overlay for `diagnostics` (errors first, then warnings, then notes), escaped, in `lang`.
pub fn overlay_html(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let header = match lang {
        Lang::En => format!(
            "<strong>build failed: {errors} error(s)</strong> — the page shows the last good build."
        ),
        Lang::Zh => {
            format!("<strong>构建失败：{errors} 个错误</strong>——页面显示的是上一次成功的构建。")
        }
    };
    let mut html = format!(
        "<div role=\"alert\" lang=\"{}\" style=\"{OVERLAY_STYLE}\">{header}<ul style=\"margin:8px 0 0;padding-left:20px\">",
        html_lang(lang)
    );
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by_key(|d| d.severity());
    for d in sorted {
        let severity = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        html.push_str(&format!(
            "<li><code>{}:{}:{}</code> {severity}[{}]: {}",
            escape_html(&d.file.display().to_string()),
            d.pos.line,
            d.pos.column,
            d.code,
            escape_html(d.message.get(lang))
        ));
        if let Some(help) = &d.help {
            html.push_str(&format!(
                "<br><em>help: {}</em>",
                escape_html(help.get(lang))
            ));
        }
        html.push_str("</li>");
    }
    html.push_str("</ul></div>");
    html
}

/// The page served for every path while there has been no good build yet: the overlay over it
/// says why.
pub fn failed_page(lang: Lang) -> String {
    let title = match lang {
        Lang::En => "build failed",
        Lang::Zh => "构建失败",
    };
    format!(
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>{title}</title><body></body></html>",
        html_lang(lang)
    )
}

/// The `lang` attribute of text in `lang`, so a screen reader reads it in the right voice.
fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh-CN",
    }
}

/// `page` with the reload script (and the overlay when `overlay` is given) before `</body>`.
pub fn inject(page: &str, overlay: Option<&str>) -> String {
    let mut addition = String::with_capacity(SCRIPT.len() + overlay.map_or(0, str::len) + 64);
    if let Some(inner) = overlay {
        addition.push_str(&format!("<div id=\"{OVERLAY_ID}\">{inner}</div>"));
    }
    addition.push_str(SCRIPT);
    match page.rfind("</body>") {
        Some(at) => format!("{}{addition}{}", &page[..at], &page[at..]),
        None => format!("{page}{addition}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;
    use crate::diag::codes::UNKNOWN_FIELD;
    use std::path::Path;

    #[test]
    fn script_goes_before_the_body_end() {
        let out = inject("<html><body><p>x</p></body></html>", None);
        assert!(out.starts_with("<html><body><p>x</p><script>"));
        assert!(out.ends_with("</script></body></html>"));
        assert!(out.contains(SOCKET_PATH));
        assert!(inject("<p>fragment</p>", None).starts_with("<p>fragment</p><script>"));
    }

    #[test]
    fn overlay_lists_errors_then_warnings_then_notes_each_by_its_name() {
        let at = |code, line| Diagnostic::new(code, Path::new("a.md"), Pos::new(line, 1), "m");
        let html = overlay_html(
            &[
                at(crate::diag::codes::EDITOR_FILE_LEFT_OUT, 1),
                at(crate::diag::codes::STALE, 2),
                at(UNKNOWN_FIELD, 3),
            ],
            Lang::En,
        );
        let error = html.find("error[E002]").unwrap();
        let warning = html.find("warning[W005]").unwrap();
        let note = html.find("note[N001]").unwrap();
        assert!(error < warning && warning < note, "{html}");
    }

    #[test]
    fn overlay_is_escaped_and_located() {
        let d = Diagnostic::new(
            UNKNOWN_FIELD,
            Path::new("content/a<b>.md"),
            Pos::new(3, 1),
            "unknown field `<script>`",
        )
        .with_help("did you mean `address`?");
        let html = overlay_html(&[d], Lang::En);
        assert!(html.contains("content/a&lt;b&gt;.md:3:1"), "{html}");
        assert!(html.contains("unknown field `&lt;script&gt;`"), "{html}");
        assert!(!html.contains("<script>"));
        assert!(html.contains("help: did you mean `address`?"));
        let page = inject("<body></body>", Some(&html));
        assert!(page.contains(&format!("<div id=\"{OVERLAY_ID}\">")));
    }

    #[test]
    fn overlay_speaks_one_language() {
        let d = Diagnostic::new(
            UNKNOWN_FIELD,
            Path::new("content/a.md"),
            Pos::new(3, 1),
            crate::text!("unknown field `x`", "没有字段 `x`"),
        );
        let zh = overlay_html(std::slice::from_ref(&d), Lang::Zh);
        assert!(zh.contains("构建失败：1 个错误"), "{zh}");
        assert!(zh.contains("上一次成功的构建"), "{zh}");
        assert!(
            zh.contains("没有字段 `x`") && zh.contains("lang=\"zh-CN\""),
            "{zh}"
        );
        assert!(
            !zh.contains("build failed") && !zh.contains("unknown field"),
            "{zh}"
        );
        let en = overlay_html(&[d], Lang::En);
        assert!(en.contains("build failed: 1 error(s)"), "{en}");
        assert!(!en.contains("构建失败"), "{en}");
        assert!(failed_page(Lang::Zh).contains("<title>构建失败</title>"));
        assert!(failed_page(Lang::En).contains("<title>build failed</title>"));
    }
}
