//! The site search index, built with the site: every place, route and free page, tokenized the
//! same way as `themes/default/static/search.js` does in the browser, sharded by the first
//! character of each token so that a query fetches only the shards it needs.
//!
//! Files, all under `/search/`:
//! - `manifest.json`: `{version, weights, chunk, count, shards: {key: file}, docs: [file]}`;
//! - `t-<key>-<hash8>.json`: token → postings `[[doc, score], …]`, ascending by doc;
//! - `d-<n>-<hash8>.json`: docs `n·chunk … n·chunk+chunk-1`, each
//!   `{url, title, kind, kind_label, audience, groups, text}` (`text` cut to 600 characters).
//!
//! The hash is FNV-1a 64 of the file's bytes: a changed file gets a new name, so caches stay
//! correct. Everything is built from sorted maps: two builds give the same bytes.
//!
//! Tokenizer (mirrored in search.js, rule by rule):
//! - CJK characters: Han U+3400–4DBF, U+4E00–9FFF, U+F900–FAFF, U+20000–3FFFF, and kana
//!   U+3040–30FF. A run of them yields, for each character, its unigram then the bigram it
//!   starts (`喀斯特` → 喀 喀斯 斯 斯特 特).
//! - Word characters: ASCII letters and digits, Latin letters U+00C0–024F except × and ÷, and
//!   full-width letters and digits U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A (folded to ASCII). A run
//!   yields one lower-cased word (each character through `char::to_lowercase`).
//! - Anything else separates runs.
//!
//! A query uses the same runs: a CJK run of two or more characters gives only its bigrams, a
//! single CJK character its unigram, and a word is a prefix (it matches every indexed word that
//! starts with it). Every query term is required.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::markdown::RenderedMarkdown;
use super::{labels, url_of};
use crate::model::{Audience, Place, Route, Site, StopKind, TextPage};

/// Bumped whenever the tokenizer rules change (search.js checks it against its own).
pub const TOKENIZER_VERSION: u32 = 1;
/// Docs per docs file.
pub const DOCS_PER_CHUNK: usize = 200;
/// Characters of plain text kept per doc for snippets.
pub const SNIPPET_CHARS: usize = 600;
/// Score = TITLE·min(title count, CAP) + FIELDS·min(field count, CAP) + BODY·min(body count, CAP):
/// with CAP below 10, any title match outranks any field match, which outranks any body match.
pub const WEIGHT_TITLE: u32 = 100;
pub const WEIGHT_FIELDS: u32 = 10;
pub const WEIGHT_BODY: u32 = 1;
pub const COUNT_CAP: u32 = 9;
/// CJK-led tokens are spread over this many shards.
pub const CJK_BUCKETS: u32 = 64;

