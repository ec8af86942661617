/*
 * metbook feedback reports (section.mb-pfr, rendered by src/render/feedback.rs): as a
 * counsellor types a client's result, the comparison cell says at once where it falls
 * (below, within or above a reference range, or which band). Everything happens in the
 * page; saving and clearing are worksheet.js's, under the same privacy rules.
 */
(function () {
  'use strict';

  function place(input) {
    var value = parseFloat(String(input.value).replace(',', '.'));
    var data = input.getAttribute('data-place-with') || '';
    if (input.value.trim() === '' || isNaN(value)) { return ''; }
    if (input.getAttribute('data-place') === 'range') {
      var ends = data.split('|').map(Number);
      if (value < ends[0]) { return metbookUi('js_below_range', 'Below the range'); }
      if (value > ends[1]) { return metbookUi('js_above_range', 'Above the range'); }
      return metbookUi('js_within_range', 'Within the range');
    }
    var bands = data.split('\n');
    for (var i = 0; i < bands.length; i++) {
      var cut = bands[i].indexOf('|');
      var below = bands[i].slice(0, cut);
      if (below === '' || value < Number(below)) { return bands[i].slice(cut + 1); }
    }
    return '';
  }

  function update(input) {
    var out = document.getElementById(input.getAttribute('aria-describedby'));
    if (out) { out.textContent = place(input); }
  }

  Array.prototype.forEach.call(document.querySelectorAll('section.mb-pfr input[data-place]'), function (input) {
    input.addEventListener('input', function () { update(input); });
    input.addEventListener('change', function () { update(input); });
    update(input);
  });
}());
