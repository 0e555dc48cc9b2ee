// The admin's autocomplete fields (Django's select2 widget) named by their field's label: select2
// names its combobox only by the chosen item, so an empty one has no name (axe:
// aria-input-field-name). Every combobox select2 builds, when the page loads or a row is added to
// an inline, is named by the <label for> of the <select> it stands for, or, in a table's row, by
// the select's aria-label (its column's name); the chosen item stays part of the name. Loaded on
// every admin page by templates/admin/base_site.html.
(function () {
  "use strict";

  // The <select> a select2 container stands for: select2 puts its container right after it.
  function selectOf(container) {
    const select = container && container.previousElementSibling;
    return select && select.tagName === "SELECT" ? select : null;
  }

  // The id of an element that names `select`, or null: its <label>, given an id if it has none.
  function labelIdOf(select) {
    if (!select.id) return null;
    const label = document.querySelector("label[for='" + CSS.escape(select.id) + "']");
    if (!label) return null;
    if (!label.id) label.id = select.id + "-label";
    return label.id;
  }

  function name(selection) {
    if (selection.dataset.portalNamed) return;
    const select = selectOf(selection.closest(".select2-container"));
    if (!select) return;
    let labelId = labelIdOf(select);
    if (!labelId) {
      const label = select.getAttribute("aria-label");
      if (!label) return;
      // Named by itself (its aria-label) and the chosen item, in that order.
      selection.id = selection.id || "select2-" + select.id + "-selection";
      selection.setAttribute("aria-label", label);
      labelId = selection.id;
    }
    // select2 makes the chosen item a read-only textbox of its own: named the same.
    const rendered = selection.querySelector(".select2-selection__rendered[id]");
    const ids = rendered ? [labelId, rendered.id] : [labelId];
    selection.setAttribute("aria-labelledby", ids.join(" "));
    if (rendered) rendered.setAttribute("aria-labelledby", labelId);
    // A multiple choice types into a search box inside the combobox: named the same.
    const search = selection.querySelector(".select2-search__field");
    if (search) search.setAttribute("aria-labelledby", labelId);
    selection.dataset.portalNamed = "1";
  }

  function nameAll(root) {
    if (root.matches && root.matches(".select2-selection[role=combobox]")) name(root);
    if (root.querySelectorAll) {
      root.querySelectorAll(".select2-selection[role=combobox]").forEach(name);
    }
  }

  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(nameAll);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  document.addEventListener("DOMContentLoaded", function () {
    nameAll(document);
  });
})();
