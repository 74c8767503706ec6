// The day's summary on a phone page, once the trainer publishes it: the homework, the next
// occasion with its calendar event, the Word file, and the recap itself in a frame that runs
// nothing. Shown from the page's state (``handout``) and taken down as soon as it says null.
// Every text is set as text; the recap's page is the server's, every value in it escaped.
window.facilitatorHandout = function (base) {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var shown = null;   // the tag of the recap in the frame, or null
  var frame = $("handout-recap");

  function fit() {   // the frame as tall as the recap: the page scrolls, not the frame
    try {
      var doc = frame.contentDocument;
      if (doc && doc.documentElement) frame.style.height = doc.documentElement.scrollHeight + "px";
    } catch (e) { /* not readable: the frame keeps its own scroll */ }
  }
  frame.addEventListener("load", fit);
  addEventListener("resize", function () { if (shown) fit(); });

  function say(id, value) { var el = $(id); el.textContent = value || ""; return el; }

  return function show(h) {
    var section = $("handout");
    if (!h) {
      if (shown !== null) frame.src = "about:blank";   // taken down: nothing of it stays
      shown = null; section.hidden = true;
      return;
    }
    var W = h.words;
    section.lang = h.lang;
    say("handout-title", W["handout.title"]);
    say("handout-homework-label", W["recap.label.homework"]);
    say("handout-homework", h.homework);
    $("handout-homework-box").hidden = !h.homework;
    say("handout-next-label", W["recap.label.next_session"]);
    say("handout-next", h.next);
    $("handout-next-box").hidden = !h.next;
    var calendar = say("handout-calendar", W["handout.calendar"]);
    calendar.href = base + "/recap.ics";
    calendar.hidden = !h.calendar;
    say("handout-download", W["handout.download"]).href = base + "/recap.docx";
    say("handout-read", W["handout.read"]).href = base + "/recap";
    frame.title = W["handout.frame"];
    section.hidden = false;
    if (shown !== h.tag) {   // published anew, or the recap changed: load it again
      shown = h.tag;
      frame.src = base + "/recap?v=" + encodeURIComponent(h.tag);
    }
  };
};
