/* metbook moved sections ([output.html.redirect] keys with a #fragment, as in mdBook).
 * A page lists where its old sections went as links marked data-mb-moved="old-id"; a
 * reader who arrives by an old #old-id link is sent on to the new place. On the page
 * left at a moved page's old address, the link marked data-mb-redirect is the page's new
 * home, and any other #fragment is carried there (the meta refresh alone would drop it).
 * Loaded only on pages that need it; without scripts the page, and its refresh, still work. */
(function () {
  "use strict";
  function decode(s) {
    try {
      return decodeURIComponent(s);
    } catch (e) {
      return s;
    }
  }
  function follow() {
    var hash = decode(location.hash.slice(1));
    if (!hash) return;
    var moved = document.querySelectorAll("a[data-mb-moved]");
    for (var i = 0; i < moved.length; i++) {
      if (decode(moved[i].getAttribute("data-mb-moved")) === hash) {
        location.replace(moved[i].href);
        return;
      }
    }
    var home = document.querySelector("a[data-mb-redirect]");
    if (home) {
      var url = new URL(home.href);
      url.hash = location.hash;
      location.replace(url.href);
    }
  }
  follow();
  window.addEventListener("hashchange", follow);
})();
