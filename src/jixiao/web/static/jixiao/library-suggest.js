/* The indicator-name inputs suggest names from the indicator library as a department types. */
document.addEventListener("DOMContentLoaded", function () {
  if (!document.getElementById("library-indicators")) { return; }
  function attach(root) {
    root.querySelectorAll('input[name^="ind-"][name$="-name"]').forEach(function (input) {
      input.setAttribute("list", "library-indicators");
      input.setAttribute("autocomplete", "off");
    });
  }
  attach(document);
  document.body.addEventListener("htmx:afterSwap", function (event) { attach(event.target); });
});
