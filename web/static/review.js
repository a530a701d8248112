// Review page: click a flagged phrase to see its reason and rewrite with Accept / Dismiss in place,
// and hover a source link to light up the words it came from. Without this file the page still
// works: flags link to their list entries, whose forms post normally.
(function () {
  "use strict";

  function closePopover() {
    var old = document.getElementById("flag-popover");
    if (old) { old.remove(); }
    document.querySelectorAll(".flag.active").forEach(function (el) { el.classList.remove("active"); });
  }

  function openPopover(mark) {
    closePopover();
    var detail = document.getElementById("flagdetail-" + mark.dataset.flag);
    if (!detail) { return; }
    var pop = document.createElement("div");
    pop.id = "flag-popover";
    pop.className = "popover";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", "Flag details");
    // A copy of the server-rendered entry: its forms carry their own CSRF token.
    Array.prototype.forEach.call(detail.children, function (child) { pop.appendChild(child.cloneNode(true)); });
    var close = document.createElement("button");
    close.type = "button";
    close.className = "link close";
    close.textContent = "Close";
    close.addEventListener("click", closePopover);
    pop.appendChild(close);
    var rect = mark.getBoundingClientRect();
    pop.style.top = (window.scrollY + rect.bottom + 6) + "px";
    pop.style.left = Math.max(8, window.scrollX + rect.left) + "px";
    document.body.appendChild(pop);
    mark.classList.add("active");
    var first = pop.querySelector("button");
    if (first) { first.focus(); }
  }

  function lightItems(ids, on) {
    ids.forEach(function (id) {
      document.querySelectorAll("[data-items~='" + id + "']").forEach(function (el) {
        el.classList.toggle("lit", on);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".jotting .flag").forEach(function (mark) {
      mark.addEventListener("click", function (ev) { ev.preventDefault(); openPopover(mark); });
    });
    document.querySelectorAll(".srclink").forEach(function (link) {
      var ids = [link.dataset.item];
      link.addEventListener("mouseenter", function () { lightItems(ids, true); });
      link.addEventListener("mouseleave", function () { lightItems(ids, false); });
      link.addEventListener("focus", function () { lightItems(ids, true); });
      link.addEventListener("blur", function () { lightItems(ids, false); });
    });
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { closePopover(); } });
    // Accept and Dismiss reload the page: say so when the template holds unsaved edits.
    var noteForm = document.getElementById("note-form");
    var dirty = false;
    if (noteForm) { noteForm.addEventListener("input", function () { dirty = true; }); }
    document.addEventListener("submit", function (ev) {
      var form = ev.target;
      if (dirty && form.action && /\/flags\//.test(form.action) &&
          !window.confirm("Your unsaved edits to the note will be lost. Continue?")) {
        ev.preventDefault();
      }
    }, true);
    // The format switch previews on change; its Show button stays for pages without script.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
}());
