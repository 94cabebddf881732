// Routes index filters: shows the form (hidden without JavaScript, when every route is listed),
// hides the cards that don't match, and keeps the choice in the URL (?audience=初中&days=1) so a
// teacher can share a filtered list. A card lists its values in data-* attributes, joined by |;
// a route without best months matches any month. A paginated list (the form has data-cards)
// filters every route instead: the cards come from that JSON file, fetched on the first filter,
// and are drawn in place of the page's own cards.
(function () {
  var form = document.getElementById("route-filters");
  var count = document.getElementById("route-count");
  if (!form || !count || !window.URLSearchParams) return;
  var keys = ["audience", "subject", "days", "district", "month"];
  var list = document.getElementById("route-cards");
  var pager = document.querySelector(".pager");
  var source = window.fetch && list ? form.getAttribute("data-cards") : null;
  var pageCards = list ? Array.prototype.slice.call(list.children) : [];
  var pageCount = count.textContent;
  var all = null;

  function keeps(values, key, wanted) {
    if (!wanted) return true;
    if (key === "month" && values.length === 0) return true;
    return values.indexOf(wanted) >= 0;
  }

  function attributeValues(card, key) {
    var v = card.getAttribute("data-" + key) || "";
    return v === "" ? [] : v.split("|");
  }

  function jsonValues(card, key) {
    var v = card.filter[key];
    return Array.isArray(v) ? v : [String(v)];
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  // The markup of the theme's route_card component, built as DOM nodes (no HTML strings).
  function cardElement(r) {
    var card = element("article", "card");
    var title = element("h2", "card-title");
    var link = element("a", "", r.title);
    link.href = r.url;
    title.appendChild(link);
    card.appendChild(title);
    if (r.title_en) {
      var en = element("p", "en", r.title_en);
      en.lang = "en";
      card.appendChild(en);
    }
    var meta = element("p", "card-meta");
    [r.days_label, r.price_label, r.category].forEach(function (v) {
      if (v) meta.appendChild(element("span", "", v));
    });
    card.appendChild(meta);
    if (r.summary) card.appendChild(element("p", "", r.summary));
    if (r.audience.length) {
      var terms = element("p", "card-terms");
      terms.appendChild(element("span", "label", "适合："));
      r.audience.forEach(function (t, i) {
        if (i > 0) terms.appendChild(document.createTextNode("、"));
        var a = element("a", "", t.name);
        a.href = t.url;
        terms.appendChild(a);
      });
      card.appendChild(terms);
    }
    return card;
  }

  function show(cards) {
    list.textContent = "";
    cards.forEach(function (c) { list.appendChild(c); });
  }

  function apply() {
    var query = new URLSearchParams();
    keys.forEach(function (k) { if (form.elements[k] && form.elements[k].value) query.set(k, form.elements[k].value); });
    var q = query.toString();
    history.replaceState(null, "", q ? "?" + q : location.pathname);
    var matches = function (values) {
      return keys.every(function (k) { return keeps(values(k), k, query.get(k)); });
    };
    if (source) {
      if (!q) {
        show(pageCards);
        if (pager) pager.hidden = false;
        count.textContent = pageCount;
        return;
      }
      if (!all) {
        count.textContent = "正在载入全部线路…";
        fetch(source)
          .then(function (r) { return r.json(); })
          .then(function (cards) { all = cards; apply(); })
          .catch(function () { count.textContent = "线路数据载入失败，请刷新重试"; });
        return;
      }
      var found = all.filter(function (c) { return matches(function (k) { return jsonValues(c, k); }); });
      show(found.map(cardElement));
      if (pager) pager.hidden = true;
      count.textContent = "显示 " + found.length + " / " + all.length + " 条线路";
      return;
    }
    var shown = 0;
    pageCards.forEach(function (card) {
      var ok = matches(function (k) { return attributeValues(card, k); });
      card.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = "显示 " + shown + " / " + pageCards.length + " 条线路";
  }

  var initial = new URLSearchParams(location.search);
  keys.forEach(function (k) {
    var select = form.elements[k];
    if (select && initial.has(k)) select.value = initial.get(k);
  });
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  apply();
})();
