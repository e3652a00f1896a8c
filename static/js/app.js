/* What every page needs of JavaScript, in place of Bootstrap's bundle (80 KB, of which the
   pages used only the menu's collapse): the menu button on a narrow screen, the menu's
   groups (<details>: one open at a time, closed by a tap elsewhere or Escape), and "Cancel"
   links that go back to the page before. */
(function () {
  "use strict";
  function closeGroups(except) {
    document.querySelectorAll("details[data-nav-group][open]").forEach(function (group) {
      if (group !== except) group.removeAttribute("open");
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeGroups(null);
  });
  document.addEventListener("click", function (event) {
    closeGroups(event.target.closest("details[data-nav-group]"));
    var toggle = event.target.closest("[data-menu-toggle]");
    if (toggle) {
      var menu = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = menu.classList.toggle("show");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }
    var back = event.target.closest("[data-history-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
