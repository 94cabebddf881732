//! Site search: the index files of the shipped site, and the search page in a real browser (the
//! header box, `?q=` in the URL, results as you type, an English query, and the browser's
//! tokenizer against the Rust one on the shared cases).

use fantoccini::Locator;
use yanxue::render::search::{TOKENIZER_CASES, shard_key};

use crate::browser::{open_site, wait_for_text};
use crate::harness::SiteTest;

#[test]
fn the_index_names_only_files_it_wrote_and_finds_the_karst_route() {
    let t = SiteTest::shipped();
    let run = t.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let manifest: serde_json::Value =
        serde_json::from_str(&t.read_output("search/manifest.json")).unwrap();
    let dir = t.public().join("search");
    let mut named = vec!["manifest.json".to_string(), "index.html".to_string()];
    for (key, file) in manifest["shards"].as_object().unwrap() {
        let file = file.as_str().unwrap();
        assert!(file.starts_with(&format!("t-{key}-")), "{file}");
        assert!(dir.join(file).is_file(), "missing {file}");
        named.push(file.to_string());
    }
    let mut docs = Vec::new();
    for file in manifest["docs"].as_array().unwrap() {
        let file = file.as_str().unwrap();
        assert!(dir.join(file).is_file(), "missing {file}");
        named.push(file.to_string());
        let chunk: serde_json::Value =
            serde_json::from_str(&t.read_output(&format!("search/{file}"))).unwrap();
        docs.extend(chunk.as_array().unwrap().iter().cloned());
    }
    // Nothing stale beside them.
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    named.sort();
    assert_eq!(on_disk, named);
    // Every place, route and free page.
    assert_eq!(docs.len(), manifest["count"].as_u64().unwrap() as usize);
    assert!(docs.len() >= 21, "{}", docs.len());
    let karst_route = docs
        .iter()
        .position(|d| d["url"] == "/routes/wulong-karst-2day/")
        .unwrap();
    assert_eq!(docs[karst_route]["kind"], "route");
    let shard_file = manifest["shards"][shard_key("喀斯")].as_str().unwrap();
    let shard: serde_json::Value =
        serde_json::from_str(&t.read_output(&format!("search/{shard_file}"))).unwrap();
    let postings = shard["喀斯"].as_array().unwrap();
    assert!(postings.iter().any(|p| p[0] == karst_route), "{postings:?}");
    // The search page lists every route without JavaScript; route pages don't load search.js.
    let page = t.read_output("search/index.html");
    assert!(page.contains(r#"<script src="/search.js" defer></script>"#));
    assert!(
        page.contains(r#"<a href="/routes/wulong-karst-2day/">"#),
        "{page}"
    );
    let route = t.read_output("routes/wulong-karst-2day/index.html");
    assert!(!route.contains("search.js"));
    assert!(
        route
            .contains(r#"<form class="site-search" role="search" action="/search/" method="get">"#)
    );
}

/// The titles of the results shown, in order.
async fn result_titles(client: &fantoccini::Client) -> Vec<String> {
    let value = client
        .execute(
            "return Array.from(document.querySelectorAll('#search-results h2')).map(h => h.textContent);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(value).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_routes_and_places_in_the_browser() {
    let site = SiteTest::shipped();
    let session = open_site(&site).await;
    let (client, server) = (&session.client, &session.server);

    // 1. The header box on the home page, submitted: /search/?q=喀斯特 with the Wulong route on top.
    client.goto(&server.url("/")).await.unwrap();
    let input = client.find(Locator::Id("site-q")).await.unwrap();
    input.send_keys("喀斯特").await.unwrap();
    client
        .find(Locator::Css(".site-search button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(client, "results for 喀斯特", |t| t.contains("找到")).await;
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), "/search/");
    assert_eq!(
        url.query_pairs()
            .find(|(k, _)| k == "q")
            .map(|(_, v)| v.into_owned()),
        Some("喀斯特".to_string())
    );
    let titles = result_titles(client).await;
    assert!(
        titles.iter().take(3).any(|t| t == "武隆喀斯特两日地理研学"),
        "{titles:?}"
    );
    let marks = client
        .execute(
            "return Array.from(document.querySelectorAll('#search-results mark')).map(m => m.textContent);",
            vec![],
        )
        .await
        .unwrap();
    assert!(marks.to_string().contains("喀斯特"), "{marks}");
    // The fallback list is hidden while results show.
    let hidden = client
        .execute(
            "return document.getElementById('search-all').hidden;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(hidden, serde_json::json!(true));

    // 2. A shared URL.
    client.goto(&server.url("/search/?q=恐龙")).await.unwrap();
    wait_for_text(client, "results for 恐龙", |t| t.contains("找到")).await;
    let titles = result_titles(client).await;
    assert!(titles.iter().any(|t| t == "重庆自然博物馆"), "{titles:?}");

    // 3. English, as you type (no submit): the URL follows.
    let input = client.find(Locator::Id("search-q")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys("museum").await.unwrap();
    wait_for_text(client, "results for museum", |t| t.contains("找到")).await;
    let titles = result_titles(client).await;
    assert!(titles.iter().any(|t| t == "重庆自然博物馆"), "{titles:?}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while client.current_url().await.unwrap().query() != Some("q=museum") {
        assert!(
            std::time::Instant::now() < deadline,
            "the URL did not follow"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    input.clear().await.unwrap();
    input.send_keys("karst").await.unwrap();
    wait_for_text(client, "results for karst", |t| {
        t.contains("武隆喀斯特两日地理研学") && t.contains("找到")
    })
    .await;

    // 4. The facet for type keeps only routes.
    client
        .execute(
            "Array.from(document.querySelectorAll('#search-facets button')).find(b => b.textContent.startsWith('研学线路')).click(); return 1;",
            vec![],
        )
        .await
        .unwrap();
    let kinds = client
        .execute(
            "return Array.from(document.querySelectorAll('#search-results .card-meta span:first-child')).map(s => s.textContent);",
            vec![],
        )
        .await
        .unwrap();
    let kinds: Vec<String> = serde_json::from_value(kinds).unwrap();
    assert!(
        !kinds.is_empty() && kinds.iter().all(|k| k == "研学线路"),
        "{kinds:?}"
    );

    // 5. The browser's tokenizer gives the Rust tokens on the shared cases.
    let inputs: Vec<&str> = TOKENIZER_CASES.iter().map(|c| c.0).collect();
    let got = client
        .execute(
            "return arguments[0].map(t => [yanxueTokenize(t).join(' '), yanxueQueryTerms(t).join(' ')]);",
            vec![serde_json::json!(inputs)],
        )
        .await
        .unwrap();
    let got: Vec<(String, String)> = serde_json::from_value(got).unwrap();
    for ((text, tokens, terms), (js_tokens, js_terms)) in TOKENIZER_CASES.iter().zip(&got) {
        let rust_tokens = yanxue::render::search::tokenize(text).join(" ");
        let rust_terms: Vec<String> = yanxue::render::search::query_terms(text)
            .into_iter()
            .map(|t| t.token)
            .collect();
        assert_eq!(js_tokens, &rust_tokens, "tokenize({text:?})");
        assert_eq!(js_tokens, tokens, "tokenize({text:?})");
        assert_eq!(js_terms, &rust_terms.join(" "), "query terms of {text:?}");
        assert_eq!(js_terms, terms, "query terms of {text:?}");
    }
    session.close().await;
}
