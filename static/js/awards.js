// Commendation forms: show only the recipient fields that apply to the kind of recipient
// chosen, and the "other" boxes when "Other" is chosen. Without JavaScript every field shows
// and the server says which ones are needed.
(function () {
  function sync(form) {
    var kind = form.querySelector("[name=recipient_kind]");
    form.querySelectorAll("[data-for-kinds]").forEach(function (box) {
      var kinds = box.getAttribute("data-for-kinds").split(" ");
      box.hidden = kind && kind.value !== "" && kinds.indexOf(kind.value) < 0;
    });
    form.querySelectorAll("[data-for-value]").forEach(function (box) {
      var parts = box.getAttribute("data-for-value").split(":");
      var field = form.querySelector("[name=" + parts[0] + "]");
      box.hidden = field && field.value !== parts[1];
    });
  }
  function init() {
    document.querySelectorAll("[data-recipient-form]").forEach(function (form) {
      sync(form);
      form.addEventListener("change", function () { sync(form); });
    });
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
