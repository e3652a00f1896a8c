// The shift entry form read and written field by field, for static/js/shift-entry-offline.js
// (loaded just before it): its values as [name, value] pairs, the incident rows the server
// would save, each field's label; a draft or a refused record put back into it; the server's
// messages at their fields; the hint about participants who were not members on the day.
// ``AnNinhEntryFields(O, theForm)`` takes window.AnNinhOffline and a function returning the form.
(function () {
  "use strict";

  var NOT_DATA = ["csrfmiddlewaretoken", "submission_key"];

  window.AnNinhEntryFields = function (O, theForm) {
    var filling = false; // true while apply() writes the form: those changes are not typing

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

    function servedOn(member, day) {
      return member.served.some(function (p) {
        return p.from <= day && (!p.to || p.to >= day);
      });
    }

    // The service refuses a participant who was not a member on the shift's day; say so while
    // the officer types, even with no connection. The server still judges.
    function checkMembers(entryData) {
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

    return {
      entries: entries,
      signature: signature,
      totalRows: totalRows,
      countedRows: countedRows,
      labels: labels,
      summary: summary,
      apply: apply,
      switchTeam: switchTeam,
      isFilling: function () {
        return filling;
      },
      clearErrors: clearErrors,
      showErrors: showErrors,
      checkMembers: checkMembers,
    };
  };
})();