/// Shared tokenizer cases: (text, index tokens, query terms), tokens separated by spaces. The
/// unit tests run them through `tokenize`/`query_terms`, the browser test through search.js.
pub const TOKENIZER_CASES: &[(&str, &str, &str)] = &[
    ("喀斯特", "喀 喀斯 斯 斯特 特", "喀斯 斯特"),
    ("恐龙", "恐 恐龙 龙", "恐龙"),
    ("龙", "龙", "龙"),
    ("", "", ""),
    ("，。！ ...", "", ""),
    (
        "武隆喀斯特Karst研学",
        "武 武隆 隆 隆喀 喀 喀斯 斯 斯特 特 karst 研 研学 学",
        "武隆 隆喀 喀斯 斯特 karst 研学",
    ),
    (
        "Chongqing Natural History Museum",
        "chongqing natural history museum",
        "chongqing natural history museum",
    ),
    ("3D打印 2026年", "3d 打 打印 印 2026 年", "3d 打印 2026 年"),
    ("ＡＢＣ１２３", "abc123", "abc123"),
    ("Café Über-Größe", "café über größe", "café über größe"),
    ("熊猫、大熊猫", "熊 熊猫 猫 大 大熊 熊 熊猫 猫", "熊猫 大熊"),
    ("ひらがな", "ひ ひら ら らが が がな な", "ひら らが がな"),
    ("a×b", "a b", "a b"),
    (
        "三峡 Three Gorges",
        "三 三峡 峡 three gorges",
        "三峡 three gorges",
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Other,
}

/// Full-width ASCII letters and digits as ASCII; everything else as is.
fn fold(c: char) -> char {
    match c as u32 {
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// The class of a folded character.
fn class(c: char) -> Class {
    match c as u32 {
        0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF => Class::Cjk,
        0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A => Class::Word,
        0xD7 | 0xF7 => Class::Other,
        0xC0..=0x24F => Class::Word,
        _ => Class::Other,
    }
}

/// The runs of CJK and word characters, in order.
fn runs(text: &str) -> Vec<(Class, Vec<char>)> {
    let mut out: Vec<(Class, Vec<char>)> = Vec::new();
    let mut current: Option<(Class, Vec<char>)> = None;
    for c in text.chars().map(fold) {
        let k = class(c);
        match &mut current {
            Some((ck, chars)) if *ck == k => chars.push(c),
            _ => {
                out.extend(current.take());
                if k != Class::Other {
                    current = Some((k, vec![c]));
                }
            }
        }
    }
    out.extend(current);
    out
}

fn word(chars: &[char]) -> String {
    chars.iter().flat_map(|c| c.to_lowercase()).collect()
}

/// The index tokens of a text, in order, repeats kept (they count).
pub fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for (k, chars) in runs(text) {
        match k {
            Class::Cjk => {
                for (i, c) in chars.iter().enumerate() {
                    tokens.push(c.to_string());
                    if let Some(next) = chars.get(i + 1) {
                        tokens.push([*c, *next].iter().collect());
                    }
                }
            }
            _ => tokens.push(word(&chars)),
        }
    }
    tokens
}

/// One term of a query: a token to match exactly, or a word to match as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    pub token: String,
    pub prefix: bool,
}

/// The terms of a query, without repeats, in order.
pub fn query_terms(query: &str) -> Vec<QueryTerm> {
    let mut terms: Vec<QueryTerm> = Vec::new();
    let mut push = |token: String, prefix: bool| {
        if !terms.iter().any(|t| t.token == token) {
            terms.push(QueryTerm { token, prefix });
        }
    };
    for (k, chars) in runs(query) {
        match k {
            Class::Cjk if chars.len() == 1 => push(chars[0].to_string(), false),
            Class::Cjk => {
                for pair in chars.windows(2) {
                    push(pair.iter().collect(), false);
                }
            }
            _ => push(word(&chars), true),
        }
    }
    terms
}

/// The shard a token lives in: its first character for ASCII letters and digits (so a word
/// prefix reads one shard), else `c` and a 6-bit hash of the first character, in hex.
pub fn shard_key(token: &str) -> String {
    match token.chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => c.to_string(),
        Some(c) => {
            let bucket = (c as u32).wrapping_mul(0x9E37_79B1) >> 26;
            format!("c{:02x}", bucket % CJK_BUCKETS)
        }
        None => "c00".to_string(),
    }
}

/// FNV-1a 64 of `bytes`, as 8 hex digits (the high half).
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:08x}", h >> 32)
}

/// One searchable document, before tokenizing.
#[derive(Debug, Clone, Default)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    /// base, spot, route or page.
    pub kind: &'static str,
    pub kind_label: &'static str,
    /// Audience labels as written (`小学4-6`).
    pub audience: Vec<String>,
    /// Audience groups for the facet (`小学`, `初中`, …).
    pub groups: Vec<String>,
    /// Names in both languages, district, subjects, audiences, a place's zone and designations,
    /// a route's summary, stops and their districts.
    pub fields: Vec<String>,
    pub body: String,
    /// Plain text shown in snippets.
    pub text: String,
}

#[derive(Serialize)]
struct DocOut<'a> {
    url: &'a str,
    title: &'a str,
    kind: &'a str,
    kind_label: &'a str,
    audience: &'a [String],
    groups: &'a [String],
    text: String,
}

#[derive(Serialize)]
struct Weights {
    title: u32,
    fields: u32,
    body: u32,
    cap: u32,
}

