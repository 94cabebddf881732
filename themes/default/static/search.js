// Site search on /search/: the query lives in the URL (?q=喀斯特). Fetches /search/manifest.json,
// then only the index shards of the query's terms and the docs files of the hits; every term is
// required; results are ranked by score (title > fields > body, see src/render/search.rs), then
// title. Facets by type and audience. Without JavaScript the page lists every route and place.
//
// The tokenizer mirrors src/render/search.rs rule by rule (keep both in step, and bump VERSION):
// - CJK: Han U+3400–4DBF, U+4E00–9FFF, U+F900–FAFF, U+20000–3FFFF, kana U+3040–30FF. A run
//   yields, per character, its unigram then the bigram it starts. A query run of two or more
//   characters uses only its bigrams; a single character its unigram.
// - Word: ASCII letters and digits, U+00C0–024F except × ÷, full-width letters and digits
//   U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A (folded to ASCII). A run is one lower-cased word; in a
//   query, a prefix.
// - Anything else separates runs.
(function () {
  "use strict";
  var VERSION = 1;
  var BASE = "/search/";

  function fold(cp) {
    if ((cp >= 0xff10 && cp <= 0xff19) || (cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a)) return cp - 0xfee0;
    return cp;
  }
  function classOf(cp) {
    if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
        (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff)) return "cjk";
    if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return "word";
    if (cp === 0xd7 || cp === 0xf7) return "";
    if (cp >= 0xc0 && cp <= 0x24f) return "word";
    return "";
  }
  function runs(text) {
    var out = [], cur = null;
    for (var ch of String(text)) {
      var cp = fold(ch.codePointAt(0));
      var k = classOf(cp);
      var c = String.fromCodePoint(cp);
      if (cur && cur.k === k) { cur.chars.push(c); continue; }
      if (cur) out.push(cur);
      cur = k ? { k: k, chars: [c] } : null;
    }
    if (cur) out.push(cur);
    return out;
  }
  function word(chars) {
    return chars.map(function (c) { return c.toLowerCase(); }).join("");
  }
  function tokenize(text) {
    var tokens = [];
    runs(text).forEach(function (r) {
      if (r.k !== "cjk") { tokens.push(word(r.chars)); return; }
      r.chars.forEach(function (c, i) {
        tokens.push(c);
        if (i + 1 < r.chars.length) tokens.push(c + r.chars[i + 1]);
      });
    });
    return tokens;
  }
  function queryTerms(text) {
    var terms = [];
    function push(token, prefix) {
      if (!terms.some(function (t) { return t.token === token; })) terms.push({ token: token, prefix: prefix });
    }
    runs(text).forEach(function (r) {
      if (r.k !== "cjk") push(word(r.chars), true);
      else if (r.chars.length === 1) push(r.chars[0], false);
      else for (var i = 0; i + 1 < r.chars.length; i++) push(r.chars[i] + r.chars[i + 1], false);
    });
    return terms;
  }
  function shardKey(token) {
    var first = String.fromCodePoint(token.codePointAt(0));
    if (/^[0-9a-zA-Z]$/.test(first)) return first;
    var bucket = (Math.imul(first.codePointAt(0), 0x9e3779b1) >>> 26) % 64;
    return "c" + (bucket < 16 ? "0" : "") + bucket.toString(16);
  }
  window.yanxueTokenize = tokenize;
  window.yanxueQueryTerms = function (q) { return queryTerms(q).map(function (t) { return t.token; }); };

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var facetBox = document.getElementById("search-facets");
  var all = document.getElementById("search-all");
  if (!form || !input || !status || !list || !facetBox || !window.fetch || !window.URLSearchParams) return;

  var cache = {};
  function getJSON(name) {
    if (!cache[name]) {
      cache[name] = fetch(BASE + name).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
      cache[name].catch(function () { delete cache[name]; });
    }
    return cache[name];
  }
  var manifest = null;
  function loadManifest() {
    return getJSON("manifest.json").then(function (m) {
      if (m.version !== VERSION) throw new Error("index version " + m.version + ", script " + VERSION);
      manifest = m;
      return m;
    });
  }

  // doc → score for one term: exact token, or (a word) every indexed word it starts.
  function postingsFor(term) {
    var file = manifest.shards[shardKey(term.token)];
    if (!file) return Promise.resolve({});
    return getJSON(file).then(function (shard) {
      var scores = {};
      Object.keys(shard).forEach(function (token) {
        if (token === term.token || (term.prefix && token.lastIndexOf(term.token, 0) === 0)) {
          shard[token].forEach(function (p) { scores[p[0]] = Math.max(scores[p[0]] || 0, p[1]); });
        }
      });
      return scores;
    });
  }

  function run(q) {
    var terms = queryTerms(q);
    if (!terms.length) return Promise.resolve({ terms: terms, hits: [] });
    return (manifest ? Promise.resolve(manifest) : loadManifest()).then(function () {
      return Promise.all(terms.map(postingsFor));
    }).then(function (per) {
      var total = per[0];
      var ids = Object.keys(total).filter(function (d) { return per.every(function (s) { return d in s; }); });
      var chunks = {};
      ids.forEach(function (d) { chunks[Math.floor(d / manifest.chunk)] = true; });
      return Promise.all(Object.keys(chunks).map(function (n) {
        return getJSON(manifest.docs[n]).then(function (docs) { return [n, docs]; });
      })).then(function (loaded) {
        var byChunk = {};
        loaded.forEach(function (l) { byChunk[l[0]] = l[1]; });
        var hits = ids.map(function (d) {
          var score = per.reduce(function (s, p) { return s + p[d]; }, 0);
          return { id: +d, score: score, doc: byChunk[Math.floor(d / manifest.chunk)][d % manifest.chunk] };
        });
        hits.sort(function (a, b) {
          return b.score - a.score || (a.doc.title < b.doc.title ? -1 : a.doc.title > b.doc.title ? 1 : a.id - b.id);
        });
        return { terms: terms, hits: hits };
      });
    });
  }

  // Ranges [start, end) of the terms in text, merged; a word matches at a word start only.
  function matches(text, terms) {
    var lower = text.toLowerCase();
    if (lower.length !== text.length) lower = text;
    var ranges = [];
    terms.forEach(function (t) {
      var from = 0, at;
      while ((at = lower.indexOf(t.token, from)) >= 0) {
        from = at + 1;
        if (t.prefix && at > 0 && classOf(fold(lower.codePointAt(at - 1))) === "word") continue;
        ranges.push([at, at + t.token.length]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }
  // Appends text to el with the matched parts in <mark>.
  function highlight(el, text, ranges) {
    var pos = 0;
    ranges.forEach(function (r) {
      var s = Math.max(r[0], pos), e = Math.min(r[1], text.length);
      if (e <= s) return;
      el.appendChild(document.createTextNode(text.slice(pos, s)));
      var m = document.createElement("mark");
      m.textContent = text.slice(s, e);
      el.appendChild(m);
      pos = e;
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }
  function snippet(text, terms) {
    text = text.replace(/\s+/g, " ").trim();
    var ranges = matches(text, terms);
    var start = ranges.length ? Math.max(0, ranges[0][0] - 30) : 0;
    var end = Math.min(text.length, start + 110);
    var part = text.slice(start, end);
    var shifted = ranges.map(function (r) { return [r[0] - start, r[1] - start]; })
      .filter(function (r) { return r[1] > 0 && r[0] < part.length; });
    var p = document.createElement("p");
    p.className = "snippet";
    if (start > 0) { part = "…" + part; shifted = shifted.map(function (r) { return [r[0] + 1, r[1] + 1]; }); }
    if (end < text.length) part += "…";
    highlight(p, part, shifted);
    return p;
  }

  var chosen = { kind: {}, group: {} };
  var last = { q: "", terms: [], hits: [] };

  function keep(hit, facet) {
    var picked = Object.keys(chosen[facet]).filter(function (k) { return chosen[facet][k]; });
    if (!picked.length) return true;
    var values = facet === "kind" ? [hit.doc.kind] : hit.doc.groups;
    return values.some(function (v) { return picked.indexOf(v) >= 0; });
  }

  function renderFacets(hits) {
    facetBox.textContent = "";
    var defs = [["kind", "类型", function (d) { return [[d.kind, d.kind_label]]; }],
      ["group", "适合人群", function (d) { return d.groups.map(function (g) { return [g, g]; }); }]];
    var any = false;
    defs.forEach(function (def) {
      var counts = {}, labels = {}, order = [];
      // A facet counts the hits that pass the other facet's choice.
      hits.filter(function (h) { return keep(h, def[0] === "kind" ? "group" : "kind"); }).forEach(function (h) {
        def[2](h.doc).forEach(function (v) {
          if (!(v[0] in counts)) { counts[v[0]] = 0; labels[v[0]] = v[1]; order.push(v[0]); }
          counts[v[0]]++;
        });
      });
      Object.keys(chosen[def[0]]).forEach(function (v) {
        if (chosen[def[0]][v] && !(v in counts)) { counts[v] = 0; labels[v] = v; order.push(v); }
      });
      if (!order.length) return;
      any = true;
      var group = document.createElement("div");
      group.className = "facet";
      group.setAttribute("role", "group");
      var title = document.createElement("span");
      title.className = "facet-title";
      title.id = "facet-" + def[0];
      title.textContent = def[1] + "：";
      group.setAttribute("aria-labelledby", title.id);
      group.appendChild(title);
      order.forEach(function (v) {
        var b = document.createElement("button");
        b.type = "button";
        b.setAttribute("aria-pressed", chosen[def[0]][v] ? "true" : "false");
        b.textContent = labels[v] + " (" + counts[v] + ")";
        b.addEventListener("click", function () {
          chosen[def[0]][v] = !chosen[def[0]][v];
          render();
        });
        group.appendChild(b);
      });
      facetBox.appendChild(group);
    });
    facetBox.hidden = !any;
  }

  function render() {
    var hits = last.hits, terms = last.terms;
    list.textContent = "";
    if (!terms.length) {
      facetBox.hidden = true;
      status.textContent = "";
      if (all) all.hidden = false;
      return;
    }
    // Nothing found: the full list stays, to browse instead.
    if (all) all.hidden = hits.length > 0;
    renderFacets(hits);
    var shown = hits.filter(function (h) { return keep(h, "kind") && keep(h, "group"); });
    status.textContent = hits.length
      ? "找到 " + hits.length + " 条结果" + (shown.length < hits.length ? "，显示 " + shown.length + " 条" : "")
      : "没有找到与“" + last.q + "”相关的内容";
    shown.slice(0, 50).forEach(function (h) {
      var li = document.createElement("li");
      li.className = "search-hit";
      var h2 = document.createElement("h2");
      var a = document.createElement("a");
      a.href = h.doc.url;
      highlight(a, h.doc.title, matches(h.doc.title, terms));
      h2.appendChild(a);
      li.appendChild(h2);
      var meta = document.createElement("p");
      meta.className = "card-meta";
      var kind = document.createElement("span");
      kind.textContent = h.doc.kind_label;
      meta.appendChild(kind);
      if (h.doc.audience.length) {
        var aud = document.createElement("span");
        aud.textContent = "适合：" + h.doc.audience.join("、");
        meta.appendChild(aud);
      }
      li.appendChild(meta);
      li.appendChild(snippet(h.doc.text, terms));
      list.appendChild(li);
    });
  }

  var seq = 0;
  function search(q) {
    var mine = ++seq;
    var url = q.trim() ? "?q=" + encodeURIComponent(q.trim()) : location.pathname;
    history.replaceState(null, "", url);
    return run(q).then(function (res) {
      if (mine !== seq) return;
      last = { q: q.trim(), terms: res.terms, hits: res.hits };
      render();
    }, function (err) {
      if (mine !== seq) return;
      status.textContent = "搜索暂时不可用，请浏览下面的全部线路和地点。";
      if (all) all.hidden = false;
      if (window.console) console.error(err);
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  var initial = new URLSearchParams(location.search).get("q") || "";
  input.value = initial;
  var header = document.getElementById("site-q");
  if (header) header.value = initial;
  if (initial) search(initial);
})();
