// Offline shift entry, on every page (README, "Offline entry"):
// - the queue of shifts kept on this phone (IndexedDB through idb-keyval), sent to the shift
//   API by the page itself — on load, on the browser's `online` event, when the page is shown
//   again and on a timer while records wait — never by Background Sync alone;
// - the badge in the navigation bar and the list of the records with their state;
// - the service worker's registration, and asking it to keep the entry page on the phone.
// Its settings are the data attributes of its <script> tag (templates/offline/_scripts.html);
// its words are in <template id="offline-text">, translated by Django.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.idbKeyval || !window.indexedDB || !window.Promise) return;
  var cfg = script.dataset;
  var idb = window.idbKeyval;
  var queueStore = idb.createStore("anninh-shift-queue", "records");
  var draftStore = idb.createStore("anninh-shift-drafts", "drafts");
  var user = cfg.user ? Number(cfg.user) : null;

  // A record a page is posting itself (the entry form's own submit) is left to that page for
  // this long before the queue sends it through the API.
  var SENDING_GRACE_MS = 2 * 60 * 1000;
  var SENT_KEPT_MS = 24 * 3600 * 1000; // a sent record stays listed (with its link) a day
  var SEND_TIMEOUT_MS = 30 * 1000;
  var RETRY_FIRST_MS = 15 * 1000;
  // Just after the browser says it is back online the network is often not usable yet (the
  // service worker's requests may still fail, a phone's radio is still attaching): the first
  // retries come sooner.
  var RETRY_ONLINE_MS = 2 * 1000;
  var RETRY_MAX_MS = 5 * 60 * 1000;
  // The form's fields that may say "the shift ends the next day" besides an end before the start.
  var NEXT_DAY_FIELDS = ["ends_next_day", "next_day", "overnight"];

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

  // --- the record as the API wants it --------------------------------------------------

  function collect(entries) {
    var m = {};
    entries.forEach(function (pair) {
      (m[pair[0]] = m[pair[0]] || []).push(pair[1]);
    });
    return m;
  }

  function one(m, name) {
    return m[name] && m[name].length ? String(m[name][0]).trim() : "";
  }

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  // "2026-05-12", "12/05/2026" or "12.5.2026" → "2026-05-12"
  function isoDay(s) {
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
    if (m) return m[1] + "-" + pad(m[2]) + "-" + pad(m[3]);
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    if (m) return m[3] + "-" + pad(m[2]) + "-" + pad(m[1]);
    return null;
  }

  // "20:00", "7:05", "20h00", "20:00:30" → "20:00:00"
  function clock(s) {
    var m = /^(\d{1,2})[:hH.](\d{2})(?::(\d{2}))?$/.exec(s);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
    return pad(m[1]) + ":" + m[2] + ":" + (m[3] || "00");
  }

  function nextDay(day) {
    var d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  function truthy(v) {
    return ["on", "true", "1", "yes"].indexOf(String(v).toLowerCase()) >= 0;
  }

  // The entry form's fields → the body of POST /api/shifts/. Times are sent as typed, in the
  // portal's local time without an offset: the server reads them in its own time zone, so
  // the time entered is the time recorded, whenever and from wherever it is sent.
  function toPayload(record) {
    var m = collect(record.entries);
    var day = isoDay(one(m, "day"));
    var start = clock(one(m, "start"));
    var end = clock(one(m, "end"));
    var payload = {
      submission_key: record.key,
      model: one(m, "model") || null,
      participants: m.participants || [],
      villages: m.villages || [],
      leader: one(m, "leader") || null,
      route: one(m, "route"),
      notes: one(m, "notes"),
      incidents: [],
    };
    ["guests_police", "guests_militia", "guests_other"].forEach(function (name) {
      if (one(m, name) !== "") payload[name] = one(m, name);
    });
    if (day && start) payload.starts_at = day + "T" + start;
    if (day && start && end) {
      var overnight = end <= start || NEXT_DAY_FIELDS.some(function (f) {
        return truthy(one(m, f));
      });
      payload.ends_at = (overnight ? nextDay(day) : day) + "T" + end;
    }
    (record.rows || []).forEach(function (i) {
      var prefix = "incidents-" + i + "-";
      var row = {};
      record.entries.forEach(function (pair) {
        if (pair[0].indexOf(prefix) !== 0) return;
        var field = pair[0].slice(prefix.length);
        if (["at", "DELETE", "id"].indexOf(field) >= 0 || String(pair[1]).trim() === "") return;
        row[field] = pair[1];
      });
      var at = clock(one(m, prefix + "at"));
      // As on the page: an incident earlier than the start is the next morning.
      if (day && at) row.occurred_at = (start && at < start ? nextDay(day) : day) + "T" + at;
      payload.incidents.push(row);
    });
    return payload;
  }

  // The API's field errors → the form's fields. ``errors`` by field name ("__all__" for the
  // record as a whole), ``rowErrors`` by incident row and field, ``messages`` all of them in
  // words for the list, each after its field's label.
  var FIELD_OF = {
    starts_at: "day",
    ends_at: "end",
    non_field_errors: "__all__",
    detail: "__all__",
    submission_key: "__all__",
  };

  function mapErrors(body, record) {
    var labels = record.labels || {};
    var out = { errors: {}, rowErrors: {}, messages: [] };
    function say(label, message) {
      out.messages.push(label ? label + ": " + message : message);
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      body = { __all__: [Array.isArray(body) ? body.join(" ") : text("refused-unknown")] };
    }
    Object.keys(body).forEach(function (name) {
      var value = body[name];
      var list = Array.isArray(value) ? value : [value];
      var rowwise = name === "incidents" && list.some(function (x) {
        return x && typeof x === "object";
      });
      if (rowwise) {
        list.forEach(function (rowError, j) {
          if (!rowError || typeof rowError !== "object") return;
          var i = (record.rows || [])[j];
          var prefix = text("incident", { n: j + 1 });
          Object.keys(rowError).forEach(function (f) {
            var field = f === "occurred_at" ? "at" : f;
            var messages = [].concat(rowError[f]).map(String);
            var row = (out.rowErrors[i] = out.rowErrors[i] || {});
            row[field] = (row[field] || []).concat(messages);
            var label = labels["incidents-" + i + "-" + field];
            messages.forEach(function (msg) {
              say(prefix + (label ? ", " + label : ""), msg);
            });
          });
        });
        return;
      }
      var field = FIELD_OF[name] || name;
      var messages = list.map(function (x) {
        return typeof x === "object" ? JSON.stringify(x) : String(x);
      });
      out.errors[field] = (out.errors[field] || []).concat(messages);
      messages.forEach(function (msg) {
        say(field === "__all__" || field === "incidents" ? "" : labels[field] || field, msg);
      });
    });
    return out;
  }

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
      body: JSON.stringify(toPayload(record)),
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
        return setState(key, "refused", Object.assign({ retry: false }, mapErrors(body, record)));
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

  // --- the badge and the list ------------------------------------------------------------

  var STATE_STYLE = {
    waiting: "text-bg-warning",
    sending: "text-bg-info",
    sent: "text-bg-success",
    refused: "text-bg-danger",
    login: "text-bg-danger",
  };

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = content;
    return node;
  }

  function link(href, label, className) {
    var a = el("a", className || "btn btn-sm btn-outline-primary", label);
    a.href = href;
    return a;
  }

  function shiftUrl(id) {
    return cfg.shift.replace(/\/0\/$/, "/" + id + "/");
  }

  function loginUrl() {
    return cfg.login + "?next=" + encodeURIComponent(location.pathname + location.search);
  }

  function reopenUrl(record) {
    var q = "reopen=" + encodeURIComponent(record.key);
    if (record.team) q = "model=" + encodeURIComponent(record.team) + "&" + q;
    return cfg.entry + "?" + q;
  }

  function summaryLine(record) {
    var s = record.summary || {};
    var parts = [];
    var when = [s.day, [s.start, s.end].filter(Boolean).join("–")].filter(Boolean).join(" ");
    if (when) parts.push(when);
    if (s.participants !== undefined) parts.push(text("participants") + ": " + s.participants);
    if (s.incidents) parts.push(text("incidents") + ": " + s.incidents);
    return parts.join(" · ");
  }

  function item(record) {
    var li = el("li", "list-group-item");
    li.setAttribute("data-offline-record", record.key);
    li.setAttribute("data-state", record.state);
    var head = el("div", "d-flex justify-content-between align-items-start gap-2");
    head.appendChild(el("strong", "small", (record.summary && record.summary.team) || "—"));
    head.appendChild(el("span", "badge " + (STATE_STYLE[record.state] || "text-bg-secondary"), text("state-" + record.state)));
    li.appendChild(head);
    li.appendChild(el("div", "small text-muted", summaryLine(record)));
    if (record.state === "waiting" && record.retry) li.appendChild(el("div", "small text-muted", text("retry")));
    if (record.state === "refused" && record.messages && record.messages.length) {
      var ul = el("ul", "small text-danger mb-1 ps-3");
      ul.setAttribute("data-offline-messages", "");
      record.messages.forEach(function (m) {
        ul.appendChild(el("li", "", m));
      });
      li.appendChild(ul);
    }
    var actions = el("div", "d-flex flex-wrap gap-2 mt-1");
    if (record.state === "sent" && record.shift) actions.appendChild(link(shiftUrl(record.shift), text("view")));
    if (record.state === "login") actions.appendChild(link(loginUrl(), text("login"), "btn btn-sm btn-danger"));
    if (record.state === "waiting" && mine(record)) {
      var send = el("button", "btn btn-sm btn-outline-primary", text("send"));
      send.type = "button";
      send.addEventListener("click", flush);
      actions.appendChild(send);
    }
    if (record.state === "refused") {
      actions.appendChild(link(reopenUrl(record), text("reopen"), "btn btn-sm btn-danger"));
      var discard = el("button", "btn btn-sm btn-outline-secondary", text("discard"));
      discard.type = "button";
      discard.addEventListener("click", function () {
        if (window.confirm(text("confirm-discard"))) queue.del(record.key);
      });
      actions.appendChild(discard);
    }
    if (actions.childNodes.length) li.appendChild(actions);
    return li;
  }

  function fill(container, records, others, full) {
    container.textContent = "";
    var shown = records;
    if (!full) {
      var head = el("div", "card-header d-flex justify-content-between align-items-center py-1");
      var title = el("a", "small fw-semibold text-decoration-none", text("title"));
      title.href = cfg.queue;
      head.appendChild(title);
      if (navigator.onLine === false) head.appendChild(el("span", "badge text-bg-secondary", text("offline")));
      container.appendChild(head);
    } else if (navigator.onLine === false) {
      container.appendChild(el("p", "badge text-bg-secondary", text("offline")));
    }
    if (!shown.length && full) container.appendChild(el("p", "small text-muted", text("empty")));
    if (shown.length) {
      var list = el("ul", "list-group list-group-flush");
      shown.forEach(function (r) {
        list.appendChild(item(r));
      });
      container.appendChild(list);
    }
    if (others) {
      // Signed out, every record is someone's who must log in; signed in, another account's.
      var note = el("p", "small mb-0 px-2 py-1", text(user === null ? "signed-out" : "others", { n: others }));
      if (user === null && location.pathname !== cfg.login) {
        note.appendChild(document.createTextNode(" "));
        note.appendChild(link(loginUrl(), text("login"), "btn btn-sm btn-danger"));
      }
      container.appendChild(note);
    }
    return shown.length + others;
  }

  var renderQueued = false;

  function render() {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(function () {
      renderQueued = false;
      queue.all().then(draw, function () {});
    }, 0);
  }

  function draw(records) {
    // A sent record is listed for a day, then forgotten.
    records.forEach(function (r) {
      if (r.state === "sent" && Date.now() - Date.parse(r.sent || r.updated) > SENT_KEPT_MS) {
        idb.del(r.key, queueStore);
      }
    });
    records = records.filter(function (r) {
      return r.state !== "sent" || Date.now() - Date.parse(r.sent || r.updated) <= SENT_KEPT_MS;
    });
    records.sort(function (a, b) {
      return a.created < b.created ? 1 : -1;
    });
    var own = records.filter(mine);
    var others = records.filter(function (r) {
      return !mine(r) && r.state !== "sent";
    }).length;
    var unsent = own.filter(function (r) {
      return r.state !== "sent";
    }).length;

    var badge = document.querySelector("[data-offline-badge]");
    if (badge) {
      var count = badge.querySelector("[data-offline-count]");
      var total = unsent + (user === null ? others : 0);
      if (count) count.textContent = String(total);
      badge.hidden = total === 0;
      badge.classList.toggle("btn-danger", own.some(function (r) {
        return r.state === "refused" || r.state === "login";
      }));
    }
    var page = document.querySelector("[data-offline-queue]");
    var panel = document.querySelector("[data-offline-panel]");
    if (page) fill(page, own, others, true);
    if (panel) {
      if (page) {
        panel.hidden = true;
      } else {
        panel.hidden = fill(panel, own, others, false) === 0;
      }
    }
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
    collect: collect,
    one: one,
    isoDay: isoDay,
    toPayload: toPayload,
    mapErrors: mapErrors,
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
