// The shift entry page (templates/patrols/_shift_form.html): "Ends the next day" is offered
// when it can matter — ticked in advance for a start in the evening (at or after
// data-evening) while the end gives a span of at most data-evening-span-hours — and the
// resulting span is shown as it is typed: "22:00 03/06 → 02:00 04/06, 4 giờ".
// The server stays the judge: an end before the start without the tick is refused there.
(function () {
  "use strict";

  var DAY = 24 * 60;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // Minutes since midnight of "21:30", "9:05", "21h30", "21h", "2130" (as the server reads
  // them, areas/base/dates.py); null if not a time.
  function minutes(text) {
    var m = /^(\d{1,2})[:.](\d{2})$/.exec(text) || /^(\d{1,2})[hH](\d{2})?$/.exec(text) ||
      /^(\d{2})(\d{2})$/.exec(text);
    if (!m) return null;
    var h = +m[1], mi = +(m[2] || 0);
    return h > 23 || mi > 59 ? null : h * 60 + mi;
  }

  // The day of "05/03/2026", "5.3.2026", "05032026" or "2026-03-05", as a UTC timestamp.
  function day(text) {
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(text) || /^(\d{2})(\d{2})(\d{4})$/.exec(text);
    var d, mo, y;
    if (m) { d = +m[1]; mo = +m[2]; y = +m[3]; }
    else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) { y = +m[1]; mo = +m[2]; d = +m[3]; }
    else return null;
    var t = Date.UTC(y, mo - 1, d), check = new Date(t);
    return check.getUTCDate() === d && check.getUTCMonth() === mo - 1 ? t : null;
  }

  function dayMonth(t) {
    var d = new Date(t);
    return pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1);
  }

  function clock(min) { return pad(Math.floor(min / 60)) + ":" + pad(min % 60); }

  function length(box, span) {
    var h = Math.floor(span / 60), m = span % 60;
    if (m === 0) return box.dataset.hours.replace("%(hours)s", h);
    if (h === 0) return box.dataset.minutes.replace("%(minutes)s", m);
    return box.dataset.hoursMinutes.replace("%(hours)s", h).replace("%(minutes)s", m);
  }

  function update(form) {
    var box = form.querySelector("#shift-times");
    if (!box) return;
    var next = form.querySelector("[name=next_day]");
    var output = box.querySelector("#shift-span");
    var start = minutes(form.querySelector("[name=start]").value.trim());
    var end = minutes(form.querySelector("[name=end]").value.trim());
    var on = day(form.querySelector("[name=day]").value.trim());
    var evening = minutes(box.dataset.evening);
    var longest = +box.dataset.eveningSpanHours * 60;

    if (box.dataset.auto !== "off" && start !== null) {
      var overnight = end === null || (end <= start && end + DAY - start <= longest);
      next.checked = start >= evening && overnight;
    }
    var matters = next.checked || (start !== null && (start >= evening || (end !== null && end <= start)));
    box.querySelector("#div_id_next_day").hidden = !matters;

    output.textContent = "";
    output.classList.remove("text-danger");
    if (start === null || end === null) return;
    var span = end - start + (next.checked ? DAY : 0);
    if (span <= 0) {
      output.textContent = box.dataset.before;
      output.classList.add("text-danger");
      return;
    }
    var text = length(box, span);
    if (on !== null) {
      var endDay = next.checked ? on + DAY * 60000 : on;
      text = clock(start) + " " + dayMonth(on) + " → " + clock(end) + " " + dayMonth(endDay) + ", " + text;
    }
    if (span > longest) {
      text += " — " + box.dataset.long;
      output.classList.add("text-danger");
    }
    output.textContent = text;
  }

  function onEdit(event) {
    var form = event.target.form;
    if (!form || !form.querySelector("#shift-times")) return;
    // Once the officer has ticked or unticked it, the box is theirs.
    if (event.target.name === "next_day" && event.isTrusted) {
      form.querySelector("#shift-times").dataset.auto = "off";
    }
    update(form);
  }

  document.addEventListener("input", onEdit);
  document.addEventListener("change", onEdit);

  function all() {
    var form = document.getElementById("shift-form");
    if (form) update(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
  // Choosing another team swaps the form in (htmx).
  document.addEventListener("htmx:afterSettle", all);
})();
