/* Small, optional enhancements. Every page works without this file.
 * - text size A− / A+ on articles, remembered in localStorage;
 * - copy link and print buttons (hidden until this script shows them);
 * - the "most read" beacon: one POST per article and browser tab session.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var SIZE_KEY = "portal:text-size";
  var MIN = -1;
  var MAX = 3;

  function storedSize() {
    try {
      var value = parseInt(window.localStorage.getItem(SIZE_KEY), 10);
      return isNaN(value) ? 0 : Math.max(MIN, Math.min(MAX, value));
    } catch (e) {
      return 0;
    }
  }

  function applySize(value) {
    if (value) {
      root.setAttribute("data-text-size", String(value));
    } else {
      root.removeAttribute("data-text-size");
    }
  }

  applySize(storedSize());

  function setupTextSize() {
    var group = document.querySelector(".text-size");
    if (!group) return;
    group.hidden = false;
    group.addEventListener("click", function (event) {
      var button = event.target.closest("[data-text-size]");
      if (!button) return;
      var step = parseInt(button.getAttribute("data-text-size"), 10);
      var value = Math.max(MIN, Math.min(MAX, storedSize() + step));
      try {
        window.localStorage.setItem(SIZE_KEY, String(value));
      } catch (e) {
        /* private mode: the choice lasts for this page only */
      }
      applySize(value);
    });
  }

  function announce(message) {
    var status = document.querySelector(".copy-status");
    if (status) status.textContent = message;
  }

  function setupTools() {
    var copy = document.querySelector("[data-copy-link]");
    if (copy && navigator.clipboard) {
      copy.parentElement.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(copy.getAttribute("data-copy-link")).then(function () {
          announce(copy.getAttribute("data-copied"));
        });
      });
    }
    var print = document.querySelector("[data-print]");
    if (print && window.print) {
      print.parentElement.hidden = false;
      print.addEventListener("click", function () {
        window.print();
      });
    }
  }

  function setupBeacon() {
    var article = document.querySelector("[data-read-url]");
    if (!article) return;
    var url = article.getAttribute("data-read-url");
    var key = "portal:read:" + url;
    var sent = false;

    function send() {
      if (sent || document.visibilityState !== "visible") return;
      sent = true;
      try {
        if (window.sessionStorage.getItem(key)) return;
        window.sessionStorage.setItem(key, "1");
      } catch (e) {
        /* no sessionStorage: the server still ignores repeated reads */
      }
      if (navigator.sendBeacon) {
        navigator.sendBeacon(url);
      } else if (window.fetch) {
        window.fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
      }
    }

    send();
    document.addEventListener("visibilitychange", send);
  }

  function init() {
    setupTextSize();
    setupTools();
    setupBeacon();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
