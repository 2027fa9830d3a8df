// netdiag tables: a click on a heading sorts the rows by that column (numbers as numbers, using a
// cell's data-sort when it has one), again to reverse. Nothing else: the table is plain HTML.
(function () {
  "use strict";
  function key(cell) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    var n = Number(raw.replace(/[,\s%]/g, ""));
    return raw !== "" && raw !== "–" && !isNaN(n) ? { n: n } : { s: raw };
  }
  function compare(a, b) {
    if (a.n !== undefined && b.n !== undefined) { return a.n - b.n; }
    if (a.n !== undefined) { return -1; }
    if (b.n !== undefined) { return 1; }
    return a.s.localeCompare(b.s, undefined, { numeric: true });
  }
  function sortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, column) {
      th.setAttribute("tabindex", "0");
      function sort() {
        var body = table.tBodies[0];
        var descending = th.getAttribute("aria-sort") === "ascending";
        var rows = Array.prototype.slice.call(body.rows).map(function (row) { return { row: row, key: key(row.cells[column]) }; });
        rows.sort(function (a, b) { var c = compare(a.key, b.key); return descending ? -c : c; });
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var fragment = document.createDocumentFragment();
        rows.forEach(function (r) { fragment.appendChild(r.row); });
        body.appendChild(fragment);
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (evt) { if (evt.key === "Enter") { sort(); } });
    });
  }
  function ready() { document.querySelectorAll("table.sortable").forEach(sortable); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
