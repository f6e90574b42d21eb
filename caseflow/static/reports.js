/* The report page's rollup state, refreshed while the rollup runs: progressive enhancement only,
   without JavaScript a refresh of the page shows the same state. */
(function () {
  "use strict";
  var box = document.querySelector(".rollup-state[data-status-url]");
  if (!box || box.getAttribute("data-finished") === "true") { return; }
  var label = box.querySelector(".rollup-label");
  var hint = box.querySelector(".hint");
  if (hint) { hint.hidden = true; }
  var tries = 0;
  function poll() {
    tries += 1;
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { return; }
        label.textContent = status.label;
        if (status.state === "SUCCESS") { window.location.reload(); return; }
        if (!status.finished && tries < 300) { window.setTimeout(poll, 2000); }
      })
      .catch(function () { if (hint) { hint.hidden = false; } });
  }
  window.setTimeout(poll, 1000);
}());
