// Small behaviours for every page; no inline scripts (the CSP will forbid them).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// Scoring matrices: a focused cell takes a typed 5, 3 or 1 (Delete or "-" clears it); any other
// character is refused with the sheet's Thai message. Arrows, Tab and Enter keep their usual work.
const SCORE_KEYS = { "5": "5", "3": "3", "1": "1", "-": "", Delete: "", Backspace: "" };
document.addEventListener("keydown", (event) => {
  const cell = event.target.closest("[data-score-cell]");
  if (!cell || event.ctrlKey || event.metaKey || event.altKey) return;
  const printable = event.key.length === 1 && event.key !== " ";
  if (!(event.key in SCORE_KEYS) && !printable) return;
  event.preventDefault();
  const box = document.getElementById("matrix-message");
  if (!(event.key in SCORE_KEYS)) {
    const alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.textContent = cell.closest("form").dataset.invalidScore;
    if (box) box.replaceChildren(alert);
    cell.classList.add("has-error");
    return;
  }
  cell.classList.remove("has-error");
  const radio = [...cell.querySelectorAll("input[type=radio]")].find((r) => r.value === SCORE_KEYS[event.key]);
  if (radio && !radio.checked) {
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
  }
});

// A refused tick (409: someone else changed it) still carries the fresh table and the message:
// swap it in like any answer instead of dropping it as htmx does with error statuses.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Form 2's activity table (data-formset): add a row from the empty row's template, move rows up and
// down, dim a row ticked for removal. The "No." inputs are renumbered to the rows' order, which is
// what the server saves; without JavaScript a person types the numbers.
function formsetRows(form) {
  return [...form.querySelectorAll("[data-rows] > [data-row]")];
}
function renumber(form) {
  let number = 0;
  for (const row of formsetRows(form)) {
    const order = row.querySelector("input[name$='-ORDER']");
    const removed = row.querySelector("[data-row-remove]")?.checked;
    row.classList.toggle("is-removed", Boolean(removed));
    // A row left empty gets no number either, so it stays an unused row rather than a half-filled one.
    const name = row.querySelector("textarea[name$='-name']");
    const empty = name && !name.value.trim();
    if (order) order.value = removed || empty ? "" : ++number;
  }
}
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("[data-formset]")) {
    for (const button of form.querySelectorAll(".js-only")) button.hidden = false;
    // The arrows order the rows; the numbers follow them (typed numbers would be overwritten).
    for (const order of form.querySelectorAll("input[name$='-ORDER']")) order.readOnly = true;
  }
});
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-row-remove], textarea[name$='-name']")) {
    const form = event.target.closest("[data-formset]");
    if (form) renumber(form);
  }
});
document.addEventListener("submit", (event) => {
  if (event.target.matches("[data-formset]")) renumber(event.target);
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-row-action]");
  const form = button?.closest("[data-formset]");
  if (!form) return;
  const prefix = form.dataset.formset;
  const rows = form.querySelector("[data-rows]");
  const action = button.dataset.rowAction;
  if (action === "add") {
    const total = form.querySelector(`input[name='${prefix}-TOTAL_FORMS']`);
    const html = form.querySelector("template[data-empty-row]").innerHTML.replaceAll("__prefix__", total.value);
    rows.insertAdjacentHTML("beforeend", html);
    total.value = Number(total.value) + 1;
    const added = rows.lastElementChild;
    for (const hidden of added.querySelectorAll(".js-only")) hidden.hidden = false;
    added.querySelector("input[name$='-ORDER']").readOnly = true;
    renumber(form);
    added.querySelector("textarea, input:not([type=hidden])")?.focus();
    return;
  }
  const row = button.closest("[data-row]");
  const other = action === "up" ? row.previousElementSibling : row.nextElementSibling;
  if (!other) return;
  if (action === "up") other.before(row);
  else other.after(row);
  renumber(form);
  button.focus();
});
