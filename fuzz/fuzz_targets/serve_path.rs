//! A request path of arbitrary bytes through `yanxue serve`'s URL-to-file mapping
//! (`serve::output_key`) and, when it names something, through the folder redirect built from
//! it (`serve::dir_location`). The unit tests beside `output_key` check the same properties with
//! proptest on every `cargo test`; this searches much further.
//!
//! Properties: no input maps outside the built output — the key is relative, made only of plain
//! names (no `..`, `.`, root or drive prefix), holds no NUL or backslash, and joined to any root
//! stays strictly under it; and the redirect is a path on the same server as a browser's URL
//! parser reads it (never `//host`, `/\host` or a tab-split `/\t/host`), with the query kept.
#![no_main]

use std::path::{Component, Path};

use libfuzzer_sys::fuzz_target;
use yanxue::serve::{dir_location, output_key};

const ROOTS: [&str; 4] = ["/srv/public", "public", "/", "."];

fuzz_target!(|data: &[u8]| {
    // hyper hands the server any path text; invalid UTF-8 is the mapping's to refuse too, but
    // a `&str` is what it takes.
    let path = String::from_utf8_lossy(data);
    let Ok(key) = output_key(&path) else {
        return;
    };
    assert!(key.is_relative(), "{path:?} → {key:?}");
    assert!(
        key.components().all(|c| matches!(c, Component::Normal(_))),
        "{path:?} → {key:?}"
    );
    let text = key
        .to_str()
        .unwrap_or_else(|| panic!("{path:?} → a key that is not UTF-8"));
    assert!(!text.contains(['\0', '\\']), "{path:?} → {key:?}");
    for root in ROOTS {
        let joined = Path::new(root).join(&key);
        assert!(
            joined.starts_with(root) && joined != Path::new(root),
            "{path:?} → {key:?} escapes {root}: {joined:?}"
        );
    }

    let location = dir_location(&key, Some("q=1"));
    assert!(
        location.bytes().all(|b| b.is_ascii_graphic()),
        "{path:?} → Location {location:?}"
    );
    assert!(
        location.starts_with('/') && !location.starts_with("//"),
        "{path:?} → Location {location:?}"
    );
    let base = url::Url::parse("http://127.0.0.1:1111/a/b").unwrap_or_else(|e| panic!("{e}"));
    let target = base
        .join(&location)
        .unwrap_or_else(|e| panic!("{path:?} → Location {location:?}: {e}"));
    assert_eq!(
        target.origin(),
        base.origin(),
        "{path:?} → Location {location:?}"
    );
    assert_eq!(
        target.query(),
        Some("q=1"),
        "{path:?} → Location {location:?}"
    );
});
