// Every form of the portal: dates and times typed as dd/mm/yyyy and hh:mm (the "/" and ":"
// added as the digits are typed, since a phone's number pad has neither), and the error
// summary brought into view. The server reads and judges everything (areas/base/dates.py).
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // "05032026" → "05/03/2026"; "5/3/2026" → "05/03/2026"; anything else is left as typed.
  function tidyDate(text) {
    var m = /^(\d{2})(\d{2})(\d{4})$/.exec(text) || /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(text);
    return m ? pad(+m[1]) + "/" + pad(+m[2]) + "/" + m[3] : text;
  }

  // "2130" → "21:30"; "9:05" → "09:05"; "21h" → "21:00"; anything else is left as typed.
  function tidyTime(text) {
    var m = /^(\d{2})(\d{2})$/.exec(text) || /^(\d{1,2})[:.hH](\d{2})?$/.exec(text);
    return m ? pad(+m[1]) + ":" + (m[2] || "00") : text;
  }

  function tidy(kind, text) {
    text = text.trim();
    if (kind === "date") return tidyDate(text);
    if (kind === "time") return tidyTime(text);
    var parts = text.split(/\s+/);
    return parts.length === 2 ? tidyDate(parts[0]) + " " + tidyTime(parts[1]) : text;
  }

  // While typing forward: add the separator once its part is complete.
  function separatorAfter(kind, text) {
    if (kind === "date" || kind === "datetime") {
      if (/^\d{2}$/.test(text) || /^\d{2}\/\d{2}$/.test(text)) return "/";
      if (kind === "datetime" && /^\d{2}\/\d{2}\/\d{4}$/.test(text)) return " ";
      if (kind === "datetime" && /^\d{2}\/\d{2}\/\d{4} \d{2}$/.test(text)) return ":";
    }
    if (kind === "time" && /^\d{2}$/.test(text)) return ":";
    return "";
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    var kind = input.getAttribute && input.getAttribute("data-mask");
    if (!kind) return;
    if (event.inputType && event.inputType.indexOf("insert") !== 0) return; // deleting
    if (input.selectionStart !== input.value.length) return; // editing inside the text
    // A separator typed by hand right after the one added for it counts once.
    var value = input.value.replace(/\/\//g, "/").replace(/::/g, ":").replace(/  /g, " ");
    var next = /^\d+$/.test(value) && value.length > 4
      ? tidy(kind, value) // pasted or filled digits
      : value + separatorAfter(kind, value);
    if (next !== input.value) input.value = next;
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    var kind = input.getAttribute && input.getAttribute("data-mask");
    if (kind) input.value = tidy(kind, input.value);
  });

  window.portalDates = { tidyDate: tidyDate, tidyTime: tidyTime };

  // --- The error summary (templates/includes/error_summary.html) -------------------------

  function openAround(element) {
    for (var node = element; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  // The page opens on the summary: scrolled to it and focused, so it is read out first.
  function showSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (!summary) return;
    openAround(summary);
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }

  // A line of the summary goes to its field: any folded part around it opened, the field
  // focused (its first box for a group of checkboxes), its label in view.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    openAround(target);
    var field = target.matches("input, select, textarea")
      ? target
      : target.querySelector("input:not([type=hidden]), select, textarea");
    var wrapper = target.closest("[id^='div_'], fieldset, .mb-3") || target;
    wrapper.scrollIntoView({ block: "start" });
    if (field) field.focus({ preventScroll: true });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { showSummary(document); });
  } else {
    showSummary(document);
  }
  // A form swapped in by htmx (a 422 answer) brings its own summary.
  document.addEventListener("htmx:afterSettle", function (event) { showSummary(event.target); });
})();
