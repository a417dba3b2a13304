// The photo library grid: "select every photo on this page", the selection
// counter and "select all N photos" across pages, as Django's actions.js does
// for the usual table (it only looks for check boxes inside table rows, so it
// leaves the grid alone). Without JavaScript the check boxes still work.
(function () {
  "use strict";

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }
  function show(selector) {
    each(selector, function (el) { el.classList.remove("hidden"); });
  }
  function hide(selector) {
    each(selector, function (el) { el.classList.add("hidden"); });
  }

  function start() {
    var grid = document.getElementById("image-grid");
    var toggle = document.getElementById("action-toggle");
    if (!grid || !toggle) {
      return;
    }
    var boxes = Array.prototype.slice.call(grid.querySelectorAll("input.action-select"));
    toggle.closest("label").classList.remove("hidden");

    function clearAcross() {
      hide("div.actions span.clear");
      hide("div.actions span.question");
      hide("div.actions span.all");
      show("span.action-counter");
      each("div.actions input.select-across", function (input) { input.value = 0; });
    }

    function update() {
      var selected = 0;
      boxes.forEach(function (box) {
        box.closest(".image-card").classList.toggle("selected", box.checked);
        selected += box.checked ? 1 : 0;
      });
      each("span.action-counter", function (counter) {
        var total = Number(counter.dataset.actionsIcnt);
        counter.textContent = window.interpolate && window.ngettext
          ? window.interpolate(
            window.ngettext("%(sel)s of %(cnt)s selected", "%(sel)s of %(cnt)s selected", selected),
            { sel: selected, cnt: total },
            true
          )
          : selected + " / " + total;
      });
      toggle.checked = boxes.length > 0 && selected === boxes.length;
      if (toggle.checked) {
        hide("div.actions span.clear");
        show("div.actions span.question");
        hide("div.actions span.all");
      } else {
        clearAcross();
      }
    }

    toggle.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = toggle.checked; });
      update();
    });
    grid.addEventListener("change", function (event) {
      if (event.target.classList.contains("action-select")) {
        update();
      }
    });
    each("div.actions span.question a", function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        each("div.actions input.select-across", function (input) { input.value = 1; });
        show("div.actions span.clear");
        hide("div.actions span.question");
        show("div.actions span.all");
        hide("span.action-counter");
      });
    });
    each("div.actions span.clear a", function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        boxes.forEach(function (box) { box.checked = false; });
        update();
      });
    });
    // The browser may restore ticked boxes when the user comes back to the page.
    window.addEventListener("pageshow", update);
    update();
  }

  if (document.readyState !== "loading") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
