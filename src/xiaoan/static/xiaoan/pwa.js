// 消安 as an installable web app: registers the service worker (served from the
// site root, /sw.js, so that it may look after every page), and forgets the pages
// it kept when someone signs out on this phone.
(function () {
  "use strict";

  // every page prints as its own print view (the menu and buttons are hidden by app.css)
  document.querySelectorAll("[data-xa-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  if (!("serviceWorker" in navigator)) {
    return;
  }

  function register() {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      // no service worker (plain http, or blocked): the site works, just not offline
    });
  }

  if (document.readyState === "complete") {
    register();
  } else {
    window.addEventListener("load", register);
  }

  document.addEventListener("submit", function (event) {
    if (event.target.querySelector && event.target.querySelector("#xa-logout") && window.caches) {
      window.caches.keys().then(function (names) {
        names.forEach(function (name) {
          if (/^xiaoan-.*-pages$/.test(name)) {
            window.caches.delete(name);
          }
        });
      }).catch(function () {
        // nothing kept
      });
    }
  });
})();
