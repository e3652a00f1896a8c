// Add a row to a Django formset from its <template>, without a request.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-formset-add]");
  if (!button) return;
  var prefix = button.getAttribute("data-formset-add");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var template = document.getElementById(prefix + "-empty");
  var index = parseInt(total.value, 10);
  var html = template.innerHTML.replace(/__prefix__/g, index);
  document.getElementById(prefix + "-rows").insertAdjacentHTML("beforeend", html);
  total.value = index + 1;
  var first = document.querySelector("#" + prefix + "-rows [data-row='" + index + "'] input, #" + prefix + "-rows [data-row='" + index + "'] select");
  if (first) first.focus();
});
