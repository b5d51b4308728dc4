"""Swedish strings for running a retro: the run screen, its phases and dialogs, `retro run`,
`retro item` and `retro retros`."""

CATALOGUE: dict[str, str] = {
    # command line
    "Give a FORMAT_ID to start a retro, or --resume RETRO_ID to continue one (not both)":
        "Ange ett FORMAT_ID för att starta en retro, eller --resume RETRO_ID för att fortsätta en (inte båda)",
    "Format {format} has no column {column}; its columns are: {columns}":
        "Formatet {format} har ingen kolumn {column}; dess kolumner är: {columns}",
    "Retro {id} is closed": "Retron {id} är avslutad",
    "No retros yet.": "Inga retros än.",
    "--team and --participant are for a new retro, not with --resume":
        "--team och --participant gäller en ny retro, inte med --resume",
    "Retro {id} uses format {format}, which is not installed":
        "Retron {id} använder formatet {format}, som inte är installerat",
    "No retro with id {id}": "Ingen retro med id {id}",
    "Experiments": "Experiment",
    "Expect: {text}": "Förväntan: {text}",
    "Go and see: {day}": "Uppföljning: {day}",
    "remote": "distans",
    "Participants": "Deltagare",
    "Themes": "Teman",
    # domain rules
    "There is no phase {number}": "Det finns ingen fas {number}",
    "A note needs some text": "En anteckning behöver text",
    # start dialog
    "Close without starting a retro": "Stäng utan att starta en retro",
    "Start": "Starta",
    "Start the retro with these people": "Starta retron med de här personerna",
    "Room/remote": "Rummet/distans",
    "Switch the highlighted person between in the room and remote": "Växla den markerade personen mellan rummet och distans",
    "Remove": "Ta bort",
    "Remove the highlighted person": "Ta bort den markerade personen",
    "in the room": "i rummet",
    "Nobody yet.": "Ingen än.",
    "{name} is already in the list": "{name} finns redan i listan",
    "Add at least one participant.": "Lägg till minst en deltagare.",
    "Who takes part? Enter adds; Name:remote for someone on the call":
        "Vilka är med? Enter lägger till; Namn:distans för någon i samtalet",
    "Which team?": "Vilket team?",
    "Name, then Enter (an empty Enter starts the retro)": "Namn, sedan Enter (en tom Enter startar retron)",
    "Start (ctrl+s)": "Starta (ctrl+s)",
    "Start a retro": "Starta en retro",
    "Team": "Team",
    "Cancel": "Avbryt",
    "Cancel (esc)": "Avbryt (esc)",
    # paste chat
    "Close without adding anything": "Stäng utan att lägga till något",
    "Add items": "Lägg till lappar",
    "Add the previewed lines as items": "Lägg till de förhandsvisade raderna som lappar",
    "Nothing to add yet.": "Inget att lägga till än.",
    "Nothing to add: paste the chat first.": "Inget att lägga till: klistra in chatten först.",
    "Paste the call's chat": "Klistra in mötets chatt",
    "Each message becomes an item with its author: Name: text, [10:02] Name: text, and the shapes Zoom, Teams and Meet copy.":
        "Varje meddelande blir en lapp med sin författare: Namn: text, [10:02] Namn: text, och de format Zoom, Teams och Meet kopierar.",
    "(no name)": "(inget namn)",
    "Paste the chat here": "Klistra in chatten här",
    "Add to": "Lägg till i",
    "Add (ctrl+s)": "Lägg till (ctrl+s)",
    "Reading the chat…": "Läser chatten…",
    "(cut: {count} more characters)": "(avkortad: {count} tecken till)",
    "Still reading the chat: add it in a moment.": "Läser fortfarande chatten: lägg till om en stund.",
    "This paste is {count} characters long, too long to edit here. Its messages are below, as they will be added; to change them, cancel and paste a shorter part.":
        "Det inklistrade är {count} tecken långt, för långt för att redigera här. Meddelandena syns nedan som de "
        "läggs till; avbryt och klistra in en kortare del för att ändra dem.",
    # a long item from an older store
    "({count} more characters)": "({count} tecken till)",
    "This item is {length} characters long; the edit holds its first {limit}, and saving keeps only those (Esc keeps the item whole).":
        "Lappen är {length} tecken lång; redigeringen rymmer de första {limit}, och sparar du behålls bara de "
        "(Esc behåller hela lappen).",
    # small dialogs
    "A name is needed (or Esc to cancel).": "Ett namn behövs (eller Esc för att avbryta).",
    "Close without adding anyone": "Stäng utan att lägga till någon",
    "Close without saving": "Stäng utan att spara",
    "Add a participant": "Lägg till en deltagare",
    "Remote (on the call)": "På distans (i samtalet)",
    "Name (Name:remote for someone on the call)": "Namn (Namn:distans för någon i samtalet)",
    # timer
    "paused": "pausad",
    "over time": "över tiden",
    "Time": "Tid",
    "Topic": "Ämne",
    # run screen
    "Next phase": "Nästa fas",
    "Go on to the next phase (a presenter's clicker sends Page Down)":
        "Gå vidare till nästa fas (en presentationsklickare skickar Page Down)",
    "Previous phase": "Föregående fas",
    "Go back to the previous phase; nothing is lost": "Gå tillbaka till föregående fas; inget går förlorat",
    "Pause timer": "Pausa timern",
    "Pause or restart the phase timer": "Pausa eller starta om fasens timer",
    "+1 min": "+1 min",
    "Give the phase one more minute": "Ge fasen en minut till",
    "Add person": "Lägg till person",
    "Someone joined late: add them, in the room or remote": "Någon kom sent: lägg till dem, i rummet eller på distans",
    "Leave": "Lämna",
    "Back to the home screen; everything is saved and the retro can be resumed":
        "Tillbaka till startskärmen; allt är sparat och retron kan återupptas",
    "Put items that belong together into themes.": "Samla lappar som hör ihop i teman.",
    "Turn the top themes into short experiments: what will we do, and what do we expect?":
        "Gör de viktigaste temana till korta experiment: vad ska vi göra, och vad förväntar vi oss?",
    "Rehearsal": "Repetition",
    "No hybrid notes in this format.": "Inga hybridtips i det här formatet.",
    "REHEARSAL: nothing is saved": "REPETITION: inget sparas",
    "Skipped {phase}: no experiments of {team} are due for follow-up.":
        "{phase} hoppades över: inga experiment för {team} ska följas upp.",
    "One more minute.": "En minut till.",
    "Facilitator": "Facilitator",
    "Remote colleague": "Kollega på distans",
    "This is the last phase.": "Det här är sista fasen.",
    "This is the first phase.": "Det här är första fasen.",
    "{name} joined.": "{name} är med.",
    "Hybrid notes": "Hybridtips",
    "No participants yet: add them with F2.": "Inga deltagare än: lägg till dem med F2.",
    # check-in
    "Checked in": "Incheckad",
    "Mark the highlighted person as checked in and go on to the next":
        "Markera den markerade personen som incheckad och gå vidare till nästa",
    "The round: remote people first": "Rundan: de på distans först",
    "Everyone has checked in.": "Alla har checkat in.",
    "Next: ": "Nästa: ",
    # review
    "Record outcome": "Spara utfall",
    "Save what happened and what was learned for the highlighted experiment":
        "Spara vad som hände och vad vi lärde oss för det markerade experimentet",
    "go and see {day}": "följ upp {day}",
    "Nothing to review: no experiments of {team} have come due. Go on with Page Down.":
        "Inget att följa upp: inga experiment för {team} har kommit fram till uppföljning. Gå vidare med Page Down.",
    "Recorded: {step}": "Sparat: {step}",
    "Amended {day}: ": "Tillägg {day}: ",
    "Due for follow-up": "Ska följas upp",
    "What we did": "Vad vi gjorde",
    "What we expected": "Vad vi förväntade oss",
    "What we learned": "Vad vi lärde oss",
    "What actually happened?": "Vad hände faktiskt?",
    "The learning is in the gap between the two": "Lärdomen finns i glappet mellan de två",
    "reason: {reason}": "skäl: {reason}",
    # gather
    "Next column": "Nästa kolumn",
    "Type into the next column": "Skriv i nästa kolumn",
    "Previous column": "Föregående kolumn",
    "Type into the previous column": "Skriv i föregående kolumn",
    "Reveal": "Visa",
    "Show the hidden items of every column to everyone": "Visa de dolda lapparna i alla kolumner för alla",
    "Paste chat": "Klistra in chatt",
    "Add a video-call chat as items, after a preview": "Lägg till en mötesschatt som lappar, efter förhandsvisning",
    "Undo": "Ångra",
    "Undo the last add, edit, delete or paste": "Ångra det senaste tillägget, ändringen, borttagningen eller inklistringen",
    "Edit": "Ändra",
    "Edit the highlighted item": "Ändra den markerade lappen",
    "Delete": "Ta bort",
    "Delete the highlighted item (undo with ctrl+z)": "Ta bort den markerade lappen (ångra med ctrl+z)",
    "Column left": "Kolumn till vänster",
    "Go to the column on the left": "Gå till kolumnen till vänster",
    "Column right": "Kolumn till höger",
    "Go to the column on the right": "Gå till kolumnen till höger",
    "Items": "Lappar",
    "Go from typing to the column's items": "Gå från skrivandet till kolumnens lappar",
    "Back to typing": "Tillbaka till skrivandet",
    "Stop editing, or go back from the items to typing": "Sluta ändra, eller gå från lapparna tillbaka till skrivandet",
    "Deleted. Undo with ctrl+z.": "Borttagen. Ångra med ctrl+z.",
    "Silent writing: items stay hidden until you reveal them (ctrl+r).":
        "Tyst skrivande: lapparna är dolda tills du visar dem (ctrl+r).",
    "Reveal the items first (ctrl+r): editing would show a hidden item to everyone.":
        "Visa lapparna först (ctrl+r): att ändra skulle visa en dold lapp för alla.",
    "Nothing to undo.": "Inget att ångra.",
    "Revealed.": "Visade.",
    "Type what was said, Enter adds it (Name: text credits someone)":
        "Skriv vad som sades, Enter lägger till (Namn: text anger vem)",
    # group
    "New theme": "Nytt tema",
    "Make a new theme, with the picked or highlighted item in it": "Skapa ett nytt tema med den valda eller markerade lappen",
    "Pick": "Ta upp",
    "Pick the highlighted item up; then choose a theme to move it there":
        "Ta upp den markerade lappen; välj sedan ett tema att flytta den till",
    "Take out": "Ta ut",
    "Take the highlighted item out of its theme": "Ta ut den markerade lappen ur sitt tema",
    "Rename": "Döp om",
    "Rename the highlighted theme": "Byt namn på det markerade temat",
    "Delete the highlighted theme; its items go back to the ungrouped list":
        "Ta bort det markerade temat; dess lappar går tillbaka till listan",
    "Put down": "Lägg ned",
    "Put the picked item down without moving it": "Lägg ned den valda lappen utan att flytta den",
    "Not in a theme ({count})": "Utan tema ({count})",
    "Move to theme": "Flytta till tema",
    "Move the picked or highlighted item to the theme with this number": "Flytta den valda eller markerade lappen till temat med det numret",
    "Items of a theme": "Ett temas lappar",
    "Name of the theme": "Temats namn",
    "Rename theme": "Byt namn på tema",
    "Theme deleted; its items are back in the list.": "Temat är borttaget; dess lappar är tillbaka i listan.",
    "+ New theme": "+ Nytt tema",
    "In ": "I ",
    "No items yet: they come from the gather phase.": "Inga lappar än: de kommer från insamlingsfasen.",
    "Take out (o)": "Ta ut (o)",
    "choose a theme (Enter or click), n for a new one, Esc to put it down":
        "välj ett tema (Enter eller klick), n för ett nytt, Esc för att lägga ned",
    "Enter or click picks an item; Enter or click on a theme moves it there.":
        "Enter eller klick väljer en lapp; Enter eller klick på ett tema flyttar den dit.",
    "Moving": "Flyttar",
    # vote
    "Vote": "Rösta",
    "Give the highlighted theme or item one dot of the voter": "Ge det markerade temat eller lappen en av röstarens prickar",
    "Take back": "Ta tillbaka",
    "Take one of the voter's dots back from the highlighted theme or item":
        "Ta tillbaka en av röstarens prickar från det markerade temat eller lappen",
    "Voter": "Röstare",
    "The next person votes": "Nästa person röstar",
    "Previous voter": "Föregående röstare",
    "The previous person votes": "Föregående person röstar",
    "Sort": "Sortera",
    "Show the themes and items by votes, or in board order": "Visa teman och lappar efter röster, eller i tavlans ordning",
    "{count} left": "{count} kvar",
    "by votes": "efter röster",
    "in board order": "i tavlans ordning",
    "Themes and items": "Teman och lappar",
    "Who votes": "Vem röstar",
    "item": "lapp",
    # discuss
    "Next topic": "Nästa ämne",
    "Go on to the next topic in vote order; its own timer starts": "Gå vidare till nästa ämne i röstordning; dess egen timer startar",
    "Next speaker": "Nästa talare",
    "The next person in the round speaks (remote people first)": "Nästa person i rundan talar (de på distans först)",
    "Undo note": "Ångra anteckning",
    "Remove the last note of this topic": "Ta bort ämnets senaste anteckning",
    "Nothing to discuss: no items yet.": "Inget att diskutera: inga lappar än.",
    "That was the last topic.": "Det var sista ämnet.",
    "No notes yet.": "Inga anteckningar än.",
    "Speaks now": "Talar nu",
    "Topics by votes": "Ämnen efter röster",
    "An item on its own": "En lapp för sig",
    "Notes": "Anteckningar",
    "Type a note, Enter adds it": "Skriv en anteckning, Enter lägger till",
    # decide
    "Experiment from this": "Experiment av detta",
    "Turn the highlighted theme or item into an experiment (or press Enter on it)":
        "Gör det markerade temat eller lappen till ett experiment (eller tryck Enter på det)",
    "New experiment": "Nytt experiment",
    "Plan an experiment that starts from a blank form": "Planera ett experiment från ett tomt formulär",
    "Experiments: {count} of at most {cap}": "Experiment: {count} av högst {cap}",
    "Experiments: {count}": "Experiment: {count}",
    "Expect": "Förväntan",
    "Go and see": "Uppföljning",
    "Experiment planned: {step}": "Experiment planerat: {step}",
    "None yet. Highlight a theme and press Enter: what will we try, and what do we expect?":
        "Inga än. Markera ett tema och tryck Enter: vad ska vi prova, och vad förväntar vi oss?",
    "Top themes and items": "Viktigaste teman och lappar",
    # close
    "Close retro": "Avsluta retron",
    "Mark the retro as closed (it can still be opened and read)": "Markera retron som avslutad (den kan fortfarande öppnas och läsas)",
    "Export": "Exportera",
    "Export this retro to the journal": "Exportera retron till dagboken",
    "Give the highlighted person's ROTI score (1 = waste of time, 5 = well worth it)":
        "Ge den markerade personens ROTI (1 = bortkastad tid, 5 = väl värt det)",
    "Experiments ({count})": "Experiment ({count})",
    "The retro is closed. Everything is saved.": "Retron är avslutad. Allt är sparat.",
    "Press 1–5 for the highlighted person.": "Tryck 1–5 för den markerade personen.",
    "Closed {when}": "Avslutad {when}",
    "Outcomes recorded": "Utfall sparade",
    "Export is not available in this version.": "Export finns inte i den här versionen.",
    "ROTI: return on time invested (1–5)": "ROTI: värdet av tiden (1–5)",
    "Summary": "Sammanfattning",
    "Votes": "Röster",
    "ROTI": "ROTI",
    "No experiments decided.": "Inga experiment beslutade.",
    "Not saved: {problem}. Your change stays on screen; it is saved again with the next one.":
        "Inte sparat: {problem}. Ändringen finns kvar på skärmen och sparas igen med nästa.",
    # the honest loop: decide, review, close (issue 19)
    "Change the highlighted experiment's plan (or press Enter on it), until it starts":
        "Ändra planen för det markerade experimentet (eller tryck Enter på det), tills det har startat",
    "Delete the highlighted experiment, after asking, until it starts":
        "Ta bort det markerade experimentet, efter en fråga, tills det har startat",
    "It has started: its expectation is locked. Amend it in the kata log (m).":
        "Det har startat: förväntan är låst. Gör ett tillägg i kata-loggen (m).",
    "Plan changed: {step}": "Planen ändrad: {step}",
    "Experiment deleted: {step}": "Experimentet borttaget: {step}",
    "Delete this experiment?": "Ta bort experimentet?",
    "started: amend it in the kata log": "startat: gör tillägg i kata-loggen",
    "It is only a plan: nothing of it is kept.": "Det är bara en plan: inget av den sparas.",
    "Yes": "Ja",
    "No": "Nej",
    "It went as expected: record the outcome with that answer": "Det gick som väntat: spara utfallet med det svaret",
    "It went partly as expected: record the outcome with that answer":
        "Det gick delvis som väntat: spara utfallet med det svaret",
    "It did not go as expected: record the outcome with that answer":
        "Det gick inte som väntat: spara utfallet med det svaret",
    "Record the outcome without an answer to as expected?": "Spara utfallet utan svar på som väntat?",
    "Save what happened and what was learned for the highlighted experiment, after asking whether it went as expected":
        "Spara vad som hände och vad vi lärde oss för det markerade experimentet, efter frågan om det gick som väntat",
    "y yes · p partly · n no": "y ja · p delvis · n nej",
    "Mark the retro as closed, after asking (it can still be opened, read and exported)":
        "Markera retron som avslutad, efter en fråga (den kan fortfarande öppnas, läsas och exporteras)",
    "Once closed it opens read-only: its summary and its export.":
        "Avslutad öppnas den bara för läsning: sammanfattningen och exporten.",
    "No experiments were decided: nothing comes back for review next time.":
        "Inga experiment beslutades: inget kommer tillbaka för uppföljning nästa gång.",
    "No one has given a ROTI.": "Ingen har gett någon ROTI.",
    "Close this retro?": "Avsluta retron?",
    "Close the retro": "Avsluta retron",
    "Read-only: its summary and its export (x).": "Bara för läsning: sammanfattningen och exporten (x).",
    "Read-only: its summary.": "Bara för läsning: sammanfattningen.",
    "Read-only": "Bara läsning",
    "A closed retro shows its summary and export only": "En avslutad retro visar bara sammanfattning och export",
    "This retro is closed: it opens read-only, with its summary and export.":
        "Retron är avslutad: den öppnas bara för läsning, med sammanfattning och export.",
    "Go ahead": "Fortsätt",
    "Go ahead with it": "Gör det",
    "Go back": "Tillbaka",
    "Go back; nothing changes": "Gå tillbaka; inget ändras",
    "{action} (Enter)": "{action} (Enter)",
    "Go back (Esc)": "Tillbaka (Esc)",
    "Correct what was recorded: the original stays in the record":
        "Rätta det som sparades: originalet finns kvar i loggen",
    "yes, partly or no": "ja, delvis eller nej",
    "(as recorded)": "(som det sparades)",
    "Experiment {id} has started: its record stays; amend or abandon it in the kata log":
        "Experiment {id} har startat: det som skrivits finns kvar; gör tillägg eller avbryt det i kata-loggen",
    "Experiment {id}: the team's next retro started {day}; what was recorded stays as it is":
        "Experiment {id}: teamets nästa retro startade {day}; det som sparades står kvar som det är",
}

