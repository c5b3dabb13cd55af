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
