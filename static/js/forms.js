// Forms: after a failed submit the error summary takes the focus, so that a screen reader reads it
// and a keyboard user starts from it; each of its links moves the focus to its field (a plain
// fragment link would only scroll). Every page works the same without this script.
(function () {
  "use strict";
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  // A fragment in the address (#apply) is scrolled to after the scripts ran: focus again then.
  window.addEventListener("load", function () {
    if (document.activeElement === document.body) summary.focus();
  });
  summary.addEventListener("click", function (event) {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    const label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
