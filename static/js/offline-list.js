// The badge in the navigation bar and the list of the shifts kept on this phone, with the state
// of each (loaded before static/js/offline.js, which keeps the queue and draws through this).
// ``AnNinhOfflineList(ctx)`` returns draw(records); ctx gives what it needs of the queue:
// cfg, user, text(key, values), mine(record), flush(), discard(key) and forget(key) (a sent
// record dropped from the list after a day, without telling the other tabs).
(function () {
  "use strict";

  var SENT_KEPT_MS = 24 * 3600 * 1000; // a sent record stays listed (with its link) a day

  window.AnNinhOfflineList = function (ctx) {
    var cfg = ctx.cfg;
    var user = ctx.user;
    var text = ctx.text;
    var mine = ctx.mine;
    var flush = ctx.flush;

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
          if (window.confirm(text("confirm-discard"))) ctx.discard(record.key);
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

    function draw(records) {
      // A sent record is listed for a day, then forgotten.
      records.forEach(function (r) {
        if (r.state === "sent" && Date.now() - Date.parse(r.sent || r.updated) > SENT_KEPT_MS) {
          ctx.forget(r.key);
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

    return draw;
  };
})();
