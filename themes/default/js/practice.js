/*
 * metbook practice mode for annotated dialogues (figure.mb-dialogue, rendered by
 * src/met/render.rs). The reader hides the author's codes, picks a MITI code for each
 * therapist utterance that has one (span.mb-utt[data-key]), then checks the answers:
 * per-utterance agreement with the author's key, shown with text and an icon (never by
 * colour alone), the author's code, and the turn's commentary revealed.
 *
 * Everything comes from the markup: the code list from the figure's
 * data-practice-codes="id:Label|id:Label", translated UI strings from the
 * .mb-practice panel's data-label-* attributes. No inline script, no eval, so a strict
 * CSP works. Answers are kept on the device only when the reader ticks "Keep my answers on
 * this device" (then per dialogue id in localStorage, which may throw under file:// or in
 * private modes, hence the try/catch) and restored on load; unticking or Reset removes
 * them. Without the tick nothing is stored.
 */
(function () {
  'use strict';

  var STORE_PREFIX = 'metbook-practice:';

  /* A stored state exists only if the reader asked to keep answers, so finding one
     means the box stays ticked. */
  function load(id) {
    try {
      var raw = window.localStorage.getItem(STORE_PREFIX + id);
      var s = raw ? JSON.parse(raw) : null;
      if (s && typeof s === 'object' && s.answers && typeof s.answers === 'object') {
        s.keep = true;
        return s;
      }
    } catch (e) { /* storage unavailable or corrupt: start fresh */ }
    return { active: false, checked: false, keep: false, answers: {} };
  }

  function save(id, state) {
    if (!state.keep) { return; }
    try { window.localStorage.setItem(STORE_PREFIX + id, JSON.stringify(state)); } catch (e) { /* ignore */ }
  }

  function forget(id) {
    try { window.localStorage.removeItem(STORE_PREFIX + id); } catch (e) { /* nothing was kept */ }
  }

  function parseCodes(attr) {
    return (attr || '').split('|').filter(Boolean).map(function (part) {
      var i = part.indexOf(':');
      return i < 0 ? { id: part, label: part } : { id: part.slice(0, i), label: part.slice(i + 1) };
    });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function setup(fig) {
    var id = fig.getAttribute('data-dialogue');
    var toggle = fig.querySelector('.mb-practice-toggle');
    var panel = fig.querySelector('.mb-practice');
    var items = Array.prototype.slice.call(fig.querySelectorAll('.mb-utt[data-key]'));
    if (!id || !toggle || !panel || items.length === 0) { return; }
    var codes = parseCodes(fig.getAttribute('data-practice-codes'));
    var labelOf = {};
    codes.forEach(function (c) { labelOf[c.id] = c.label; });
    var checkBtn = panel.querySelector('.mb-practice-check');
    var resetBtn = panel.querySelector('.mb-practice-reset');
    var scoreEl = panel.querySelector('.mb-practice-score');
    var state = load(id);
    var selects = [];

    function L(name, fallback) { return panel.getAttribute('data-label-' + name) || fallback; }

    /* "Keep my answers on this device", off unless the reader asked before. */
    var keepBox = el('input', 'mb-practice-keep');
    keepBox.type = 'checkbox';
    keepBox.id = id + '-practice-keep';
    keepBox.checked = state.keep;
    var keepLabel = el('label', 'mb-practice-keep-label', ' ' + L('keep', metbookUi('js_keep', 'Keep my answers on this device')));
    keepLabel.insertBefore(keepBox, keepLabel.firstChild);
    var actions = panel.querySelector('.mb-practice-actions');
    panel.insertBefore(keepLabel, actions || null);
    keepBox.addEventListener('change', function () {
      state.keep = keepBox.checked;
      if (state.keep) { save(id, state); } else { forget(id); }
    });
    function itemNo(utt, k) { return utt.getAttribute('data-item') || String(k + 1); }

    /* A rated practice transcript also asks for the four MITI global ratings (1-5). */
    var globalKey = (panel.getAttribute('data-globals') || '').split('|').filter(Boolean);
    var globalNames = (panel.getAttribute('data-label-globals') || '').split('|');
    var globalSelects = [];
    var globalResult = null;
    function buildGlobals() {
      if (globalKey.length !== 4) { return; }
      var box = el('fieldset', 'mb-practice-globals');
      box.appendChild(el('legend', '', L('globals-title', 'Global ratings (1-5)')));
      state.globals = state.globals || {};
      globalKey.forEach(function (_, g) {
        var selId = id + '-practice-global-' + (g + 1);
        var label = el('label', 'mb-practice-label', globalNames[g] || metbookUi('js_global_n', 'Global {n}', { n: g + 1 }));
        label.htmlFor = selId;
        var sel = el('select', 'mb-practice-select');
        sel.id = selId;
        sel.appendChild(el('option', '', L('choose', 'Choose a code'))).value = '';
        for (var n = 1; n <= 5; n++) { sel.appendChild(el('option', '', String(n))).value = String(n); }
        sel.value = state.globals[g] || '';
        sel.addEventListener('change', function () { state.globals[g] = sel.value; save(id, state); });
        var row = el('span', 'mb-practice-item');
        row.appendChild(label);
        row.appendChild(sel);
        box.appendChild(row);
        globalSelects.push(sel);
      });
      globalResult = el('p', 'mb-practice-globals-result');
      globalResult.hidden = true;
      box.appendChild(globalResult);
      panel.insertBefore(box, panel.querySelector('.mb-practice-actions'));
    }

    function checkGlobals() {
      if (!globalResult) { return; }
      var parts = globalKey.map(function (key, g) {
        var mine = globalSelects[g].value || '–';
        return metbookUi('js_global_compare', '{name}: {mine} (key {key})', { name: globalNames[g] || metbookUi('js_global_n', 'Global {n}', { n: g + 1 }), mine: mine, key: key });
      });
      var near = globalKey.filter(function (key, g) {
        return globalSelects[g].value && Math.abs(Number(globalSelects[g].value) - Number(key)) <= 1;
      }).length;
      globalResult.textContent = parts.join('; ') + '. ' + near + ' of 4 within one point of the key.';
      globalResult.hidden = false;
    }

    function build() {
      buildGlobals();
      items.forEach(function (utt, k) {
        var n = itemNo(utt, k);
        var selId = id + '-practice-' + n;
        var wrap = el('span', 'mb-practice-item');
        var label = el('label', 'mb-practice-label', fill(L('item', 'Code for utterance {n}'), { n: n }));
        label.htmlFor = selId;
        var sel = el('select', 'mb-practice-select');
        sel.id = selId;
        sel.appendChild(el('option', '', L('choose', 'Choose a code'))).value = '';
        codes.forEach(function (c) {
          sel.appendChild(el('option', '', c.label)).value = c.id;
        });
        sel.value = state.answers[n] || '';
        sel.addEventListener('change', function () {
          if (sel.value) { state.answers[n] = sel.value; } else { delete state.answers[n]; }
          unmark(utt);
          save(id, state);
        });
        var result = el('span', 'mb-practice-result');
        result.hidden = true;
        wrap.appendChild(label);
        wrap.appendChild(sel);
        wrap.appendChild(result);
        utt.appendChild(wrap);
        selects.push(sel);
      });
    }

    function unmark(utt) {
      utt.classList.remove('mb-correct', 'mb-incorrect');
      var r = utt.querySelector('.mb-practice-result');
      if (r) { r.hidden = true; r.textContent = ''; }
      var turn = utt.closest('.mb-turn');
      if (turn) { turn.classList.remove('mb-revealed'); }
    }

    function setActive(on) {
      if (on && selects.length === 0) { build(); }
      fig.classList.toggle('mb-practicing', on);
      toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
      panel.hidden = !on;
      state.active = on;
      save(id, state);
    }

    function check() {
      var matched = 0;
      items.forEach(function (utt, k) {
        var key = utt.getAttribute('data-key');
        var ok = selects[k].value === key;
        if (ok) { matched += 1; }
        utt.classList.toggle('mb-correct', ok);
        utt.classList.toggle('mb-incorrect', !ok);
        var r = utt.querySelector('.mb-practice-result');
        r.textContent = '';
        r.appendChild(el('span', 'mb-practice-icon', ok ? '\u2713' : '\u2717')).setAttribute('aria-hidden', 'true');
        var verdict = ok ? L('correct', 'Matches the author\u2019s code')
          : (selects[k].value ? L('incorrect', 'Differs from the author\u2019s code') : L('unanswered', 'No code chosen'));
        r.appendChild(document.createTextNode(' ' + verdict + '. '));
        r.appendChild(el('span', 'mb-practice-author', L('author', 'Author\u2019s code:') + ' ' + (labelOf[key] || key)));
        r.hidden = false;
        var turn = utt.closest('.mb-turn');
        if (turn) { turn.classList.add('mb-revealed'); }
      });
      fig.classList.add('mb-checked');
      var total = items.length;
      scoreEl.textContent = fill(L('score', '{matched} of {total} matched ({percent}% agreement)'),
        { matched: matched, total: total, percent: Math.round((100 * matched) / total) });
      checkGlobals();
      state.checked = true;
      save(id, state);
    }

    function reset() {
      selects.forEach(function (s) { s.value = ''; });
      items.forEach(unmark);
      fig.classList.remove('mb-checked');
      scoreEl.textContent = '';
      state.answers = {};
      state.globals = {};
      globalSelects.forEach(function (g) { g.value = ''; });
      if (globalResult) { globalResult.hidden = true; globalResult.textContent = ''; }
      state.checked = false;
      state.keep = false;
      keepBox.checked = false;
      forget(id);
      if (selects[0]) { selects[0].focus(); }
    }

    toggle.addEventListener('click', function () {
      setActive(toggle.getAttribute('aria-pressed') !== 'true');
      if (state.active && selects[0]) { selects[0].focus(); }
    });
    if (checkBtn) { checkBtn.addEventListener('click', check); }
    if (resetBtn) { resetBtn.addEventListener('click', reset); }

    /* A practice transcript opens in practice mode and stays in it: its key is seen
       only through Check. */
    if (fig.hasAttribute('data-practice-transcript')) {
      toggle.parentNode.hidden = true;
      state.active = true;
    }
    if (state.active) {
      setActive(true);
      if (state.checked) { check(); }
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('figure.mb-dialogue'), setup);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
