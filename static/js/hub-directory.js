// The directory: pointing at (or tabbing to) a card marks its hub on the map, and pointing at a
// marker marks its card. The map and the list agree without it; this only helps the eye.
(() => {
  "use strict";
  const directory = document.querySelector(".hub-directory");
  if (!directory) return;
  const markersFor = (url) =>
    directory.querySelectorAll(
      `.hub-map__marker[href="${CSS.escape(url)}"], .hub-map__inset-marker[href="${CSS.escape(url)}"]`,
    );
  const cardFor = (url) => {
    const link = directory.querySelector(`.hub-card .card-title a[href="${CSS.escape(url)}"]`);
    return link ? link.closest(".hub-card") : null;
  };
  const mark = (url, on) => {
    markersFor(url).forEach((marker) => marker.classList.toggle("is-current", on));
    const card = cardFor(url);
    if (card) card.classList.toggle("is-current", on);
  };
  const urlOf = (event, selector) => {
    const found = event.target.closest(selector);
    if (!found) return null;
    const link = found.matches("a") ? found : found.querySelector(".card-title a");
    return link ? link.getAttribute("href") : null;
  };
  const targets = ".hub-card, .hub-map__marker, .hub-map__inset-marker";
  for (const [start, end] of [["mouseover", "mouseout"], ["focusin", "focusout"]]) {
    directory.addEventListener(start, (event) => {
      const url = urlOf(event, targets);
      if (url) mark(url, true);
    });
    directory.addEventListener(end, (event) => {
      const url = urlOf(event, targets);
      if (url) mark(url, false);
    });
  }
})();
