"""English and Swedish words for everything the program shows, and dates in each."""

from __future__ import annotations

import os
from datetime import date

LANGUAGES = ("en", "sv")

# key -> (English, Swedish). Every label the interface shows comes from here.
STRINGS: dict[str, tuple[str, str]] = {
    "app.no_session": (
        "No session open. Run `facilitator demo`, `facilitator new TITLE` or "
        "`facilitator import PLAN` in a shell, then open it.",
        "Ingen session öppen. Kör `facilitator demo`, `facilitator new TITEL` eller "
        "`facilitator import PLAN` i ett skal och öppna den sedan.",
    ),
    # Footer and palette names of the keys, by binding id.
    "key.quit": ("Quit", "Avsluta"),
    "key.language": ("Svenska", "English"),
    "key.agenda": ("Agenda", "Agenda"),
    "key.room": ("Room view", "Rumsvy"),
    "key.start_pause": ("Start/pause", "Starta/pausa"),
    "key.extend": ("+1 min", "+1 min"),
    "key.shorten": ("-1 min", "-1 min"),
    "key.finish": ("Finish", "Avsluta pass"),
    "key.skip": ("Skip", "Hoppa över"),
    "key.add": ("Add", "Lägg till"),
    "key.edit": ("Edit", "Ändra"),
    "key.remove": ("Remove", "Ta bort"),
    "key.move_up": ("Move up", "Flytta upp"),
    "key.move_down": ("Move down", "Flytta ner"),
    "key.message": ("Message to the room", "Meddelande till rummet"),
    "key.clear_message": ("Clear message", "Rensa meddelandet"),
    "key.blackout": ("Blackout", "Släck rumsvyn"),
    "key.bell": ("Bell on/off", "Ljudsignal av/på"),
    "key.warnings": ("Warning times", "Varningstider"),
    "key.presentations": ("Presentations", "Presentationer"),
    "key.call_next": ("Call next", "Nästa talare"),
    "key.finish_presenter": ("Finish", "Klar"),
    "key.skip_presenter": ("Skip", "Hoppa över"),
    "key.command_palette": ("commands", "kommandon"),
    "key.absent": ("Absent", "Frånvarande"),
    "key.bring_back": ("Bring back", "Ta tillbaka"),
    "key.add_presenter": ("Add", "Lägg till"),
    "key.edit_presenter": ("Edit", "Ändra"),
    "key.remove_presenter": ("Remove", "Ta bort"),
    "key.move_presenter_up": ("Move up", "Flytta upp"),
    "key.move_presenter_down": ("Move down", "Flytta ner"),
    "key.notes": ("Notes", "Anteckningar"),
    "key.note_kind": ("Kind", "Typ"),
    "key.undo": ("Undo delete", "Ångra radering"),
    "key.write": ("Write", "Skriv"),
    "key.to_list": ("To the notes", "Till anteckningarna"),
    "key.edit_note": ("Edit", "Ändra"),
    "key.delete_note": ("Delete", "Radera"),
    "key.pin_note": ("Pin", "Fäst"),
    "key.search": ("Search", "Sök"),
    "key.save": ("Save", "Spara"),
    "key.recap": ("Recap", "Sammanfattning"),
    "key.recap_language": ("Recap language", "Sammanfattningens språk"),
    "key.export": ("Export", "Exportera"),
    "key.help": ("Help", "Hjälp"),
    "key.close_help": ("Close", "Stäng"),
    "key.new_session": ("New session", "Ny session"),
    "key.import_plan": ("Import a plan", "Importera en plan"),
    "key.demo": ("Demo", "Demo"),
    "key.theme": ("Light/dark", "Ljust/mörkt"),
    "key.attendance": ("Attendance", "Närvaro"),
    "key.next_occasion": ("Next occasion", "Nästa tillfälle"),
    "key.run_today": ("Run as today", "Kör som i dag"),
    "key.addresses": ("Browser addresses", "Adresser för webbläsare"),
    "key.join": ("QR for the tables", "QR till borden"),
    "key.close": ("Close", "Stäng"),
    "key.mark_present": ("Present", "Närvarande"),
    "key.mark_late": ("Late", "Sen"),
    "key.mark_absent": ("Absent", "Frånvarande"),
    "key.mark_unknown": ("Not marked", "Omarkerad"),
    "key.done_note": ("Done/open", "Klar/öppen"),
    "key.cancel": ("Cancel", "Avbryt"),
    "key.yes": ("Yes", "Ja"),
    "key.no": ("No", "Nej"),
    # What each key does, for the command palette.
    "help.quit": ("Leave facilitator; everything is saved", "Lämna facilitator; allt är sparat"),
    "help.language": (
        "Switch the interface between English and Swedish",
        "Växla gränssnittet mellan engelska och svenska",
    ),
    "help.agenda": ("The day's blocks and timers", "Dagens pass och tidtagning"),
    "help.room": (
        "Big clock for the projector (or run `facilitator room` in a second terminal)",
        "Stor klocka för projektorn (eller kör `facilitator room` i en andra terminal)",
    ),
    "help.start_pause": (
        "Start the selected block, or pause / resume the running one",
        "Starta markerat pass, eller pausa / fortsätt det som pågår",
    ),
    "help.extend": ("Give the running block one more minute", "Ge passet som pågår en minut till"),
    "help.shorten": (
        "Take one minute off the running block",
        "Ta bort en minut från passet som pågår",
    ),
    "help.finish": (
        "Finish the running block and select the next",
        "Avsluta passet som pågår och markera nästa",
    ),
    "help.skip": (
        "Skip the selected block, or bring it back",
        "Hoppa över markerat pass, eller ta tillbaka det",
    ),
    "help.add": ("Add a block after the selected one", "Lägg till ett pass efter det markerade"),
    "help.edit": (
        "Change the selected block's kind, title or minutes",
        "Ändra markerat pass typ, titel eller minuter",
    ),
    "help.remove": ("Take the selected block off the agenda", "Ta bort markerat pass från agendan"),
    "help.move_up": ("Move the selected block earlier", "Flytta markerat pass tidigare"),
    "help.move_down": ("Move the selected block later", "Flytta markerat pass senare"),
    "help.message": ("Show a message big in the room view", "Visa ett meddelande stort i rumsvyn"),
    "help.clear_message": (
        "Take the message off the room view",
        "Ta bort meddelandet från rumsvyn",
    ),
    "help.blackout": (
        "Blank the room view, or bring it back",
        "Släck rumsvyn, eller tänd den igen",
    ),
    "help.bell": (
        "Ring the terminal bell at each timer warning",
        "Låt terminalen pipa vid varje tidsvarning",
    ),
    "help.warnings": (
        "Minutes before a block's end when the timer warns, like 5, 1",
        "Minuter före passets slut då klockan varnar, till exempel 5, 1",
    ),
    "help.presentations": (
        "The queue of participants presenting their projects",
        "Kön av deltagare som presenterar sina projekt",
    ),
    "help.call_next": (
        "The one presenting is done; call the first one waiting",
        "Den som presenterar är klar; ropa upp nästa i kön",
    ),
    "help.finish_presenter": ("The one presenting is done", "Den som presenterar är klar"),
    "help.skip_presenter": (
        "Not now: the selected presenter goes to the end of the queue",
        "Inte nu: markerad talare flyttas sist i kön",
    ),
    "help.absent": ("Mark the selected presenter absent", "Markera talaren som frånvarande"),
    "help.bring_back": (
        "A skipped or absent presenter goes next",
        "En överhoppad eller frånvarande talare blir nästa",
    ),
    "help.add_presenter": (
        "Add a presentation after the selected one",
        "Lägg till en presentation efter den markerade",
    ),
    "help.edit_presenter": ("Change the selected presentation", "Ändra markerad presentation"),
    "help.remove_presenter": (
        "Take the selected presentation out of the queue",
        "Ta bort markerad presentation ur kön",
    ),
    "help.move_presenter_up": (
        "Move the selected presenter earlier",
        "Flytta markerad talare tidigare",
    ),
    "help.move_presenter_down": (
        "Move the selected presenter later",
        "Flytta markerad talare senare",
    ),
    # The presentation queue.
    "queue.col.presenter": ("Presenter", "Talare"),
    "queue.col.organisation": ("Organisation", "Organisation"),
    "queue.col.title": ("Project", "Projekt"),
    "queue.col.minutes": ("Min", "Min"),
    "queue.col.state": ("State", "Läge"),
    "queue.col.took": ("Took", "Tog"),
    "queue.col.notes": ("Notes", "Ant."),
    "queue.progress": (
        "{done} of {total} done, {waiting} waiting, about {minutes} min left",
        "{done} av {total} klara, {waiting} väntar, cirka {minutes} min kvar",
    ),
    "queue.empty": (
        "Nobody in the queue yet: a adds a presenter",
        "Ingen i kön än: a lägger till en talare",
    ),
    "queue.nobody_next": (
        "Nobody presents now. Next: {name} (n calls)",
        "Ingen presenterar nu. Nästa: {name} (n ropar upp)",
    ),
    "queue.nobody": (
        "Nobody presents now, and nobody waits",
        "Ingen presenterar nu, och ingen väntar",
    ),
    "queue.now": ("Now: ", "Nu: "),
    "queue.left": ("{left} left of {minutes} min", "{left} kvar av {minutes} min"),
    "queue.overtime": ("OVERTIME {over}", "ÖVERTID {over}"),
    "queue.notes": ("notes: {count}", "anteckningar: {count}"),
    "queue.offer": (
        "Presentations: F5 opens the queue",
        "Presentationer: F5 öppnar talarkön",
    ),
    "pstate.waiting": ("waiting", "väntar"),
    "pstate.presenting": ("presenting", "presenterar"),
    "pstate.done": ("done", "klar"),
    "pstate.skipped": ("skipped", "överhoppad"),
    "pstate.absent": ("absent", "frånvarande"),
    "help.notes": (
        "Take notes: they link to the running block and presenter by themselves",
        "Anteckna: anteckningarna knyts själva till pågående pass och talare",
    ),
    "help.note_kind": (
        "Next note's kind: point, quote, decision, action, question",
        "Nästa antecknings typ: punkt, citat, beslut, åtgärd, fråga",
    ),
    "help.undo": (
        "Bring back the note deleted last",
        "Ta tillbaka den senast raderade anteckningen",
    ),
    "help.to_list": ("From the line to the list of notes", "Från raden till listan"),
    "help.write": ("Back to the line where notes are typed", "Tillbaka till raden där man skriver"),
    "help.edit_note": (
        "Change the selected note, its kind, who, and its links",
        "Ändra markerad anteckning, dess typ, vem och vad den hör till",
    ),
    "help.delete_note": (
        "Delete the selected note (ctrl+z brings it back)",
        "Radera markerad anteckning (ctrl+z ångrar)",
    ),
    "help.pin_note": (
        "Pin the selected note for the recap, or unpin it",
        "Fäst markerad anteckning i sammanfattningen, eller lossa den",
    ),
    "help.search": ("Find notes by their words", "Hitta anteckningar på deras ord"),
    "help.save": ("Save the changes", "Spara ändringarna"),
    "help.recap": (
        "The recap of the day, as it reads so far, to export",
        "Dagens sammanfattning som den ser ut hittills, att exportera",
    ),
    "help.recap_language": (
        "Write the recap in Swedish or English",
        "Skriv sammanfattningen på svenska eller engelska",
    ),
    "help.export": (
        "Write the recap to a file: .md, .html, .txt or .json",
        "Skriv sammanfattningen till en fil: .md, .html, .txt eller .json",
    ),
    "recap.bar": (  # the keys are in the footer
        "Recap in {language}, as {style}",
        "Sammanfattning på {language}, som {style}",
    ),
    "recap.style.minutes": ("minutes", "protokoll"),
    "recap.style.article": ("an article", "artikel"),
    "key.recap_style": ("Minutes/article", "Protokoll/artikel"),
    "help.recap_style": (
        "The recap as structured minutes or as an article about the day",
        "Sammanfattningen som protokoll eller som en artikel om dagen",
    ),
    "recap.export_heading": (
        "Export to (the ending picks the format: .md .html .txt .json)",
        "Exportera till (filändelsen väljer format: .md .html .txt .json)",
    ),
    "recap.bad_extension": (
        "{name}: end the name with .md, .html, .txt or .json",
        "{name}: avsluta namnet med .md, .html, .txt eller .json",
    ),
    "recap.writing": ("Writing {path}…", "Skriver {path}…"),
    "recap.written": ("Wrote {path}", "Skrev {path}"),
    "language.sv": ("Swedish", "svenska"),
    "language.en": ("English", "engelska"),
    "help.help": (
        "Every key of this screen, and what it does",
        "Alla tangenter på den här skärmen, och vad de gör",
    ),
    "help.close_help": ("Back to where you were", "Tillbaka dit du var"),
    "help.col.key": ("Key", "Tangent"),
    "help.col.name": ("Name", "Namn"),
    "help.col.does": ("What it does", "Vad den gör"),
    "help.heading": (
        "Keys on this screen, and everywhere",
        "Tangenter på den här skärmen, och överallt",
    ),
    "help.footer": (
        "ctrl+p finds every command by name. Escape, F1 or ? closes this help.",
        "ctrl+p hittar varje kommando på namn. Escape, F1 eller ? stänger hjälpen.",
    ),
    "settings.not_kept": (
        "{path}: the setting is not kept for the next start ({reason})",
        "{path}: inställningen sparas inte till nästa start ({reason})",
    ),
    "palette.placeholder": ("Search for a command…", "Sök ett kommando…"),
    "palette.open_session": ("Open session: {title} {date}", "Öppna session: {title} {date}"),
    "palette.open_session.help": (
        "Switch to another session of this store",
        "Byt till en annan session i samma lager",
    ),
    "help.new_session": ("Start an empty session for today", "Starta en tom session för i dag"),
    "help.import_plan": (
        "Make a session from a .toml plan or a .json export",
        "Skapa en session från en .toml-plan eller en .json-export",
    ),
    "help.demo": ("A fresh copy of the example day", "En ny kopia av exempeldagen"),
    "start.heading": (
        "facilitator — pick a session, or start one",
        "facilitator — välj en session, eller starta en",
    ),
    "start.hint": (
        "Enter opens the session.   n: new   i: import a plan   d: the demo day",
        "Enter öppnar sessionen.   n: ny   i: importera en plan   d: exempeldagen",
    ),
    "start.empty": (
        "No sessions yet.   n: new   i: import a plan   d: the demo day",
        "Inga sessioner än.   n: ny   i: importera en plan   d: exempeldagen",
    ),
    "start.new_heading": ("Title of the new session", "Den nya sessionens titel"),
    "start.import_heading": (
        "Plan file (.toml) or export (.json) to import",
        "Planfil (.toml) eller export (.json) att importera",
    ),
    "sstate.planned": ("planned", "planerad"),
    "sstate.running": ("running", "pågår"),
    "sstate.done": ("done", "klar"),
    "help.theme": (
        "Switch between the dark and the light theme (both made for projectors)",
        "Växla mellan mörkt och ljust tema (båda gjorda för projektorer)",
    ),
    "help.attendance": (
        "Who came: a check-in round, one key each",
        "Vilka som kom: ett incheckningsvarv, en tangent var",
    ),
    "help.addresses": (
        "Where the room and the note-takers open their pages in a browser, with a QR code",
        "Var rummet och antecknarna öppnar sina sidor i en webbläsare, med en QR-kod",
    ),
    "help.join": (
        "Show the notes page's QR code on the projector (again: hide it)",
        "Visa anteckningssidans QR-kod på projektorn (igen: göm den)",
    ),
    "help.close": ("Close this", "Stäng det här"),
    "help.run_today": (
        "A day dated another day: run it today, from the next quarter hour",
        "En dag med ett annat datum: kör den i dag, från nästa kvart",
    ),
    "day.other": (
        "This day is dated {date}, not today: its agenda is shown as planned, with no "
        "lateness. ctrl+d runs it as today, from {start}.",
        "Dagen är daterad {date}, inte i dag: programmet visas som planerat, utan "
        "förseningar. ctrl+d kör den som i dag, från {start}.",
    ),
    "day.is_today": (
        "This day is today's, or has begun: its times stay as they are.",
        "Dagen är dagens, eller har börjat: dess tider får vara som de är.",
    ),
    "day.today": (
        "The day now runs as today, from {start}.",
        "Dagen körs nu som i dag, från {start}.",
    ),
    "help.next_occasion": (
        "Prepare the next occasion of the programme from this one",
        "Förbered programmets nästa tillfälle utifrån det här",
    ),
    "help.mark_present": (
        "The selected participant is here; on to the next",
        "Markerad deltagare är här; vidare till nästa",
    ),
    "help.mark_late": (
        "The selected participant came late; on to the next",
        "Markerad deltagare kom sent; vidare till nästa",
    ),
    "help.mark_absent": (
        "The selected participant is away, and will not be called to present",
        "Markerad deltagare är borta och ropas inte upp för att presentera",
    ),
    "help.mark_unknown": ("Clear the mark", "Ta bort markeringen"),
    "attendance.col.name": ("Participant", "Deltagare"),
    "attendance.col.organisation": ("Organisation", "Organisation"),
    "attendance.col.role": ("Role", "Roll"),
    "attendance.col.attendance": ("Attendance", "Närvaro"),
    "attendance.present": ("present", "närvarande"),
    "attendance.late": ("late", "sen"),
    "attendance.absent": ("absent", "frånvarande"),
    "attendance.unknown": ("not marked", "omarkerad"),
    "attendance.counts": (
        "{counts}.   p present  l late  a absent",
        "{counts}.   p närvarande  l sen  a frånvarande",
    ),
    "attendance.count.present": ("{count} present", "{count} närvarande"),
    "attendance.count.late": ("{count} late", "{count} sena"),
    "attendance.count.late.one": ("{count} late", "{count} sen"),
    "attendance.count.absent": ("{count} absent", "{count} frånvarande"),
    "attendance.count.unknown": ("{count} not marked", "{count} omarkerade"),
    "attendance.count.unknown.one": ("{count} not marked", "{count} omarkerad"),
    "attendance.empty": (
        "No participants on this session (a plan's [[participants]] or its presenters make them)",
        "Inga deltagare i den här sessionen (planens [[participants]] eller talarna skapar dem)",
    ),
    "next.heading": (
        "Date of the next occasion (YYYY-MM-DD)",
        "Nästa tillfälles datum (ÅÅÅÅ-MM-DD)",
    ),
    "next.bad_date": (
        "“{text}” is not a date like 2018-01-25",
        "”{text}” är inget datum som 2018-01-25",
    ),
    "next.made": ("The next occasion is ready", "Nästa tillfälle är förberett"),
    "help.done_note": (
        "Mark the selected action done, or open again (open ones carry over to the next occasion)",
        "Markera åtgärden som klar, eller öppen igen (öppna följer med till nästa tillfälle)",
    ),
    "notes.carried": ("(carried from {date})", "(från {date})"),
    # Notes.
    "notes.placeholder": (
        'Type a note, Enter saves.   " quote  ! decision  > action  ? question',
        'Skriv en anteckning, Enter sparar.   " citat  ! beslut  > åtgärd  ? fråga',
    ),
    "notes.search": ("Search…", "Sök…"),
    "notes.pending_more": ("… and {count} more", "… och {count} till"),
    "notes.saving_count": ("… saving {count}", "… sparar {count}"),
    "notes.failed_count": (
        "✗ NOT SAVED: {count} (ctrl+r retries)",
        "✗ INTE SPARADE: {count} (ctrl+r försöker igen)",
    ),
    "notes.all_saved": ("✓ saved", "✓ sparat"),
    "notes.nothing_to_retry": ("Every note is saved", "Alla anteckningar är sparade"),
    "quit.unsaved": (
        "Notes typed and not saved yet: {count}. Quit anyway? They will be printed in the terminal.",
        "Skrivna anteckningar som inte är sparade än: {count}. Avsluta ändå? De skrivs ut i terminalen.",
    ),
    "key.retry_notes": ("Retry unsaved", "Spara igen"),
    "help.retry_notes": (
        "Save again the notes that could not be saved",
        "Spara på nytt anteckningar som inte kunde sparas",
    ),
    "notes.all_kinds": ("All kinds", "Alla typer"),
    "notes.all_blocks": ("All blocks", "Alla pass"),
    "notes.all_presenters": ("All presenters", "Alla talare"),
    "notes.all_groups": ("All groups", "Alla grupper"),
    "notes.no_group": ("The whole room", "Hela rummet"),
    "notes.col.time": ("Time", "Tid"),
    "notes.col.kind": ("Kind", "Typ"),
    "notes.col.text": ("Note", "Anteckning"),
    "notes.col.link": ("Block · presenter", "Pass · talare"),
    "notes.total": ("{count} notes", "{count} anteckningar"),
    "notes.total.one": ("{count} note", "{count} anteckning"),
    "notes.showing": (
        "(showing {shown} of {matching} that match)",
        "(visar {shown} av {matching} som matchar)",
    ),
    "notes.linked_to": ("new notes go to: {where}", "nya anteckningar hör till: {where}"),
    "notes.unlinked": (
        "nothing runs: new notes go to the session",
        "inget pågår: nya anteckningar hör till sessionen",
    ),
    "notes.presenting": ("{name} presenting", "{name} presenterar"),
    "notes.deleted": (
        "Note deleted; ctrl+z brings it back",
        "Anteckningen raderad; ctrl+z tar tillbaka den",
    ),
    "note.point": ("point", "punkt"),
    "note.quote": ("quote", "citat"),
    "note.decision": ("decision", "beslut"),
    "note.action": ("action", "åtgärd"),
    "note.question": ("question", "fråga"),
    "nform.heading": ("Edit the note", "Ändra anteckningen"),
    "nform.kind": ("Kind", "Typ"),
    "nform.speaker": ("Said by", "Sagt av"),
    "nform.owner": ("Who does it", "Vem gör det"),
    "nform.block": ("Block", "Pass"),
    "nform.presentation": ("Presenter", "Talare"),
    "nform.none": ("(none)", "(inget)"),
    "nform.keys": ("ctrl+s: save   Escape: cancel", "ctrl+s: spara   Escape: avbryt"),
    # The agenda.
    "agenda.col.start": ("Start", "Start"),
    "agenda.col.minutes": ("Min", "Min"),
    "agenda.col.kind": ("Kind", "Typ"),
    "agenda.col.state": ("State", "Läge"),
    "agenda.col.ran": ("Ran", "Tid"),
    "agenda.col.title": ("Block", "Pass"),
    "agenda.late": (
        "Reminder: “{title}” was due to start at {time}",
        "Påminnelse: ”{title}” skulle ha börjat {time}",
    ),
    "agenda.blackout_on": ("The room view is blacked out (b)", "Rumsvyn är släckt (b)"),
    "agenda.message_on": ("Room message: {message}", "Meddelande i rumsvyn: {message}"),
    "status.left": ("{left} left", "{left} kvar"),
    "status.paused": ("paused, {left} left", "pausad, {left} kvar"),
    "status.overtime": ("OVERTIME {over}", "ÖVERTID {over}"),
    "status.next": ("Next: {title} at {time}", "Nästa: {title} kl. {time}"),
    "status.day_done": ("The day is done", "Dagen är klar"),
    "status.on_time": ("ends {ends}, on time", "slutar {ends}, i tid"),
    "status.slip": (
        "ends {ends} ({slip} min, planned {planned})",
        "slutar {ends} ({slip} min, planerat {planned})",
    ),
    "warn.left": ("{left} left: {title}", "{left} kvar: {title}"),
    "warn.overtime": ("OVERTIME: {title}", "ÖVERTID: {title}"),
    "toast.language": ("Interface in English", "Gränssnittet på svenska"),
    "toast.bell_on": ("The bell rings at each warning", "Ljudsignal vid varje varning"),
    "toast.bell_off": ("No bell at warnings", "Ingen ljudsignal vid varningar"),
    # Dialogs.
    "form.add_heading": ("Add a block", "Lägg till ett pass"),
    "form.edit_heading": ("Edit the block", "Ändra passet"),
    "form.kind": ("Kind", "Typ"),
    "form.title": ("Title", "Titel"),
    "form.minutes": ("Minutes", "Minuter"),
    "form.save": ("Save", "Spara"),
    "form.cancel": ("Cancel", "Avbryt"),
    "form.add_presenter": ("Add a presentation", "Lägg till en presentation"),
    "form.edit_presenter": ("Edit the presentation", "Ändra presentationen"),
    "form.remove_presenter": ("Take {name} out of the queue?", "Ta bort {name} ur kön?"),
    "pform.presenter": ("Presenter", "Talare"),
    "pform.organisation": ("Organisation", "Organisation"),
    "pform.title": ("Project title", "Projektets titel"),
    "pform.summary": ("Summary", "Sammanfattning"),
    "pform.minutes": ("Slot minutes", "Minuter"),
    "form.yes_no": ("y: yes   n: no", "y: ja   n: nej"),
    "form.enter_escape": ("Enter: keep   Escape: cancel", "Enter: spara   Escape: avbryt"),
    "form.remove_question": (
        "Remove “{title}” from the agenda?",
        "Ta bort ”{title}” från agendan?",
    ),
    "form.warnings_heading": (
        "Warn this many minutes before a block ends (like 5, 1)",
        "Varna så många minuter före passets slut (till exempel 5, 1)",
    ),
    "form.message_heading": (
        "Message to the room (empty to clear)",
        "Meddelande till rummet (tomt för att rensa)",
    ),
    # The room view.
    "room.left": ("left", "kvar"),
    "room.left_until": ("left, until {time}", "kvar, till {time}"),
    "room.paused": ("paused", "pausad"),
    "room.warn": ("less than {minutes} min left", "mindre än {minutes} min kvar"),
    "room.overtime": ("OVERTIME {over}", "ÖVERTID {over}"),
    "room.presenter_now": ("Now: {name}", "Nu: {name}"),
    "room.presenter_next": ("Next: {name}", "Nästa: {name}"),
    "room.round_now": ("presenter {n} of {total}", "talare {n} av {total}"),
    "room.round_done": ("{done} of {total} done", "{done} av {total} klara"),
    # The recap.
    "recap.and": ("and", "och"),
    "recap.intro.took_place_on": (
        "On {date}, {what} took place{where}.",
        "Den {date} genomfördes {what}{where}.",
    ),
    "recap.intro.took_place": ("{what} took place{where}.", "{what} genomfördes{where}."),
    "recap.intro.took_place_on.running": (
        "On {date}, {what} is under way{where}.",
        "Den {date} pågår {what}{where}.",
    ),
    "recap.intro.took_place.running": ("{what} is under way{where}.", "{what} pågår{where}."),
    "recap.intro.took_place_on.planned": (
        "On {date}, {what} will be held{where}.",
        "Den {date} hålls {what}{where}.",
    ),
    "recap.intro.took_place.planned": ("{what} will be held{where}.", "{what} hålls{where}."),
    "recap.intro.led.now": ("{names} lead the day.", "{names} leder dagen."),
    "recap.intro.took_place_on.unheld": (
        "According to the plan, {what} was to be held on {date}{where}.",
        "Enligt planen skulle {what} hållas den {date}{where}.",
    ),
    "recap.intro.took_place.unheld": (
        "According to the plan, {what} was to be held{where}.",
        "Enligt planen skulle {what} hållas{where}.",
    ),
    "recap.intro.nothing_recorded": (
        "Nothing from the day has been recorded.",
        "Inget från dagen har förts in.",
    ),
    "recap.intro.led.unheld": ("{names} were to lead the day.", "{names} skulle leda dagen."),
    "recap.intro.theme.unheld": (
        "The theme was to be “{theme}”.",
        "Dagens tema skulle vara ”{theme}”.",
    ),
    "recap.intro.organiser": (
        "The programme is organised by {organiser}.",
        "Utbildningen anordnas av {organiser}.",
    ),
    "recap.intro.organiser_audience": (
        "The programme is organised by {organiser} for {audience}.",
        "Utbildningen anordnas av {organiser} och vänder sig till {audience}.",
    ),
    "recap.lead.presentations.unheld": (
        "The plan was for the participants to present the projects they are to work on.",
        "Enligt planen skulle deltagarna presentera de projekt de ska arbeta med.",
    ),
    "article.pre_assignment.planned": (
        "Before this occasion, the participants' task is to {task}.",
        "Inför tillfället är deltagarnas uppgift att {task}.",
    ),
    "recap.intro.audience": (
        "The programme is for {audience}.",
        "Utbildningen vänder sig till {audience}.",
    ),
    "recap.intro.theme.now": ("The theme is “{theme}”.", "Dagens tema är ”{theme}”."),
    "attendance.absent_but_presented": (
        "{name} has presented today. Mark {name} absent anyway?",
        "{name} har presenterat i dag. Markera {name} som frånvarande ändå?",
    ),
    # The article: sentence patterns, in the order of the day.
    "article.first": ("{names} opened the day with {what}", "{names} började dagen med {what}"),
    "article.first_plain": ("The day opened with {what}", "Dagen började med {what}"),
    "article.next.0": ("Next came {what}", "Vidare följde {what}"),
    "article.next.1": ("Then came {what}", "Därefter följde {what}"),
    "article.next.2": ("The day went on with {what}", "Utbildningen fortlöpte sedan med {what}"),
    "article.last": ("Finally came {what}", "Avslutningsvis följde {what}"),
    "article.block": ("{kind}, {title}", "{kind}, {title}"),
    "article.woven": (
        "theory sessions and group discussions: {titles}",
        "teoripass som växlades med gruppdiskussioner: {titles}",
    ),
    "article.fate.skipped": ("Not ready, did not present", "Inte redo, presenterade inte"),
    "article.woven_untitled": (
        "theory sessions alternating with group discussions",
        "teoripass som växlades med gruppdiskussioner",
    ),
    "article.info.next": (
        "Then the participants were given information: {title}",
        "Sedan fick deltagarna information: {title}",
    ),
    "article.info.last": (
        "Finally, the participants were given information: {title}",
        "Avslutningsvis fick deltagarna information: {title}",
    ),
    "article.wrapup.next": (
        "Then the day was summed up: {title}",
        "Sedan summerades dagen: {title}",
    ),
    "article.wrapup.last": (
        "The day closed with {title}",
        "Dagen avslutades med {title}",
    ),
    "article.kind.recap": ("a look back", "en återblick"),
    "article.kind.theory": ("a theory session", "ett teoripass"),
    "article.kind.discussion": ("a group discussion", "en gruppdiskussion"),
    "article.kind.presentations": ("project presentations", "projektpresentationer"),
    "article.kind.break": ("a break", "en paus"),
    "article.kind.exercise": ("an exercise", "en övning"),
    "article.kind.info": ("information", "information"),
    "article.kind.wrapup": ("a closing session", "en avslutning"),
    "article.pre_assignment": (
        "Before this occasion, the participants had been asked to {task}.",
        "Inför tillfället hade deltagarna fått i uppgift att {task}.",
    ),
    "article.homework": (
        "Before next time, the participants' homework is to {homework}.",
        "Till nästa gång har deltagarna som hemuppgift att {homework}.",
    ),
    "article.note.decision": ("Decided: {text}", "Beslut: {text}"),
    "article.note.action": ("To do: {text}", "Att göra: {text}"),
    "article.note.question": ("A question raised: {text}", "En fråga som väcktes: {text}"),
    "recap.outcome.done": ("Presented ({spoke})", "Presenterade ({spoke})"),
    "recap.outcome.done_untimed": ("Presented", "Presenterade"),
    "recap.outcome.not_reached": ("Not reached", "Hann inte presentera"),
    "recap.outcome.presenting": ("Presenting now", "Presenterar nu"),
    "recap.outcome.skipped": ("Skipped", "Hoppades över"),
    "recap.outcome.absent": ("Absent", "Frånvarande"),
    "recap.lead.presentations.planned": (
        "The participants will present the projects they are to work on.",
        "Deltagarna presenterar de projekt de ska arbeta med.",
    ),
    "recap.lead.presentations.done": (
        "{count} of {total} participants presented the project they will work on.",
        "{count} av {total} deltagare presenterade det projekt de ska arbeta med.",
    ),
    "recap.lead.presentations.presenting": (
        "One is presenting now.",
        "En presenterar just nu.",
    ),
    "recap.lead.presentations.waiting": (
        "{count} have yet to present.",
        "{count} har ännu inte presenterat.",
    ),
    "recap.lead.presentations.not_reached": (
        "{count} did not get to present, and will go first next time.",
        "{count} hann inte presentera och får börja nästa gång.",
    ),
    "recap.lead.presentations.skipped": (
        "{count} were not ready and did not present.",
        "{count} var inte redo och presenterade inte.",
    ),
    "recap.lead.presentations.absent": (
        "{count} were absent.",
        "{count} var frånvarande.",
    ),
    "recap.lead.presentations.waiting.one": (
        "One has yet to present.",
        "En deltagare har ännu inte presenterat.",
    ),
    "recap.lead.presentations.not_reached.one": (
        "One did not get to present, and will go first next time.",
        "En deltagare hann inte presentera och får börja nästa gång.",
    ),
    "recap.lead.presentations.skipped.one": (
        "One was not ready and did not present.",
        "En deltagare var inte redo och presenterade inte.",
    ),
    "recap.lead.presentations.absent.one": ("One was absent.", "En deltagare var frånvarande."),
    "recap.lead.pre_assignment.planned": (
        "Before this occasion, the participants' task is to {task}.",
        "Inför tillfället är deltagarnas uppgift att {task}.",
    ),
    "recap.label.late": ("Came late", "Kom senare"),
    "recap.label.unmarked": ("Not marked", "Inte markerade"),
    "recap.intro.occasion_of": (
        "the {ordinal} occasion of {programme}",
        "det {ordinal} tillfället i {programme}",
    ),
    "recap.intro.occasion_of.named": (
        "the {ordinal} occasion of {programme}",
        "det {ordinal} tillfället i utbildningen {programme}",
    ),
    "recap.intro.occasion": (
        "the {ordinal} occasion of “{title}”",
        "det {ordinal} tillfället av ”{title}”",
    ),
    "recap.intro.in_programme": ("“{title}”, part of {programme},", "”{title}” inom {programme}"),
    "recap.intro.plain": ("“{title}”", "”{title}”"),
    "recap.intro.at": (" at {venue}", " på {venue}"),
    "recap.intro.led": ("{names} led the day.", "{names} ledde dagen."),
    "recap.intro.theme": ("The theme was “{theme}”.", "Dagens tema var ”{theme}”."),
    "recap.intro.purpose": ("The purpose is to {purpose}.", "Syftet är att {purpose}."),
    "recap.next.both": (
        "The next occasion is on {date} at {venue}.",
        "Nästa tillfälle äger rum den {date} på {venue}.",
    ),
    "recap.next.date": ("The next occasion is on {date}.", "Nästa tillfälle äger rum den {date}."),
    "recap.next.venue": (
        "The next occasion is at {venue}.",
        "Nästa tillfälle äger rum på {venue}.",
    ),
    "recap.lead.agenda": (
        "The day as planned, and as it ran.",
        "Dagen som den var planerad, och som den blev.",
    ),
    "recap.lead.agenda.planned": ("The day as planned.", "Dagen som den är planerad."),
    "recap.lead.agenda.unheld": ("The day as it was planned.", "Dagen som den var planerad."),
    "recap.lead.pre_assignment": (
        "Before this occasion, the participants' task was to {task}.",
        "Inför tillfället hade deltagarna fått i uppgift att {task}.",
    ),
    "recap.lead.key_points": (
        "What came up during the day, block by block.",
        "Det här kom fram under dagen, pass för pass.",
    ),
    "recap.lead.quotes": ("Some of what was said during the day:", "Några röster från dagen:"),
    "recap.lead.decisions": ("The group decided:", "Gruppen beslutade:"),
    "recap.lead.actions": ("To be done:", "Det här ska göras:"),
    "recap.lead.questions": ("Questions raised:", "Frågor som väcktes:"),
    "recap.lead.information": (
        "Information given during the day:",
        "Information som gavs under dagen:",
    ),
    "recap.lead.other_points": ("Also noted:", "Dessutom antecknades:"),
    "recap.lead.homework": ("Until next time:", "Till nästa gång:"),
    "recap.label.agenda": ("The day's agenda", "Dagens program"),
    "recap.label.attendance": ("Who took part", "Deltagare"),
    "recap.label.absent": ("Absent", "Frånvarande"),
    "recap.lead.attendance": (
        "{count} participants took part, from {organisations}.",
        "{count} deltagare var med, från {organisations}.",
    ),
    "recap.lead.attendance_partial": (
        "Attendance, as far as it was recorded.",
        "Närvaro, så långt den fördes.",
    ),
    "recap.lead.attendance_plain": (
        "{count} participants took part.",
        "{count} deltagare var med.",
    ),
    "recap.label.pre_assignment": ("Pre-assignment", "Förberedelseuppgift"),
    "recap.label.presentations": ("Project presentations", "Projektpresentationer"),
    "recap.label.key_points": ("Key points", "Viktiga punkter"),
    "recap.label.quotes": ("Quotes", "Citat"),
    "recap.label.decisions": ("Decisions", "Beslut"),
    "recap.label.actions": ("Actions", "Att göra"),
    "recap.label.questions": ("Questions", "Frågor"),
    "recap.label.information": ("Coaching and information", "Coachning och information"),
    "recap.label.other_points": ("Other notes", "Övrigt"),
    "recap.label.homework": ("Homework", "Hemuppgift"),
    "recap.label.next_session": ("Next occasion", "Nästa tillfälle"),
    "recap.label.planned": ("Planned", "Planerat"),
    "recap.label.ran": ("Ran", "Genomfört"),
    "recap.label.start": ("Start", "Start"),
    "recap.label.minutes": ("Minutes", "Minuter"),
    "recap.label.block": ("Block", "Pass"),
    "recap.label.kind": ("Kind", "Typ"),
    "recap.label.state": ("State", "Läge"),
    "recap.label.spoke": ("Spoke", "Talade"),
    "recap.label.date": ("Date", "Datum"),
    "recap.label.venue": ("Venue", "Plats"),
    "recap.label.facilitators": ("Led by", "Ledare"),
    "recap.label.purpose": ("Purpose", "Syfte"),
    "recap.label.task": ("Task", "Uppgift"),
    "recap.label.result": ("Result", "Resultat"),
    "recap.label.owner": ("who", "vem"),
    "recap.label.skipped": ("skipped", "hoppades över"),
    # Errors the app shows (the command line prints the English).
    "store.save_failed": (
        "{path}: could not save ({reason}); what was saved before is as it was",
        "{path}: kunde inte sparas ({reason}); det som sparats tidigare är som det var",
    ),
    "store.unconfirmed": (
        "{path}: saved, but the disk did not confirm it ({reason}); check the disk",
        "{path}: sparat, men disken bekräftade det inte ({reason}); kontrollera disken",
    ),
    "article.group": ("{group} noted: {text}", "{group} noterade: {text}"),
    "join.heading": (
        "The pages for browsers (facilitator serve)",
        "Sidorna för webbläsare (facilitator serve)",
    ),
    "join.room": ("Room view, for the projector: {address}", "Rumsvy, för projektorn: {address}"),
    "join.notes": ("Notes, for the tables: {address}", "Anteckningar, för borden: {address}"),
    "join.close": ("Escape closes.", "Escape stänger."),
    "join.too_small": (
        "(The window is too small for the QR code: the room view shows it large, F4 then j.)",
        "(Fönstret är för litet för QR-koden: rumsvyn visar den stor, F4 och sedan j.)",
    ),
    "join.none": (
        "No pages are served for this session: run `facilitator serve` in another terminal",
        "Inga sidor visas för den här sessionen: kör `facilitator serve` i en annan terminal",
    ),
    "join.scan": (
        "Notes from your table: scan, or open {address}",
        "Anteckna från ert bord: skanna, eller öppna {address}",
    ),
    "serve.refused.title": ("Not this address", "Inte den här adressen"),
    "serve.refused": (
        "This page needs the join code that the trainer's laptop shows. Ask for the "
        "address again: a new one is made each time the pages are served.",
        "Sidan behöver anslutningskoden som kursledarens dator visar. Be om adressen "
        "igen: en ny görs varje gång sidorna startas.",
    ),
    "serve.full.title": ("Too many tabs", "För många flikar"),
    "serve.full": (
        "The trainer's laptop already serves {count} browser tabs, the most it can. "
        "Close a tab that is not needed, then reload this page.",
        "Kursledarens dator visar redan {count} webbläsarflikar, så många den klarar. "
        "Stäng en flik som inte behövs och ladda sedan om sidan.",
    ),
    "serve.title.room": ("Room view", "Rumsvy"),
    "serve.title.notes": ("Notes", "Anteckningar"),
    "serve.ended": (
        "The page has stopped: the trainer ended it, or the connection was lost.",
        "Sidan har stannat: kursledaren avslutade den, eller så bröts anslutningen.",
    ),
    "serve.reload": ("Open again", "Öppna igen"),
    "serve.group.title": ("Which group do you write for?", "Vilken grupp skriver du för?"),
    "serve.group.ask": (
        "Your notes are marked with the group's name, so that the recap gathers them per group.",
        "Dina anteckningar märks med gruppens namn, så att sammanfattningen samlar dem per grupp.",
    ),
    "serve.group.example": ("Group 2", "Grupp 2"),
    "serve.group.go": ("Start writing", "Börja skriva"),
    "serve.group.none": (
        "Leave it empty to write for the whole room.",
        "Lämna tomt för att skriva för hela rummet.",
    ),
    "serve.group.bad": (
        "A group's name is one line of at most {max} characters.",
        "En grupps namn är en rad på högst {max} tecken.",
    ),
    "serve.cannot_listen": (
        "cannot listen on {host} port {port} ({reason}); try another --port",
        "kan inte ta emot anslutningar på {host} port {port} ({reason}); prova en annan --port",
    ),
    "serve.on_network": (
        "listening on the network ({host}): anyone on it with an address can open that "
        "page, and the pages are not encrypted; use a network you trust",
        "tar emot anslutningar från nätverket ({host}): den som har en adress kan öppna "
        "sidan, och sidorna är inte krypterade; använd ett nätverk du litar på",
    ),
    "serve.room": ("Room view (the projector):  {address}", "Rumsvy (projektorn):  {address}"),
    "serve.notes": ("Notes (the tables):        {address}", "Anteckningar (borden):  {address}"),
    "serve.stop": ("Stop with ctrl+c.", "Stoppa med ctrl+c."),
    "serve.stopped": ("Stopped; every page is closed.", "Stoppat; alla sidor är stängda."),
    "store.busy": (
        "{path}: the store is busy (another facilitator holds it); try again",
        "{path}: lagringen är upptagen (ett annat facilitator-program håller den); försök igen",
    ),
    "store.no_folder": (
        "{path}: cannot create the store folder ({reason})",
        "{path}: kan inte skapa lagringsmappen ({reason})",
    ),
    "store.session_exists": (
        "{path}: a session with this id exists already",
        "{path}: det finns redan en session med detta id",
    ),
    "store.stray": (
        "{path}: not a file of facilitator's (a copy made by a sync tool?); it is not read",
        "{path}: ingen fil från facilitator (en kopia från ett synkprogram?); den läses inte",
    ),
    "oserror.access": ("no permission to write there", "behörighet saknas för att skriva där"),
    "oserror.read_only": ("the disk is read-only", "disken är skrivskyddad"),
    "oserror.full": ("the disk is full", "disken är full"),
    "oserror.io": ("the disk reported an error", "disken rapporterade ett fel"),
    "oserror.gone": ("the folder does not exist", "mappen finns inte"),
    "oserror.folder": ("a folder is where a file should be", "en mapp ligger där en fil ska vara"),
    "oserror.not_folder": (
        "a file is where a folder should be",
        "en fil ligger där en mapp ska vara",
    ),
    "oserror.in_use": ("another program has the file open", "ett annat program har filen öppen"),
    "save.note": ("The note was not saved", "Anteckningen sparades inte"),
    "save.change": ("The change was not saved", "Ändringen sparades inte"),
    "save.session": ("The session was not created", "Sessionen skapades inte"),
    "save.export": ("The recap was not written", "Sammanfattningen skrevs inte"),
    "save.warning": ("Saved, with a warning", "Sparat, med en varning"),
    "error.block_gone": (
        "that block is no longer on the agenda",
        "passet finns inte längre på agendan",
    ),
    "error.block_done": ("“{title}” is done already", "”{title}” är redan klart"),
    "error.block_closed": (
        "“{title}” has ended; its time can no longer change",
        "”{title}” är över; dess tid kan inte längre ändras",
    ),
    "error.block_not_running": ("“{title}” is not running", "”{title}” pågår inte"),
    "error.block_has_run": (
        "“{title}” has run already; finish it instead of skipping",
        "”{title}” har redan pågått; avsluta det i stället för att hoppa över",
    ),
    "error.block_kind": (
        "kind must be one of {kinds}, not “{kind}”",
        "typen måste vara en av {kinds}, inte ”{kind}”",
    ),
    "error.block_title": ("the block needs a title", "passet behöver en titel"),
    "error.title_long": (
        "a title can have at most {max} characters",
        "en titel kan ha högst {max} tecken",
    ),
    "error.minutes_number": (
        "minutes must be a whole number, not “{value}”",
        "minuter ska vara ett heltal, inte ”{value}”",
    ),
    "error.minutes_range": (
        "minutes must be between 1 and {max}, not {value}",
        "minuter ska vara mellan 1 och {max}, inte {value}",
    ),
    "error.block_running": (
        "“{title}” is running; finish it before removing it",
        "”{title}” pågår; avsluta det innan det tas bort",
    ),
    "error.warnings_format": (
        "warnings are whole minutes separated by commas, like 5, 1 — not “{text}”",
        "varningar skrivs i hela minuter med komma emellan, till exempel 5, 1 — inte ”{text}”",
    ),
    "error.warnings_range": (
        "warnings are minutes between 1 and {max}, like 5, 1",
        "varningar är minuter mellan 1 och {max}, till exempel 5, 1",
    ),
    "error.note_empty": ("a note needs some text", "en anteckning behöver text"),
    "error.note_long": (
        "a note can hold at most {max} characters; this one has {count}",
        "en anteckning kan ha högst {max} tecken; den här har {count}",
    ),
    "error.note_gone": (
        "that note is no longer there (deleted elsewhere?)",
        "anteckningen finns inte längre (raderad någon annanstans?)",
    ),
    "error.presentation_gone": (
        "that presentation is no longer in the queue",
        "presentationen finns inte längre i kön",
    ),
    "error.nobody_presenting": ("nobody is presenting", "ingen presenterar"),
    "error.nobody_waiting": (
        "nobody is waiting; bring back a skipped or absent presenter first",
        "ingen väntar; ta först tillbaka en överhoppad eller frånvarande talare",
    ),
    "error.cannot_skip": (
        "{name} is {state}; only a waiting or presenting one can be skipped",
        "{name}: {state}; bara den som väntar eller presenterar kan hoppas över",
    ),
    "error.cannot_absent": (
        "{name} is {state}; only a waiting or skipped one can be marked absent",
        "{name}: {state}; bara den som väntar eller hoppats över kan markeras frånvarande",
    ),
    "error.cannot_bring_back": (
        "{name} is {state}, not skipped or absent",
        "{name}: {state}, inte överhoppad eller frånvarande",
    ),
    "error.presenter_needed": ("the presenter's name is needed", "talarens namn behövs"),
    "error.field_long": (
        "{field} can have at most {max} characters; this one has {count}",
        "{field} kan ha högst {max} tecken; här finns {count}",
    ),
    "error.slot_number": (
        "slot minutes must be a whole number, not “{value}”",
        "minuterna ska vara ett heltal, inte ”{value}”",
    ),
    "error.slot_range": (
        "slot minutes must be between 1 and {max}, not {value}",
        "minuterna ska vara mellan 1 och {max}, inte {value}",
    ),
    "error.participant_gone": (
        "that participant is no longer on the list",
        "deltagaren finns inte längre på listan",
    ),
    "error.presenting_remove": (
        "{name} is presenting; finish first",
        "{name} presenterar; avsluta först",
    ),
    "recap.programme.intro": ("{count} occasions.", "{count} tillfällen."),
    "recap.programme.intro_dates": (
        "{count} occasions, from {first} to {last}.",
        "{count} tillfällen, från {first} till {last}.",
    ),
    "recap.programme.threads": (
        "Each participant's project, occasion by occasion",
        "Deltagarnas projekt, tillfälle för tillfälle",
    ),
    # The next occasion.
    "next.pre_assignment_title": ("The pre-assignment", "Förberedelseuppgiften"),
    "next.recap_title": ("Recap of occasion {n}", "Återblick på tillfälle {n}"),
    "next.summary_head": ("Occasion {n}, {date}", "Tillfälle {n}, {date}"),
    "next.summary_theme": ("Theme: {theme}", "Tema: {theme}"),
    "next.summary_points": ("Key points:", "Viktiga punkter:"),
    "next.summary_quotes": ("Quotes:", "Citat:"),
    "next.summary_decisions": ("Decisions:", "Beslut:"),
    # Sessions, kinds and states.
    "session.occasion": ("occasion {n}", "tillfälle {n}"),
    "session.no_date": ("no date set", "inget datum satt"),
    "kind.recap": ("recap", "återblick"),
    "kind.theory": ("theory", "teori"),
    "kind.discussion": ("discussion", "diskussion"),
    "kind.presentations": ("presentations", "presentationer"),
    "kind.break": ("break", "paus"),
    "kind.exercise": ("exercise", "övning"),
    "kind.info": ("info", "information"),
    "kind.wrapup": ("wrap-up", "avslutning"),
    "state.planned": ("planned", "planerad"),
    "state.running": ("running", "pågår"),
    "state.paused": ("paused", "pausad"),
    "state.done": ("done", "klar"),
    "state.skipped": ("skipped", "hoppad över"),
    "state.unfinished": ("not finished", "inte avslutat"),
}

