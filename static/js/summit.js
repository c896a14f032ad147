// htmx requests carry the CSRF token from the page's meta tag (no inline script: CSP).
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector('meta[name="csrf-token"]');
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.getAttribute("content");
  }
});

// File drop zones (templates/components/field.html): a file dropped on the zone goes into its file
// input, as if chosen in the dialog; the chosen file's name is shown. The input itself stays the
// keyboard's way in. Listeners sit on the document, so zones that htmx swaps in work too.
(function () {
  function zoneOf(event) {
    return event.target.closest ? event.target.closest("[data-dropzone]") : null;
  }
  function showChosen(zone) {
    var input = zone.querySelector("input[type=file]");
    var label = zone.querySelector("[data-dropzone-file]");
    if (!input || !label) {
      return;
    }
    var names = [];
    for (var i = 0; i < input.files.length; i++) {
      names.push(input.files[i].name);
    }
    label.textContent = names.join(", ");
  }
  document.addEventListener("dragover", function (event) {
    var zone = zoneOf(event);
    if (zone) {
      event.preventDefault();
      zone.classList.add("is-dragover");
    }
  });
  document.addEventListener("dragleave", function (event) {
    var zone = zoneOf(event);
    if (zone && !zone.contains(event.relatedTarget)) {
      zone.classList.remove("is-dragover");
    }
  });
  document.addEventListener("drop", function (event) {
    var zone = zoneOf(event);
    if (!zone) {
      return;
    }
    event.preventDefault();
    zone.classList.remove("is-dragover");
    var input = zone.querySelector("input[type=file]");
    if (!input || !event.dataTransfer || !event.dataTransfer.files.length) {
      return;
    }
    input.files = event.dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-dropzone] input[type=file]")) {
      showChosen(event.target.closest("[data-dropzone]"));
    }
  });
})();
