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
  var NOT_DATA = ["csrfmiddlewaretoken", "submission_key"];
  var TEAM_FIELDS = ["model", "participants", "leader"];
  var SAVE_DELAY_MS = 400;

  var O; // window.AnNinhOffline, set by offline.js (loaded after this script)
  var path = location.pathname;
  var params = new URLSearchParams(location.search);
  var slot = "anninh-draft:" + path; // this tab's draft, across reloads
  var key = null;
  var releaseLock = null;
  var pristine = "";
  var filling = false;
  var saveTimer = null;
  var beforeSwap = null;
  var restoring = false;

  function theForm() {
    return document.getElementById(FORM_ID);
  }

  // --- reading the form ----------------------------------------------------------------

  function entries(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (NOT_DATA.indexOf(name) < 0 && typeof value === "string") out.push([name, value]);
    });
    return out;
  }

  function signature(list) {
    return JSON.stringify(list);
  }

  function totalRows(form) {
    var total = form.querySelector('[name="incidents-TOTAL_FORMS"]');
    return total ? Number(total.value) || 0 : 0;
  }

  // The values of an empty incident row, from the formset's <template>.
  function rowDefaults() {
    var tpl = document.getElementById("incidents-empty");
    var out = {};
    if (!tpl) return out;
    tpl.content.querySelectorAll("[name]").forEach(function (node) {
      var field = node.getAttribute("name").replace(/^incidents-__prefix__-/, "");
      if (node.type === "checkbox" || node.type === "radio") {
        if (node.hasAttribute("checked")) out[field] = node.value;
        return;
      }
      if (node.tagName === "SELECT") {
        var selected = node.querySelector("option[selected]") || node.querySelector("option");
        out[field] = selected ? selected.value : "";
        return;
      }
      out[field] = node.tagName === "TEXTAREA" ? node.textContent : node.getAttribute("value") || "";
    });
    return out;
  }

  // The incident rows the server would save: not removed, and changed from an empty row.
  function countedRows(form, list) {
    var m = O.collect(list);
    var defaults = rowDefaults();
    var rows = [];
    for (var i = 0; i < totalRows(form); i++) {
      var prefix = "incidents-" + i + "-";
      if (O.one(m, prefix + "DELETE")) continue;
      var changed = Object.keys(m).some(function (name) {
        if (name.indexOf(prefix) !== 0) return false;
        var field = name.slice(prefix.length);
        return field !== "DELETE" && String(m[name][0]).trim() !== String(defaults[field] || "").trim();
      });
      if (changed) rows.push(i);
    }
    return rows;
  }

  function labelText(node) {
    var clone = node.cloneNode(true);
    clone.querySelectorAll(".asteriskField").forEach(function (n) {
      n.remove();
    });
    return clone.textContent.replace(/\s+/g, " ").replace(/\*$/, "").trim();
  }

  // Each field's label, so that the server's messages can be listed with their field: a
  // group of boxes by its legend or its own label, any other field by its <label>.
  function labels(form) {
    var out = {};
    form.querySelectorAll("[name]").forEach(function (node) {
      var name = node.getAttribute("name");
      if (out[name] || NOT_DATA.indexOf(name) >= 0) return;
      var label = null;
      var wrapper = node.closest("[id^='div_id_']");
      if (node.type === "checkbox" && !/^incidents-/.test(name)) {
        var group = wrapper || node.closest("fieldset");
        label = group && group.querySelector("legend, label:not(.form-check-label)");
      }
      if (!label && node.id) label = form.querySelector('label[for="' + node.id + '"]');
      if (label) out[name] = labelText(label);
    });
    return out;
  }

  function summary(form, list) {
    var m = O.collect(list);
    var select = form.querySelector('[name="model"]');
    var team = select && select.tagName === "SELECT" && select.selectedOptions[0];
    var name = team ? team.textContent.trim() : "";
    var iso = O.isoDay(O.one(m, "day"));
    return {
      team: name,
      day: iso ? iso.split("-").reverse().join("/") : O.one(m, "day"),
      start: O.one(m, "start"),
      end: O.one(m, "end"),
      participants: (m.participants || []).length,
      incidents: countedRows(form, list).length,
    };
  }

  // --- writing the form ------------------------------------------------------------------

  function fire(node) {
    node.dispatchEvent(new Event("input", { bubbles: true }));
    node.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // Another team's form comes from the server (htmx), or from the phone with no connection.
  function switchTeam(team) {
    var form = theForm();
    var select = form && form.querySelector('select[name="model"]');
    if (!select || select.value === team) return Promise.resolve(true);
    var has = Array.prototype.some.call(select.options, function (o) {
      return o.value === team;
    });
    if (!has) return Promise.resolve(false);
    return new Promise(function (resolve) {
      var previous = select.value;
      var finish = function (ok) {
        document.removeEventListener("htmx:afterSettle", settled);
        document.removeEventListener("htmx:sendError", failed);
        document.removeEventListener("htmx:responseError", failed);
        clearTimeout(timer);
        if (!ok && theForm().querySelector('select[name="model"]')) {
          theForm().querySelector('select[name="model"]').value = previous;
        }
        resolve(ok);
      };
      var settled = function () {
        finish(true);
      };
      var failed = function () {
        finish(false);
      };
      var timer = setTimeout(failed, 10000);
      document.addEventListener("htmx:afterSettle", settled);
      document.addEventListener("htmx:sendError", failed);
      document.addEventListener("htmx:responseError", failed);
      select.value = team;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function addRows(form, count) {
    var button = form.querySelector('[data-formset-add="incidents"]');
    var guard = 50;
    while (button && totalRows(form) < count && guard--) button.click();
  }

  // Put ``list`` into the form, field by field; ``skip`` names fields left as they are.
  function apply(list, skip) {
    var form = theForm();
    var m = O.collect(list);
    addRows(form, Number(O.one(m, "incidents-TOTAL_FORMS")) || 0);
    filling = true;
    try {
      var names = {};
      form.querySelectorAll("[name]").forEach(function (node) {
        names[node.getAttribute("name")] = true;
      });
      Object.keys(names).forEach(function (name) {
        if (NOT_DATA.indexOf(name) >= 0 || (skip || []).indexOf(name) >= 0) return;
        if (/^incidents-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name)) return;
        var values = m[name] || [];
        var index = 0;
        form.querySelectorAll('[name="' + name + '"]').forEach(function (node) {
          if (node.type === "checkbox" || node.type === "radio") {
            var on = values.indexOf(node.value) >= 0;
            if (node.checked !== on) {
              node.checked = on;
              fire(node);
            }
          } else if (node.tagName === "SELECT" && node.multiple) {
            Array.prototype.forEach.call(node.options, function (o) {
              o.selected = values.indexOf(o.value) >= 0;
            });
            fire(node);
          } else if (name in m && node.type !== "file") {
            var value = values[index++];
            if (value !== undefined && node.value !== value) {
              node.value = value;
              if (name !== "model") fire(node);
            }
          }
        });
      });
    } finally {
      filling = false;
    }
  }

  // A draft or a refused record back into the form: its team first, then its fields.
  function restore(list) {
    var team = O.one(O.collect(list), "model");
    restoring = true;
    return switchTeam(team).then(function (ok) {
      restoring = false;
      if (!ok) {
        notice("team-unavailable", "warning");
        return false;
      }
      apply(list, ["model"]);
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

  // --- the server's messages at their fields ---------------------------------------------

  function clearErrors() {
    document.querySelectorAll("[data-offline-error]").forEach(function (n) {
      n.remove();
    });
    document.querySelectorAll("[data-offline-invalid]").forEach(function (n) {
      n.classList.remove("is-invalid");
      n.removeAttribute("data-offline-invalid");
    });
  }

  function anchorOf(node) {
    return node.closest("fieldset") && node.type === "checkbox" && !/^incidents-/.test(node.name)
      ? node.closest("fieldset")
      : node.closest("[id^='div_id_']") || node.parentNode;
  }

  function mark(form, name, messages) {
    var nodes = form.querySelectorAll('[name="' + name + '"]');
    var anchor;
    if (nodes.length) {
      nodes.forEach(function (n) {
        n.classList.add("is-invalid");
        n.setAttribute("data-offline-invalid", "");
      });
      anchor = anchorOf(nodes[0]);
    } else if (name === "incidents") {
      var rows = document.getElementById("incidents-rows");
      anchor = rows && rows.closest("fieldset");
    }
    if (!anchor) return;
    messages.forEach(function (m) {
      var div = document.createElement("div");
      div.className = "invalid-feedback d-block";
      div.setAttribute("data-offline-error", "");
      div.textContent = m;
      anchor.appendChild(div);
    });
  }

  function showErrors(record) {
    var form = theForm();
    clearErrors();
    var box = document.createElement("div");
    box.className = "alert alert-danger";
    box.setAttribute("role", "alert");
    box.setAttribute("data-offline-error", "");
    var title = document.createElement("p");
    title.className = "mb-1 fw-semibold";
    title.textContent = O.text("refused-title");
    box.appendChild(title);
    var ul = document.createElement("ul");
    ul.className = "mb-0 ps-3";
    (record.messages || []).forEach(function (m) {
      var li = document.createElement("li");
      li.textContent = m;
      ul.appendChild(li);
    });
    box.appendChild(ul);
    form.parentNode.insertBefore(box, form);
    Object.keys(record.errors || {}).forEach(function (name) {
      if (name !== "__all__") mark(form, name, record.errors[name]);
    });
    Object.keys(record.rowErrors || {}).forEach(function (i) {
      Object.keys(record.rowErrors[i]).forEach(function (field) {
        mark(form, "incidents-" + i + "-" + field, record.rowErrors[i][field]);
      });
    });
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
        checkMembers();
      });
  }

  function servedOn(member, day) {
    return member.served.some(function (p) {
      return p.from <= day && (!p.to || p.to >= day);
    });
  }

  // The service refuses a participant who was not a member on the shift's day; say so while
  // the officer types, even with no connection. The server still judges.
  function checkMembers() {
    var form = theForm();
    var old = document.querySelector("[data-offline-hint]");
    if (old) old.remove();
    if (!form || !entryData || !entryData.members_included) return;
    var m = O.collect(entries(form));
    var day = O.isoDay(O.one(m, "day"));
    var team = entryData.teams.filter(function (t) {
      return String(t.id) === O.one(m, "model");
    })[0];
    if (!day || !team) return;
    var members = {};
    team.members.forEach(function (p) {
      members[p.id] = p;
    });
    var names = (m.participants || [])
      .map(function (id) {
        return members[id];
      })
      .filter(function (p) {
        return p && !servedOn(p, day);
      })
      .map(function (p) {
        return p.name;
      });
    var box = form.querySelector('[name="participants"]');
    var anchor = box && (box.closest("fieldset") || box.closest("[id^='div_id_']"));
    if (!names.length || !anchor) return;
    var hint = document.createElement("div");
    hint.className = "alert alert-warning py-1 small mt-1";
    hint.setAttribute("data-offline-hint", "");
    hint.textContent = O.text("not-serving", { names: names.join(", ") });
    anchor.appendChild(hint);
  }

  // --- drafts --------------------------------------------------------------------------------

  function saveDraft() {
    clearTimeout(saveTimer);
    var form = theForm();
    if (!form || !key) return Promise.resolve();
    var list = entries(form);
    if (signature(list) === pristine) return O.drafts.del(key);
    return O.drafts
      .put({
        key: key,
        user: O.user,
        path: path,
        entries: list,
        summary: summary(form, list),
      })
      .then(function () {
        document.documentElement.setAttribute("data-offline-draft", key);
      });
  }

  function onEdit(event) {
    var form = event.target && event.target.form;
    if (filling || !form || form.id !== FORM_ID) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () {
      saveDraft();
      checkMembers();
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
    clearErrors();
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form || form.id !== FORM_ID || event.defaultPrevented) return;
    event.preventDefault();
    clearTimeout(saveTimer);
    var list = entries(form);
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
      rows: countedRows(form, list),
      labels: labels(form),
      summary: summary(form, list),
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
        pristine = signature(entries(form));
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
    beforeSwap = entries(form);
  }

  function onAfterSettle() {
    if (!theForm()) return;
    keyIntoForm();
    var typed = beforeSwap;
    beforeSwap = null;
    pristine = signature(entries(theForm()));
    if (typed && !restoring) {
      apply(typed, TEAM_FIELDS);
      saveDraft();
    }
    checkMembers();
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
    rowsAtLoad = totalRows(form);
    pristine = signature(entries(form));
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
                showErrors(record);
                pristine = signature(entries(theForm()));
              });
            });
          }
          return pickDraft().then(function (found) {
            if (!found) {
              freshDefaultDay();
              pristine = signature(entries(form));
              return useKey(O.newKey());
            }
            return restore(found.draft.entries).then(function (ok) {
              if (!ok) {
                pristine = signature(entries(theForm()));
                return useKey(O.newKey());
              }
              useKey(found.draft.key);
              if (found.record && found.record.state === "refused") showErrors(found.record);
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
    if (!O || O.user === null || !theForm()) return;
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
