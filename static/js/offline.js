// Offline shift entry, on every page (README, "Offline entry"):
// - the queue of shifts kept on this phone (IndexedDB through idb-keyval), sent to the shift
//   API by the page itself — on load, on the browser's `online` event, when the page is shown
//   again and on a timer while records wait — never by Background Sync alone;
// - the badge in the navigation bar and the list of the records with their state, drawn by
//   static/js/offline-list.js; the record as the API wants it, static/js/offline-record.js;
// - the service worker's registration, and asking it to keep the entry page on the phone.
// Its settings are the data attributes of its <script> tag (templates/offline/_scripts.html);
// its words are in <template id="offline-text">, translated by Django.
(function () {
  "use strict";

  var script = document.currentScript;
  var R = window.AnNinhOfflineRecord;
  if (!script || !R || !window.AnNinhOfflineList || !window.idbKeyval || !window.indexedDB || !window.Promise) return;
  var cfg = script.dataset;
  var idb = window.idbKeyval;
  var queueStore = idb.createStore("anninh-shift-queue", "records");
  var draftStore = idb.createStore("anninh-shift-drafts", "drafts");
  var user = cfg.user ? Number(cfg.user) : null;

  // A record a page is posting itself (the entry form's own submit) is left to that page for
  // this long before the queue sends it through the API.
  var SENDING_GRACE_MS = 2 * 60 * 1000;
  var SEND_TIMEOUT_MS = 30 * 1000;
  var RETRY_FIRST_MS = 15 * 1000;
  // Just after the browser says it is back online the network is often not usable yet (the
  // service worker's requests may still fail, a phone's radio is still attaching): the first
  // retries come sooner.
  var RETRY_ONLINE_MS = 2 * 1000;
  var RETRY_MAX_MS = 5 * 60 * 1000;

  var channel = "BroadcastChannel" in window ? new BroadcastChannel("anninh-offline") : null;
  var pending = []; // promises other scripts of the page want settled before the first send

  // --- words -------------------------------------------------------------------------

  function text(key, values) {
    var tpl = document.getElementById("offline-text");
    var node = tpl && tpl.content.querySelector('[data-key="' + key + '"]');
    var s = node ? node.textContent.trim() : key;
    if (values) {
      s = s.replace(/\{(\w+)\}/g, function (_, name) {
        return values[name] === undefined ? "" : String(values[name]);
      });
    }
    return s;
  }

  // --- storage -------------------------------------------------------------------------

  function now() {
    return new Date().toISOString();
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) {
      return (x + 0x100).toString(16).slice(1);
    }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function changed() {
    if (channel) channel.postMessage("changed");
    render();
  }

  // Read, change and write one record in one transaction, so two tabs cannot both claim it.
  // ``change`` returns the record to keep, or null to delete it.
  function transact(store, key, change) {
    return store("readwrite", function (os) {
      return new Promise(function (resolve, reject) {
        var result;
        var req = os.get(key);
        req.onsuccess = function () {
          result = change(req.result);
          if (result === null) os.delete(key);
          else if (result !== undefined) os.put(result, key);
        };
        os.transaction.oncomplete = function () {
          resolve(result);
        };
        os.transaction.onerror = os.transaction.onabort = function () {
          reject(os.transaction.error);
        };
      });
    });
  }

  var queue = {
    all: function () {
      return idb.values(queueStore);
    },
    get: function (key) {
      return idb.get(key, queueStore);
    },
    put: function (record) {
      record.updated = now();
      return idb.set(record.key, record, queueStore).then(changed);
    },
    del: function (key) {
      return idb.del(key, queueStore).then(changed);
    },
    // ``change(record)`` edits the record and returns it, or returns null to delete it,
    // or undefined to leave it; nothing happens to a missing record.
    update: function (key, change) {
      return transact(queueStore, key, function (record) {
        if (!record) return undefined;
        var result = change(record);
        if (result) result.updated = now();
        return result;
      }).then(function (result) {
        if (result !== undefined) changed();
        return result;
      });
    },
  };

  var drafts = {
    all: function () {
      return idb.values(draftStore);
    },
    get: function (key) {
      return idb.get(key, draftStore);
    },
    put: function (draft) {
      draft.updated = now();
      return idb.set(draft.key, draft, draftStore);
    },
    del: function (key) {
      return idb.del(key, draftStore);
    },
  };

  // --- sending ---------------------------------------------------------------------------

  var sendingNow = false;
  var sendAgain = false; // a flush asked for while one was running runs when it ends
  var retryTimer = null;
  var retryDelay = RETRY_FIRST_MS;

  function mine(record) {
    return user !== null && record.user === user;
  }

  function due(record) {
    if (!record || !mine(record)) return false;
    if (record.state === "waiting" || record.state === "login") return true;
    if (record.state === "sending") {
      return Date.now() - Date.parse(record.updated) > SENDING_GRACE_MS;
    }
    return false;
  }

  function later() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  }

  function timed(url, options) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && setTimeout(function () {
      controller.abort();
    }, SEND_TIMEOUT_MS);
    if (controller) options.signal = controller.signal;
    return fetch(url, options).finally(function () {
      clearTimeout(timer);
    });
  }

  // Is the session alive, and whose is it? The entry data endpoint answers 401/403 without
  // one; it is asked past the service worker's copy (?check=1).
  function checkSession() {
    return timed(cfg.data + "?check=1", {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    }).then(
      function (response) {
        if (response.status === 401 || response.status === 403) return { status: "login" };
        if (!response.ok) return { status: "later" };
        return response.json().then(function (body) {
          if (body.user !== user) return { status: "other" };
          return { status: "ok", csrf: body.csrf_token };
        });
      },
      function () {
        return { status: "later" };
      }
    );
  }

  function post(record, csrf) {
    return timed(cfg.api, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrf,
      },
      body: JSON.stringify(R.toPayload(record)),
    });
  }

  function setState(key, state, extra) {
    return queue.update(key, function (record) {
      record.state = state;
      Object.assign(record, extra || {});
      return record;
    });
  }

  // The server judged the record and would not take it: kept with its messages, by field.
  function refuse(key, record, response) {
    return response
      .json()
      .catch(function () {
        return null;
      })
      .then(function (body) {
        return setState(key, "refused", Object.assign({ retry: false }, R.mapErrors(body, record, text)));
      })
      .then(function () {
        return "refused";
      });
  }

  // One record: "sent", "refused", "login", or "later" (no connection, or the server could
  // not judge it: it is sent again; its submission key makes that harmless).
  function sendOne(key, csrf, secondTry) {
    var claimed = false;
    return queue
      .update(key, function (record) {
        if (!due(record) && !secondTry) return undefined;
        claimed = true;
        record.state = "sending";
        record.attempts = (record.attempts || 0) + 1;
        return record;
      })
      .then(function (record) {
        if (!claimed) return "skipped";
        return post(record, csrf).then(
          function (response) {
            if (response.status === 200 || response.status === 201) {
              return response.json().then(function (shift) {
                return setState(key, "sent", {
                  shift: shift.id,
                  sent: now(),
                  errors: null,
                  rowErrors: null,
                  messages: null,
                  retry: false,
                }).then(function () {
                  return "sent";
                });
              });
            }
            if (response.status === 400) {
              return refuse(key, record, response);
            }
            if ((response.status === 401 || response.status === 403) && !secondTry) {
              // The session was alive a moment ago: a new login may have changed the token.
              return checkSession().then(function (session) {
                if (session.status === "ok") return sendOne(key, session.csrf, true);
                return setState(key, session.status === "login" ? "login" : "waiting").then(function () {
                  return session.status === "login" ? "login" : "later";
                });
              });
            }
            if (response.status === 401 || response.status === 403 || response.status === 404) {
              return refuse(key, record, response);
            }
            return setState(key, "waiting", { retry: true }).then(function () {
              return "later";
            });
          },
          function () {
            return setState(key, "waiting", { retry: true }).then(function () {
              return "later";
            });
          }
        );
      });
  }

  function sendAll() {
    return queue.all().then(function (records) {
      var waiting = records.filter(due).sort(function (a, b) {
        return a.created < b.created ? -1 : 1;
      });
      if (!waiting.length) return;
      if (navigator.onLine === false) return later();
      return checkSession().then(function (session) {
        if (session.status === "later") return later();
        if (session.status === "other") return; // another account's session: these wait for theirs
        if (session.status === "login") {
          return Promise.all(
            waiting.map(function (r) {
              return setState(r.key, "login");
            })
          );
        }
        var chain = Promise.resolve("sent");
        waiting.forEach(function (r) {
          chain = chain.then(function (previous) {
            if (previous === "later" || previous === "login") return previous;
            return sendOne(r.key, session.csrf);
          });
        });
        return chain.then(function (last) {
          if (last === "later") return later();
          retryDelay = RETRY_FIRST_MS;
        });
      });
    });
  }

  // Send what waits, one tab at a time (Web Locks where the browser has them; without, two
  // tabs may both send a record, and its submission key makes the second send find the first).
  function flush() {
    if (user === null) return Promise.resolve();
    if (sendingNow) {
      sendAgain = true;
      return Promise.resolve();
    }
    clearTimeout(retryTimer);
    sendingNow = true;
    var run = function (lock) {
      return lock === null ? null : sendAll();
    };
    var done = navigator.locks
      ? navigator.locks.request("anninh-shift-queue-send", { ifAvailable: true }, run)
      : run(true);
    return Promise.resolve(done)
      .catch(function () {
        later();
      })
      .finally(function () {
        sendingNow = false;
        if (sendAgain) {
          sendAgain = false;
          flush();
        }
      });
  }

  // --- the badge and the list (static/js/offline-list.js) ---------------------------------

  var draw = window.AnNinhOfflineList({
    cfg: cfg,
    user: user,
    text: text,
    mine: mine,
    flush: flush,
    discard: function (key) {
      return queue.del(key);
    },
    forget: function (key) {
      return idb.del(key, queueStore);
    },
  });
  var renderQueued = false;

  function render() {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(function () {
      renderQueued = false;
      queue.all().then(draw, function () {});
    }, 0);
  }

  // --- the service worker ------------------------------------------------------------------

  function markReady() {
    document.documentElement.setAttribute("data-offline-ready", "1");
  }

  // Ask the worker to keep these pages on the phone (those it has not yet); resolves when done.
  function warm(items) {
    if (!("serviceWorker" in navigator)) return Promise.resolve();
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var port = new MessageChannel();
        var timer = setTimeout(resolve, 20000);
        port.port1.onmessage = function () {
          clearTimeout(timer);
          resolve();
        };
        registration.active.postMessage({ type: "warm", items: items }, [port.port2]);
      });
    });
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator) || !cfg.worker) return;
    navigator.serviceWorker
      .register(cfg.worker, { scope: "/", updateViaCache: "none" })
      .then(function () {
        if (user === null || !cfg.canEnter) return null;
        return warm([{ url: cfg.entry }, { url: cfg.queue }, { url: cfg.data }]);
      })
      .then(function () {
        if (navigator.serviceWorker.controller) return markReady();
        navigator.serviceWorker.addEventListener("controllerchange", markReady);
      })
      .catch(function () {});
  }

  // --- start ---------------------------------------------------------------------------------

  // The saved shift's page names its submission key: the entry form's own save went through.
  function settleSaved() {
    var saved = document.querySelector("[data-offline-saved]");
    var key = saved && saved.getAttribute("data-offline-saved");
    if (!key) return Promise.resolve();
    return Promise.all([
      queue.update(key, function (record) {
        return record.state === "sending" && record.via === "form" ? null : undefined;
      }),
      drafts.del(key),
    ]);
  }

  window.AnNinhOffline = {
    cfg: cfg,
    user: user,
    username: cfg.username || "",
    text: text,
    newKey: newKey,
    queue: queue,
    drafts: drafts,
    collect: R.collect,
    one: R.one,
    isoDay: R.isoDay,
    toPayload: R.toPayload,
    mapErrors: function (body, record) {
      return R.mapErrors(body, record, text);
    },
    flush: flush,
    render: render,
    warm: warm,
    // Work another script of the page must finish before the first send (the entry page
    // settling a submit the server has just answered).
    before: function (promise) {
      pending.push(promise);
    },
  };

  if (channel) channel.onmessage = render;
  window.addEventListener("online", function () {
    retryDelay = RETRY_ONLINE_MS;
    render();
    flush();
  });
  window.addEventListener("offline", render);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      render();
      flush();
    }
  });

  function start() {
    registerWorker();
    render();
    // After the other scripts' own DOMContentLoaded work has begun.
    setTimeout(function () {
      Promise.all(pending.concat([settleSaved()]))
        .catch(function () {})
        .then(flush);
    }, 0);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
