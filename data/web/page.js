// What the two phone pages share: their storage, ids, text-only drawing and their calls.
// User text is only ever set as text (textContent), never as markup.
window.facilitatorPage = function (base) {
  "use strict";
  var SEND_TIMEOUT_MS = 30000;
  return {
    load: function (key, fallback) {
      try { var v = JSON.parse(localStorage.getItem(key)); return v == null ? fallback : v; }
      catch (e) { return fallback; }
    },
    newId: function () {
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);   // also on plain http, where randomUUID is not offered
      return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    },
    text: function (el, value) { el.textContent = value; return el; },
    make: function (tag, cls, value) {
      var el = document.createElement(tag);
      if (cls) el.className = cls;
      if (value != null) el.textContent = value;
      return el;
    },
    // One call to the server: {status, data}, or a rejection when it cannot be reached.
    request: function (method, path, body) {
      var ctl = new AbortController();
      var timer = setTimeout(function () { ctl.abort(); }, SEND_TIMEOUT_MS);
      var init = { method: method, signal: ctl.signal, cache: "no-store", headers: {} };
      if (body !== undefined) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
      return fetch(base + path, init).then(function (r) {
        clearTimeout(timer);
        return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, data: data }; });
      }, function (err) { clearTimeout(timer); throw err; });
    }
  };
};