#[derive(Serialize)]
struct Manifest {
    version: u32,
    weights: Weights,
    chunk: usize,
    count: usize,
    shards: BTreeMap<String, String>,
    docs: Vec<String>,
}

/// Every token's posting list (document number, score), grouped by shard key.
type Shards = BTreeMap<String, BTreeMap<String, Vec<[u32; 2]>>>;

/// The index files for `docs`, as (URL path, JSON text).
pub fn build_index(docs: &[SearchDoc]) -> Vec<(String, String)> {
    let shards = sharded_postings(docs);
    let mut files = Vec::new();
    let mut manifest = Manifest {
        version: TOKENIZER_VERSION,
        weights: Weights {
            title: WEIGHT_TITLE,
            fields: WEIGHT_FIELDS,
            body: WEIGHT_BODY,
            cap: COUNT_CAP,
        },
        chunk: DOCS_PER_CHUNK,
        count: docs.len(),
        shards: BTreeMap::new(),
        docs: Vec::new(),
    };
    for (key, tokens) in shards {
        let json = serde_json::to_string(&tokens).unwrap_or_default();
        let name = format!("t-{key}-{}.json", content_hash(json.as_bytes()));
        files.push((format!("/search/{name}"), json));
        manifest.shards.insert(key, name);
    }
    for (n, chunk) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let out: Vec<DocOut> = chunk
            .iter()
            .map(|d| DocOut {
                url: &d.url,
                title: &d.title,
                kind: d.kind,
                kind_label: d.kind_label,
                audience: &d.audience,
                groups: &d.groups,
                text: d.text.chars().take(SNIPPET_CHARS).collect(),
            })
            .collect();
        let json = serde_json::to_string(&out).unwrap_or_default();
        let name = format!("d-{n}-{}.json", content_hash(json.as_bytes()));
        files.push((format!("/search/{name}"), json));
        manifest.docs.push(name);
    }
    files.push((
        "/search/manifest.json".to_string(),
        serde_json::to_string(&manifest).unwrap_or_default(),
    ));
    files
}

/// The posting lists of `docs`: each token's (document, score) pairs, sorted by document.
fn sharded_postings(docs: &[SearchDoc]) -> Shards {
    // Tokenizing is most of the work and documents are independent: count each document's
    // tokens in parallel (title, fields, body), then merge in document order so every posting
    // list comes out sorted by document.
    let per_doc: Vec<HashMap<String, [u32; 3]>> = docs
        .par_iter()
        .map(|doc| {
            let mut counts: HashMap<String, [u32; 3]> = HashMap::new();
            let parts = [
                tokenize(&doc.title),
                doc.fields.iter().flat_map(|f| tokenize(f)).collect(),
                tokenize(&doc.body),
            ];
            for (slot, tokens) in parts.into_iter().enumerate() {
                for token in tokens {
                    counts.entry(token).or_default()[slot] += 1;
                }
            }
            counts
        })
        .collect();
    let mut postings: HashMap<String, Vec<[u32; 2]>> = HashMap::new();
    for (d, counts) in per_doc.into_iter().enumerate() {
        let d = u32::try_from(d).unwrap_or(u32::MAX);
        for (token, [t, f, b]) in counts {
            let score = WEIGHT_TITLE * t.min(COUNT_CAP)
                + WEIGHT_FIELDS * f.min(COUNT_CAP)
                + WEIGHT_BODY * b.min(COUNT_CAP);
            postings.entry(token).or_default().push([d, score]);
        }
    }
    // Ordered maps from here on: the files must come out byte-identical on every build.
    let mut shards: Shards = BTreeMap::new();
    for (token, list) in postings {
        shards
            .entry(shard_key(&token))
            .or_default()
            .insert(token, list);
    }
    shards
}

