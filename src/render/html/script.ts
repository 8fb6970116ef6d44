/*
 * The page's only script: the filters. Without it (script disabled, or a mail client that strips
 * it) the page shows everything and the filter form stays hidden. It reads `data-*` attributes
 * the renderer wrote and sets `hidden`: it never writes markup, so no value can become markup.
 *
 * Contract with the markup (any page may use it):
 * - `form#filters` (hidden in the markup): its fields with `data-filter="NAME"` filter the items;
 *   NAME `q` is a search in the item's text, any other name must equal the item's `data-NAME`.
 * - `[data-item]`: a thing filtered (a table row); `[data-group]`: hidden when none of its items is shown.
 * - `#shown`: where "N of M shown" is written.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) return;
  form.hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-item]'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('[data-group]'));
  var fields = Array.prototype.slice.call(form.querySelectorAll('[data-filter]'));
  var shown = document.getElementById('shown');
  var texts = items.map(function (el) { return el.textContent.toLowerCase(); });
  function apply() {
    var n = 0;
    items.forEach(function (el, i) {
      var ok = fields.every(function (f) {
        var want = f.value.trim().toLowerCase();
        if (want === '') return true;
        var name = f.getAttribute('data-filter');
        if (name === 'q') return texts[i].indexOf(want) >= 0;
        return (el.getAttribute('data-' + name) || '').toLowerCase() === want;
      });
      el.hidden = !ok;
      if (ok) n++;
    });
    groups.forEach(function (g) { g.hidden = g.querySelector('[data-item]:not([hidden])') === null; });
    if (shown) shown.textContent = n + ' of ' + items.length + ' listed shown';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  apply();
})();
`;
