/* A form's buttons are disabled once it is sent, so a double click sends it once. The server saves a
   create form once however often it comes (caseflow.items.submissions); this only spares the second
   request. Disabled after the submit event, so the clicked button's own value is still sent. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) { return; }
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });
  /* Shown again from the browser's back-forward cache, the page's buttons work again. */
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form button[type=submit][disabled]").forEach(function (button) {
      button.disabled = false;
    });
  });
}());