/// The documents of a site: places, then routes, then free pages.
pub fn site_docs(
    site: &Site,
    bodies: &BTreeMap<String, RenderedMarkdown>,
    groups_of: impl Fn(Audience) -> Vec<&'static str>,
) -> Vec<SearchDoc> {
    let body_of = |id: &str| bodies.get(id).map(|b| b.text.clone()).unwrap_or_default();
    let mut docs = Vec::new();
    for p in &site.places {
        docs.push(place_doc(p, body_of(&p.id), &groups_of));
    }
    for r in &site.routes {
        docs.push(route_doc(site, r, body_of(&r.id), &groups_of));
    }
    for p in &site.pages {
        docs.push(page_doc(p, body_of(&p.id)));
    }
    docs
}

/// Audience labels, and the filter groups they fall in (each once, in order).
fn audience_of(
    list: &mut dyn Iterator<Item = Audience>,
    groups_of: &dyn Fn(Audience) -> Vec<&'static str>,
) -> (Vec<String>, Vec<String>) {
    let mut labels = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    for a in list {
        labels.push(a.to_string());
        for g in groups_of(a) {
            if !groups.iter().any(|x| x == g) {
                groups.push(g.to_string());
            }
        }
    }
    (labels, groups)
}

fn place_doc(
    p: &Place,
    body: String,
    groups_of: &dyn Fn(Audience) -> Vec<&'static str>,
) -> SearchDoc {
    let (kind, kind_label) = labels::place_kind(p.kind);
    let (audience, groups) = audience_of(&mut p.audience.iter().copied(), groups_of);
    let mut fields = vec![p.district.value.clone()];
    fields.extend(p.name_en.clone());
    fields.extend(p.zone.clone());
    fields.extend(p.designations.iter().cloned());
    fields.extend(p.subjects.iter().cloned());
    fields.extend(p.category.map(str::to_string));
    fields.extend(audience.iter().cloned());
    SearchDoc {
        url: url_of(&p.id),
        title: p.name.clone(),
        kind,
        kind_label,
        audience,
        groups,
        fields,
        text: body.clone(),
        body,
    }
}

fn route_doc(
    site: &Site,
    r: &Route,
    body: String,
    groups_of: &dyn Fn(Audience) -> Vec<&'static str>,
) -> SearchDoc {
    let (audience, groups) = audience_of(&mut r.audience.iter().map(|a| a.value), groups_of);
    let mut fields: Vec<String> = vec![r.summary.clone()];
    fields.extend(r.title_en.clone());
    fields.extend(r.subjects.iter().cloned());
    fields.extend(r.category.map(str::to_string));
    fields.extend(audience.iter().cloned());
    // The stops' names and districts, each once (a place's English name stays with the
    // place: a route visiting three museums should not outrank the museums for `museum`).
    let (mut stops, mut districts) = (Vec::new(), Vec::new());
    for stop in r.days.iter().flat_map(|d| &d.stops) {
        if let StopKind::Visit { place, .. } = stop.what
            && let Some(p) = site.places.get(place)
        {
            if !stops.contains(&p.name) {
                stops.push(p.name.clone());
            }
            if !districts.contains(&p.district.value) {
                districts.push(p.district.value.clone());
            }
        }
    }
    fields.extend(stops.iter().cloned());
    fields.extend(districts);
    let text = format!("{}\n{}\n{}", r.summary, stops.join("、"), body);
    SearchDoc {
        url: url_of(&r.id),
        title: r.title.value.clone(),
        kind: "route",
        kind_label: "研学线路",
        audience,
        groups,
        fields,
        text,
        body,
    }
}

