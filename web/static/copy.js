// "Copy as text": each button copies its textarea with the Clipboard API. Without
// JavaScript the buttons stay hidden and the text is selected by hand or read as plain text.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector(".copy-status");
  for (const button of document.querySelectorAll("button.copy-button")) {
    const box = document.getElementById(button.dataset.copy);
    if (!box || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(box.value);
        status.textContent = "Copied: " + button.textContent.replace(/^Copy /, "") + ".";
      } catch (error) {
        box.select();
        status.textContent = "The browser refused the clipboard: the text is selected, press Ctrl+C.";
      }
    });
  }
});
