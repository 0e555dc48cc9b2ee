// The membership application: when a whole organisation number is typed, ask the portal what
// Brønnøysund's register says, fill the fields that are still empty, and show any warnings.
// The form works the same without this script.
(function () {
  "use strict";
  const form = document.querySelector("form[data-lookup-url]");
  if (!form) return;
  const number = form.elements.namedItem("organisation_number");
  const status = document.getElementById("register-status");
  const fill = { name: "organisation_name", address: "address", postcode: "postcode", city: "city", county: "hub_county" };
  let timer = null;
  let asked = "";

  function show(messages, isWarning) {
    status.replaceChildren(...messages.map(function (text) {
      const line = document.createElement("p");
      line.className = "mb-1" + (isWarning ? " text-danger fw-semibold" : "");
      line.textContent = text;
      return line;
    }));
  }

  function apply(answer) {
    if (!answer.found) { show([], false); return; }
    Object.keys(fill).forEach(function (key) {
      const field = form.elements.namedItem(fill[key]);
      if (field && !field.value && answer[key]) field.value = answer[key];
    });
    show(answer.warnings.length ? answer.warnings : [status.dataset.found], answer.warnings.length > 0);
  }

  function lookUp() {
    const digits = number.value.replace(/\D/g, "");
    if (digits.length !== 9 || digits === asked) return;
    asked = digits;
    fetch(form.dataset.lookupUrl + "?number=" + digits, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { found: false }; })
      .then(apply)
      .catch(function () { show([], false); });
  }

  number.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 400);
  });
}());
