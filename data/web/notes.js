// The notes page for phones. Every note gets its id here, when it is sent, and is
// kept in this phone's own storage until the server says it is on disk. Notes are
// sent one at a time, in the order typed; a dropped connection, a closed tab, a
// phone that slept or a server restarted only delays them. User text is only ever
// set as text (textContent, value), never as markup.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("config").textContent);
  var W = cfg.words;
  var KINDS = ["point", "quote", "decision", "action", "question"];
  var OUTBOX = "facilitator.outbox." + cfg.session;   // notes not yet known to be on disk
  var GROUP = "facilitator.group." + cfg.session;     // asked once, remembered on this phone
  var PHONE = "facilitator.phone";                       // this phone, for the server's rate
  var POLL_MS = 4000;

  var $ = function (id) { return document.getElementById(id); };
  var page = window.facilitatorPage(cfg.base);
  var handout = window.facilitatorHandout(cfg.base);   // the day's summary, once published
  var load = page.load, newId = page.newId, text = page.text, make = page.make, request = page.request;
  var box = page.box(OUTBOX);
  var SENDER = "facilitator.sender." + cfg.session;  // one copy of the page sends at a time
  var outbox = box.all();
  var savedHere = {};        // id -> note saved from this page, until the server lists it
  var listed = [];           // the group's notes as the server last listed them
  var kind = "point";
  var sending = false;
  var retryAt = 0;
  var backoff = 1000;
  var oldAddress = false;
  var offline = false;
  var group = localStorage.getItem(GROUP);
  var phone = localStorage.getItem(PHONE) || newId();
  try { localStorage.setItem(PHONE, phone); } catch (e) { /* private mode: one per visit */ }

  // A note's fields changed in the outbox as stored (another copy may have changed the rest).
  function mark(id, fields) {
    outbox = box.change(function (items) {
      items.forEach(function (n) { if (n.id === id) Object.keys(fields).forEach(function (k) { n[k] = fields[k]; }); });
    });
  }

  // --- the group --------------------------------------------------------------------
  function ask() {
    $("ask").hidden = false; $("write").hidden = true;
    $("group").value = group || "";
    $("group").focus();
  }
  function write() {
    $("ask").hidden = true; $("write").hidden = false;
    text($("group-name"), group ? group : W["phone.everyone"]);
    render(); poll();
  }
  $("ask-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var value = $("group").value.replace(/\s+/g, " ").trim();
    if (value.length > cfg.groupMax) { show(W["phone.group.ask"], true); return; }
    group = value; localStorage.setItem(GROUP, group);
    write(); $("text").focus();
  });
  $("group-change").addEventListener("click", ask);

  // --- the kind: a button, or a typed prefix as in the app ----------------------------
  function effectiveKind() {
    var t = $("text").value;
    if (t.charAt(0) === "\\") return kind;
    var first = t.charAt(0);
    if (!first) return kind;
    return cfg.prefixes[first] || kind;
  }
  function showKind() {
    var k = effectiveKind();
    Array.prototype.forEach.call($("kinds").children, function (b) {
      b.setAttribute("aria-checked", String(b.dataset.kind === k));
    });
    $("speaker").hidden = k !== "quote";
    $("owner").hidden = k !== "action";
  }
  KINDS.forEach(function (k) {
    var b = make("button", "", W["note." + k]);
    b.type = "button"; b.dataset.kind = k; b.setAttribute("role", "radio");
    b.addEventListener("click", function () { kind = k; showKind(); $("text").focus(); });
    $("kinds").appendChild(b);
  });
  $("text").addEventListener("input", showKind);

  // --- sending: in order, one at a time, until the server says it is on disk ----------
  function send() {
    var value = $("text").value;
    if (!value.trim()) { $("text").focus(); return; }
    var k = effectiveKind();
    var note = {
      id: newId(), text: value, kind: k, group: group || "",
      speaker: k === "quote" ? $("speaker").value : "",
      owner: k === "action" ? $("owner").value : "",
      typedAt: Date.now(), state: "waiting", error: ""
    };
    outbox = box.change(function (items) { items.push(note); });
    $("text").value = ""; $("speaker").value = ""; $("owner").value = "";
    kind = "point"; showKind(); $("refused").hidden = true;
    render(); pump();
    $("text").focus();   // the keyboard stays up for the next note
  }
  $("note-form").addEventListener("submit", function (e) { e.preventDefault(); send(); });
  ["text", "speaker", "owner"].forEach(function (id) {
    $(id).addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
    });
  });


  // The oldest note not refused goes first, by one copy of the page at a time; the
  // others wait and look again, so that a reload (or the browser's own reload of its
  // error page) never sends a later note before an earlier one.
  function pump() {
    if (sending || oldAddress) return;
    if (Date.now() < retryAt) { setTimeout(pump, retryAt - Date.now() + 10); return; }
    sending = true;
    var again = false;
    page.oneAtATime(SENDER, function () {
      outbox = box.all();
      var note = null;
      for (var i = 0; i < outbox.length; i++) {
        if (outbox[i].state !== "refused") { note = outbox[i]; break; }
      }
      if (!note) return null;
      mark(note.id, { state: "sending" }); render();
      return request("POST", "/api/notes", {
        id: note.id, text: note.text, kind: note.kind, group: note.group,
        speaker: note.speaker, owner: note.owner, age_ms: Math.max(0, Date.now() - note.typedAt),
        phone: phone
      }).then(function (r) {
        if (r.status === 200) {
          drop(note.id); backoff = 1000; connected(true); again = true;
          // As the server read it (a prefix taken off, the speaker found), shown until it is listed.
          var shown = r.data.note || note;
          shown.typedAt = note.typedAt; shown.state = "saved";
          savedHere[note.id] = shown;
        } else if (r.status >= 400 && r.status < 500 && r.status !== 403 && r.status !== 408 && r.status !== 429) {
          // Refused as it is (a rule, a note too large to send): sending it again would not help.
          mark(note.id, { state: "refused", error: r.data.error || ("HTTP " + r.status) });
          connected(true); again = true;
        } else if (r.status === 403) {
          oldAddress = true; mark(note.id, { state: "failed", error: W["phone.old_address"] });
          show(W["phone.old_address"], true);
        } else {
          mark(note.id, { state: "failed", error: r.data.error || ("HTTP " + r.status) }); later();
        }
      }, function () {
        mark(note.id, { state: "failed", error: W["phone.offline"] });
        connected(false); later();
      });
    }).then(function (took) {
      sending = false; render();
      if (took === false) setTimeout(pump, 300);   // another copy is sending: look again soon
      else if (again && !oldAddress) pump();
    }, function () { sending = false; setTimeout(pump, 1000); });
  }
  function later() {
    retryAt = Date.now() + backoff;
    backoff = Math.min(backoff * 2, 10000);
    setTimeout(pump, backoff + 20);
  }
  function drop(id) {
    outbox = box.change(function (items) {
      for (var i = items.length - 1; i >= 0; i--) if (items[i].id === id) items.splice(i, 1);
    });
  }

  // --- what the server says: the session now, and the group's notes ------------------
  function poll() {
    if (oldAddress) return;
    request("GET", "/api/state?group=" + encodeURIComponent(group || "")).then(function (r) {
      if (r.status === 403) { oldAddress = true; show(W["phone.old_address"], true); return; }
      if (r.status !== 200) { connected(false); return; }
      connected(true);
      var s = r.data;
      text($("session"), s.title || "");
      var now = s.block ? W["phone.now"].replace("{block}", s.block) : W["phone.nothing_runs"];
      if (s.presenter) now += " · " + W["phone.presenting"].replace("{name}", s.presenter);
      text($("now"), now);
      handout(s.handout);
      if (group === null) return;   // still asked which group: the title is all there is to show
      listed = s.notes || [];
      listed.forEach(function (n) {   // on disk: whatever this phone still held of it is let go
        delete savedHere[n.id];
        if (outbox.some(function (o) { return o.id === n.id; })) drop(n.id);
      });
      render(); pump();
    }, function () { connected(false); });
  }
  function connected(yes) {
    offline = !yes;
    if (oldAddress) return;
    var waiting = outbox.filter(function (n) { return n.state !== "refused"; }).length;
    if (offline) show(W["phone.offline"] + " " + W["phone.kept"].replace("{count}", page.figure(waiting, cfg.lang)), false);
    else $("line").hidden = true;
  }
  function show(message, bad) {
    var line = $("line");
    text(line, message); line.hidden = false; line.className = bad ? "line bad" : "line";
  }

  // --- the list: this phone's notes in flight, then the group's notes on disk --------
  function render() {
    var list = $("notes");
    while (list.firstChild) list.removeChild(list.firstChild);
    var rows = [];
    outbox.forEach(function (n) { rows.push({ n: n, at: n.typedAt, local: true }); });
    Object.keys(savedHere).forEach(function (id) {
      rows.push({ n: savedHere[id], at: savedHere[id].typedAt, local: true, saved: true });
    });
    listed.forEach(function (n) { rows.push({ n: n, at: Date.parse(n.at), local: false }); });
    rows.sort(function (a, b) { return b.at - a.at; });
    rows.forEach(function (row) {
      var n = row.n, li = make("li");
      var meta = make("div", "meta");
      var label = W["note." + (row.local ? (n.kind || "point") : n.kind)] || "";
      meta.appendChild(make("span", "kind", label));
      var state = !row.local || row.saved ? "saved" : n.state;
      // Waiting to be sent again is waiting, not an alarm: red is for what the server refused.
      if (state === "failed") state = "waiting";
      var said = { saved: W["phone.saved"], sending: W["phone.sending"], waiting: W["phone.waiting"],
                   refused: W["phone.not_saved"] }[state];
      meta.appendChild(make("span", "state " + state, said));
      li.appendChild(meta);
      var body = n.text + (n.speaker ? " \u2014 " + n.speaker : "") + (n.owner ? " \u2192 " + n.owner : "");
      li.appendChild(make("p", "text", body));
      if (row.local && (n.state === "failed" || n.state === "refused") && !row.saved) {
        var why = make("p", n.state === "failed" ? "why later" : "why",
                       n.error + (n.state === "failed" ? " " + W["phone.retrying"] : ""));
        li.appendChild(why);
        if (n.state === "refused") {
          var edit = make("button", "link", W["phone.edit"]);
          edit.type = "button";
          edit.addEventListener("click", function () { editAgain(n); });
          li.appendChild(edit);
        }
      }
      list.appendChild(li);
    });
    $("none-yet").hidden = rows.length > 0;
  }
  function editAgain(n) {
    drop(n.id);
    $("text").value = n.text; kind = n.kind || "point";
    $("speaker").value = n.speaker || ""; $("owner").value = n.owner || "";
    showKind(); render();
    text($("refused"), n.error); $("refused").hidden = !n.error;
    $("text").focus();
  }

  // --- start ---------------------------------------------------------------------------
  document.documentElement.lang = cfg.lang;
  text($("ask-title"), W["phone.group.ask"]);
  $("group").placeholder = W["phone.group.example"];
  $("group").maxLength = cfg.groupMax;
  text($("group-go"), W["phone.group.go"]);
  text($("ask-hint"), W["phone.group.none"]);
  text($("group-change"), W["phone.group.change"]);
  $("text").placeholder = W["phone.placeholder"];
  $("text").maxLength = cfg.noteMax;
  $("speaker").maxLength = cfg.nameMax;
  $("owner").maxLength = cfg.nameMax;
  $("speaker").placeholder = W["phone.speaker"];
  $("owner").placeholder = W["phone.owner"];
  text($("send"), W["phone.send"]);
  text($("yours"), W["phone.yours"]);
  text($("none-yet"), W["phone.none_yet"]);
  var link = $("terminal"); link.href = cfg.terminal; text(link, W["phone.terminal"]);
  text($("session"), W["phone.title"]);
  addEventListener("storage", function (e) {   // another copy of the page changed the outbox
    if (e.key === OUTBOX) { outbox = box.all(); render(); }
  });
  showKind();
  if (group === null) { ask(); poll(); } else write();
  setInterval(poll, POLL_MS);
  addEventListener("online", function () { retryAt = 0; backoff = 1000; poll(); pump(); });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { retryAt = 0; poll(); pump(); }
  });
  pump();
})();
