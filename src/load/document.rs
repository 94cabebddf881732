//! One content file, from bytes to a `Document`: placing it by its path (section, kind, id),
//! checking that it is text (UTF-8, normalized to LF and NFC), splitting the front matter from
//! the Markdown and parsing the front matter into the raw struct of its section. Every problem
//! is a diagnostic; the document still comes back, so its id stays known.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::{DocKind, Document, Front, Section};
use crate::diag::{Diagnostic, Pos, Text, codes};
use crate::{text, yaml};

/// A file that is not valid text, found before it could be located more precisely.
#[derive(Debug)]
pub(super) struct NotText(pub(super) Text);

impl NotText {
    pub(super) fn at(self, file: &Path) -> Diagnostic {
        Diagnostic::new(codes::NOT_UTF8, file, Pos::START, self.0).with_help(text!(
            "save the file as UTF-8 (most editors: \"Save with encoding\" → UTF-8)",
            "请把文件另存为 UTF-8 编码（多数编辑器：“另存为”或“保存编码” → UTF-8）"
        ))
    }
}

/// Bytes → text with LF line endings, no BOM, in Unicode NFC (so a term typed two ways is one
/// term; see `slug::nfc`). CRLF → LF keeps every line and column.
pub(super) fn normalize(bytes: Vec<u8>) -> Result<String, NotText> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(NotText(text!(
            "the file is UTF-16, not UTF-8",
            "文件是 UTF-16 编码，不是 UTF-8"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        NotText(text!(
            "the file is not UTF-8 (invalid byte at offset {offset}; GBK?)",
            "文件不是 UTF-8 编码（第 {offset} 个字节起无法读取；是 GBK 吗？）"
        ))
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    Ok(crate::slug::into_nfc(text))
}

/// Larger content files are refused: a Markdown page this big is a pasted image or a data dump,
/// and reading it would only slow every build and preview.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// Parses the bytes of one content file, already placed by [`classify`]. Problems go to
/// `diagnostics`; the document is always returned (as `Front::Broken` when its front matter
/// can't be read) so its id stays known. Also returns the file's text, when it is text.
pub fn parse_document(
    id: String,
    kind: DocKind,
    file: PathBuf,
    bytes: Vec<u8>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Document, Option<String>) {
    let source_hash = {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        bytes.hash(&mut h);
        h.finish()
    };
    let broken = |id, file| Document {
        id,
        kind,
        file,
        front: Front::Broken,
        body: String::new(),
        body_line: 1,
        source_hash,
        assets: Vec::new(),
        draft: None,
    };
    if bytes.len() > MAX_FILE_BYTES {
        diagnostics.push(
            Diagnostic::new(
                codes::FILE_TOO_LARGE,
                &file,
                Pos::START,
                text!(
                    "the file is {:.1} MB; content files may be at most 2 MB",
                    "文件有 {:.1} MB；内容文件最大 2 MB",
                    bytes.len() as f64 / 1_048_576.0
                ),
            )
            .with_help(text!(
                "put images and data beside the page (a page bundle) instead of inside the text",
                "把图片和数据放在页面旁边（页面包），不要贴进正文"
            )),
        );
        return (broken(id, file), None);
    }
    let text = match normalize(bytes) {
        Ok(text) => text,
        Err(e) => {
            diagnostics.push(e.at(&file));
            return (broken(id, file), None);
        }
    };
    let (front, body, body_line, draft) = match split_front_matter(&text) {
        Ok((yaml, body_offset)) => {
            let parsed = parse_front(kind, yaml, &file);
            // Full-width punctuation and Chinese times or dates: reported even when the YAML
            // parsed (its values are not what the editor meant), and they replace the parser
            // errors they cause.
            let front = yaml::typing::checked(yaml, &file, parsed).unwrap_or_else(|ds| {
                diagnostics.extend(ds);
                Front::Broken
            });
            let draft = draft_flag(kind, &front, yaml, &file, diagnostics);
            let body = text.get(body_offset..).unwrap_or_default().to_string();
            let body_line = Pos::of_offset(&text, body_offset).line;
            diagnostics.extend(super::placeholder::placeholders(&file, &text, body_line));
            (front, body, body_line, draft)
        }
        Err(d) => {
            diagnostics.push(d.at(&file));
            (Front::Broken, String::new(), 1, None)
        }
    };
    let document = Document {
        id,
        kind,
        file,
        front,
        body,
        body_line,
        source_hash,
        assets: Vec::new(),
        draft,
    };
    (document, Some(text))
}

/// Where `draft: true` is written, if it is. A front matter that did not parse is read again for
/// the flag alone, so a draft with wrong fields is still known as a draft (its problems are then
/// notes). Only pages can be drafts: the home page and section intros are always built.
fn draft_flag(
    kind: DocKind,
    front: &Front,
    yaml_text: &str,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Pos> {
    let flag = match front {
        Front::Place(raw) => raw.draft.clone(),
        Front::Route(raw) => raw.draft.clone(),
        Front::Text(raw) => raw.draft.clone(),
        // Most files have no draft line: they are not parsed twice.
        Front::Broken if yaml_text.contains("draft") => {
            yaml::parse::<super::raw::RawDraftFlag>(yaml_text, file)
                .ok()
                .and_then(|f| f.draft)
        }
        Front::Broken => None,
    };
    let pos = flag.filter(|f| f.value).map(|f| f.pos)?;
    if matches!(kind, DocKind::Entry(_)) {
        return Some(pos);
    }
    diagnostics.push(
        Diagnostic::new(
            codes::DRAFT_NOT_A_PAGE,
            file,
            pos,
            crate::text!(
                "only a base, spot, route or page can be a draft; `{}` is always built",
                "只有基地、景区、线路和页面可以是草稿；`{}` 总会生成",
                file.display()
            ),
        )
        .with_help(crate::text!(
            "delete `draft: true` here",
            "删掉这里的 `draft: true`"
        )),
    );
    None
}

/// The id and kind of a Markdown file from its path under `content/`.
pub fn classify(
    rel: &Path,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(String, DocKind)> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    if parts.len() != rel.iter().count() {
        diagnostics.push(
            Diagnostic::new(
                codes::BAD_ID,
                file,
                Pos::START,
                text!(
                    "the file name is not valid Unicode",
                    "文件名不是有效的 Unicode 文本"
                ),
            )
            .with_help(text!(
                "rename the file with lowercase a-z, 0-9 and -",
                "请用小写字母 a-z、数字 0-9 和 - 重新命名文件"
            )),
        );
        return None;
    }
    let unknown_section = |dir: &str| {
        Diagnostic::new(
            codes::STRAY_FILE,
            file,
            Pos::START,
            text!("`{dir}` is not a content section", "`{dir}` 不是内容栏目"),
        )
        .with_suggestion(dir, Section::ALL.iter().map(|s| s.dir()))
        .or_help(text!(
            "content lives in bases/, spots/, routes/ or pages/",
            "内容放在 bases/、spots/、routes/ 或 pages/ 中"
        ))
    };
    let (section, stem) = match parts.as_slice() {
        ["_index.md"] => return Some(("_index".to_string(), DocKind::Home)),
        [dir, "_index.md"] => {
            return match Section::from_dir(dir) {
                Some(s) => Some((format!("{dir}/_index"), DocKind::SectionIntro(s))),
                None => {
                    diagnostics.push(unknown_section(dir));
                    None
                }
            };
        }
        [dir, name] => (*dir, name.strip_suffix(".md").unwrap_or(name)),
        [dir, name, "index.md"] => (*dir, *name),
        _ => {
            diagnostics.push(
                Diagnostic::new(
                    codes::STRAY_FILE,
                    file,
                    Pos::START,
                    text!(
                        "a page must be content/<section>/<id>.md or content/<section>/<id>/index.md",
                        "页面必须是 content/<栏目>/<id>.md 或 content/<栏目>/<id>/index.md"
                    ),
                )
                .with_help(text!(
                    "move the file up, or make it a page bundle",
                    "把文件往上移一层，或者把它做成页面包"
                )),
            );
            return None;
        }
    };
    let Some(section) = Section::from_dir(section) else {
        diagnostics.push(unknown_section(section));
        return None;
    };
    if !is_valid_id(stem) {
        let fixed = crate::slug::ascii_slug(stem);
        diagnostics.push(
            Diagnostic::new(
                codes::BAD_ID,
                file,
                Pos::START,
                text!(
                    "`{stem}` is not a valid id: ids are lowercase a-z, 0-9 and -",
                    "`{stem}` 不是有效的 id：id 只能用小写字母 a-z、数字 0-9 和 -"
                ),
            )
            .with_help(text!(
                "rename the file to `{fixed}` (ids become URLs)",
                "把文件改名为 `{fixed}`（id 会成为网址）"
            )),
        );
    }
    Some((format!("{}/{stem}", section.dir()), DocKind::Entry(section)))
}

pub fn is_valid_id(stem: &str) -> bool {
    !stem.is_empty()
        && !stem.starts_with('-')
        && !stem.ends_with('-')
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Problems with the front matter delimiters, located later once the file is known.
#[derive(Debug)]
struct Delimiter(Pos, Text, Text);

impl Delimiter {
    fn at(self, file: &Path) -> Diagnostic {
        Diagnostic::new(codes::BAD_FRONT_MATTER, file, self.0, self.1).with_help(self.2)
    }
}

/// Finds the front matter: the text from the opening `---` up to (not including) the closing
/// `---` line, and the byte offset where the body starts.
fn split_front_matter(text: &str) -> Result<(&str, usize), Delimiter> {
    if text.trim().is_empty() {
        return Err(Delimiter(
            Pos::START,
            text!("the file is empty", "文件是空的"),
            text!(
                "start the file with front matter between `---` lines",
                "文件开头要有写在两行 `---` 之间的前置信息（YAML 字段）"
            ),
        ));
    }
    let first_line = text.split('\n').next().unwrap_or_default();
    if first_line.trim_end() != "---" {
        return Err(Delimiter(
            Pos::START,
            text!(
                "the file does not start with front matter (`---`)",
                "文件开头不是前置信息（`---`）"
            ),
            text!(
                "the first line must be `---`, then YAML fields, then a closing `---`",
                "第一行必须是 `---`，接着写 YAML 字段，最后再写一行 `---` 结束"
            ),
        ));
    }
    let mut offset = first_line.len() + 1;
    while offset <= text.len() {
        let rest = &text[offset..];
        let line = rest.split('\n').next().unwrap_or_default();
        if line.trim_end() == "---" {
            let body = (offset + line.len() + 1).min(text.len());
            return Ok((&text[..offset], body));
        }
        if rest.is_empty() {
            break;
        }
        offset += line.len() + 1;
    }
    Err(Delimiter(
        Pos::START,
        text!("the front matter is never closed", "前置信息没有结束"),
        text!(
            "add a line with `---` after the last YAML field",
            "在最后一个 YAML 字段后面加一行 `---`"
        ),
    ))
}

fn parse_front(kind: DocKind, yaml_text: &str, file: &Path) -> Result<Front, Vec<Diagnostic>> {
    fn boxed<T: DeserializeOwned>(text: &str, file: &Path) -> Result<Box<T>, Vec<Diagnostic>> {
        yaml::parse::<T>(text, file).map(Box::new)
    }
    Ok(match kind {
        DocKind::Entry(Section::Bases | Section::Spots) => Front::Place(boxed(yaml_text, file)?),
        DocKind::Entry(Section::Routes) => Front::Route(boxed(yaml_text, file)?),
        DocKind::Home | DocKind::SectionIntro(_) | DocKind::Entry(Section::Pages) => {
            Front::Text(yaml::parse(yaml_text, file)?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split_keeps_file_lines() {
        let text = r#"---
title: a
---
# Body
"#;
        let (yaml, body) = split_front_matter(text).unwrap();
        assert_eq!(yaml, "---\ntitle: a\n");
        assert_eq!(&text[body..], "# Body\n");
        let (_, body) = split_front_matter("---\ntitle: a\n---").unwrap();
        assert_eq!(body, "---\ntitle: a\n---".len());
    }

    #[test]
    fn front_matter_problems() {
        assert!(split_front_matter("").is_err());
        assert!(split_front_matter("title: a\n").is_err());
        assert!(split_front_matter("---\ntitle: a\n").is_err());
    }

    #[test]
    fn text_is_normalized() {
        assert_eq!(
            normalize(b"\xef\xbb\xbf---\r\na: 1\r\n".to_vec())
                .ok()
                .unwrap(),
            "---\na: 1\n"
        );
        assert!(normalize(vec![0xFF, 0xFE, b'a', 0]).is_err());
        assert!(normalize("重庆".encode_utf16().flat_map(u16::to_le_bytes).collect()).is_err());
        assert!(normalize(vec![0xD6, 0xD8, 0xC7, 0xEC]).is_err()); // 重庆 in GBK
    }

    #[test]
    fn ids_and_suggestions() {
        assert!(is_valid_id("cq-science-museum"));
        assert!(!is_valid_id("CQ"));
        assert!(!is_valid_id("重庆"));
    }

    #[test]
    fn classification() {
        let mut ds = Vec::new();
        let f = Path::new("x");
        assert_eq!(
            classify(Path::new("_index.md"), f, &mut ds),
            Some(("_index".into(), DocKind::Home))
        );
        assert_eq!(
            classify(Path::new("bases/a/index.md"), f, &mut ds),
            Some(("bases/a".into(), DocKind::Entry(Section::Bases)))
        );
        assert_eq!(classify(Path::new("base/a.md"), f, &mut ds), None);
        assert_eq!(
            ds[0].help.as_ref().map(|h| h.en()),
            Some("did you mean `bases`?")
        );
    }
}
