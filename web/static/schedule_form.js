// The reminder form's live preview: as fields change, ask the server what the schedule would be
// (GET the form's data-preview-url with the fields as query parameters) and show its answer; and
// beside a time zone field, this device's zone to use. The page renders the same preview itself,
// so without this script the forms lose nothing.
(function () {
  "use strict";

  var WAIT_MS = 300;

  function showPreview(box, answer) {
    var parts = {
      words: answer.words,
      next: answer.next ? "Next: " + answer.next : "",
      problem: answer.problem
    };
    Object.keys(parts).forEach(function (name) {
      var line = box.querySelector('[data-preview="' + name + '"]');
      if (!line) {
        return;
      }
      line.textContent = parts[name] || "";
      line.hidden = !parts[name];
    });
  }

  function watch(form) {
    var box = form.querySelector("#schedule-preview");
    var url = form.getAttribute("data-preview-url");
    var timer = null;
    var asked = 0;
    if (!box || !url) {
      return;
    }

    function refresh() {
      var fields = new URLSearchParams(new FormData(form));
      fields.delete("csrf_token");
      var mine = ++asked;
      fetch(url + "?" + fields.toString(), {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) {
          var json = response.ok && (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
          return json ? response.json() : null;
        })
        .then(function (answer) {
          if (answer && mine === asked) {
            showPreview(box, answer);
          }
        })
        .catch(function () { /* offline or signed out: the preview drawn with the page stays */ });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, WAIT_MS);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }

  // Offer this device's time zone beside a zone field when it differs from what the field holds.
  function offerDeviceZone(box) {
    var input = document.getElementById(box.getAttribute("data-zone-field"));
    var offer = box.querySelector("[data-device-zone]");
    var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!input || !offer || !zone || zone === input.value) {
      return;
    }
    offer.querySelector("span").textContent = zone;
    offer.querySelector("button").setAttribute("aria-label", "Use " + zone);
    offer.hidden = false;
    offer.querySelector("button").addEventListener("click", function () {
      input.value = zone;
      input.dispatchEvent(new Event("input", {bubbles: true}));
      offer.hidden = true;
      input.focus();
    });
  }

  document.querySelectorAll("form[data-preview-url]").forEach(watch);
  document.querySelectorAll("[data-zone-field]").forEach(offerDeviceZone);
}());
