// Warns before a session ends and offers to stay signed in (WCAG 2.2.1 Timing adjustable).
// The page says how long its session had left when it was drawn; shortly before the end this
// asks the server again (another tab or an htmx request may have been activity since), and
// only then opens the warning. core/sessions.py has the rules.
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) return;

  var statusUrl = dialog.dataset.statusUrl;
  var warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  var stayForm = dialog.querySelector("form[data-stay]");
  var csrfToken = stayForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  var endsAt = 0;
  var timer = null;
  var ticker = null;

  function describe(ms) {
    var seconds = Math.max(0, Math.round(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var parts = [];
    if (minutes) parts.push(minutes + (minutes === 1 ? " minute" : " minutes"));
    if (rest || !minutes) parts.push(rest + (rest === 1 ? " second" : " seconds"));
    return parts.join(" ");
  }

  function show(which) {
    dialog.querySelectorAll("[data-when]").forEach(function (element) {
      element.hidden = element.dataset.when !== which;
    });
  }

  function signedOut() {
    // The server has ended the session: loading the page again leads to the sign-in page.
    window.location.assign(window.location.href);
  }

  function plan(status) {
    var idleMs = status.idle_seconds * 1000;
    var lifetimeMs = status.lifetime_seconds * 1000;
    endsAt = Date.now() + Math.min(idleMs, lifetimeMs);
    show(idleMs < lifetimeMs ? "idle" : "lifetime");
    window.clearTimeout(timer);
    timer = window.setTimeout(check, Math.max(endsAt - Date.now() - warningMs, 0));
  }

  function tick() {
    var left = endsAt - Date.now();
    if (left <= 0) return signedOut();
    dialog.querySelectorAll("[data-countdown]").forEach(function (element) {
      element.textContent = describe(left);
    });
  }

  function warn() {
    tick();
    if (!dialog.open) dialog.showModal();
    window.clearInterval(ticker);
    ticker = window.setInterval(tick, 1000);
  }

  function status(method) {
    var options = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (method === "POST") options.headers["X-CSRFToken"] = csrfToken;
    return window.fetch(statusUrl, options).then(function (response) {
      if (!response.ok) throw new Error("signed out");
      return response.json();
    });
  }

  function check() {
    status("GET").then(function (current) {
      plan(current);
      if (endsAt - Date.now() <= warningMs + 1000) warn();
    }, signedOut);
  }

  stayForm.addEventListener("submit", function (event) {
    event.preventDefault();
    status("POST").then(function (current) {
      window.clearInterval(ticker);
      dialog.close();
      plan(current);
    }, signedOut);
  });

  plan({
    idle_seconds: Number(dialog.dataset.idleSeconds),
    lifetime_seconds: Number(dialog.dataset.lifetimeSeconds),
  });
})();
