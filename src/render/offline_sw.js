/* metbook service worker, written by `metbook build` when [output.html.offline] is on.
 * It keeps this build's files (FILES, relative to this script) in a cache named after the
 * site's scope and VERSION, a hash of their contents, so a new build replaces the old cache
 * and two handbooks on one host keep their own. It answers only GET requests for this
 * site's own files; another host's requests are left to the network and never cached. */
"use strict";
var VERSION = "__VERSION__";
var FILES = __FILES__;
var SCOPE = self.registration.scope;
var PREFIX = "metbook:" + SCOPE + ":";
var CACHE = PREFIX + VERSION;

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) {
    // "reload": straight from the server, not from the browser's HTTP cache.
    return c.addAll(FILES.map(function (f) { return new Request(f, { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf(PREFIX) === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET" || req.url.indexOf(SCOPE) !== 0) return;
  // Cached first (a page's ?search= and ?highlight= do not change the file), else the network.
  e.respondWith(caches.open(CACHE).then(function (c) {
    return c.match(req, { ignoreSearch: true }).then(function (hit) { return hit || fetch(req); });
  }));
});
