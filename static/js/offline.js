// The offline programme: registers the conference's service worker (it keeps the current release's
// pages) and shows the "Offline — showing release …" banner while the browser has no network.
(function () {
  "use strict";

  var body = document.body;
  var banner = document.querySelector("[data-offline-banner]");

  function showState() {
    if (banner) { banner.hidden = navigator.onLine !== false; }
  }

  window.addEventListener("online", showState);
  window.addEventListener("offline", showState);
  showState();

  if ("serviceWorker" in navigator && body.getAttribute("data-service-worker")) {
    navigator.serviceWorker
      .register(body.getAttribute("data-service-worker"), { scope: body.getAttribute("data-scope") })
      .catch(function () { /* no offline copy: the pages still work online */ });
  }
})();
