// 长辈模式: the header button switches large text and large tap targets on and off and
// remembers the choice on this device. The inline script in <head> applies a remembered choice
// before the first paint; without storage (private windows, blocked storage) the mode lasts
// until the page is left.
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.querySelector(".mode-toggle");
  if (!button) return;
  function show() {
    button.setAttribute("aria-pressed", root.getAttribute("data-mode") === "senior" ? "true" : "false");
  }
  button.addEventListener("click", function () {
    var on = root.getAttribute("data-mode") !== "senior";
    if (on) root.setAttribute("data-mode", "senior");
    else root.removeAttribute("data-mode");
    try {
      if (on) localStorage.setItem("yanxue-mode", "senior");
      else localStorage.removeItem("yanxue-mode");
    } catch (e) {
      // Storage unavailable: the mode still applies to this page.
    }
    show();
  });
  show();
})();
