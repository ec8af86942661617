// metbook serve's live-reload client, served at /__metbook/livereload.js (never part of a
// built site). It listens on /__metbook/ws: "reload" reloads the page keeping its scroll
// position, "errors" shows the build's diagnostics in an overlay, "ok" removes it. Built with
// DOM calls and textContent only: diagnostics quote the sources, and the page's CSP
// forbids inline scripts and style attributes (CSSOM properties are allowed).
(function () {
  'use strict';
  var me = document.currentScript;
  var build = me ? me.getAttribute('data-build') : null;
  var KEY = 'metbook-scroll:' + location.pathname;
  var reloading = false;

  // The position to come back to after a reload. The page may still be growing when this
  // runs (fonts, late scripts), so keep trying for a few seconds until it fits; a reload
  // in the meantime (two quick saves) must pass on this target, not a half-way scrollY.
  var pendingY = null;
  // 'instant': the theme may set `scroll-behavior: smooth`, which would animate the restore.
  var jump = function (y) { window.scrollTo({ top: y, left: 0, behavior: 'instant' }); };
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    pendingY = Number(saved) || 0;
    var tries = 0;
    var step = function () {
      if (pendingY === null) return;
      jump(pendingY);
      if (Math.abs(window.scrollY - pendingY) < 2 || ++tries > 100) {
        pendingY = null;
        history.scrollRestoration = 'auto';
        return;
      }
      setTimeout(step, 30);
    };
    step();
    window.addEventListener('load', function () { if (pendingY !== null) jump(pendingY); });
    // The reader scrolling wins over the restore.
    var cancel = function () { pendingY = null; history.scrollRestoration = 'auto'; };
    window.addEventListener('wheel', cancel, { once: true, passive: true });
    window.addEventListener('keydown', cancel, { once: true });
    window.addEventListener('touchstart', cancel, { once: true, passive: true });
  }

  function reload() {
    if (reloading) return;
    reloading = true;
    sessionStorage.setItem(KEY, String(pendingY !== null ? pendingY : window.scrollY));
    // The browser's own restore would race this one.
    history.scrollRestoration = 'manual';
    location.reload();
  }

  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (style) Object.assign(e.style, style);
    return e;
  }

  var MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

  function hideErrors() {
    var o = document.getElementById('mb-error-overlay');
    if (o) o.remove();
  }

  function showErrors(msg) {
    hideErrors();
    var list = msg.diagnostics || [];
    var o = el('div', null, {
      position: 'fixed', left: '1rem', right: '1rem', bottom: '1rem', maxHeight: '60vh',
      overflow: 'auto', zIndex: '2147483647', background: '#1f1f1f', color: '#f5f5f5',
      border: '3px solid #ff6b6b', borderRadius: '6px', padding: '1rem 1.25rem',
      font: '15px/1.45 system-ui, sans-serif', boxShadow: '0 4px 24px rgba(0,0,0,.5)'
    });
    o.id = 'mb-error-overlay';
    o.setAttribute('role', 'alertdialog');
    o.setAttribute('aria-live', 'assertive');
    o.setAttribute('aria-labelledby', 'mb-error-title');
    var title = el('h2', 'metbook: the book has ' + list.length + ' error' + (list.length === 1 ? '' : 's') +
      ' (showing the last good version)', { margin: '0 0 .75rem', fontSize: '1.1rem', color: '#ffb3b3' });
    title.id = 'mb-error-title';
    o.appendChild(title);
    list.forEach(function (d) {
      var item = el('section', null, { margin: '0 0 1rem' });
      item.appendChild(el('p', d.file + ':' + d.line + ':' + d.col, { margin: '0', fontFamily: MONO, color: '#9fd3ff' }));
      item.appendChild(el('p', d.message, { margin: '.2rem 0', fontWeight: 'bold' }));
      if (d.source_line != null) {
        var gutter = String(d.line) + ' | ';
        var caret = ' '.repeat(gutter.length + Math.max(0, d.col - 1)) + '^';
        item.appendChild(el('pre', gutter + d.source_line + '\n' + caret, {
          margin: '.3rem 0', padding: '.5rem', background: '#000', color: '#f5f5f5',
          fontFamily: MONO, whiteSpace: 'pre-wrap', overflowX: 'auto'
        }));
      }
      if (d.help) item.appendChild(el('p', 'help: ' + d.help, { margin: '.2rem 0', color: '#c8f7c5' }));
      o.appendChild(item);
    });
    var close = el('button', 'Dismiss', {
      font: 'inherit', padding: '.3rem .8rem', background: '#f5f5f5', color: '#1f1f1f',
      border: '0', borderRadius: '4px', cursor: 'pointer'
    });
    close.type = 'button';
    close.addEventListener('click', hideErrors);
    o.appendChild(close);
    (document.body || document.documentElement).appendChild(o);
  }

  function handle(msg) {
    if (msg.type === 'errors') {
      showErrors(msg);
    } else if (msg.type === 'ok') {
      hideErrors();
      // A page that missed a reload (opened mid-rebuild, or the server restarted) catches up.
      if (build && msg.build !== build) reload();
    } else if (msg.type === 'reload') {
      if (!build || msg.build !== build) reload();
    }
  }

  var delay = 250;
  function connect() {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    var ws = new WebSocket(scheme + location.host + '/__metbook/ws');
    // The attribute lets a test (or a curious author) see that the page is listening.
    ws.onopen = function () { delay = 250; document.documentElement.setAttribute('data-mb-live', 'open'); };
    ws.onmessage = function (e) {
      try { handle(JSON.parse(e.data)); } catch (err) { /* not ours: ignore */ }
    };
    // The server restarted or stopped: try again, backing off to once every 5 s.
    ws.onclose = function () {
      if (reloading) return;
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }
  connect();
})();