fn page_doc(p: &TextPage, body: String) -> SearchDoc {
    let description = p.description.clone().unwrap_or_default();
    SearchDoc {
        url: url_of(&p.id),
        title: p.title.clone().unwrap_or_default(),
        kind: "page",
        kind_label: "页面",
        fields: vec![description.clone()],
        text: format!("{description}\n{body}"),
        body,
        ..SearchDoc::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn tokenizer_cases() {
        for (text, tokens, terms) in TOKENIZER_CASES {
            assert_eq!(tokenize(text), split(tokens), "tokenize({text:?})");
            let got: Vec<String> = query_terms(text).into_iter().map(|t| t.token).collect();
            assert_eq!(got, split(terms), "query_terms({text:?})");
        }
    }

    #[test]
    fn query_words_are_prefixes_and_cjk_is_exact() {
        let terms = query_terms("karst 喀斯特 龙");
        assert_eq!(
            terms
                .iter()
                .map(|t| (t.token.as_str(), t.prefix))
                .collect::<Vec<_>>(),
            [
                ("karst", true),
                ("喀斯", false),
                ("斯特", false),
                ("龙", false)
            ]
        );
    }

    #[test]
    fn shard_keys() {
        assert_eq!(shard_key("karst"), "k");
        assert_eq!(shard_key("2026"), "2");
        assert_eq!(shard_key("喀斯"), shard_key("喀"));
        let key = shard_key("喀斯");
        assert!(key.starts_with('c') && key.len() == 3, "{key}");
        assert_eq!(shard_key("über"), shard_key("ü"));
    }

    fn doc(title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: format!("/{title}/"),
            title: title.to_string(),
            kind: "page",
            kind_label: "页面",
            fields: vec!["Museum".to_string()],
            text: body.to_string(),
            body: body.to_string(),
            ..SearchDoc::default()
        }
    }

    fn parse(files: &[(String, String)]) -> BTreeMap<String, serde_json::Value> {
        files
            .iter()
            .map(|(p, t)| (p.clone(), serde_json::from_str(t).unwrap()))
            .collect()
    }

    #[test]
    fn the_index_is_deterministic_and_each_token_is_in_one_shard() {
        let docs = [
            doc("恐龙博物馆", "看恐龙化石。"),
            doc("喀斯特", "天坑地缝 karst"),
        ];
        let a = build_index(&docs);
        assert_eq!(a, build_index(&docs));
        let files = parse(&a);
        let manifest = &files["/search/manifest.json"];
        assert_eq!(manifest["count"], 2);
        assert_eq!(manifest["version"], TOKENIZER_VERSION);
        let mut seen = BTreeMap::new();
        for (key, name) in manifest["shards"].as_object().unwrap() {
            let shard = &files[&format!("/search/{}", name.as_str().unwrap())];
            for token in shard.as_object().unwrap().keys() {
                assert_eq!(&shard_key(token), key, "{token}");
                assert!(seen.insert(token.clone(), key.clone()).is_none(), "{token}");
            }
        }
        for token in ["恐龙", "喀斯", "karst", "museum", "化石"] {
            assert!(seen.contains_key(token), "{token}");
        }
        // Title outranks fields, fields outrank body.
        let shard = |t: &str| {
            &files[&format!(
                "/search/{}",
                manifest["shards"][shard_key(t)].as_str().unwrap()
            )]
        };
        assert_eq!(shard("恐龙")["恐龙"], serde_json::json!([[0, 101]]));
        assert_eq!(
            shard("museum")["museum"],
            serde_json::json!([[0, 10], [1, 10]])
        );
        assert_eq!(shard("karst")["karst"], serde_json::json!([[1, 1]]));
        for name in manifest["docs"].as_array().unwrap() {
            assert!(files.contains_key(&format!("/search/{}", name.as_str().unwrap())));
        }
    }

    #[test]
    fn names_change_when_content_changes() {
        let before = build_index(&[doc("恐龙", "化石"), doc("熊猫", "竹子")]);
        let after = build_index(&[doc("恐龙", "化石"), doc("熊猫", "竹林")]);
        let names = |files: &[(String, String)]| -> Vec<String> {
            files.iter().map(|(p, _)| p.clone()).collect()
        };
        let (b, a) = (names(&before), names(&after));
        assert_ne!(b, a);
        // The shard of 恐/化 is untouched, and keeps its name; 竹's changes.
        let key = |t: &str| format!("/search/t-{}-", shard_key(t));
        let find = |list: &[String], t: &str| list.iter().find(|p| p.starts_with(&key(t))).cloned();
        if ["竹", "子", "林"]
            .iter()
            .all(|t| shard_key(t) != shard_key("恐"))
        {
            assert_eq!(find(&b, "恐"), find(&a, "恐"));
        }
        assert_ne!(find(&b, "竹"), find(&a, "竹"));
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_eq!(content_hash(b"").len(), 8);
    }
}
