// Notewell's pages, progressively enhanced; every action also works without this file.
// Review page: fields are flagged as you type, the format preview switches in place, drafts
// autosave (refused, never overwriting, when the note was saved elsewhere), focus lands on the
// next flag after Accept or Dismiss, and source links light up their words. New note: a
// character counter. Any page: text sent when the session had ended comes back after signing in
// (kept in this tab's sessionStorage, never in a cookie or URL).
(function () {
  "use strict";

  var CHECK_DELAY = 600;
  var AUTOSAVE_EVERY = 20000;
  var STASH = "notewell-unsent";
  var STASH_HOURS = 12;

  function make(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function post(url, body, headers, keepalive) {
    headers = headers || {};
    headers.Accept = "application/json";  // errors come back as {error: sentence} too
    return fetch(url, {
      method: "POST", body: body, headers: headers, credentials: "same-origin",
      keepalive: !!keepalive
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  // ---- flags of a field, as typed ----

  function flagButton(form, cls, url, name, value, text, label) {
    var button = make("button", cls, text);
    button.type = "submit";
    button.name = name;
    button.value = value;
    button.setAttribute("formaction", url);
    button.setAttribute("aria-label", label);
    return button;
  }

  function renderFlags(form, section, flags) {
    var box = document.getElementById("flags-" + section);
    if (!box) { return; }
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!flags.length) { return; }
    var label = document.querySelector("label[for='field-" + section + "']");
    var list = make("ul", "flags");
    list.setAttribute("aria-label", "Wording to review in " +
      (label ? label.firstChild.textContent.trim() : section));
    flags.forEach(function (f, i) {
      var drop = !!(f.suggestion && f.drop_in);
      var item = make("li", "flagdetail " + f.kind);
      item.id = "flag-" + section + "-" + i;
      item.tabIndex = -1;
      item.dataset.key = f.key;
      item.dataset.term = f.kind + "|" + f.text + "|" + (drop ? f.suggestion : "");
      var head = make("p");
      head.appendChild(make("strong", null, "\u201c" + f.text + "\u201d"));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(make("span", "kind", f.kind));
      item.appendChild(head);
      item.appendChild(make("p", "reason", f.reason));
      if (drop) {
        item.appendChild(make("p", "suggestion", "Rewrite: \u201c" + f.suggestion + "\u201d"));
      } else if (f.suggestion) {
        item.appendChild(make("p", "guidance", "Instead: " + f.suggestion +
          ". Only you know what happened, so edit the words yourself."));
      }
      var row = make("div", "row");
      if (drop) {
        row.appendChild(flagButton(form, "accept", form.dataset.acceptUrl, "key", f.key,
          "Accept rewrite", "Accept rewrite for " + f.text));
      }
      row.appendChild(flagButton(form, "dismiss", form.dataset.dismissUrl, "key", f.key,
        "Dismiss", "Dismiss flag for " + f.text));
      item.appendChild(row);
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  // "Apply to all N" follows the flags on the page, whichever field they are in.
  function refreshApplyAll(form) {
    form.querySelectorAll(".accept-all").forEach(function (b) { b.remove(); });
    var items = form.querySelectorAll(".flagdetail[data-term]");
    var counts = {};
    items.forEach(function (li) {
      if (!/\|$/.test(li.dataset.term)) { counts[li.dataset.term] = (counts[li.dataset.term] || 0) + 1; }
    });
    items.forEach(function (li) {
      var n = counts[li.dataset.term] || 0;
      var accept = li.querySelector(".accept");
      if (n > 1 && accept) {
        var term = li.dataset.term.split("|")[1];
        accept.after(flagButton(form, "accept-all", form.dataset.acceptUrl, "all", li.dataset.key,
          "Apply to all " + n, "Apply the rewrite to all " + n + " of " + term));
      }
    });
  }

  function setupChecks(form, state) {
    var token = form.querySelector("input[name=csrf_token]").value;
    form.querySelectorAll("textarea[data-section]").forEach(function (area) {
      var section = area.dataset.section;
      var timer = null;
      var asked = 0;
      area.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var mine = ++asked;
          post(form.dataset.checkUrl, JSON.stringify({ section: section, text: area.value }),
            { "Content-Type": "application/json", "X-CSRFToken": token })
            .then(function (r) {
              if (mine !== asked || !r.ok) { return; }  // a newer check is on its way
              renderFlags(form, section, r.data.flags || []);
              refreshApplyAll(form);
            })
            .catch(function () { /* offline: the save re-checks */ });
          state.preview();
        }, CHECK_DELAY);
      });
    });
  }

  // ---- format preview, autosave ----

  function setupPreview(form, state) {
    var select = form.querySelector("select[name=format]");
    var out = document.getElementById("preview");
    var asked = 0;
    state.preview = function () {
      if (!form.dataset.previewUrl || !out) { return; }
      var mine = ++asked;
      post(form.dataset.previewUrl, new FormData(form)).then(function (r) {
        if (mine === asked && r.ok) { out.textContent = r.data.preview; }
      }).catch(function () { /* the Show button still works */ });
    };
    if (!select) { return; }
    select.addEventListener("change", state.preview);
    var show = form.querySelector("button.show-format");
    if (show) { show.addEventListener("click", function (ev) { ev.preventDefault(); state.preview(); }); }
  }

  function setupAutosave(form, state) {
    var status = document.getElementById("autosave-status");
    function say(text, bad) {
      if (!status) { return; }
      status.textContent = text;
      status.classList.toggle("error", !!bad);
    }
    state.save = function (leaving) {
      if (!state.edits || state.stopped || state.inflight) { return state.inflight; }
      var sent = state.edits;
      state.inflight = post(form.dataset.autosaveUrl, new FormData(form), {}, leaving)
        .then(function (r) {
          if (r.ok) {
            form.querySelectorAll("input[name=version]").forEach(function (v) { v.value = r.data.version; });
            if (state.edits === sent) { state.edits = 0; }
            say("Draft autosaved (" + r.data.saved_at + ").");
          } else {
            state.stopped = true;
            say((r.data && r.data.error) || "Not autosaved: press Save draft to keep your text.", true);
          }
        })
        .catch(function () { say("Not autosaved: the server cannot be reached. Your text is still here.", true); })
        .then(function () { state.inflight = null; });
      return state.inflight;
    };
    setInterval(function () { state.save(false); }, AUTOSAVE_EVERY);
    function leave() { if (!state.submitting) { state.save(true); } }
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { leave(); }
    });
  }

  function setupReview(form) {
    var state = { edits: 0, stopped: false, inflight: null, submitting: false, preview: function () {} };
    setupPreview(form, state);
    if (form.hasAttribute("data-signed")) { return; }
    setupChecks(form, state);
    setupAutosave(form, state);
    refreshApplyAll(form);
    form.addEventListener("input", function () { state.edits += 1; });
    form.addEventListener("submit", function (ev) {
      if (state.inflight) {  // let the autosave land first, so this post carries its version
        ev.preventDefault();
        var submitter = ev.submitter;
        state.inflight.then(function () { form.requestSubmit(submitter); });
        return;
      }
      state.submitting = true;
      state.stopped = true;
    });
  }

  // ---- text sent when the session had ended ----

  function who() {
    var el = document.querySelector("header .who");
    return el ? el.textContent.trim() : "";
  }

  function typed(form) {
    var values = {};
    form.querySelectorAll("textarea[name], select[name], input[name]").forEach(function (el) {
      if (el.type !== "hidden" && el.type !== "submit" && el.type !== "password") { values[el.name] = el.value; }
    });
    return values;
  }

  function stashOnSubmit(form) {
    form.addEventListener("submit", function () {
      try {
        sessionStorage.setItem(STASH, JSON.stringify({
          action: form.getAttribute("action"), user: who(), at: Date.now(), values: typed(form)
        }));
      } catch (e) { /* storage full or off: the post itself still goes */ }
    });
  }

  // A post that arrived leads to a page of the signed-in user; one that did not (the session
  // had ended) leads to the sign-in or error page. Only then is the text put back, and only into
  // the same form of the same user after signing in again.
  function restoreStash() {
    var stash;
    try { stash = JSON.parse(sessionStorage.getItem(STASH) || "null"); } catch (e) { stash = null; }
    if (!stash) { return; }
    if (Date.now() - stash.at > STASH_HOURS * 3600 * 1000) { sessionStorage.removeItem(STASH); return; }
    if (!who()) {
      stash.lost = true;
      sessionStorage.setItem(STASH, JSON.stringify(stash));
      return;
    }
    var form = document.querySelector("form[data-keep][action='" + stash.action + "']");
    if (stash.lost && !form && stash.user === who()) { return; }  // not there yet
    sessionStorage.removeItem(STASH);
    if (!stash.lost || !form || stash.user !== who()) { return; }
    Object.keys(stash.values).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && !field.disabled && "value" in field) { field.value = stash.values[name]; }
    });
    var note = make("p", "flash", "Your session had ended before this was saved: the text you " +
      "sent is back in the form below. Check it, then press the button again.");
    note.setAttribute("role", "status");
    note.id = "restored";
    form.parentNode.insertBefore(note, form);
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // ---- small helpers of the pages ----

  function lightItems(ids, on) {
    ids.forEach(function (id) {
      document.querySelectorAll("[data-items~='" + id + "']").forEach(function (el) {
        el.classList.toggle("lit", on);
      });
    });
  }

  function setupCounter() {
    var area = document.querySelector("textarea[data-max-chars]");
    var out = document.getElementById("jotting-count");
    if (!area || !out) { return; }
    var max = parseInt(area.dataset.maxChars, 10);
    function update() {
      var n = area.value.length;
      out.textContent = n > max
        ? n.toLocaleString("en") + " characters: " + (n - max).toLocaleString("en") + " over the limit of " + max.toLocaleString("en")
        : n.toLocaleString("en") + " of " + max.toLocaleString("en") + " characters";
      out.classList.toggle("over", n > max);
    }
    area.addEventListener("input", update);
    update();
  }

  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && /^(flag-|field-)/.test(id) ? document.getElementById(id) : null;
    if (target) { target.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var noteForm = document.getElementById("note-form");
    if (noteForm) { setupReview(noteForm); }
    restoreStash();
    document.querySelectorAll("form[data-keep]").forEach(stashOnSubmit);
    setupCounter();
    focusTarget();
    document.querySelectorAll(".srclink").forEach(function (link) {
      var ids = [link.dataset.item];
      link.addEventListener("mouseenter", function () { lightItems(ids, true); });
      link.addEventListener("mouseleave", function () { lightItems(ids, false); });
      link.addEventListener("focus", function () { lightItems(ids, true); });
      link.addEventListener("blur", function () { lightItems(ids, false); });
    });
    // The signed note's format switch previews on change; its Show button stays for no script.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
}());
