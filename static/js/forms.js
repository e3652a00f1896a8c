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
})();
