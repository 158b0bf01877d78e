// Offline search of the site: the index is loaded by search-index.js (window.MES_SEARCH).
// Results are built with textContent, never as HTML.
(function () {
  "use strict";
  var index = window.MES_SEARCH || [];
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var folded = index.map(function (entry) { return fold(entry.names.join(" ")); });
  function show() {
    var query = fold(input.value.trim());
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (query.length < 2) { status.textContent = "Tapez au moins deux lettres."; return; }
    var found = 0;
    index.forEach(function (entry, i) {
      if (folded[i].indexOf(query) === -1) { return; }
      found += 1;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.names[0];
      item.appendChild(link);
      var kind = document.createElement("small");
      kind.textContent = " " + entry.kind;
      item.appendChild(kind);
      list.appendChild(item);
    });
    status.textContent = found + " résultat" + (found > 1 ? "s" : "");
  }
  input.addEventListener("input", show);
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    show();
  });
  if (window.location.hash.length > 1) {
    input.value = decodeURIComponent(window.location.hash.slice(1));
    show();
  }
}());
