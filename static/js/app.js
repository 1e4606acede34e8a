// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Copy buttons (hidden without JavaScript: the text they copy is selectable anyway).
for (const button of document.querySelectorAll("[data-copy-target]")) {
  const target = document.getElementById(button.dataset.copyTarget);
  const status = button.parentElement.querySelector("[data-copy-status]");
  if (!target || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(target.value ?? target.textContent);
      if (status) status.textContent = "Copied.";
    } catch {
      target.select?.();
      if (status) status.textContent = "Select the address and copy it.";
    }
  });
}

// A table wider than a phone's screen scrolls inside itself (app.css): say so above it, and let
// a keyboard reach it (a scrolling region must take focus).
function markWideTables() {
  for (const table of document.querySelectorAll(".govuk-table")) {
    const wide = table.scrollWidth > table.clientWidth + 1;
    const hint = table.previousElementSibling;
    const hasHint = hint && hint.classList.contains("app-table-hint");
    if (wide && !hasHint) {
      const p = document.createElement("p");
      p.className = "govuk-body-s app-muted app-table-hint";
      p.textContent = "Scroll the table sideways to see all its columns.";
      table.before(p);
      table.tabIndex = 0;
      const caption = table.querySelector("caption");
      table.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
    } else if (!wide && hasHint) {
      hint.remove();
      table.removeAttribute("tabindex");
      table.removeAttribute("aria-label");
    }
  }
}
markWideTables();
window.addEventListener("resize", markWideTables);
