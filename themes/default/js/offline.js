/* metbook offline reading: links the web app manifest and registers the site's service
 * worker (sw.js at the site root) when the book enables it ([output.html.offline], which
 * marks <body data-offline>). Only over http(s): from a folder (file://) a manifest cannot
 * be fetched and there is no service worker, and neither is needed. The worker only ever
 * answers for this site's own files (see render/offline_sw.js). */
(function () {
  "use strict";
  var body = document.body;
  if (!body || !body.hasAttribute("data-offline") || !("serviceWorker" in navigator)) return;
  if (location.protocol !== "https:" && location.protocol !== "http:") return;
  var root = body.getAttribute("data-root") || "";
  var link = document.createElement("link");
  link.rel = "manifest";
  link.href = root + "manifest.webmanifest";
  document.head.appendChild(link);
  // Scope: the site root, so a handbook beside others on one host keeps to its own folder.
  navigator.serviceWorker.register(root + "sw.js", { scope: root || "./" }).catch(function () {});
})();
