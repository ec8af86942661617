/* metbook search UI. The index (built in Rust, see render/search) is a set of
 * JS files registering data through window.metbookSearch; they are loaded
 * lazily with <script> elements (no fetch/XHR/eval), so search works from
 * file:// and under CSP default-src 'self'. The browser never stems: a typed
 * word is folded exactly like the Rust side and looked up as a surface word.
 * Author text is only ever inserted with textContent. */
(function () {
  "use strict";
  var ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIG = new Int8Array(128);
  for (var a = 0; a < 64; a++) DIG[ALPHA.charCodeAt(a)] = a;
  var W_EXACT = 1, W_PREFIX = 0.9, PREFIX_CHUNKS = 2, MIN_PREFIX = 2, PAGE = 10;
  // A mistyped word's corrections are looked for in its own word chunk and FUZZY_SPAN chunks
  // either side, at most MAX_FIXES stems of them. Mirrors render/search/fuzzy.rs.
  var FUZZY_SPAN = 1, MAX_FIXES = 8;
  var T = window.metbookUi;
  var KIND_LABEL = { chapter: T("js_kind_chapter", "Chapters"), principle: T("js_kind_principle", "Principles"), dialogue: T("js_kind_dialogue", "Dialogue turns"), session: T("js_kind_session", "Session steps"), form: T("js_kind_form", "Forms"), glossary: T("js_kind_glossary", "Glossary"), reference: T("js_kind_reference", "References") };
  var GROUP_LABEL = { kind: T("js_group_kind", "Type"), code: T("js_group_code", "Code"), principle: T("js_group_principle", "Principle"), stage: T("js_group_stage", "Stage"), session: T("js_group_session", "Session"), phase: T("js_group_phase", "Phase"), form: T("js_group_form", "Form") };

  var root = (document.body && document.body.dataset.root) || "";
  var meta = null, chunks = [], posChunks = [], docChunks = [], facets = null, loads = {};
  var seg = window.Intl && Intl.Segmenter ? new Intl.Segmenter(document.documentElement.lang || undefined, { granularity: "word" }) : null;

  function varints(s) {
    var out = [], v = 0, sh = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIG[s.charCodeAt(i)];
      v += (d & 31) * Math.pow(2, sh);
      if (d < 32) { out.push(v); v = 0; sh = 0; } else sh += 5;
    }
    return out;
  }
  function cumulate(counts) { var o = [0]; counts.forEach(function (c) { o.push(o[o.length - 1] + c); }); return o; }
  function upper(arr, x) { var lo = 0, hi = arr.length; while (lo < hi) { var m = (lo + hi) >> 1; if (arr[m] <= x) lo = m + 1; else hi = m; } return lo; }
  // Must match tokenize::fold in Rust.
  function fold(w) { return w.normalize("NFD").replace(/\p{M}/gu, "").replace(/\u2019/g, "'").toLowerCase(); }
  // [{w: raw word, i: index in text}] — UAX #29 words, as unicode-segmentation does.
  function words(text) {
    var out = [];
    if (seg) { for (var s of seg.segment(text)) if (s.isWordLike) out.push({ w: s.segment, i: s.index }); return out; }
    var re = /[\p{L}\p{N}_][\p{L}\p{N}\p{M}_]*(?:['\u2019.:][\p{L}\p{N}][\p{L}\p{N}\p{M}_]*)*/gu, m;
    while ((m = re.exec(text))) out.push({ w: m[0], i: m.index });
    return out;
  }

  window.metbookSearch = {
    init: function (m) {
      meta = m;
      m.sep = m.b ? m.b.split(" ") : [];
      m.stemStart = cumulate(varints(m.ss));
      m.docStart = cumulate(varints(m.ds));
    },
    addChunk: function (i, c) {
      var base = meta.stemStart[i], zz = varints(c.s), g = new Int32Array(zz.length);
      for (var k = 0; k < zz.length; k++) g[k] = base + (zz[k] & 1 ? -((zz[k] + 1) / 2) : zz[k] / 2);
      chunks[i] = { w: c.w ? c.w.split(" ") : [], g: g, p: c.p, dec: [] };
    },
    addPos: function (i, p) { posChunks[i] = { p: p, dec: [] }; },
    addDocs: function (i, d) { docChunks[i] = d; },
    addFacets: function (f) {
      facets = meta.groups.map(function (g) {
        return { name: g, values: Object.keys(f[g] || {}).map(function (v) {
          var set = new Uint8Array(meta.n), r = varints(f[g][v]), at = 0;
          for (var k = 0; k < r.length; k += 2) { at += r[k]; for (var e = at + r[k + 1]; at <= e; at++) set[at] = 1; }
          return { value: v, set: set };
        }) };
      });
    }
  };

  function load(name) {
    if (!loads[name]) loads[name] = new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = root + name;
      s.onload = ok;
      s.onerror = function () { delete loads[name]; fail(new Error(name)); };
      document.head.appendChild(s);
    });
    return loads[name];
  }
  function loadMeta() { return load("search/index.js"); }
  function chunkName(i) { return "search/c" + i + "-" + meta.v + ".js"; }
  function loadChunks(list) { return Promise.all(list.map(function (i) { return load(chunkName(i)); })); }
  function chunkOf(w) { return upper(meta.sep, w); }
  function homeOf(g) { return upper(meta.stemStart, g) - 1; }
  function lookup(c, w) {
    var ws = chunks[c].w, lo = 0, hi = ws.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (ws[m] < w) lo = m + 1; else hi = m; }
    return lo < ws.length && ws[lo] === w ? chunks[c].g[lo] : -1;
  }
  function postings(g) {
    var c = chunks[homeOf(g)], j = g - meta.stemStart[homeOf(g)];
    if (!c.dec[j]) {
      var v = varints(c.p[j]), d = new Int32Array(v.length / 2), im = new Uint16Array(v.length / 2), at = 0;
      for (var k = 0; k < v.length; k += 2) { at += v[k]; d[k / 2] = at; im[k / 2] = v[k + 1]; }
      c.dec[j] = { d: d, im: im };
    }
    return c.dec[j];
  }
  function positions(g, doc) { // positions of stem g in doc, or null
    var h = homeOf(g), j = g - meta.stemStart[h], pc = posChunks[h], pl = postings(g);
    if (!pc.dec[j]) {
      var v = varints(pc.p[j]), lists = [], k = 0;
      while (k < v.length) { var n = v[k++], l = [], at = 0; for (var e = 0; e < n; e++) { at += v[k++]; l.push(at); } lists.push(l); }
      pc.dec[j] = lists;
    }
    var i = upper(pl.d, doc) - 1;
    return i >= 0 && pl.d[i] === doc ? pc.dec[j][i] : null;
  }
  // Edits a word of this length may be off by and still be corrected (fuzzy::tolerance).
  function tolerance(w) { return w.length < 5 ? 0 : w.length < 9 ? 1 : 2; }
  function distance(a, b) { // optimal string alignment: insert, delete, substitute, swap
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (j = 0; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) for (j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
    return d[a.length][b.length];
  }

  // Mirror of sim::parse: [{words, phrase}], last bare word may be a prefix.
  function parse(q) {
    var terms = [];
    q.split('"').forEach(function (part, i) {
      var ws = words(part).map(function (x) { return fold(x.w); });
      if (i % 2 === 1 && ws.length > 1) terms.push({ words: ws, phrase: true });
      else ws.forEach(function (w) { terms.push({ words: [w], phrase: false }); });
    });
    var openLast = !/[\s"]$/.test(q) && (q.split('"').length - 1) % 2 === 0;
    // A 1-letter word still being typed says nothing yet: ignore it.
    var lt = terms[terms.length - 1];
    if (openLast && terms.length > 1 && !lt.phrase && lt.words[0].length < MIN_PREFIX) terms.pop();
    return { terms: terms, openLast: openLast };
  }

  // Evaluates a query; mirrors sim::query. Resolves to a result object. Exact words and
  // prefixes first; only when they find nothing are mistyped words corrected (if `fuzzy`),
  // and the result says which words were replaced (res.fixed).
  function evaluate(q, fuzzy) {
    return exact(q).then(function (res) {
      var miss = res.flat.filter(function (f) { return !f.stems.length && !f.term.phrase && tolerance(f.w) > 0; });
      if (res.ranked.length || !fuzzy || !miss.length) return res;
      return correct(miss).then(function () {
        choose(res.flat, miss);
        var flat = res.flat.map(function (f) { return Object.assign({}, f, { stems: f.stems.concat(f.fixes || []) }); });
        var fixed = miss.filter(function (f) { return f.fixes.length; }).map(function (f) { return { from: f.w, to: f.best }; });
        var out = score(flat, res.phrases);
        if (!out.ranked.length || !fixed.length) return res;
        out.fixed = fixed;
        return out;
      });
    });
  }
  function exact(q) {
    var pq = parse(q), flat = [];
    pq.terms.forEach(function (t, ti) {
      t.words.forEach(function (w, wi) {
        flat.push({ w: w, term: t, prefix: !t.phrase && ti === pq.terms.length - 1 && wi === t.words.length - 1 && pq.openLast && w.length >= MIN_PREFIX });
      });
    });
    var need = [];
    flat.forEach(function (f) {
      f.c = chunkOf(f.w);
      f.covered = [f.c];
      if (f.prefix) { var hi = Math.min(chunkOf(f.w + "\uffff"), f.c + PREFIX_CHUNKS - 1); for (var c = f.c + 1; c <= hi; c++) f.covered.push(c); }
      need = need.concat(f.covered);
    });
    return Promise.all([loadChunks(need), load("search/f-" + meta.v + ".js")]).then(function () {
      var homes = [];
      flat.forEach(function (f) { f.exact = lookup(f.c, f.w); if (f.exact >= 0) homes.push(homeOf(f.exact)); });
      return loadChunks(homes);
    }).then(function () {
      var phrases = pq.terms.filter(function (t) { return t.phrase; }), posNeed = [];
      flat.forEach(function (f) {
        f.stems = f.exact >= 0 ? [[f.exact, W_EXACT]] : [];
        if (f.term.phrase && f.exact >= 0) posNeed.push("search/p" + homeOf(f.exact) + "-" + meta.v + ".js");
        if (f.prefix) f.covered.forEach(function (cc) {
          var ch = chunks[cc];
          for (var k = 0; k < ch.w.length; k++) if (ch.w[k].lastIndexOf(f.w, 0) === 0 && f.covered.indexOf(homeOf(ch.g[k])) >= 0 && !has(f.stems, ch.g[k])) f.stems.push([ch.g[k], W_PREFIX]);
        });
      });
      return Promise.all(posNeed.map(load)).then(function () { var r = score(flat, phrases); r.phrases = phrases; return r; });
    });
  }
  // Finds each missed word's closest words (insertions, deletions, substitutions and swaps
  // alike, within its tolerance) in its own and the neighbouring chunks: a typo after the
  // first letters sorts next to the word meant. Sets f.found and loads their postings.
  function correct(miss) {
    var need = [];
    miss.forEach(function (f) {
      f.span = [];
      for (var c = Math.max(0, f.c - FUZZY_SPAN); c <= Math.min(meta.sep.length, f.c + FUZZY_SPAN); c++) f.span.push(c);
      need = need.concat(f.span);
    });
    return loadChunks(need).then(function () {
      var homes = [];
      miss.forEach(function (f) {
        var found = nearest(f.w, f.span);
        f.found = found;
        found.forEach(function (x) { homes.push(homeOf(x[2])); });
      });
      return loadChunks(homes);
    });
  }
  // Picks each missed word's shown correction (f.best): of its closest words, the one found
  // most often together with the other words (then the one in most documents), so
  // "reflective listning" reads "listening", not "listing". Only it is searched for, as if
  // typed: the results are said to be its results.
  function choose(flat, miss) {
    var sets = flat.map(function (f) {
      var set = new Uint8Array(meta.n), stems = f.stems.map(function (s) { return s[0]; });
      (f.found || []).forEach(function (x) { stems.push(x[2]); });
      stems.forEach(function (g) { var d = postings(g).d; for (var k = 0; k < d.length; k++) set[d[k]] = 1; });
      return set;
    });
    miss.forEach(function (f) {
      var others = sets.filter(function (s, i) { return flat[i] !== f; }), best = null, top = [-1, -1];
      f.found.forEach(function (x) {
        var d = postings(x[2]).d, both = 0;
        for (var k = 0; k < d.length; k++) if (others.every(function (s) { return s[d[k]]; })) both++;
        if (both > top[0] || (both === top[0] && d.length > top[1])) { top = [both, d.length]; best = x; }
      });
      f.best = best && best[1];
      f.fixes = best ? [[best[2], W_EXACT]] : [];
    });
  }
  // [[distance, word, stem]] at the smallest distance found, one per stem, at most MAX_FIXES.
  function nearest(w, span) {
    var tol = tolerance(w), all = [];
    span.forEach(function (c) {
      var ch = chunks[c];
      for (var k = 0; k < ch.w.length; k++) {
        var x = ch.w[k];
        if (x === w || Math.abs(x.length - w.length) > tol) continue;
        var d = distance(w, x);
        if (d <= tol) all.push([d, x, ch.g[k]]);
      }
    });
    all.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    var out = [];
    all.forEach(function (x) { if (x[0] === all[0][0] && out.length < MAX_FIXES && !out.some(function (o) { return o[2] === x[2]; })) out.push(x); });
    return out;
  }
  function has(stems, g) { for (var i = 0; i < stems.length; i++) if (stems[i][0] === g) return true; return false; }

  function score(flat, phrases) {
    var n = meta.n, acc = new Float64Array(n), cnt = new Uint16Array(n), ranked = [];
    flat.forEach(function (f) {
      var best = new Float64Array(n), touched = [];
      f.stems.forEach(function (s) {
        var pl = postings(s[0]);
        for (var k = 0; k < pl.d.length; k++) { var d = pl.d[k], v = s[1] * pl.im[k]; if (!best[d]) touched.push(d); if (v > best[d]) best[d] = v; }
      });
      touched.forEach(function (d) { acc[d] += best[d]; cnt[d]++; });
    });
    if (flat.length) for (var d = 0; d < n; d++) if (cnt[d] === flat.length && phrases.every(function (t) { return phraseIn(t, flat, d); })) ranked.push(d);
    ranked.sort(function (x, y) { return acc[y] - acc[x] || x - y; });
    var hl = {}, hlStems = {};
    flat.forEach(function (f) { hl[f.w] = 1; f.stems.forEach(function (s) { hlStems[s[0]] = 1; }); });
    chunks.forEach(function (ch) { if (ch) for (var k = 0; k < ch.w.length; k++) if (hlStems[ch.g[k]]) hl[ch.w[k]] = 1; });
    return { ranked: ranked, flat: flat, hl: Object.keys(hl).slice(0, 24) };
  }
  function phraseIn(t, flat, d) {
    var fs = flat.filter(function (f) { return f.term === t; });
    if (fs.some(function (f) { return f.exact < 0; })) return false;
    var lists = fs.map(function (f) { return positions(f.exact, d) || []; });
    return lists[0].some(function (p) { return lists.every(function (l, k) { return l.indexOf(p + k) >= 0; }); });
  }

  function suggest(flat) { // closest surface words in loaded chunks, per unmatched word
    var out = [];
    flat.forEach(function (f) {
      if (f.stems.length || f.w.length < 3) return;
      var best = [];
      chunks.forEach(function (ch) {
        if (ch) ch.w.forEach(function (w) { if (Math.abs(w.length - f.w.length) <= 2 && w !== f.w) { var dd = distance(f.w, w); if (dd <= 2) best.push([dd, w]); } });
      });
      best.sort(function (x, y) { return x[0] - y[0] || (x[1] < y[1] ? -1 : 1); });
      best.slice(0, 3).forEach(function (b) { out.push({ from: f.w, to: b[1] }); });
    });
    return out;
  }

  function docRec(id) { var c = upper(meta.docStart, id) - 1; return docChunks[c][id - meta.docStart[c]]; }
  function loadDocs(ids) { return Promise.all(ids.map(function (id) { return load("search/d" + (upper(meta.docStart, id) - 1) + "-" + meta.v + ".js"); })); }

  // ---- UI ----
  var form, input, panel, status, state = { q: "", res: null, sel: {}, shown: PAGE, active: -1, seq: 0, exact: false }, timer = 0;

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function appendMarked(parent, text, hl) { // text with <mark>s around highlighted words, via DOM only
    var last = 0;
    words(text).forEach(function (x) {
      if (!hl(fold(x.w))) return;
      if (x.i > last) parent.appendChild(document.createTextNode(text.slice(last, x.i)));
      parent.appendChild(el("mark", null, x.w));
      last = x.i + x.w.length;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }
  function withParam(url, key, val) {
    var h = url.indexOf("#"), base = h < 0 ? url : url.slice(0, h), hash = h < 0 ? "" : url.slice(h);
    var p = new URLSearchParams(); p.set(key, val);
    return base + (base.indexOf("?") < 0 ? "?" : "&") + p.toString() + hash;
  }
  function passes(d, skip) {
    return facets.every(function (g) {
      var s = state.sel[g.name]; if (g.name === skip || !s || !s.size) return true;
      return g.values.some(function (v) { return s.has(v.value) && v.set[d]; });
    });
  }
  function label(g, v) { return g === "kind" ? KIND_LABEL[v] || v : g === "code" ? v : v.replace(/-/g, " "); }

  function render() {
    var res = state.res, seq = state.seq;
    var list = res.ranked.filter(function (d) { return passes(d); }), shown = list.slice(0, state.shown);
    return loadDocs(shown).then(function () {
      if (seq !== state.seq) return;
      panel.textContent = "";
      var msg = list.length === 1 ? "1 result" : list.length + " results";
      panel.appendChild(el("p", "mb-search-summary", msg));
      if (res.fixed) {
        var fixedQ = corrected(state.q, res.fixed);
        panel.appendChild(fixedNote(fixedQ, state.q));
        msg = T("js_showing_results_for", "Showing results for {q}", { q: fixedQ }) + ": " + msg;
      }
      status.textContent = msg;
      var fbox = el("div", "mb-search-filters");
      facets.forEach(function (g) {
        var counts = g.values.map(function (v) { var c = 0; res.ranked.forEach(function (d) { if (v.set[d] && passes(d, g.name)) c++; }); return c; });
        var sel = state.sel[g.name] || new Set();
        if (!counts.some(function (c, i) { return c > 0 || sel.has(g.values[i].value); })) return;
        var grp = el("div", "mb-filter-group"); grp.setAttribute("role", "group");
        var lab = el("span", "mb-filter-label", GROUP_LABEL[g.name] || g.name); lab.id = "mb-fg-" + g.name;
        grp.setAttribute("aria-labelledby", lab.id); grp.appendChild(lab);
        g.values.forEach(function (v, i) {
          if (!counts[i] && !sel.has(v.value)) return;
          var b = el("button", "mb-filter", label(g.name, v.value) + " ");
          b.type = "button"; b.setAttribute("aria-pressed", sel.has(v.value) ? "true" : "false");
          b.appendChild(el("span", "mb-count", "(" + counts[i] + ")"));
          b.addEventListener("click", function () { if (sel.has(v.value)) sel.delete(v.value); else sel.add(v.value); state.sel[g.name] = sel; state.shown = PAGE; render(); });
          grp.appendChild(b);
        });
        fbox.appendChild(grp);
      });
      if (res.ranked.length) panel.appendChild(fbox);
      if (!list.length) {
        panel.appendChild(el("p", "mb-search-empty", T("js_no_results", "No results for \u201c{q}\u201d.", { q: state.q })));
        var sug = suggest(res.flat);
        if (sug.length) {
          var p = el("p", "mb-search-suggest", T("js_did_you_mean", "Did you mean: "));
          sug.forEach(function (s) {
            var b = el("button", "mb-suggest", s.to); b.type = "button";
            b.addEventListener("click", function () { input.value = input.value.replace(new RegExp(s.from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i"), s.to); run(); input.focus(); });
            p.appendChild(b); p.appendChild(document.createTextNode(" "));
          });
          panel.appendChild(p);
        }
      }
      var ul = el("ul", "mb-search-list"); ul.id = "mb-search-list"; ul.setAttribute("role", "listbox"); ul.setAttribute("aria-label", T("js_search_results", "Search results"));
      var hlSet = {}; res.hl.forEach(function (w) { hlSet[w] = 1; });
      var last = res.flat[res.flat.length - 1];
      var isHl = function (w) { return hlSet[w] || (last && last.prefix && w.lastIndexOf(last.w, 0) === 0); };
      shown.forEach(function (d, i) {
        // The link itself is the option (a[href] may take role=option): an option
        // wrapping a link would nest interactive controls (axe nested-interactive).
        var r = docRec(d), li = el("li", "mb-sr"), a = el("a");
        li.setAttribute("role", "none");
        a.id = "mb-sr-" + i; a.setAttribute("role", "option"); a.setAttribute("aria-selected", "false");
        a.href = root + withParam(r[0], "highlight", res.hl.join(" ")); a.tabIndex = -1;
        var t = el("span", "mb-sr-title"); appendMarked(t, r[1], isHl); a.appendChild(t);
        if (r[2].length) a.appendChild(el("span", "mb-sr-crumbs", r[2].join(" \u203a ")));
        var x = el("span", "mb-sr-excerpt"); appendMarked(x, r[3], isHl); a.appendChild(x);
        li.appendChild(a); ul.appendChild(li);
      });
      panel.appendChild(ul);
      if (list.length > shown.length) {
        var more = el("button", "mb-search-more", T("js_show_more", "Show more results")); more.type = "button";
        more.addEventListener("click", function () { state.shown += PAGE; render(); });
        panel.appendChild(more);
      }
      state.active = -1; input.removeAttribute("aria-activedescendant");
      open();
    });
  }
  // The query with each corrected word replaced, keeping the rest as typed.
  function corrected(q, fixed) {
    var out = "", last = 0;
    words(q).forEach(function (x) {
      var fx = fixed.filter(function (f) { return f.from === fold(x.w); })[0];
      if (!fx) return;
      out += q.slice(last, x.i) + fx.to; last = x.i + x.w.length;
    });
    return (out + q.slice(last)).trim();
  }
  // "Showing results for X. Search instead for Y": the link searches for the words as typed,
  // with no corrections; as a ?search=…&exact=1 address it also opens in a new tab.
  function fixedNote(fixedQ, q) {
    var parts = T("js_showing_results_for", "Showing results for {q}").split("{q}");
    var p = el("p", "mb-search-fixed", parts[0]);
    p.appendChild(el("strong", null, fixedQ));
    p.appendChild(document.createTextNode((parts[1] || "") + ". "));
    var p2 = new URLSearchParams(); p2.set("search", q); p2.set("exact", "1");
    var a = el("a", "mb-search-exact", T("js_search_instead", "Search instead for \u201c{q}\u201d", { q: q.trim() }));
    a.href = "?" + p2.toString();
    a.addEventListener("click", function (e) { e.preventDefault(); input.value = q; state.exact = true; run(); input.focus(); });
    p.appendChild(a);
    return p;
  }
  function run() {
    var q = input.value, seq = ++state.seq;
    if (!q.trim()) { close(); status.textContent = ""; return; }
    var fuzzy = !state.exact;
    loadMeta().then(function () { return evaluate(q, fuzzy); }).then(function (res) {
      if (seq !== state.seq) return;
      state.q = q; state.res = res; state.shown = PAGE;
      return render();
    }).catch(function () {
      if (seq !== state.seq) return;
      panel.textContent = ""; panel.appendChild(el("p", "mb-search-empty", T("js_index_failed", "The search index could not be loaded."))); open();
    });
  }
  function place() { // fixed panel under the input, inside the viewport (works at 360px)
    var r = input.getBoundingClientRect(), w = Math.min(640, window.innerWidth - 16);
    panel.style.top = Math.round(r.bottom + 4) + "px";
    panel.style.left = Math.round(Math.max(8, Math.min(r.left, window.innerWidth - w - 8))) + "px";
    panel.style.width = w + "px";
  }
  function open() { place(); panel.hidden = false; input.setAttribute("aria-expanded", "true"); }
  function close() { panel.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); state.active = -1; }
  function options() { return panel.querySelectorAll("[role=option]"); }
  function activate(i) {
    var opts = options(); if (!opts.length) return;
    i = (i + opts.length) % opts.length;
    opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === i ? "true" : "false"); });
    state.active = i; input.setAttribute("aria-activedescendant", opts[i].id); opts[i].scrollIntoView({ block: "nearest" });
  }
  function editable(t) { return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)); }

  function setup() {
    form = document.getElementById("mb-search-form"); input = document.getElementById("mb-search"); panel = document.getElementById("mb-search-results");
    // book.toml's `[output.html.search] limit-results`: results shown before "Show more".
    if (form) { PAGE = parseInt(form.getAttribute("data-limit"), 10) || PAGE; state.shown = PAGE; }
    if (!form || !input || !panel) return;
    status = el("div", "mb-visually-hidden"); status.setAttribute("role", "status"); status.setAttribute("aria-live", "polite"); form.appendChild(status);
    input.setAttribute("role", "combobox"); input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", "mb-search-list"); input.setAttribute("aria-expanded", "false");
    panel.classList.add("mb-search-panel");
    input.addEventListener("focus", function () { loadMeta().catch(function () {}); if (input.value.trim() && state.res) open(); }, { once: false });
    input.addEventListener("input", function () { state.exact = false; clearTimeout(timer); timer = setTimeout(run, 120); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); if (panel.hidden && state.res) open(); activate(state.active + (e.key === "ArrowDown" ? 1 : -1)); }
      else if (e.key === "Escape") { e.preventDefault(); if (!panel.hidden) close(); else { input.value = ""; input.blur(); } }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var opts = options(), o = opts[state.active >= 0 ? state.active : 0];
      if (!panel.hidden && o) window.location.href = o.href; else run();
    });
    panel.addEventListener("mousemove", function (e) { var li = e.target.closest && e.target.closest("[role=option]"); if (li) activate(Array.prototype.indexOf.call(options(), li)); });
    document.addEventListener("click", function (e) { if (!panel.hidden && !form.contains(e.target) && !panel.contains(e.target)) close(); });
    document.addEventListener("keydown", function (e) {
      if ((e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey && !editable(e.target)) { e.preventDefault(); input.focus(); }
    });
    window.addEventListener("resize", function () { if (!panel.hidden) place(); });
    window.addEventListener("scroll", function () { if (!panel.hidden) place(); }, { passive: true });
    var params = new URLSearchParams(window.location.search);
    var q = params.get("search");
    state.exact = params.get("exact") === "1";
    if (q) { input.value = q; input.focus({ preventScroll: true }); run(); }
    var hl = params.get("highlight");
    if (hl) highlightPage(hl.split(/\s+/).filter(Boolean).map(fold));
  }

  // Target page: wrap matches in #mb-main text nodes, scroll to the first
  // one at or after the #anchor (or the first one at all).
  function highlightPage(list) {
    var main = document.getElementById("mb-main"); if (!main || !list.length) return;
    var set = {}; list.forEach(function (w) { set[w] = 1; });
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, { acceptNode: function (n) {
      return n.parentNode.closest("script,style,mark,textarea,svg") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    } });
    var nodes = []; while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (n) {
      var text = n.nodeValue, hits = words(text).filter(function (x) { return set[fold(x.w)]; });
      if (!hits.length) return;
      var frag = document.createDocumentFragment(), last = 0;
      hits.forEach(function (x) {
        if (x.i > last) frag.appendChild(document.createTextNode(text.slice(last, x.i)));
        frag.appendChild(el("mark", "mb-highlight", x.w)); last = x.i + x.w.length;
      });
      if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
      n.parentNode.replaceChild(frag, n);
    });
    var marks = main.querySelectorAll("mark.mb-highlight"), target = null, anchor = null;
    try { anchor = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null; } catch (e) { anchor = null; }
    for (var i = 0; i < marks.length && !target; i++) if (!anchor || anchor.contains(marks[i]) || anchor.compareDocumentPosition(marks[i]) & Node.DOCUMENT_POSITION_FOLLOWING) target = marks[i];
    target = target || marks[0];
    if (target) target.scrollIntoView({ block: "center" });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
