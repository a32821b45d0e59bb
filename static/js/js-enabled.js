// Loaded at the very start of <body>, before anything is drawn, as the NHS.UK frontend asks:
// its components style and start themselves only when the body carries these classes.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
