/* metbook theme switcher.
 * Loaded synchronously in <head> so the stored theme is applied before first paint.
 * Stores "light" | "dark" under localStorage "metbook-theme" and mirrors it on <html data-theme>.
 */
(function () {
  'use strict';

  var KEY = 'metbook-theme';
  var root = document.documentElement;

  root.classList.add('mb-js');

  /* The theme's words in the page's language, from the shared words-*.js loaded just
   * before this script: metbookUi('js_no_results', 'No results…', {q: 'x'}). */
  window.metbookUi = function (key, fallback, vars) {
    var words = window.metbookWords || {};
    var text = typeof words[key] === 'string' ? words[key] : fallback;
    return text.replace(/\{(\w+)\}/g, function (m, name) {
      return vars && name in vars ? String(vars[name]) : m;
    });
  };

  function readStored() {
    try {
      var v = window.localStorage.getItem(KEY);
      return v === 'light' || v === 'dark' ? v : null;
    } catch (e) {
      return null; // file://, private mode, storage disabled
    }
  }

  function writeStored(v) {
    try {
      window.localStorage.setItem(KEY, v);
    } catch (e) {
      /* ignore: the choice then lasts for this page only */
    }
  }

  function systemPrefersDark() {
    try {
      return !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
    } catch (e) {
      return false;
    }
  }

  function effectiveTheme() {
    var explicit = root.getAttribute('data-theme');
    if (explicit === 'light' || explicit === 'dark') return explicit;
    var def = root.getAttribute('data-default-theme');
    if (def === 'light' || def === 'dark') return def;
    return systemPrefersDark() ? 'dark' : 'light';
  }

  var stored = readStored();
  if (stored) root.setAttribute('data-theme', stored);

  function updateButton(button) {
    var dark = effectiveTheme() === 'dark';
    button.setAttribute('aria-pressed', dark ? 'true' : 'false');
    button.setAttribute('title', dark ? metbookUi('js_theme_to_light', 'Switch to the light theme') : metbookUi('js_theme_to_dark', 'Switch to the dark theme'));
  }

  function init() {
    var button = document.getElementById('mb-theme-toggle');
    if (!button) return;
    updateButton(button);
    button.addEventListener('click', function () {
      var next = effectiveTheme() === 'dark' ? 'light' : 'dark';
      root.setAttribute('data-theme', next);
      writeStored(next);
      updateButton(button);
    });
    // Follow OS changes while the reader has not chosen explicitly.
    try {
      var mq = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)');
      if (mq) {
        var onChange = function () { updateButton(button); };
        if (mq.addEventListener) mq.addEventListener('change', onChange);
        else if (mq.addListener) mq.addListener(onChange);
      }
    } catch (e) { /* ignore */ }
    // Another tab changed the theme.
    window.addEventListener('storage', function (ev) {
      if (ev.key !== KEY) return;
      var v = readStored();
      if (v) root.setAttribute('data-theme', v);
      else root.removeAttribute('data-theme');
      updateButton(button);
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
