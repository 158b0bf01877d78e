// The SPARQL editor of mes-graph serve: YASGUI on this server's endpoint, offline.
// No autocompletion (it would ask prefix.cc and LOV), no saved tabs, one endpoint.
(function () {
  "use strict";
  const catalogue = JSON.parse(document.getElementById("catalogue").textContent);
  const byName = new Map(catalogue.map((q) => [q.name, q]));
  const endpoint = new URL("query", window.location.href).href;
  Yasgui.Yasqe.defaults.autocompleters = [];
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    copyEndpointOnNewTab: false,
    populateFromUrl: false,
    persistenceId: null,
  });
  window.mesEditor = yasgui;
  document.querySelectorAll("button[data-query]").forEach((button) => {
    button.addEventListener("click", () => {
      const query = byName.get(button.dataset.query);
      const yasqe = yasgui.getTab().getYasqe();
      yasqe.setValue(query.text);
      yasqe.query();
    });
  });
})();
