// Disclosure menus (the header's menu, the back office's sidebar) for small screens. The buttons are
// `hidden` in the markup and shown here, so without this script the menus are simply open. CSS
// (layout.css) hides a collapsed menu on small screens only; on wide screens the button is not shown.
(function () {
  function setExpanded(button, menu, expanded) {
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    menu.setAttribute("data-collapsed", expanded ? "false" : "true");
  }

  document.querySelectorAll("button[data-disclosure]").forEach(function (button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) {
      return;
    }
    setExpanded(button, menu, false);
    button.hidden = false;
    button.addEventListener("click", function () {
      setExpanded(button, menu, button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes an open menu and gives the focus back to its button.
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setExpanded(button, menu, false);
        button.focus();
      }
    });
  });

  // The header's drop-down (a <details>, which opens without script) closes on a click elsewhere
  // and on Escape, as a menu is expected to.
  var dropdowns = document.querySelectorAll("details.nav-dropdown");
  document.addEventListener("click", function (event) {
    dropdowns.forEach(function (details) {
      if (details.open && !details.contains(event.target)) {
        details.open = false;
      }
    });
  });
  dropdowns.forEach(function (details) {
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
  });
})();