# Messages with a count: the English singular -> the Swedish (singular, plural).
PLURALS: dict[str, tuple[str, str]] = {
    "{count} item":
        ("{count} lapp",
         "{count} lappar"),
    "ROTI {average:.1f} from {count} person":
        ("ROTI {average:.1f} från {count} person",
         "ROTI {average:.1f} från {count} personer"),
    "{count} item will be added to ":
        ("{count} lapp läggs till i ",
         "{count} lappar läggs till i "),
    "{count} person, {remote} remote":
        ("{count} person, {remote} på distans",
         "{count} personer, {remote} på distans"),
    "This format allows at most {count} experiment per retro":
        ("Formatet tillåter högst {count} experiment per retro",
         "Formatet tillåter högst {count} experiment per retro"),
    "Average {average:.1f} from {count} person":
        ("Snitt {average:.1f} från {count} person",
         "Snitt {average:.1f} från {count} personer"),
    "Added {count} item from the chat.":
        ("La till {count} lapp från chatten.",
         "La till {count} lappar från chatten."),
    "theme, {count} item":
        ("tema, {count} lapp",
         "tema, {count} lappar"),
    "has {left} of {count} vote left":
        ("har {left} av {count} röst kvar",
         "har {left} av {count} röster kvar"),
    "{count} vote cast":
        ("{count} röst lagd",
         "{count} röster lagda"),
    "Everyone has {count} vote: what matters most to talk about?":
        ("Alla har {count} röst: vad är viktigast att prata om?",
         "Alla har {count} röster: vad är viktigast att prata om?"),
}
