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
  var load = page.load, newId = page.newId, text = page.text, make = page.make, request = page.request;
  var outbox = load(OUTBOX, []);
  var sent = load(SENT, []);
  var kind = "question";
  var round = null;          // the open round: {id, prompt}
  var sending = false, retryAt = 0, backoff = 1000, oldAddress = false;
  var phone = localStorage.getItem(PHONE) || newId();
  try { localStorage.setItem(PHONE, phone); } catch (e) { /* private mode: one per visit */ }

  function keep() {
    try {
      localStorage.setItem(OUTBOX, JSON.stringify(outbox));
      localStorage.setItem(SENT, JSON.stringify(sent.slice(-50)));
    } catch (e) { /* full: still in memory */ }
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
    outbox.push({
      id: newId(), text: value, name: name, typedAt: Date.now(), state: "waiting", error: "",
      kind: kind, round: kind === "answer" && round ? round.id : null,
      prompt: kind === "answer" && round ? round.prompt : ""
    });
    keep();
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


  function pump() {
    if (sending || oldAddress) return;
    var next = outbox.filter(function (n) { return n.state !== "refused"; })[0];
    if (!next) return;
    if (Date.now() < retryAt) { setTimeout(pump, retryAt - Date.now() + 10); return; }
    sending = true; next.state = "sending"; render();
    var c = next;
    request("POST", "/api/notes", {
      id: c.id, text: c.text, name: c.name, kind: c.kind, round: c.round, phone: phone
    }).then(function (r) {
      sending = false;
      if (r.status === 200) {
        outbox = outbox.filter(function (n) { return n.id !== c.id; });
        c.state = "received"; sent.push(c); keep(); backoff = 1000; show("", false);
      } else if (r.status === 403) {
        oldAddress = true; c.state = "failed"; c.error = W["phone.old_address"]; keep();
        show(W["phone.old_address"], true);
      } else if (r.status === 429) {
        c.state = "failed"; c.error = r.data.error || "HTTP 429"; keep();
        retryAt = Date.now() + 15000; setTimeout(pump, 15020);
      } else if (r.status >= 400 && r.status < 500 && r.status !== 408) {
        c.state = "refused"; c.error = r.data.error || ("HTTP " + r.status); keep();
      } else {
        c.state = "failed"; c.error = r.data.error || ("HTTP " + r.status); keep(); later();
      }
      render();
      if (r.status === 200 || r.status === 422) pump();
    }, function () {
      sending = false; c.state = "failed"; c.error = W["phone.offline"]; keep();
      show(W["phone.offline"] + " " + W["phone.kept"].replace("{count}", outbox.length), false);
      later(); render();
    });
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
      var said = { saved: W["ask.received"], sending: W["phone.sending"], waiting: W["phone.waiting"],
                   failed: W["phone.not_saved"], refused: W["phone.not_saved"] }[state];
      meta.appendChild(make("span", "state " + state, said));
      li.appendChild(meta);
      if (n.prompt) li.appendChild(make("p", "why-round hint", n.prompt));
      li.appendChild(make("p", "text", n.text + (n.name ? " \u2014 " + n.name : "")));
      if (n.state === "failed" || n.state === "refused") {
        li.appendChild(make("p", "why", n.error + (n.state === "failed" ? " " + W["phone.retrying"] : "")));
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
    outbox = outbox.filter(function (o) { return o.id !== n.id; }); keep();
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
  outbox.forEach(function (n) { if (n.state === "sending") n.state = "waiting"; });
  showKind(); render(); poll(); pump();
  setInterval(poll, POLL_MS);
  addEventListener("online", function () { retryAt = 0; backoff = 1000; poll(); pump(); });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { retryAt = 0; poll(); pump(); }
  });
})();
