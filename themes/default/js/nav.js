/* metbook navigation: sidebar chapter tree, sidebar toggle, keyboard paging,
 * scrollable-region focusability, glossary tooltips and their dismissal.
 * Reads window.metbookToc and window.metbookGlossary (set by the shared toc script, see the
 * theme contract).
 */
(function () {
  'use strict';

  var NARROW_QUERY = '(max-width: 59.99em)';
  var root = document.documentElement;

  function mediaMatches(q) {
    try {
      return !!(window.matchMedia && window.matchMedia(q).matches);
    } catch (e) {
      return false;
    }
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }

  /* ---------- URL helpers ---------- */

  function normalize(path) {
    if (typeof path !== 'string') return '';
    path = path.split('#')[0].split('?')[0];
    while (path.indexOf('./') === 0) path = path.slice(2);
    if (path.charAt(0) === '/') path = path.slice(1);
    if (path === '' || path.charAt(path.length - 1) === '/') path += 'index.html';
    try {
      path = decodeURIComponent(path);
    } catch (e) { /* keep as is */ }
    return path;
  }

  /* ---------- Sidebar tree ---------- */

  var uid = 0;

  function buildItems(items, ctx, depth) {
    var ol = el('ol', depth === 0 ? 'mb-toc-list' : 'mb-toc-list mb-toc-sublist');
    var hasCurrent = false;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      if (!item || typeof item !== 'object') continue;
      if (item.sep) {
        var sep = el('li', 'mb-toc-sep');
        sep.setAttribute('aria-hidden', 'true');
        ol.appendChild(sep);
        continue;
      }
      if (item.part != null) {
        var part = el('li', 'mb-toc-part', String(item.part));
        ol.appendChild(part);
        continue;
      }
      var li = el('li', 'mb-toc-item');
      var row = el('div', 'mb-toc-row');
      var label;
      var title = item.t != null ? String(item.t) : '';
      if (item.u != null && item.u !== '') {
        label = el('a', 'mb-toc-link');
        label.setAttribute('href', ctx.root + item.u);
        if (normalize(item.u) === ctx.path) {
          label.setAttribute('aria-current', 'page');
          label.classList.add('mb-toc-current');
          li.classList.add('mb-toc-current-item');
          ctx.current = label;
          hasCurrent = true;
        }
      } else {
        label = el('span', 'mb-toc-draft');
      }
      if (item.n && ctx.numbers) {
        label.appendChild(el('span', 'mb-toc-num', String(item.n)));
        label.appendChild(document.createTextNode(' '));
      }
      label.appendChild(document.createTextNode(title));
      if (item.u == null || item.u === '') {
        label.appendChild(el('span', 'mb-visually-hidden', ' (not yet written)'));
      }
      row.appendChild(label);
      li.appendChild(row);

      if (item.c && item.c.length) {
        var sub = buildItems(item.c, ctx, depth + 1);
        var id = 'mb-toc-sub-' + (++uid);
        sub.list.id = id;
        var btn = el('button', 'mb-toc-fold');
        btn.type = 'button';
        btn.setAttribute('aria-controls', id);
        btn.setAttribute('aria-label', metbookUi('js_sections_of', 'Sections of {title}', { title: title }));
        btn.appendChild(el('span', 'mb-toc-fold-icon')).setAttribute('aria-hidden', 'true');
        row.appendChild(btn);
        li.appendChild(sub.list);
        li.classList.add('mb-toc-parent');
        var expanded = sub.hasCurrent || li.classList.contains('mb-toc-current-item') || depth === 0 && ctx.expandTop;
        setExpanded(li, btn, sub.list, expanded);
        if (sub.hasCurrent) hasCurrent = true;
      }
      ol.appendChild(li);
    }
    return { list: ol, hasCurrent: hasCurrent };
  }

  function setExpanded(li, btn, list, expanded) {
    btn.setAttribute('aria-expanded', expanded ? 'true' : 'false');
    list.hidden = !expanded;
    li.classList.toggle('mb-toc-expanded', expanded);
  }

  function renderSidebar(sidebar) {
    var toc = window.metbookToc;
    if (!Array.isArray(toc) || !toc.length) return null;
    var body = document.body;
    var ctx = {
      root: (body && body.dataset.root) || '',
      path: normalize((body && body.dataset.path) || 'index.html'),
      current: null,
      expandTop: false,
      // book.toml's `no-section-label` marks the sidebar with data-no-numbers.
      numbers: !sidebar.hasAttribute('data-no-numbers')
    };
    var tree = buildItems(toc, ctx, 0);
    var wrap = el('div', 'mb-toc');
    var home = el('a', 'mb-toc-home', metbookUi('js_contents', 'Contents'));
    home.setAttribute('href', ctx.root + 'index.html');
    if (ctx.path === 'index.html' && !ctx.current) {
      home.setAttribute('aria-current', 'page');
      home.classList.add('mb-toc-current');
      ctx.current = home;
    }
    wrap.appendChild(home);
    wrap.appendChild(tree.list);
    sidebar.appendChild(wrap);

    sidebar.addEventListener('click', function (ev) {
      var btn = ev.target.closest && ev.target.closest('.mb-toc-fold');
      if (!btn || !sidebar.contains(btn)) return;
      var list = document.getElementById(btn.getAttribute('aria-controls'));
      if (!list) return;
      setExpanded(btn.closest('li'), btn, list, btn.getAttribute('aria-expanded') !== 'true');
    });
    return ctx.current;
  }

  function scrollIntoSidebar(sidebar, link) {
    if (!link) return;
    var s = sidebar.getBoundingClientRect();
    var r = link.getBoundingClientRect();
    if (s.height === 0) return;
    if (r.top < s.top || r.bottom > s.bottom) {
      sidebar.scrollTop += r.top - s.top - s.height / 3;
    }
  }

  /* ---------- Sidebar toggle ---------- */

  function setupToggle(sidebar, toggle, current) {
    if (!toggle) return;
    var isNarrow = function () { return mediaMatches(NARROW_QUERY); };

    function expanded() {
      return isNarrow() ? root.classList.contains('mb-sidebar-open')
                        : !root.classList.contains('mb-sidebar-closed');
    }
    function sync() {
      toggle.setAttribute('aria-expanded', expanded() ? 'true' : 'false');
    }
    function firstFocusable() {
      return current || sidebar.querySelector('a[href], button');
    }
    function open() {
      if (isNarrow()) {
        root.classList.add('mb-sidebar-open');
        sync();
        scrollIntoSidebar(sidebar, current);
        var f = firstFocusable();
        if (f) {
          f.focus();
          if (document.activeElement !== f) {
            setTimeout(function () {
              if (root.classList.contains('mb-sidebar-open')) f.focus();
            }, 250);
          }
        }
      } else {
        root.classList.remove('mb-sidebar-closed');
        sync();
      }
    }
    function close(returnFocus) {
      if (isNarrow()) {
        root.classList.remove('mb-sidebar-open');
        if (returnFocus) toggle.focus();
      } else {
        root.classList.add('mb-sidebar-closed');
      }
      sync();
    }

    toggle.addEventListener('click', function () {
      if (expanded()) close(false); else open();
    });

    document.addEventListener('keydown', function (ev) {
      if ((ev.key === 'Escape' || ev.key === 'Esc') && isNarrow() &&
          root.classList.contains('mb-sidebar-open')) {
        close(sidebar.contains(document.activeElement) || document.activeElement === toggle);
      }
    });

    document.addEventListener('click', function (ev) {
      if (!isNarrow() || !root.classList.contains('mb-sidebar-open')) return;
      var t = ev.target;
      if (sidebar.contains(t) || toggle.contains(t)) return;
      close(false);
    });

    sidebar.addEventListener('focusout', function (ev) {
      if (!isNarrow() || !root.classList.contains('mb-sidebar-open')) return;
      var next = ev.relatedTarget;
      if (next && !sidebar.contains(next) && next !== toggle) close(false);
    });

    try {
      var mq = window.matchMedia && window.matchMedia(NARROW_QUERY);
      if (mq) {
        var onChange = function () {
          root.classList.remove('mb-sidebar-open');
          sync();
        };
        if (mq.addEventListener) mq.addEventListener('change', onChange);
        else if (mq.addListener) mq.addListener(onChange);
      }
    } catch (e) { /* ignore */ }

    sync();
  }

  /* ---------- Keyboard paging ---------- */

  function isTyping(target) {
    if (!target || target.nodeType !== 1) return false;
    if (target.isContentEditable) return true;
    var tag = target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
    // Let arrow keys scroll focused scrollable regions (code blocks, wide tables).
    if (target.closest && target.closest('[contenteditable], pre, .mb-table-wrap, .mb-scroll, [role="slider"], [role="tablist"], [role="listbox"], [role="menu"]')) return true;
    return false;
  }

  function setupPaging() {
    document.addEventListener('keydown', function (ev) {
      if (ev.defaultPrevented) return;
      if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
      if (isTyping(ev.target) || isTyping(document.activeElement)) return;
      var rel = ev.key === 'ArrowLeft' ? 'prev' : 'next';
      var link = document.querySelector('a[rel~="' + rel + '"][href]');
      if (!link) return;
      ev.preventDefault();
      window.location.href = link.href;
    });
  }

  /* ---------- Scrollable regions ---------- */

  function wrapTables(main) {
    var tables = main.querySelectorAll('table');
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      var p = t.parentElement;
      if (!p || (p.classList && (p.classList.contains('mb-table-wrap') || p.classList.contains('mb-scroll')))) continue;
      var wrap = el('div', 'mb-table-wrap');
      p.insertBefore(wrap, t);
      wrap.appendChild(t);
    }
  }

  // A table that fits its width needs no scroll box (.mb-fits), so its header row can stick
  // under the page header; one that does not scrolls in its box, with a faded edge on the
  // side there is more to see (see metbook.css).
  function fitTables(main) {
    var wraps = main.querySelectorAll('.mb-table-wrap');
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i];
      w.classList.remove('mb-fits');
      if (w.scrollWidth <= w.clientWidth + 1) w.classList.add('mb-fits');
      if (!w.hasAttribute('data-mb-cue')) {
        w.setAttribute('data-mb-cue', '');
        w.addEventListener('scroll', cueScroll, { passive: true });
      }
      cueScroll.call(w);
    }
  }

  function cueScroll() {
    var fits = this.classList.contains('mb-fits');
    this.classList.toggle('mb-more-left', !fits && this.scrollLeft > 1);
    this.classList.toggle('mb-more-right', !fits && this.scrollLeft + this.clientWidth < this.scrollWidth - 1);
  }

  function overflows(r) {
    return r.scrollWidth > r.clientWidth + 1 || r.scrollHeight > r.clientHeight + 1;
  }

  function markScrollable(main) {
    fitTables(main);
    var regions = main.querySelectorAll('pre, .mb-table-wrap, .mb-scroll');
    for (var i = 0; i < regions.length; i++) {
      var r = regions[i];
      var scrolls = !r.classList.contains('mb-fits') && overflows(r);
      if (r.hasAttribute('data-mb-tabindex')) {
        if (!scrolls) {
          r.removeAttribute('tabindex');
          r.removeAttribute('data-mb-tabindex');
        }
        continue;
      }
      if (!r.hasAttribute('tabindex') && scrolls) {
        r.setAttribute('tabindex', '0');
        r.setAttribute('data-mb-tabindex', '');
      }
    }
  }

  /* ---------- Glossary tooltips: made from window.metbookGlossary ---------- */

  // Each linked first mention gets its definition as a tooltip right after it, described
  // by it for screen readers. The definitions live once in the shared site script rather
  // than in every page.
  function addTooltips() {
    var defs = window.metbookGlossary;
    if (!defs) return;
    var terms = document.querySelectorAll('a.mb-term');
    for (var i = 0; i < terms.length; i++) {
      var a = terms[i];
      if (a.hasAttribute('aria-describedby')) continue;
      var href = a.getAttribute('href') || '';
      var at = href.indexOf('#term-');
      if (at < 0) continue;
      var id = href.slice(at + 6);
      try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
      if (!Object.prototype.hasOwnProperty.call(defs, id)) continue;
      var tip = el('span', 'mb-tooltip', defs[id]);
      tip.setAttribute('role', 'tooltip');
      tip.id = 'mb-tip-' + i;
      a.parentNode.insertBefore(tip, a.nextSibling);
      a.setAttribute('aria-describedby', tip.id);
    }
  }

  /* ---------- Glossary tooltips: Escape dismisses (WCAG 1.4.13) ---------- */

  function setupTooltips() {
    document.addEventListener('keydown', function (ev) {
      if (ev.key !== 'Escape' && ev.key !== 'Esc') return;
      var shown = document.querySelectorAll('.mb-term:hover, .mb-term:focus');
      for (var i = 0; i < shown.length; i++) shown[i].classList.add('mb-tooltip-dismissed');
    });
    var undismiss = function (ev) {
      var t = ev.target;
      if (t && t.classList && t.classList.contains('mb-term')) t.classList.remove('mb-tooltip-dismissed');
    };
    document.addEventListener('focusout', undismiss);
    document.addEventListener('mouseout', undismiss);
    // Place a shown tooltip right under its term (or above it if there is no room below),
    // inside the viewport. The tooltip is the term's sibling, so CSS alone cannot anchor it.
    var place = function (ev) {
      var t = ev.target;
      if (!t || !t.closest) return;
      t = t.closest('a.mb-term');
      if (!t) return;
      var id = t.getAttribute('aria-describedby');
      var tip = id ? document.getElementById(id) : null;
      if (!tip || !tip.classList.contains('mb-tooltip')) return;
      tip.style.transform = '';
      // Measure once the :hover/:focus rule has shown it.
      var tr = tip.getBoundingClientRect();
      if (!tr.width || getComputedStyle(tip).position !== 'absolute') return;
      var rects = t.getClientRects();
      if (!rects.length) return;
      var first = rects[0], last = rects[rects.length - 1];
      var vw = document.documentElement.clientWidth, vh = window.innerHeight, gap = 6, edge = 8;
      var left = Math.min(first.left, vw - edge - tr.width);
      left = Math.max(edge, left);
      var top = last.bottom + gap;
      if (top + tr.height > vh - edge && first.top - gap - tr.height >= edge) top = first.top - gap - tr.height;
      tip.style.transform = 'translate(' + Math.round(left - tr.left) + 'px,' + Math.round(top - tr.top) + 'px)';
    };
    document.addEventListener('focusin', place);
    document.addEventListener('mouseover', place);
  }

  /* ---------- Init ---------- */

  function init() {
    var sidebar = document.getElementById('mb-sidebar');
    var toggle = document.getElementById('mb-sidebar-toggle');
    var current = null;
    if (sidebar) {
      try {
        current = renderSidebar(sidebar);
      } catch (e) {
        current = null; // a malformed tree must not break the page
      }
      setupToggle(sidebar, toggle, current);
      if (!mediaMatches(NARROW_QUERY)) scrollIntoSidebar(sidebar, current);
    }
    setupPaging();
    addTooltips();
    setupTooltips();
    var main = document.getElementById('mb-main');
    if (main) {
      wrapTables(main);
      markScrollable(main);
      var timer = 0;
      window.addEventListener('resize', function () {
        clearTimeout(timer);
        timer = setTimeout(function () { markScrollable(main); }, 150);
      });
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
