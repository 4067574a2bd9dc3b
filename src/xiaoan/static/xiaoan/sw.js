// 消安's service worker, served from /sw.js so that its scope is the whole site.
//
// - /static/: cache first. The files are kept when the worker installs; the server
//   writes a digest of all static files into VERSION below, so a new release is a
//   new worker, which fetches them again and drops the old copies.
// - the inspection form, /places/<id>/inspect/: network first, and every form page
//   fetched is kept, so a form opened once opens again without a connection.
// - nothing else is touched: other pages, uploads and downloads go to the network.
//
// The inspections themselves wait in IndexedDB (offline-queue.js), not here.
"use strict";

var VERSION = "__XIAOAN_STATIC_VERSION__";
var STATIC_CACHE = "xiaoan-" + VERSION + "-static";
var PAGE_CACHE = "xiaoan-" + VERSION + "-pages";
var STATIC_PREFIX = "/static/";
var PRECACHE = [
  "vendor/bootstrap-5.3.9/bootstrap.min.css",
  "vendor/bootstrap-5.3.9/bootstrap.bundle.min.js",
  "vendor/htmx-2.0.11/htmx.min.js",
  "xiaoan/app.css",
  "xiaoan/offline-queue.js",
  "xiaoan/offline-inspection.js",
  "xiaoan/pwa.js",
  "xiaoan/manifest.webmanifest",
  "xiaoan/icons/icon-192.png",
  "xiaoan/icons/icon-512.png"
];
var FORM_PAGE = /^\/places\/\d+\/inspect\/$/;
var OFFLINE_PAGE =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"><title>没有网络 · 消安</title></head>' +
  '<body style="font-family: sans-serif; padding: 1.5rem; line-height: 1.6">' +
  "<h1 style=\"font-size: 1.25rem\">没有网络连接</h1>" +
  "<p>这张检查表还没有在本机打开过，离线时无法显示。联网后打开一次，以后没有网络也能填写；" +
  "离线填写的检查会保存在手机上，联网后自动上传。</p></body></html>";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then(function (cache) {
        // one missing file must not stop the worker from installing
        return Promise.all(
          PRECACHE.map(function (path) {
            return cache.add(STATIC_PREFIX + path).catch(function () {});
          })
        );
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("xiaoan-") === 0 && name !== STATIC_CACHE && name !== PAGE_CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function keepable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

function cacheFirst(request) {
  return caches.match(request, { cacheName: STATIC_CACHE }).then(function (cached) {
    if (cached) {
      return cached;
    }
    return fetch(request).then(function (response) {
      if (keepable(response)) {
        var copy = response.clone();
        caches.open(STATIC_CACHE).then(function (cache) {
          return cache.put(request, copy);
        });
      }
      return response;
    });
  });
}

function networkFirst(request) {
  return fetch(request)
    .then(function (response) {
      if (keepable(response)) {
        var copy = response.clone();
        caches.open(PAGE_CACHE).then(function (cache) {
          return cache.put(request.url, copy);
        });
      }
      return response;
    })
    .catch(function () {
      return caches.match(request.url, { cacheName: PAGE_CACHE, ignoreVary: true }).then(function (cached) {
        return (
          cached ||
          new Response(OFFLINE_PAGE, {
            status: 503,
            headers: { "Content-Type": "text/html; charset=utf-8" }
          })
        );
      });
    });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0 && !request.headers.has("range")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" && FORM_PAGE.test(url.pathname)) {
    event.respondWith(networkFirst(request));
  }
});
