// A shift kept on the phone, as the shift API wants it (loaded before static/js/offline.js,
// which sends it): the entry form's fields → the body of POST /api/shifts/, and the API's
// answer → the messages at the form's fields. Pure functions, no storage, no page.
(function () {
  "use strict";

  // The form's fields that say "the shift ends the next day".
  var NEXT_DAY_FIELDS = ["ends_next_day", "next_day", "overnight"];

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
      // The next day only when the officer ticked it, as the page's own save: an end before
      // the start without the tick is a slip the server refuses with its message at the end.
      var overnight = NEXT_DAY_FIELDS.some(function (f) {
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

  function mapErrors(body, record, text) {
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

  window.AnNinhOfflineRecord = {
    collect: collect,
    one: one,
    isoDay: isoDay,
    toPayload: toPayload,
    mapErrors: mapErrors,
  };
})();
