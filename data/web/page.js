// What the two phone pages share: their storage, ids, text-only drawing and their calls.
// User text is only ever set as text (textContent), never as markup.
window.facilitatorPage = function (base) {
  "use strict";
  var SEND_TIMEOUT_MS = 30000;
  var LEASE_MS = 6000;       // a copy of the page that died holding the lease holds it no longer
  var me = String(Math.random()).slice(2) + Date.now();   // this copy of the page
  function load(key, fallback) {
    try { var v = JSON.parse(localStorage.getItem(key)); return v == null ? fallback : v; }
    catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full: kept in memory */ }
  }
  var leases = {};
  function letGo(name) {
    var held = load(name, null);
    if (held && held.by === me) localStorage.removeItem(name);
    delete leases[name];
  }
  addEventListener("pagehide", function () { Object.keys(leases).forEach(letGo); });
  return {
    load: load,
    // A number as the page's language writes it, the same rule as the program's (i18n.figure):
    // 5 000 in Swedish (a no-break space between the thousands), 5,000 in English.
    figure: function (n, lang) {
      return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, lang === "sv" ? "\u00a0" : ",");
    },
    // A list in this phone's storage, read, changed and written back at once: two copies
    // of the page (a reload, the browser's own) never write back a list the other changed.
    box: function (key) {
      return {
        all: function () { return load(key, []); },
        change: function (fn) { var items = load(key, []); fn(items); save(key, items); return items; }
      };
    },
    // ``work`` (a promise) run by one copy of the page at a time; false if another holds it.
    // The Web Locks API where the browser offers it (secure pages), else a lease in
    // localStorage: written, read back after a moment (whoever wrote last has it), renewed.
    oneAtATime: function (name, work) {
      if (navigator.locks && navigator.locks.request) {
        return navigator.locks.request(name, { ifAvailable: true }, function (lock) {
          if (!lock) return false;
          return Promise.resolve(work()).then(function () { return true; });
        });
      }
      var held = load(name, null);
      if (held && held.by !== me && held.until > Date.now()) return Promise.resolve(false);
      save(name, { by: me, until: Date.now() + LEASE_MS });
      return new Promise(function (ok) { setTimeout(ok, 50); }).then(function () {
        var still = load(name, null);
        if (!still || still.by !== me) return false;
        leases[name] = true;
        var renew = setInterval(function () { save(name, { by: me, until: Date.now() + LEASE_MS }); }, 2000);
        var done = function () { clearInterval(renew); letGo(name); };
        return Promise.resolve(work()).then(function () { done(); return true; },
                                            function (e) { done(); throw e; });
      });
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