_MONTHS = {
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
    "sv": "januari februari mars april maj juni juli augusti september oktober november december".split(),
}


def ui_language(environ: dict[str, str] | None = None, system: str | None = None) -> str:
    """Swedish when the locale says so, else English.

    The environment first (LC_ALL, LC_MESSAGES, LANG), as on Linux and macOS;
    without them (as on Windows) the system's locale, which Windows names
    "Swedish_Sweden" where others say "sv_SE". ``system`` stands in for that in tests.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    if system is None:
        import locale

        try:
            system = locale.getlocale()[0] or ""
        except ValueError:
            system = ""
    return "sv" if system.lower().startswith(("sv", "swedish")) else "en"


def t(key: str, lang: str, **values: object) -> str:
    english, swedish = STRINGS[key]
    text = swedish if lang == "sv" else english
    return text.format(**values) if values else text


def tn(key: str, lang: str, count: int, **values: object) -> str:
    """``t`` for a count: the string ``<key>.one`` when there is one, if the language needs it."""
    single = f"{key}.one"
    return t(single if count == 1 and single in STRINGS else key, lang, count=count, **values)


def long_date(day: date, lang: str) -> str:
    """30 November 2017 / 30 november 2017."""
    return f"{day.day} {_MONTHS['sv' if lang == 'sv' else 'en'][day.month - 1]} {day.year}"
