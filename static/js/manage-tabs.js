// A hub's tabs on Min side scroll sideways on a phone: bring the active tab into view, so that a
// page far along the row (Hosting) does not open with its own tab hidden off the edge.
(function () {
  "use strict";
  const row = document.querySelector(".manage-tabs");
  const active = row && row.querySelector(".nav-link.active");
  if (!active || row.scrollWidth <= row.clientWidth) return;
  row.scrollLeft = active.offsetLeft - (row.clientWidth - active.offsetWidth) / 2;
})();
