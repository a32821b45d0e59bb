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
  // Each request to the server is numbered; only the latest one's answer is acted on, so an
  // answer overtaken by "Stay signed in" cannot reopen the warning it closed.
  var asked = 0;
  // While the warning is open, how often to ask again (another tab may have been activity).
  var recheckMs = 30000;

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
    var untilWarning = endsAt - Date.now() - warningMs;
    // Inside the warning there is nothing to wait for but the end (tick() handles it) or
    // activity elsewhere: ask again now and then, never in a loop.
    timer = window.setTimeout(check, untilWarning > 0 ? untilWarning : recheckMs);
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
    var mine = ++asked;
    var options = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (method === "POST") options.headers["X-CSRFToken"] = csrfToken;
    return window.fetch(statusUrl, options).then(function (response) {
      if (!response.ok) throw new Error("signed out");
      return response.json();
    }).then(function (current) {
      if (mine !== asked) throw new Error("overtaken");
      return current;
    });
  }

  function unlessOvertaken(handle) {
    return function (error) {
      if (error && error.message === "overtaken") return;
      handle();
    };
  }

  function check() {
    status("GET").then(function (current) {
      plan(current);
      if (endsAt - Date.now() <= warningMs + 1000) {
        warn();
      } else if (dialog.open) {
        // Activity in another tab has kept the session: nothing to warn of any more.
        window.clearInterval(ticker);
        dialog.close();
      }
    }, unlessOvertaken(signedOut));
  }

  stayForm.addEventListener("submit", function (event) {
    event.preventDefault();
    // No check may start while the session is being kept, and none already asked counts.
    window.clearTimeout(timer);
    status("POST").then(function (current) {
      window.clearInterval(ticker);
      dialog.close();
      plan(current);
    }, unlessOvertaken(signedOut));
  });

  plan({
    idle_seconds: Number(dialog.dataset.idleSeconds),
    lifetime_seconds: Number(dialog.dataset.lifetimeSeconds),
  });
})();
