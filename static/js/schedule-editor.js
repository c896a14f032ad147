// Schedule editor: drag a card from the side panel (or the grid) onto a cell, or press "Place…"/"Move…"
// to fill the one form and finish with the keyboard. Either way the same form posts (htmx swaps the
// page's main part). A drop on a taken cell posts too: the server places it and reports the conflict.
(function () {
  "use strict";

  function form() { return document.getElementById("place-form"); }

  function pick(item, focus) {
    var f = form();
    if (!f) { return; }
    f.querySelector("[name=item]").value = item;
    if (focus) { f.querySelector("[name=room]").focus(); }
  }

  // The cell's room and time; in a cell spanning several rooms or rows, those under the pointer.
  function placeOf(cell, event) {
    var table = cell.closest("table");
    var room = cell.getAttribute("data-room");
    var time = cell.getAttribute("data-time");
    if (!room) {
      table.querySelectorAll("thead th[data-room]").forEach(function (th) {
        var box = th.getBoundingClientRect();
        if (event.clientX >= box.left && event.clientX < box.right) { room = th.getAttribute("data-room"); }
      });
    }
    table.querySelectorAll("tbody th[data-time]").forEach(function (th) {
      var box = th.getBoundingClientRect();
      if (cell.rowSpan > 1 && event.clientY >= box.top && event.clientY < box.bottom) { time = th.getAttribute("data-time"); }
    });
    return { room: room || "", time: time };
  }

  function dropCell(target) { return target.closest && target.closest(".editor-grid td[data-time]"); }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-pick]");
    if (button) { pick(button.getAttribute("data-pick"), true); }
  });

  // The filters apply as soon as one changes (they sit outside their form, so no change reaches it).
  document.addEventListener("change", function (event) {
    var filters = document.getElementById("editor-filters");
    if (filters && event.target.getAttribute("form") === "editor-filters") { filters.requestSubmit(); }
  });

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest("[data-item]");
    if (card) {
      event.dataTransfer.setData("text/plain", card.getAttribute("data-item"));
      event.dataTransfer.effectAllowed = "move";
    }
  });

  document.addEventListener("dragover", function (event) {
    if (dropCell(event.target)) { event.preventDefault(); }
  });

  document.addEventListener("dragenter", function (event) {
    var cell = dropCell(event.target);
    if (cell) { cell.classList.add("drop-target"); }
  });

  document.addEventListener("dragleave", function (event) {
    var cell = dropCell(event.target);
    if (cell && !cell.contains(event.relatedTarget)) { cell.classList.remove("drop-target"); }
  });

  document.addEventListener("drop", function (event) {
    var cell = dropCell(event.target);
    var f = form();
    if (!cell || !f) { return; }
    event.preventDefault();
    var place = placeOf(cell, event);
    pick(event.dataTransfer.getData("text/plain"), false);
    f.querySelector("[name=room]").value = place.room;
    f.querySelector("[name=start]").value = place.time;
    f.querySelector("[name=day]").value = document.getElementById("editor").getAttribute("data-day");
    f.requestSubmit();
  });
})();
