// The co-inspector list on a phone: typing in the search box keeps only the
// people whose name, unit or area contain every word typed. Ticked people stay
// in view, so a search never hides a choice already made.
(function () {
  "use strict";

  function words(text) {
    return text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  }

  function setUp(box) {
    var input = box.querySelector("[data-xa-filter-input]");
    var none = box.querySelector("[data-xa-filter-none]");
    var items = Array.prototype.slice.call(box.querySelectorAll("[data-xa-filter-item]"));
    if (!input || !items.length) {
      return;
    }
    function filter() {
      var wanted = words(input.value);
      var shown = 0;
      items.forEach(function (item) {
        var text = item.textContent.toLowerCase();
        var tick = item.querySelector("input");
        var match = (tick && tick.checked) || wanted.every(function (w) {
          return text.indexOf(w) !== -1;
        });
        item.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      if (none) {
        none.hidden = shown !== 0;
      }
    }
    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // a search, not the inspection's submission
      }
    });
    filter();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-xa-filter]"), setUp);
})();
