/* "Choose every item on this page": a checkbox that ticks or clears the page's item checkboxes of its
   form (data-select-all names their input name). Without scripts the box is hidden and each item is
   ticked by hand; "all items the filter matches" works without scripts. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (box) {
    var name = box.getAttribute("data-select-all");
    var items = box.form.querySelectorAll("input[type=checkbox][name='" + name + "']");
    box.closest(".select-all").hidden = false;
    box.addEventListener("change", function () {
      items.forEach(function (item) { item.checked = box.checked; });
    });
  });
}());
