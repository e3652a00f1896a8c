/* global workbox */
// The service worker of offline shift entry (README, "Offline entry"). The script that imports
// this one (rendered by patrols/offline.py) sets self.ANNINH_OFFLINE: the precache list with
// this deployment's URLs, and the paths routed below. A change of any file it names changes
// that script, and the phone installs the new worker on its next visit.
//
// It keeps on the phone: the entry page's assets (precached); the entry page, the list of
// waiting records and the entry form of each team (network first, the phone's copy after a
// few seconds without an answer); the entry page's data. It sends nothing itself: the pages
// send the queue (static/js/offline.js).
(function () {
  "use strict";

  var cfg = self.ANNINH_OFFLINE;
  var routing = workbox.routing;
  var strategies = workbox.strategies;
  var precaching = workbox.precaching;

  var PAGES = "anninh-pages";
  var PARTIALS = "anninh-partials";
  var DATA = "anninh-data";
  var STATIC = "anninh-static";
  var USER_CACHES = [PAGES, PARTIALS, DATA];
  var WAIT_SECONDS = 5; // a weak network's answer is awaited this long before the phone's copy

  function pageKey(url) {
    var u = new URL(url, self.location.origin);
    return u.origin + u.pathname;
  }

  function isEntry(url) {
    return url.origin === self.location.origin && url.pathname === cfg.entry;
  }

  // Only a page the server really gave (not a login page reached by a redirect).
  var served = {
    cacheWillUpdate: function (o) {
      var r = o.response;
      return Promise.resolve(r && r.status === 200 && !r.redirected && r.type === "basic" ? r : null);
    },
  };
  // A page is kept once, whatever its query (?model=, ?reopen=, ?unsent=).
  var byPath = {
    cacheKeyWillBeUsed: function (o) {
      return Promise.resolve(pageKey(o.request.url));
    },
  };

  self.addEventListener("install", function () {
    self.skipWaiting();
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches
        .delete(STATIC) // other static files of the previous version
        .then(function () {
          return self.clients.claim();
        })
        .then(refreshKept)
    );
  });

  // A login or a logout: the pages kept are another session's (perhaps another officer's).
  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "POST") return;
    var path = new URL(request.url).pathname;
    if (path === cfg.login || path === cfg.logout) {
      event.waitUntil(
        Promise.all(
          USER_CACHES.map(function (name) {
            return caches.delete(name);
          })
        )
      );
    }
  });

  precaching.cleanupOutdatedCaches();
  precaching.precacheAndRoute(cfg.precache);

  routing.registerRoute(function (o) {
    return o.request.mode === "navigate" && (isEntry(o.url) || o.url.pathname === cfg.queue);
  }, new strategies.NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: WAIT_SECONDS, plugins: [served, byPath] }));

  // Another team's entry form (htmx).
  routing.registerRoute(function (o) {
    return isEntry(o.url) && o.request.headers.get("HX-Request") === "true";
  }, new strategies.NetworkFirst({ cacheName: PARTIALS, networkTimeoutSeconds: WAIT_SECONDS, plugins: [served] }));

  // The entry page's data; ?check=1 is the queue asking whether the session is alive, which
  // only the server can answer.
  routing.registerRoute(function (o) {
    return o.url.pathname === cfg.data && !o.url.searchParams.has("check");
  }, new strategies.NetworkFirst({ cacheName: DATA, networkTimeoutSeconds: WAIT_SECONDS, plugins: [served, byPath] }));

  routing.registerRoute(function (o) {
    return o.url.origin === self.location.origin && o.url.pathname.indexOf(cfg.static) === 0;
  }, cfg.hashed
    ? new strategies.CacheFirst({ cacheName: STATIC, plugins: [served] })
    : new strategies.StaleWhileRevalidate({ cacheName: STATIC, plugins: [served] }));

  // The entry form's own save. If it cannot reach the server, the page has already put a copy
  // in the phone's queue: show the entry page again, which says the shift waits there.
  routing.registerRoute(
    function (o) {
      return o.request.mode === "navigate" && isEntry(o.url);
    },
    function (o) {
      var key = o.request
        .clone()
        .formData()
        .then(
          function (form) {
            return form.get("submission_key") || "";
          },
          function () {
            return "";
          }
        );
      return fetch(o.request).catch(function () {
        return key.then(function (k) {
          return Response.redirect(cfg.entry + "?unsent=" + encodeURIComponent(k), 303);
        });
      });
    },
    "POST"
  );

  // Any other page comes from the network; with no connection, the list of what waits on the
  // phone (or the entry page) instead of the browser's error.
  routing.registerRoute(function (o) {
    return o.request.mode === "navigate" && o.url.origin === self.location.origin;
  }, new strategies.NetworkOnly());

  routing.setCatchHandler(function (o) {
    if (o.request.mode !== "navigate") return Promise.resolve(Response.error());
    return caches.open(PAGES).then(function (cache) {
      return cache.match(pageKey(cfg.queue)).then(function (page) {
        return page || cache.match(pageKey(cfg.entry));
      }).then(function (page) {
        return page || Response.error();
      });
    });
  });

  // --- pages asked for by the pages (offline.js: warm) ---------------------------------------

  function keep(item, refresh) {
    var url = new URL(item.url, self.location.origin).href;
    var name = item.partial ? PARTIALS : new URL(url).pathname === cfg.data ? DATA : PAGES;
    var cacheKey = item.partial ? url : pageKey(url);
    return caches.open(name).then(function (cache) {
      return (refresh ? Promise.resolve(null) : cache.match(cacheKey)).then(function (hit) {
        if (hit) return null;
        var headers = item.partial ? { "HX-Request": "true" } : { Accept: "text/html,application/json" };
        return fetch(url, { credentials: "same-origin", headers: headers }).then(function (response) {
          return served.cacheWillUpdate({ response: response }).then(function (ok) {
            return ok ? cache.put(cacheKey, ok) : null;
          });
        });
      });
    });
  }

  function keepAll(items, refresh) {
    return Promise.all(
      items.map(function (item) {
        return keep(item, refresh).catch(function () {});
      })
    );
  }

  // A new version: the pages kept name the old assets; fetch them again while online.
  function refreshKept() {
    return Promise.all([PAGES, PARTIALS, DATA].map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.keys().then(function (requests) {
          return keepAll(requests.map(function (r) {
            return { url: r.url, partial: name === PARTIALS };
          }), true);
        });
      });
    }));
  }

  self.addEventListener("message", function (event) {
    var msg = event.data || {};
    if (msg.type !== "warm") return;
    var port = event.ports && event.ports[0];
    event.waitUntil(
      // A page that opened while this worker was being installed is not yet its own.
      self.clients
        .claim()
        .then(function () {
          return keepAll(msg.items || [], false);
        })
        .then(function () {
          if (port) port.postMessage({ type: "warmed" });
        })
    );
  });
})();
