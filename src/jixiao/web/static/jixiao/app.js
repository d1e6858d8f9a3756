// The app's only script besides htmx and ECharts (the Content-Security-Policy allows no inline script).
// - forms with data-confirm ask before submitting (uploading over a draft, submitting, approving, ...)
// - indicator rows are removed in place (the row's fields leave the form; saving stores the change)
// - the print link prints the page (print.css lays it out for paper)
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

document.addEventListener("click", (event) => {
  const target = event.target;
  if (!(target instanceof Element)) return;
  const remove = target.closest(".row-remove");
  if (remove) {
    const row = remove.closest("tr");
    const name = row && row.querySelector("input[name$='-name']");
    const label = name && name.value ? `“${name.value}”` : "该行";
    if (row && window.confirm(`删除指标${label}？保存后生效。`)) {
      const form = row.closest("form");
      row.remove();
      if (form) form.dispatchEvent(new Event("rows-changed", { bubbles: true }));
    }
    return;
  }
  if (target.closest(".print-page")) {
    event.preventDefault();
    window.print();
  }
});
