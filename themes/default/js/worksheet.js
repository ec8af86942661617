/*
 * metbook worksheets (section.mb-worksheet, rendered by src/render/worksheet.rs).
 *
 * Privacy first: answers never leave the device. Nothing is stored unless the reader
 * ticks "Keep my answers on this device" for that worksheet; then the answers are kept in
 * this browser's localStorage (under this site's origin) until "Clear my answers" or the
 * box is unticked. "Save to a file" downloads the answers as JSON made in the page (no
 * request is made), and "Open a saved file" reads such a file back, also in the page.
 * No inline script, no eval: works under Content-Security-Policy default-src 'self' and
 * from file:// (where some browsers refuse storage; the reader is told).
 */
(function () {
  'use strict';

  var PREFIX = 'metbook-worksheet:';

  function storeKey(ws) { return PREFIX + ws.getAttribute('data-worksheet'); }

  function controls(ws) {
    return Array.prototype.slice.call(ws.querySelectorAll('input[name], textarea[name]'))
      .filter(function (el) { return el.type !== 'file'; });
  }

  /* The answers as a plain object: text by name, the checked radio's value, and a list of
     the ticked checkboxes' values. Empty answers are left out. */
  function collect(ws) {
    var answers = {};
    controls(ws).forEach(function (el) {
      if (el.type === 'radio') {
        if (el.checked) { answers[el.name] = el.value; }
      } else if (el.type === 'checkbox') {
        if (el.checked) { (answers[el.name] = answers[el.name] || []).push(el.value); }
      } else if (el.value !== '') {
        answers[el.name] = el.value;
      }
    });
    return answers;
  }

  function apply(ws, answers) {
    ensureRows(ws, answers);
    controls(ws).forEach(function (el) {
      var v = answers[el.name];
      if (el.type === 'radio') {
        el.checked = v !== undefined && String(v) === el.value;
      } else if (el.type === 'checkbox') {
        el.checked = Array.isArray(v) && v.indexOf(el.value) >= 0;
      } else {
        el.value = typeof v === 'string' ? v : '';
      }
      // Let what depends on a value (a feedback report's comparison) follow it.
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  /* A saved table may have more rows than the page starts with. */
  function ensureRows(ws, answers) {
    Object.keys(answers).forEach(function (name) {
      var m = /^(.+)\.(\d+)\.\d+$/.exec(name);
      if (!m) { return; }
      var table = ws.querySelector('table.mb-ws-table[data-field="' + cssEscape(m[1]) + '"]');
      while (table && table.tBodies[0].rows.length < Number(m[2]) && Number(m[2]) <= 200) {
        addRow(table);
      }
    });
  }

  function cssEscape(s) {
    return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, '\\$&');
  }

  function addRow(table) {
    var body = table.tBodies[0];
    var last = body.rows[body.rows.length - 1];
    var row = last.cloneNode(true);
    var n = body.rows.length + 1;
    Array.prototype.forEach.call(row.querySelectorAll('input'), function (input) {
      input.value = '';
      input.name = input.name.replace(/\.\d+\.(\d+)$/, '.' + n + '.$1');
      input.setAttribute('aria-label', input.getAttribute('aria-label').replace(/\d+$/, String(n)));
    });
    body.appendChild(row);
    return row;
  }

  function read(ws) {
    try {
      var raw = window.localStorage.getItem(storeKey(ws));
      var parsed = raw ? JSON.parse(raw) : null;
      return parsed && typeof parsed === 'object' ? parsed : null;
    } catch (e) { return null; }
  }

  function write(ws) {
    try {
      window.localStorage.setItem(storeKey(ws), JSON.stringify(collect(ws)));
      return true;
    } catch (e) { return false; }
  }

  function forget(ws) {
    try { window.localStorage.removeItem(storeKey(ws)); } catch (e) { /* nothing was kept */ }
  }

  function exportFile(ws) {
    var data = {
      worksheet: ws.getAttribute('data-worksheet'),
      title: (ws.querySelector('.mb-worksheet-title') || {}).textContent || '',
      saved: new Date().toISOString(),
      answers: collect(ws)
    };
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = data.worksheet + '.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    return data;
  }

  function init(ws) {
    var tools = ws.querySelector('.mb-worksheet-tools');
    if (!tools) { return; }
    tools.hidden = false;
    Array.prototype.forEach.call(ws.querySelectorAll('.mb-ws-add-row'), function (b) { b.hidden = false; });
    var keep = tools.querySelector('.mb-ws-keep');
    var status = tools.querySelector('.mb-ws-status');
    var say = function (text) { status.textContent = text; };
    var kept = read(ws);
    if (kept) {
      apply(ws, kept);
      keep.checked = true;
    }
    var persist = function () {
      if (keep.checked && !write(ws)) {
        keep.checked = false;
        say(metbookUi('js_keep_refused', 'This browser does not allow keeping answers here; save them to a file instead.'));
      }
    };
    ws.addEventListener('input', function (e) { if (e.target !== keep) { persist(); } });
    ws.addEventListener('change', function (e) { if (e.target !== keep && e.target.type !== 'file') { persist(); } });
    keep.addEventListener('change', function () {
      if (keep.checked) {
        persist();
        if (keep.checked) { say(metbookUi('js_kept', 'Your answers are kept in this browser on this device until you clear them.')); }
      } else {
        forget(ws);
        say(metbookUi('js_not_kept', 'Your answers are no longer kept on this device.'));
      }
    });
    tools.querySelector('.mb-ws-clear').addEventListener('click', function () {
      apply(ws, {});
      forget(ws);
      keep.checked = false;
      say(metbookUi('js_cleared', 'Your answers are cleared.'));
    });
    tools.querySelector('.mb-ws-export').addEventListener('click', function () {
      exportFile(ws);
      say(metbookUi('js_saved', 'Your answers were saved to a file on this device.'));
    });
    var picker = tools.querySelector('.mb-ws-import');
    picker.addEventListener('change', function () {
      var file = picker.files && picker.files[0];
      if (!file) { return; }
      var reader = new FileReader();
      reader.onload = function () {
        try {
          var data = JSON.parse(String(reader.result));
          if (!data || typeof data.answers !== 'object' || data.worksheet !== ws.getAttribute('data-worksheet')) {
            throw new Error('not this worksheet');
          }
          apply(ws, data.answers);
          persist();
          say(metbookUi('js_opened', 'Answers opened from the file.'));
        } catch (e) {
          say(metbookUi('js_not_a_save', 'That file is not a saved copy of this worksheet.'));
        }
        picker.value = '';
      };
      reader.readAsText(file);
    });
    tools.querySelector('.mb-ws-print').addEventListener('click', function () { window.print(); });
    Array.prototype.forEach.call(ws.querySelectorAll('.mb-ws-add-row'), function (b) {
      b.addEventListener('click', function () {
        var row = addRow(b.parentNode.querySelector('table.mb-ws-table'));
        row.querySelector('input').focus();
        persist();
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('section.mb-worksheet'), init);
  /* For tests and for pages that want the answers: the same objects the file holds. */
  window.metbookWorksheets = {
    answers: function (id) {
      var ws = document.querySelector('section.mb-worksheet[data-worksheet="' + cssEscape(id) + '"]');
      return ws ? collect(ws) : null;
    }
  };
}());
