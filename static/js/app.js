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
