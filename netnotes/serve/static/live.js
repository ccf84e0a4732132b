// netnotes serve: keep the open page live. Polls /version; when the vault changed, fetches
// this page again and swaps the inside of <main>, keeping the scroll position and the open
// <details>. A form the person is filling in is never replaced under them: the swap waits
// until they are done. No button is ever disabled.
(function () {
  "use strict";
  var EVERY = 300, RESTING = 2000;
  var main = document.getElementById("main");
  if (!main || !window.fetch) { return; }
  var shown = main.getAttribute("data-version");
  var busy = false;

  function filling() {
    var active = document.activeElement;
    if (active && main.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) &&
        active.type !== "submit" && active.type !== "button") {
      return true;
    }
    var fields = main.querySelectorAll("input[type=text], input[type=search], input[type=date], textarea");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value !== fields[i].defaultValue) { return true; }
    }
    var selects = main.querySelectorAll("select");
    for (var j = 0; j < selects.length; j++) {
      var first = 0;  // the option the page chose: marked selected, else the first
      for (var k = 0; k < selects[j].options.length; k++) {
        if (selects[j].options[k].defaultSelected) { first = k; break; }
      }
      if (selects[j].selectedIndex !== first) { return true; }
    }
    return false;
  }

  function openDetails() {
    var keys = [];
    var open = main.querySelectorAll("details[open][data-key]");
    for (var i = 0; i < open.length; i++) { keys.push(open[i].getAttribute("data-key")); }
    return keys;
  }

  function swap(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    var fresh = next.getElementById("main");
    if (!fresh) { return; }
    var keys = openDetails(), x = window.scrollX, y = window.scrollY;
    main.innerHTML = fresh.innerHTML;
    main.setAttribute("data-version", fresh.getAttribute("data-version") || "");
    shown = fresh.getAttribute("data-version");
    if (next.title) { document.title = next.title; }
    var details = main.querySelectorAll("details[data-key]");
    for (var i = 0; i < details.length; i++) {
      if (keys.indexOf(details[i].getAttribute("data-key")) >= 0) { details[i].open = true; }
    }
    window.scrollTo(x, y);
  }

  function reload() {
    busy = true;
    return fetch(window.location.pathname + window.location.search,
                 {credentials: "same-origin", cache: "no-store", headers: {"Accept": "text/html"}})
      .then(function (r) { return r.text(); })
      .then(function (html) { if (!filling()) { swap(html); } })
      .finally(function () { busy = false; });
  }

  function tick() {
    var wait = EVERY;
    fetch("/version", {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (String(data.version) !== shown && !busy && !filling()) { return reload(); }
      })
      .catch(function () { wait = RESTING; })  // the server stopped: look again, less often
      .finally(function () { window.setTimeout(tick, wait); });
  }

  window.setTimeout(tick, EVERY);
}());
