/* regionpress: sort a table by any column. Progressive: the table is already
   sorted on the server; this only adds buttons to headings marked data-sort. */
(function () {
  "use strict";
  var d = document;
  function value(row, i, type) {
    var cell = row.cells[i];
    if (!cell) return type === "number" ? -Infinity : "";
    var v = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
    if (type === "number") {
      var n = parseFloat(v);
      return isNaN(n) ? -Infinity : n;
    }
    return v.trim();
  }
  function setup(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    var body = table.tBodies[0];
    if (!body) return;
    var collator = typeof Intl !== "undefined" ? new Intl.Collator(d.documentElement.lang || undefined) : null;
    Array.prototype.forEach.call(heads, function (th, i) {
      var type = th.getAttribute("data-sort");
      if (!type) return;
      var button = d.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") === "descending" ||
          (!th.hasAttribute("aria-sort") && type === "text");
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (r, k) { r.setAttribute("data-order", k); });
        rows.sort(function (a, b) {
          var x = value(a, i, type), y = value(b, i, type), c;
          if (type === "number") c = x - y;
          else c = collator ? collator.compare(x, y) : (x < y ? -1 : x > y ? 1 : 0);
          if (!ascending) c = -c;
          return c || (+a.getAttribute("data-order")) - (+b.getAttribute("data-order"));
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  function ready(fn) {
    if (d.readyState !== "loading") fn(); else d.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    Array.prototype.forEach.call(d.querySelectorAll("table[data-sortable]"), setup);
  });
})();
