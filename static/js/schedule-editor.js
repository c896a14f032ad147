// Schedule editor: drag a card onto an empty cell, or press "Place…"/"Move…" to fill the one form
// and finish with the keyboard. Either way the same form posts (htmx swaps the page's main part).
(function () {
  "use strict";

  function form() { return document.getElementById("place-form"); }

  function pick(item, focus) {
    var f = form();
    if (!f) { return; }
    f.querySelector("[name=item]").value = item;
    if (focus) { f.querySelector("[name=room]").focus(); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-pick]");
    if (button) { pick(button.getAttribute("data-pick"), true); }
  });

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest("[data-item]");
    if (card) {
      event.dataTransfer.setData("text/plain", card.getAttribute("data-item"));
      event.dataTransfer.effectAllowed = "move";
    }
  });

  document.addEventListener("dragover", function (event) {
    if (event.target.closest("td.grid-empty")) { event.preventDefault(); }
  });

  document.addEventListener("dragenter", function (event) {
    var cell = event.target.closest("td.grid-empty");
    if (cell) { cell.classList.add("drop-target"); }
  });

  document.addEventListener("dragleave", function (event) {
    var cell = event.target.closest("td.grid-empty");
    if (cell) { cell.classList.remove("drop-target"); }
  });

  document.addEventListener("drop", function (event) {
    var cell = event.target.closest("td.grid-empty");
    var f = form();
    if (!cell || !f) { return; }
    event.preventDefault();
    pick(event.dataTransfer.getData("text/plain"), false);
    f.querySelector("[name=room]").value = cell.getAttribute("data-room");
    f.querySelector("[name=start]").value = cell.getAttribute("data-time");
    f.querySelector("[name=day]").value = document.getElementById("editor").getAttribute("data-day");
    f.requestSubmit();
  });
})();
