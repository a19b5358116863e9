// Autosave for drafts in the post editor: every 30 seconds, when something changed, the form is
// sent to its autosave address. Progressive enhancement: without JavaScript the editor works as
// before (Save and Preview). The server saves drafts only, keeps no revision and checks the
// version the form was loaded with, so an autosave never writes over a newer save; each answer
// gives the new version, which the next Save then sends.
(function () {
  "use strict";
  var EVERY_MS = 30000;
  var form = document.getElementById("editor");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById("autosave-status");
  var statusField = form.querySelector("select[name=status]");
  var versionField = form.querySelector("input[name=version]");
  var titleField = form.querySelector("input[name=title]");
  var changed = false;
  var inFlight = null;
  var stopped = false;
  var leaving = false;  // a Save is on its way: the page is being replaced, not hidden

  function say(text) {
    if (status) status.textContent = text;
  }

  function isDraft() {
    return form.getAttribute("data-saved-status") === "draft" &&
      (!statusField || statusField.value === "draft");
  }

  function fields() {
    var data = new FormData(form);
    data.delete("image");
    data.delete("action");
    return data;
  }

  function adopt(answer) {
    // A new post has been created: from now on every button works on it.
    if (versionField) versionField.value = String(answer.version);
    if (form.getAttribute("data-autosave-url") !== answer.autosave_url) {
      form.setAttribute("action", answer.edit_url);
      form.setAttribute("data-autosave-url", answer.autosave_url);
      var preview = form.querySelector("button[formaction*='/preview']");
      if (preview) preview.setAttribute("formaction", answer.preview_url);
      if (window.history && history.replaceState) history.replaceState(null, "", answer.edit_url);
    }
  }

  function explain(code, answer) {
    if (code === 401) {
      stopped = true;
      say("Your session has ended, so autosave stopped. " +
        (answer && answer.kept ? "Your text is kept for you: log in again and it comes back." :
          "Log in again in another tab, then save."));
    } else if (answer && answer.reason === "stale") {
      stopped = true;
      say("Not autosaved: this draft was saved somewhere else since you opened it. Save to " +
        "compare the two versions.");
    } else if (answer && answer.reason === "form-expired" && answer.csrf_token) {
      var token = form.querySelector("input[name=csrf_token]");
      if (token) token.value = answer.csrf_token;  // the next try (and Save) sends the new one
      changed = true;
      say("");
    } else if (answer && answer.reason === "not-a-draft") {
      say("");
    } else if (answer && answer.reason === "invalid") {
      say("Not autosaved yet: " + (answer.fields.indexOf("title") >= 0 ?
        "it needs a title." : "some fields need correcting."));
    } else {
      say("Not autosaved: the site did not answer. It will try again.");
      changed = true;
    }
  }

  function save() {
    if (stopped || inFlight || !changed || !isDraft()) return Promise.resolve();
    if (titleField && !titleField.value.trim()) return Promise.resolve();
    changed = false;
    say("Saving the draft…");
    inFlight = fetch(form.getAttribute("data-autosave-url"), {
      method: "POST", body: fields(), credentials: "same-origin",
      headers: {"Accept": "application/json"}, keepalive: true,
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (answer) {
        if (response.ok && answer && answer.saved) {
          adopt(answer);
          say("Draft saved at " + answer.saved_at + ".");
        } else {
          explain(response.status, answer);
        }
      });
    }, function () {
      changed = true;
      say("Not autosaved: the site could not be reached. It will try again.");
    }).then(function () { inFlight = null; });
    return inFlight;
  }

  form.addEventListener("input", function () { changed = true; });
  form.addEventListener("change", function () { changed = true; });
  // A Save while an autosave is on its way waits for it, so it sends the newest version.
  // (Not Preview: it opens a tab, which only the click itself may do.)
  form.addEventListener("submit", function (event) {
    if (!event.submitter || !event.submitter.formTarget) leaving = true;
    if (!inFlight || (event.submitter && event.submitter.formTarget)) return;
    event.preventDefault();
    var submitter = event.submitter;
    inFlight.then(function () { form.requestSubmit(submitter); });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && !leaving) save();
  });
  setInterval(save, EVERY_MS);
})();
