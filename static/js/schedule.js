// Public schedule: starred talks live in localStorage; when signed in they are merged into the account
// through the API, which also gives the personal calendar-feed URL. The pages themselves are the same
// for everyone (they are cached), so everything personal is drawn here.
(function () {
  "use strict";

  var body = document.body;
  var conference = body.getAttribute("data-conference");
  var api = body.getAttribute("data-favourites-api");
  var storageKey = "summit:favourites:" + conference;
  var signedIn = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storageKey) || "[]"); } catch (e) { return []; }
  }

  function save(codes) {
    try { window.localStorage.setItem(storageKey, JSON.stringify(codes)); } catch (e) { /* private mode */ }
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function request(method, url, payload) {
    var options = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (method !== "GET") {
      options.headers["X-CSRFToken"] = csrfToken();
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(payload || {});
    }
    return fetch(url, options).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    });
  }

  function render(codes) {
    var starred = {};
    codes.forEach(function (code) { starred[code] = true; });
    document.querySelectorAll("[data-star]").forEach(function (button) {
      var on = !!starred[button.getAttribute("data-star")];
      button.hidden = false;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.querySelector("[aria-hidden]").textContent = on ? "★" : "☆";
      button.querySelector(".star-label").textContent = on ? button.dataset.onLabel || "Starred" : button.dataset.offLabel || "Star";
    });
    var any = false;
    document.querySelectorAll("[data-favourite]").forEach(function (item) {
      item.hidden = !starred[item.getAttribute("data-favourite")];
      any = any || !item.hidden;
    });
    document.querySelectorAll("[data-favourite-day]").forEach(function (day) {
      day.hidden = !day.querySelector("[data-favourite]:not([hidden])");
    });
    var empty = document.querySelector("[data-favourites-empty]");
    if (empty) { empty.hidden = any; }
  }

  function showFeed(url) {
    var block = document.getElementById("feed-link");
    if (block && url) {
      block.querySelector("[data-feed]").setAttribute("href", url);
      block.hidden = false;
    }
  }

  function toggle(code) {
    var codes = load();
    var index = codes.indexOf(code);
    var on = index === -1;
    if (on) { codes.push(code); } else { codes.splice(index, 1); }
    save(codes);
    render(codes);
    if (signedIn) {
      request(on ? "PUT" : "DELETE", api + encodeURIComponent(code) + "/").catch(function () { /* kept locally */ });
    }
  }

  // htmx forms on these pages (the seat panel) post the CSRF token the browser holds now, not the one
  // rendered into the fragment: a signed-in visitor's first page view loads the panel and the
  // favourites API at once, and without a cookie yet each answer may set a different one.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb === "get") { return; }
    var token = csrfToken();
    if (!token) { return; }
    event.detail.headers["X-CSRFToken"] = token;
    var form = event.detail.formData;
    if (form && form.has("csrfmiddlewaretoken")) { form.set("csrfmiddlewaretoken", token); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-star]");
    if (button) { toggle(button.getAttribute("data-star")); }
    var reset = event.target.closest("[data-feed-reset]");
    if (reset) {
      request("POST", reset.getAttribute("data-feed-reset")).then(function (result) { showFeed(result.feed_url); });
    }
  });

  // Filters start folded on phones (the talks come first) and unfolded on wider screens.
  var panel = document.querySelector("[data-filter-panel]");
  if (panel && window.matchMedia("(min-width: 48rem)").matches) { panel.open = true; }

  render(load());
  var signIn = document.getElementById("feed-sign-in");
  // Only a signed-in visitor has an account to merge with: asking the API otherwise answers 401.
  if (!/(?:^|;\s*)summit_signed_in=/.test(document.cookie)) {
    if (signIn) { signIn.hidden = false; }
    return;
  }
  request("GET", api).then(function (account) {
    signedIn = true;
    var local = load();
    var missing = local.filter(function (code) { return account.codes.indexOf(code) === -1; });
    var merged = missing.length ? request("POST", api, { codes: local }) : Promise.resolve(account);
    return merged.then(function (result) {
      var union = result.codes.concat(local.filter(function (code) { return result.codes.indexOf(code) === -1; }));
      save(union);
      render(union);
      showFeed(result.feed_url);
    });
  }).catch(function () {
    if (signIn && !signedIn) { signIn.hidden = false; }
  });
})();
