// The offline programme of one conference (schedule/offline_views.py). Its cache holds exactly the
// current release's public pages; a new release changes CACHE_NAME below, so the browser installs the
// new worker, which fills a new cache and deletes the old one.
"use strict";

var CACHE_NAME = {{ cache_name|safe }};
var CACHE_PREFIX = {{ cache_prefix|safe }};
var PRECACHE_URL = {{ precache_url|safe }};
var FALLBACK_URL = {{ fallback_url|safe }};
var STATIC_PREFIX = {{ static_prefix|safe }};
// The signed-in attendee's stars: kept as last answered, for schedule.js to read with no network.
var FAVOURITES_API = {{ favourites_api|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    fetch(PRECACHE_URL, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (list) {
        return caches.open(CACHE_NAME).then(function (cache) { return cache.addAll(list.urls); });
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf(CACHE_PREFIX) === 0 && name !== CACHE_NAME;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function fromCache(request) {
  return caches.open(CACHE_NAME).then(function (cache) { return cache.match(request); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    // Assets: the kept copy first (their URLs change with their content in production).
    event.respondWith(fromCache(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  // Pages: the network first, so the programme is always the latest; the kept copy without a network.
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && url.pathname === FAVOURITES_API) {
        var copy = response.clone();
        caches.open(CACHE_NAME).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function (error) {
      return fromCache(request).then(function (hit) {
        if (hit) { return hit; }
        if (request.mode === "navigate") {
          return fromCache(FALLBACK_URL).then(function (page) { if (page) { return page; } throw error; });
        }
        throw error;
      });
    })
  );
});
