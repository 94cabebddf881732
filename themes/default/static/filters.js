// Routes index filters: shows the form (hidden without JavaScript, when every route is listed),
// hides the cards that don't match, and keeps the choice in the URL (?audience=初中&days=1) so a
// teacher can share a filtered list. A card lists its values in data-* attributes, joined by |;
// a route without best months matches any month.
(function () {
  var form = document.getElementById("route-filters");
  var count = document.getElementById("route-count");
  if (!form || !count || !window.URLSearchParams) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-route]"));
  var keys = ["audience", "subject", "days", "district", "month"];

  function keeps(card, key, wanted) {
    if (!wanted) return true;
    var values = card.getAttribute("data-" + key) || "";
    if (key === "month" && values === "") return true;
    return values.split("|").indexOf(wanted) >= 0;
  }

  function apply() {
    var query = new URLSearchParams();
    var shown = 0;
    keys.forEach(function (k) { if (form.elements[k] && form.elements[k].value) query.set(k, form.elements[k].value); });
    cards.forEach(function (card) {
      var ok = keys.every(function (k) { return keeps(card, k, query.get(k)); });
      card.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = "显示 " + shown + " / " + cards.length + " 条线路";
    var q = query.toString();
    history.replaceState(null, "", q ? "?" + q : location.pathname);
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
