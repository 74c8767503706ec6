// The room's page for phones: a question or a thought for the trainer, or an answer to
// the round that is open. Each gets its id here and stays in this phone's storage until
// the server says it is on disk; sent one at a time, in order, again and again through a
// dropped connection or a sleeping phone. User text is only ever set as text.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("config").textContent);
  var W = cfg.words;
  var OUTBOX = "facilitator.ask.outbox." + cfg.session;  // not yet known to be on disk
  var SENT = "facilitator.ask.sent." + cfg.session;      // on disk: listed here for its sender
  var NAME = "facilitator.ask.name";                     // the name chosen, if any
  var PHONE = "facilitator.phone";                       // this phone, for the server's rate
  var POLL_MS = 4000;

  var $ = function (id) { return document.getElementById(id); };
  var page = window.facilitatorPage(cfg.base);
  var handout = window.facilitatorHandout(cfg.base);   // the day's summary, once published
  var load = page.load, newId = page.newId, text = page.text, make = page.make, request = page.request;
  var box = page.box(OUTBOX), sentBox = page.box(SENT);
  var SENDER = "facilitator.ask.sender." + cfg.session;  // one copy of the page sends at a time
  var outbox = box.all();
  var sent = sentBox.all();
  var kind = "question";
  var round = null;          // the open round: {id, prompt}
  var sending = false, retryAt = 0, backoff = 1000, oldAddress = false;
  var phone = localStorage.getItem(PHONE) || newId();
  try { localStorage.setItem(PHONE, phone); } catch (e) { /* private mode: one per visit */ }

  // A contribution's fields changed in the outbox as stored (another copy may have changed the rest).
  function mark(id, fields) {
    outbox = box.change(function (items) {
      items.forEach(function (n) { if (n.id === id) Object.keys(fields).forEach(function (k) { n[k] = fields[k]; }); });
    });
  }
  function drop(id) {
    outbox = box.change(function (items) {
      for (var i = items.length - 1; i >= 0; i--) if (items[i].id === id) items.splice(i, 1);
    });
  }
  function show(message, bad) {
    var line = $("line");
    text(line, message); line.hidden = !message; line.className = bad ? "line bad" : "line";
  }

  // --- what to send: a question or a thought, or the round's answer --------------------
  function showKind() {
    if (!round && kind === "answer") kind = "question";
    text($("intro"), W["ask.intro"]);
    $("round").hidden = round === null;
    if (round) text($("prompt"), round.prompt);
    $("text").placeholder = kind === "answer" ? W["ask.answer_placeholder"] : W["ask.placeholder"];
    Array.prototype.forEach.call($("kinds").children, function (b) {
      b.hidden = b.dataset.kind === "answer" && !round;
      b.setAttribute("aria-checked", String(b.dataset.kind === kind));
    });
  }
  // While a round is open, its answer is one choice beside a question and a thought.
  ["answer", "question", "thought"].forEach(function (k) {
    var b = make("button", "", W[k === "answer" ? "ask.answer" : "ask." + k]);
    b.type = "button"; b.dataset.kind = k; b.setAttribute("role", "radio");
    b.addEventListener("click", function () { kind = k; showKind(); $("text").focus(); });
    $("kinds").appendChild(b);
  });

  function send() {
    var value = $("text").value;
    if (!value.trim()) { $("text").focus(); return; }
    var name = $("name").value.replace(/\s+/g, " ").trim();
    try { localStorage.setItem(NAME, name); } catch (e) { /* kept for this visit */ }
    var c = {
      id: newId(), text: value, name: name, typedAt: Date.now(), state: "waiting", error: "",
      kind: kind, round: kind === "answer" && round ? round.id : null,
      prompt: kind === "answer" && round ? round.prompt : ""
    };
    outbox = box.change(function (items) { items.push(c); });
    $("text").value = ""; $("refused").hidden = true;
    render(); pump();
    $("text").focus();
  }
  $("form").addEventListener("submit", function (e) { e.preventDefault(); send(); });
  ["text", "name"].forEach(function (id) {
    $(id).addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
    });
  });


  // The oldest first, by one copy of the page at a time (see notes.js).
  function pump() {
    if (sending || oldAddress) return;
    if (Date.now() < retryAt) { setTimeout(pump, retryAt - Date.now() + 10); return; }
    sending = true;
    var again = false;
    page.oneAtATime(SENDER, function () {
      outbox = box.all();
      var c = outbox.filter(function (n) { return n.state !== "refused"; })[0];
      if (!c) return null;
      mark(c.id, { state: "sending" }); render();
      return request("POST", "/api/notes", {
        id: c.id, text: c.text, name: c.name, kind: c.kind, round: c.round, phone: phone
      }).then(function (r) {
        if (r.status === 200) {
          drop(c.id); c.state = "received"; c.error = "";
          sent = sentBox.change(function (items) {
            if (!items.some(function (n) { return n.id === c.id; })) items.push(c);
            items.splice(0, Math.max(0, items.length - 50));
          });
          backoff = 1000; show("", false); again = true;
        } else if (r.status === 403) {
          oldAddress = true; mark(c.id, { state: "failed", error: W["phone.old_address"] });
          show(W["phone.old_address"], true);
        } else if (r.status === 429) {
          mark(c.id, { state: "failed", error: r.data.error || "HTTP 429" });
          retryAt = Date.now() + 15000; setTimeout(pump, 15020);
        } else if (r.status >= 400 && r.status < 500 && r.status !== 408) {
          mark(c.id, { state: "refused", error: r.data.error || ("HTTP " + r.status) }); again = true;
        } else {
          mark(c.id, { state: "failed", error: r.data.error || ("HTTP " + r.status) }); later();
        }
      }, function () {
        mark(c.id, { state: "failed", error: W["phone.offline"] });
        show(W["phone.offline"] + " " + W["phone.kept"].replace("{count}", page.figure(outbox.length, cfg.lang)), false);
        later();
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

  function poll() {
    if (oldAddress) return;
    request("GET", "/api/state").then(function (r) {
      if (r.status === 403) { oldAddress = true; show(W["phone.old_address"], true); return; }
      if (r.status !== 200) return;
      text($("session"), r.data.title || W["ask.title"]);
      handout(r.data.handout);
      var was = round ? round.id : null;
      round = r.data.round || null;
      if ((round ? round.id : null) !== was) {
        if (round) kind = "answer";   // a new round: answering it is what most will do now
        showKind();
      }
      pump();
    }, function () { /* said when a send fails; the page keeps what was typed */ });
  }

  // --- this phone's contributions: in flight, then received ----------------------------
  function render() {
    var list = $("notes");
    while (list.firstChild) list.removeChild(list.firstChild);
    var rows = sent.concat(outbox).slice().sort(function (a, b) { return b.typedAt - a.typedAt; });
    rows.forEach(function (n) {
      var li = make("li"), meta = make("div", "meta");
      var label = n.kind === "answer" ? W["ask.round"] : W["ask." + (n.kind === "thought" ? "thought" : "question")];
      meta.appendChild(make("span", "kind", label));
      var state = n.state === "received" ? "saved" : n.state;
      if (state === "failed") state = "waiting";   // to be sent again: waiting, not an alarm
      var said = { saved: W["ask.received"], sending: W["phone.sending"], waiting: W["phone.waiting"],
                   refused: W["phone.not_saved"] }[state];
      meta.appendChild(make("span", "state " + state, said));
      li.appendChild(meta);
      if (n.prompt) li.appendChild(make("p", "why-round hint", n.prompt));
      li.appendChild(make("p", "text", n.text + (n.name ? " \u2014 " + n.name : "")));
      if (n.state === "failed" || n.state === "refused") {
        li.appendChild(make("p", n.state === "failed" ? "why later" : "why",
                            n.error + (n.state === "failed" ? " " + W["phone.retrying"] : "")));
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
    $("text").value = n.text;
    if (n.kind === "question" || n.kind === "thought") kind = n.kind;
    showKind(); render();
    text($("refused"), n.error); $("refused").hidden = !n.error;
    $("text").focus();
  }

  // --- start ------------------------------------------------------------------------------
  document.documentElement.lang = cfg.lang;
  text($("session"), W["ask.title"]);
  text($("round-label"), W["ask.round"]);
  $("text").maxLength = cfg.most;
  $("name").maxLength = cfg.nameMax;
  // Said above the field, where it wraps, not as a placeholder cut at a phone's width.
  text($("name-label"), W["ask.name"]);
  $("name").value = localStorage.getItem(NAME) || "";
  text($("send"), W["ask.send"]);
  text($("yours"), W["ask.yours"]);
  text($("none-yet"), W["ask.none_yet"]);
  addEventListener("storage", function (e) {   // another copy of the page changed what it holds
    if (e.key === OUTBOX || e.key === SENT) { outbox = box.all(); sent = sentBox.all(); render(); }
  });
  showKind(); render(); poll(); pump();
  setInterval(poll, POLL_MS);
  addEventListener("online", function () { retryAt = 0; backoff = 1000; poll(); pump(); });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { retryAt = 0; poll(); pump(); }
  });
})();
