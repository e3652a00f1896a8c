// The shift entry page on a phone (README, "Offline entry"):
// - what is typed is kept as a draft on the phone (IndexedDB) as it is typed, and restored
//   after a reload; a closed tab's draft is taken up by the next entry page opened;
// - a save with no connection puts the shift in the phone's queue (static/js/offline.js
//   sends it); a save with a connection goes to the server as usual, after a copy is put in
//   the queue in case the connection drops on the way;
// - a record the server refused is reopened here (?reopen=<key>) with its data and the
//   server's messages at their fields;
// - the other teams' forms are asked of the service worker to be kept for offline use.
// Loaded only on the page that records a new shift (templates/patrols/shift_form.html).
(function () {
  "use strict";

  var FORM_ID = "shift-form";
  var TEAM_FIELDS = ["model", "participants", "leader"];
  var SAVE_DELAY_MS = 400;

  var O; // window.AnNinhOffline, set by offline.js (loaded after this script)
  var F; // window.AnNinhEntryFields(O, theForm): the form field by field (shift-entry-fields.js)
  var path = location.pathname;
  var params = new URLSearchParams(location.search);
  var slot = "anninh-draft:" + path; // this tab's draft, across reloads
  var key = null;
  var releaseLock = null;
  var pristine = "";
  var saveTimer = null;
  var beforeSwap = null;
  var restoring = false;

  function theForm() {
    return document.getElementById(FORM_ID);
  }

  // --- writing the form ------------------------------------------------------------------

  // A draft or a refused record back into the form: its team first, then its fields.
  function restore(list) {
    var team = O.one(O.collect(list), "model");
    restoring = true;
    return F.switchTeam(team).then(function (ok) {
      restoring = false;
      if (!ok) {
        notice("team-unavailable", "warning");
        return false;
      }
      F.apply(list, ["model"]);
      return true;
    });
  }

  function keyIntoForm() {
    var input = theForm() && theForm().querySelector('[name="submission_key"]');
    if (input && key) input.value = key;
  }

  function useKey(value) {
    key = value;
    keyIntoForm();
    try {
      sessionStorage.setItem(slot, key);
    } catch (e) {
      /* private mode: a reload then starts from the newest free draft */
    }
    if (releaseLock) releaseLock();
    releaseLock = null;
    if (navigator.locks) {
      navigator.locks.request("anninh-draft-" + key, function () {
        return new Promise(function (resolve) {
          releaseLock = resolve;
        });
      });
    }
  }

  function notice(name, kind) {
    var form = theForm();
    if (!form) return;
    var old = document.querySelector("[data-offline-notice]");
    if (old) old.remove();
    var box = document.createElement("div");
    box.className = "alert alert-" + (kind || "info") + " py-2 small";
    box.setAttribute("role", "status");
    box.setAttribute("data-offline-notice", name);
    box.textContent = O.text(name);
    form.parentNode.insertBefore(box, form);
  }

  // --- members on the chosen day (from the entry data the phone keeps) -----------------------

  var entryData = null;

  function loadEntryData() {
    return fetch(O.cfg.data, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .catch(function () {
        return null;
      })
      .then(function (data) {
        entryData = data;
        F.checkMembers(entryData);
      });
  }

  // --- drafts --------------------------------------------------------------------------------

  function saveDraft() {
    clearTimeout(saveTimer);
    var form = theForm();
    if (!form || !key) return Promise.resolve();
    var list = F.entries(form);
    if (F.signature(list) === pristine) return O.drafts.del(key);
    return O.drafts
      .put({
        key: key,
        user: O.user,
        path: path,
        entries: list,
        summary: F.summary(form, list),
      })
      .then(function () {
        document.documentElement.setAttribute("data-offline-draft", key);
      });
  }

  function onEdit(event) {
    var form = event.target && event.target.form;
    if (F.isFilling() || !form || form.id !== FORM_ID) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () {
      saveDraft();
      F.checkMembers(entryData);
    }, SAVE_DELAY_MS);
  }

  function heldLocks() {
    if (!navigator.locks || !navigator.locks.query) return Promise.resolve({});
    return navigator.locks.query().then(function (state) {
      var held = {};
      (state.held || []).forEach(function (l) {
        held[l.name] = true;
      });
      return held;
    });
  }

  // This tab's draft after a reload; else the newest draft no open tab is editing (a closed
  // tab's). A draft whose shift went to the queue is done with.
  function pickDraft() {
    return Promise.all([O.drafts.all(), O.queue.all(), heldLocks()]).then(function (got) {
      var queued = {};
      got[1].forEach(function (r) {
        queued[r.key] = r;
      });
      var candidates = [];
      got[0].forEach(function (d) {
        if (d.user !== O.user || d.path !== path) return;
        var record = queued[d.key];
        if (record && record.state !== "refused") {
          O.drafts.del(d.key);
          return;
        }
        candidates.push(d);
      });
      var own = null;
      try {
        own = sessionStorage.getItem(slot);
      } catch (e) {
        own = null;
      }
      var mine = candidates.filter(function (d) {
        return d.key === own;
      })[0];
      if (mine) return { draft: mine, record: queued[mine.key] };
      var free = candidates
        .filter(function (d) {
          return !got[2]["anninh-draft-" + d.key];
        })
        .sort(function (a, b) {
          return a.updated < b.updated ? 1 : -1;
        });
      return free.length ? { draft: free[0], record: queued[free[0].key] } : null;
    });
  }

  // --- the day a page kept on the phone offers ------------------------------------------------

  // The page shows today's date as its default; a copy opened from the phone days later
  // would offer the day it was kept. An untouched default becomes the phone's today.
  function freshDefaultDay() {
    var input = theForm().querySelector('[name="day"]');
    if (!input || input.value !== input.defaultValue || !input.value) return;
    var d = new Date();
    var iso = d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
    var current = O.isoDay(input.value.trim());
    if (!current || current >= iso) return;
    input.value = /^\d{4}-/.test(input.value) ? iso : iso.split("-").reverse().join("/");
    if (input.max && input.max < iso) input.max = iso;
  }

  // --- saving ------------------------------------------------------------------------------

  function cookie(name) {
    var m = document.cookie.match("(?:^|; )" + name + "=([^;]*)");
    return m ? decodeURIComponent(m[1]) : "";
  }

  function resetForm(form, rowsAtLoad) {
    form.reset();
    form.querySelectorAll("#incidents-rows [data-row]").forEach(function (row) {
      if (Number(row.getAttribute("data-row")) >= rowsAtLoad) row.remove();
    });
    var total = form.querySelector('[name="incidents-TOTAL_FORMS"]');
    if (total) total.value = rowsAtLoad;
    F.clearErrors();
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form || form.id !== FORM_ID || event.defaultPrevented) return;
    event.preventDefault();
    clearTimeout(saveTimer);
    var list = F.entries(form);
    var offline = navigator.onLine === false;
    var submitted = key;
    var record = {
      key: submitted,
      user: O.user,
      username: O.username,
      created: new Date().toISOString(),
      state: offline ? "waiting" : "sending",
      via: offline ? "queue" : "form",
      team: O.one(O.collect(list), "model"),
      entries: list,
      rows: F.countedRows(form, list),
      labels: F.labels(form),
      summary: F.summary(form, list),
      errors: null,
      rowErrors: null,
      messages: null,
    };
    O.queue
      .get(submitted)
      .then(function (earlier) {
        if (earlier) record.created = earlier.created; // a refused record sent again
        return O.queue.put(record);
      })
      .then(function () {
        return O.drafts.del(submitted);
      })
      .then(function () {
        if (!offline) {
          // The server answers as usual (the saved shift, or the form with its messages); if
          // the connection drops on the way, the copy in the queue is sent later.
          var token = cookie("csrftoken");
          var field = form.querySelector('[name="csrfmiddlewaretoken"]');
          if (token && field) field.value = token;
          if (releaseLock) releaseLock();
          HTMLFormElement.prototype.submit.call(form);
          return;
        }
        // A fresh form for the next shift: the page as the worker keeps it (a form the server
        // answered with messages would otherwise reset to those values), else this one emptied.
        if (navigator.serviceWorker && navigator.serviceWorker.controller) {
          location.replace(O.cfg.entry + "?queued=" + encodeURIComponent(submitted));
          return;
        }
        resetForm(form, rowsAtLoad);
        freshDefaultDay();
        pristine = F.signature(F.entries(form));
        useKey(O.newKey());
        notice("queued", "warning");
        window.scrollTo(0, 0);
        O.flush();
      })
      .catch(function () {
        // IndexedDB refused (private mode, storage full): let the browser post the form.
        HTMLFormElement.prototype.submit.call(form);
      });
  }

  // --- another team's form -------------------------------------------------------------------

  // The officer changed the team: the server sends that team's form (htmx), without what was
  // typed. Put back everything that is not the team's own (its members, its leader).
  function onBeforeRequest(event) {
    var form = theForm();
    if (!form || !form.contains(event.target)) return;
    beforeSwap = F.entries(form);
  }

  function onAfterSettle() {
    if (!theForm()) return;
    keyIntoForm();
    var typed = beforeSwap;
    beforeSwap = null;
    pristine = F.signature(F.entries(theForm()));
    if (typed && !restoring) {
      F.apply(typed, TEAM_FIELDS);
      saveDraft();
    }
    F.checkMembers(entryData);
  }

  function keepTeamsForms() {
    var form = theForm();
    var select = form && form.querySelector('select[name="model"]');
    if (!select) return;
    var items = [];
    Array.prototype.forEach.call(select.options, function (o) {
      if (o.value) items.push({ url: O.cfg.entry + "?model=" + encodeURIComponent(o.value), partial: true });
    });
    if (items.length) O.warm(items).catch(function () {});
  }

  // --- start ---------------------------------------------------------------------------------

  var rowsAtLoad = 0;

  function begin() {
    var form = theForm();
    var rendered = form.querySelector('[name="submission_key"]');
    rendered = rendered ? rendered.value : "";
    rowsAtLoad = F.totalRows(form);
    pristine = F.signature(F.entries(form));
    return O.queue.get(rendered).then(function (answered) {
      // The server has just answered this page's own save with the form and its messages:
      // the page shows the answer, the copy in the queue is not needed.
      if (answered && answered.state === "sending" && answered.via === "form") {
        return O.queue.del(rendered).then(function () {
          useKey(rendered);
          pristine = "";
          return saveDraft();
        });
      }
      var unsent = params.get("unsent");
      var steps = Promise.resolve();
      var queued = params.get("queued");
      if (queued || unsent) {
        // Said once: a reload of this page does not say it again.
        params.delete("queued");
        params.delete("unsent");
        var rest = params.toString();
        history.replaceState(history.state, "", path + (rest ? "?" + rest : ""));
      }
      if (queued) {
        steps = O.queue.get(queued).then(function (r) {
          if (r && r.state !== "sent") notice("queued", "warning");
        });
      }
      if (unsent) {
        // The service worker caught a save that could not reach the server.
        steps = O.queue
          .update(unsent, function (r) {
            if (r.state !== "sending") return undefined;
            r.state = "waiting";
            r.via = "queue";
            return r;
          })
          .then(function () {
            notice("unsent", "warning");
          });
      }
      var reopen = params.get("reopen");
      return steps
        .then(function () {
          return reopen ? O.queue.get(reopen) : null;
        })
        .then(function (record) {
          if (record && record.user === O.user && record.state === "refused") {
            return O.drafts.get(record.key).then(function (draft) {
              return restore((draft || record).entries).then(function (ok) {
                if (!ok) return useKey(O.newKey());
                useKey(record.key);
                F.showErrors(record);
                pristine = F.signature(F.entries(theForm()));
              });
            });
          }
          return pickDraft().then(function (found) {
            if (!found) {
              freshDefaultDay();
              pristine = F.signature(F.entries(form));
              return useKey(O.newKey());
            }
            return restore(found.draft.entries).then(function (ok) {
              if (!ok) {
                pristine = F.signature(F.entries(theForm()));
                return useKey(O.newKey());
              }
              useKey(found.draft.key);
              if (found.record && found.record.state === "refused") F.showErrors(found.record);
              else notice("restored");
              // The restored values are the draft's: further typing changes it.
              pristine = "";
            });
          });
        });
    });
  }

  function init() {
    O = window.AnNinhOffline;
    if (!O || O.user === null || !theForm() || !window.AnNinhEntryFields) return;
    F = window.AnNinhEntryFields(O, theForm);
    document.addEventListener("input", onEdit, true);
    document.addEventListener("change", onEdit, true);
    document.addEventListener("submit", onSubmit);
    document.addEventListener("htmx:beforeRequest", onBeforeRequest);
    document.addEventListener("htmx:afterSettle", onAfterSettle);
    window.addEventListener("pagehide", saveDraft);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") saveDraft();
    });
    var ready = begin()
      .catch(function () {
        if (!key) useKey(O.newKey());
      })
      .then(function () {
        document.documentElement.setAttribute("data-offline-entry", "ready");
        keepTeamsForms();
        loadEntryData();
      });
    O.before(ready);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
