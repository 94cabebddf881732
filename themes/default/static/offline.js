// Offline use: registers the service worker (sw.js) and, when it answered this page from its
// saved copy, says so at the top of the page: when the copy was saved and when its facts were
// last checked (the page's own 信息核实 date).
(function () {
  "use strict";
  var sw = navigator.serviceWorker;
  if (!sw) return;
  // Under `yanxue serve` (its live-reload script is on the page) a caching worker would hide
  // edits: none is registered there, and one left by a build served at the same address goes.
  var preview = [].some.call(document.scripts, function (s) {
    return s.textContent.indexOf("/__yanxue/ws") >= 0;
  });
  if (preview) {
    sw.getRegistrations().then(function (all) {
      all.forEach(function (r) { r.unregister(); });
    });
    return;
  }
  sw.register("/sw.js", { scope: "/" }).catch(function () {});

  var mark = document.querySelector('meta[name="yanxue-saved"]');
  var main = document.getElementById("main");
  if (!mark || !main) return;
  var two = function (n) { return (n < 10 ? "0" : "") + n; };
  var at = new Date(Number(mark.content));
  var text = !at.getTime() ? "离线副本" : "离线副本：保存于 " + at.getFullYear() + "-" + two(at.getMonth() + 1) + "-" +
    two(at.getDate()) + " " + two(at.getHours()) + ":" + two(at.getMinutes());
  [].some.call(document.querySelectorAll("dt"), function (dt) {
    var dd = dt.nextElementSibling;
    if (dt.textContent.trim() !== "信息核实" || !dd) return false;
    text += "；信息核实于 " + dd.textContent.trim();
    return true;
  });
  var note = document.createElement("p");
  note.className = "offline-note";
  note.setAttribute("role", "status");
  main.insertBefore(note, main.firstChild);
  // Filled after it is in the page, so screen readers announce it.
  setTimeout(function () { note.textContent = text + "。联网后刷新可看最新信息。"; }, 50);
})();
