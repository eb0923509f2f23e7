// The class report's script (see mod.rs): sorts and filters the table, opens a student's
// details; it reads only the data- attributes the page itself wrote.
(function () {
  "use strict";
  var table = document.getElementById("scores-table");
  var tbody = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function value(row, col) { return row.cells[col].getAttribute("data-v") || ""; }
  function sortBy(col, dir) {
    var numeric = heads[col].getAttribute("data-type") === "num";
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = value(a, col), y = value(b, col), c;
      c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
      if (dir === "desc") c = -c;
      if (c === 0) c = value(a, 0).localeCompare(value(b, 0), undefined, { numeric: true, sensitivity: "base" });
      return c;
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
    heads.forEach(function (h, i) {
      h.setAttribute("aria-sort", i === col ? (dir === "asc" ? "ascending" : "descending") : "none");
    });
    table.setAttribute("data-sort-key", heads[col].getAttribute("data-key"));
    table.setAttribute("data-sort-dir", dir);
  }
  function column(key) {
    for (var i = 0; i < heads.length; i++) if (heads[i].getAttribute("data-key") === key) return i;
    return -1;
  }
  heads.forEach(function (h, i) {
    h.querySelector("button").addEventListener("click", function () {
      var same = table.getAttribute("data-sort-key") === h.getAttribute("data-key");
      var dir = same ? (table.getAttribute("data-sort-dir") === "asc" ? "desc" : "asc")
                     : (h.getAttribute("data-type") === "num" ? "desc" : "asc");
      sortBy(i, dir);
    });
  });
  // The first sort: `#sort=KEY:asc|desc` in the address, else best total first.
  var wanted = /(?:^#|&)sort=([^:&]+):(asc|desc)/.exec(location.hash);
  var col = wanted ? column(decodeURIComponent(wanted[1])) : -1;
  if (col >= 0) sortBy(col, wanted[2]); else sortBy(column("total"), "desc");
  var shown = document.getElementById("shown");
  var filter = document.getElementById("filter");
  function applyFilter() {
    var text = filter.value.trim().toLowerCase(), count = 0;
    Array.prototype.forEach.call(tbody.rows, function (row) {
      var hit = !text || value(row, 0).toLowerCase().indexOf(text) >= 0;
      row.hidden = !hit;
      if (hit) count++;
    });
    shown.textContent = count + " of " + tbody.rows.length + " students";
  }
  filter.addEventListener("input", applyFilter);
  applyFilter();
  tbody.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-open]");
    if (!link) return;
    var details = document.getElementById(link.getAttribute("data-open"));
    if (details) details.open = true;
  });
  function openAll(open) {
    Array.prototype.forEach.call(document.querySelectorAll("details.student"), function (d) { d.open = open; });
  }
  document.getElementById("open-all").addEventListener("click", function () { openAll(true); });
  document.getElementById("close-all").addEventListener("click", function () { openAll(false); });
  if (location.hash && /^#s\d+$/.test(location.hash)) {
    var target = document.getElementById(location.hash.slice(1));
    if (target) target.open = true;
  }
  document.documentElement.setAttribute("data-ready", "1");
})();
