// The header. 长辈模式: the button switches large text and large tap targets on and off and
// remembers the choice on this device; the inline script in <head> applies a remembered choice
// before the first paint; without storage (private windows, blocked storage) the mode lasts
// until the page is left. The 菜单: open on wide screens, where it is shown as a plain row.
(function () {
  "use strict";
  var root = document.documentElement;
  var menu = document.querySelector(".menu");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 48rem)");
    var fit = function () { menu.open = wide.matches; };
    fit();
    wide.addEventListener("change", fit);
  }
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
