"""Swedish strings for the exports (jrnl, Markdown, iCalendar), `retro export`/`import` and the
export dialog."""

CATALOGUE: dict[str, str] = {
    # field names (amendments)
    "expectation": "förväntan",
    "what will be done": "vad som ska göras",
    "owner": "ansvarig",
    "go-and-see day": "uppföljningsdag",
    "what happened": "vad som hände",
    "what was learned": "vad vi lärde oss",
    "as expected?": "som väntat?",
    # statuses and answers
    "As expected?": "Som förväntat?",
    "as expected": "som förväntat",
    "partly as expected": "delvis som förväntat",
    "not as expected": "inte som förväntat",
    "running": "pågår",
    "planned": "planerat",
    "abandoned": "avbrutet",
    # journal entries
    "Experiment planned: {step}": "Experiment planerat: {step}",
    "Experiment amended: {step}": "Tillägg till experiment: {step}",
    "Experiment done: {step}": "Experiment klart: {step}",
    "Experiment abandoned: {step}": "Experiment avbrutet: {step}",
    "Target condition set: {title}": "Ny målbild: {title}",
    "Target condition achieved: {title}": "Målbild uppnådd: {title}",
    "Target condition expired: {title}": "Målbild utgången: {title}",
    "Target condition dropped: {title}": "Målbild släppt: {title}",
    "Coaching: {title}": "Coachning: {title}",
    "the kata log": "kata-loggen",
    "Retro: {team}": "Retro: {team}",
    "What will be done": "Vad som ska göras",
    "Expected (written before it ran)": "Förväntan (skriven innan det genomfördes)",
    "Expected (written {day}, before it ran)": "Förväntan (skriven {day}, innan det genomfördes)",
    "As written on {day}, kept in the record": "Som det skrevs {day}, kvar i loggen",
    "Amended {field}": "Tillägg, {field}",
    "Amended {field} {day}": "Tillägg, {field} {day}",
    "Amended expectation ({day})": "Tillägg till förväntan ({day})",
    "Why it was abandoned": "Varför det avbröts",
    "Go and see on": "Följs upp",
    "Go and see": "Uppföljning",
    "Owner": "Ansvarig",
    "Team": "Team",
    "Target condition": "Målbild",
    "Target conditions": "Målbilder",
    "Obstacle": "Hinder",
    "Challenge": "Utmaning",
    "Achieve by": "Nås senast",
    "achieve by {day}": "nås senast {day}",
    "Reason": "Skäl",
    "reason": "skäl",
    "Reflection": "Reflektion",
    "What happened": "Vad som hände",
    "What was learned": "Vad vi lärde oss",
    "Format": "Format",
    "Participants": "Deltagare",
    "(remote)": "(på distans)",
    "ROTI": "ROTI",
    "Experiments decided": "Beslutade experiment",
    "Experiment": "Experiment",
    # the coaching kata's questions
    "What is the target condition?": "Vad är målbilden?",
    "What is the actual condition now?": "Hur ser det ut just nu?",
    "What was your last step?": "Vilket var ditt senaste steg?",
    "What did you expect?": "Vad förväntade du dig?",
    "What actually happened?": "Vad hände faktiskt?",
    "What did you learn?": "Vad lärde du dig?",
    "What obstacles are now in the way?": "Vilka hinder står nu i vägen?",
    "What is your next step?": "Vilket är ditt nästa steg?",
    "What do you expect?": "Vad förväntar du dig?",
    # Markdown notes
    "Kata log, {year} week {week}": "Kata-loggen, {year} vecka {week}",
    "Experimenting record: {title}": "Experimentlogg: {title}",
    "Experiments without a target condition": "Experiment utan målbild",
    "Set": "Satt",
    "Achieved": "Uppnådd",
    "Expired": "Utgången",
    "Dropped": "Släppt",
    "Coaching": "Coachning",
    "Retro {team}, {day}": "Retro {team}, {day}",
    "Started": "Startad",
    "Closed": "Avslutad",
    "Themes": "Teman",
    "Items": "Lappar",
    "written {day}": "skriven {day}",
    "recorded {day}": "noterad {day}",
    # iCalendar
    "Go and see: {step}": "Följ upp: {step}",
    "retro experiments": "retro-experiment",
    # what was exported
    # command line
    "Wrote {what} to {path}": "Skrev {what} till {path}",
    "--since {since} is after --until {until}": "--since {since} är efter --until {until}",
    "markdown writes a folder of notes: say where with -o FOLDER":
        "markdown skriver en mapp med anteckningar: ange var med -o MAPP",
    "No retro with id {id}": "Ingen retro med id {id}",
    "{store}: the store is not empty; import restores into an empty store, or add --merge":
        "{store}: lagret är inte tomt; import återställer till ett tomt lager, eller lägg till --merge",
    "conflict: {table} {id} differs from the store's; kept the store's":
        "konflikt: {table} {id} skiljer sig från lagrets; lagrets behölls",
    "Merged {path}: added {added}, already there {same}, conflicts {conflicts}":
        "Slog ihop {path}: lade till {added}, fanns redan {same}, konflikter {conflicts}",
    # reading a backup (retro import)
    "{file}: not a retro backup (damaged JSON: {reason})": "{file}: inte en säkerhetskopia från retro (trasig JSON: {reason})",
    "{file}: not a retro backup (no \"format\": \"{format}\" at the top)":
        "{file}: inte en säkerhetskopia från retro (inget \"format\": \"{format}\" överst)",
    "{file}: not a retro backup (no schema_version)": "{file}: inte en säkerhetskopia från retro (ingen schema_version)",
    "{file}: written by a newer retro (schema {found}, this one knows {known}); upgrade retro to import it":
        "{file}: skriven av en nyare retro (schema {found}, den här känner till {known}); uppgradera retro för att importera den",
    "{file}: damaged backup ({problem})": "{file}: skadad säkerhetskopia ({problem})",
    "no tables": "inga tabeller",
    "unknown table {table}": "okänd tabell {table}",
    "table {table} is not an object": "tabellen {table} är inget objekt",
    "{where}: the key is not a number": "{where}: nyckeln är inget tal",
    "{where} has no id": "{where} saknar id",
    "{where}, id {id}: {problem}": "{where}, id {id}: {problem}",
    "{table}: the id {id} appears twice": "{table}: id {id} förekommer två gånger",
    "missing, expected {what}": "saknas, väntade {what}",
    "expected {what}, found {found}": "väntade {what}, fann {found}",
    "nested more than {depth} levels deep": "kapslad i mer än {depth} nivåer",
    "two keys are both {key} once control characters are removed":
        "två nycklar blir båda {key} när styrtecknen tas bort",
    "{file}: no such file": "{file}: filen finns inte",
    "{file}: is not a regular file (a pipe or a device)": "{file}: är ingen vanlig fil (en pipe eller en enhet)",
    "{file}: is a folder, not a backup file": "{file}: är en mapp, inte en säkerhetskopia",
    "{file}: cannot be read ({reason})": "{file}: kan inte läsas ({reason})",
    # what a field of a backup must hold (retro/domain/codec.py)
    "text": "text",
    "true or false": "true eller false",
    "a whole number": "ett heltal",
    "a whole number {least}–{most}": "ett heltal {least}–{most}",
    "a whole number ≥ {least}": "ett heltal ≥ {least}",
    "a whole number ≤ {most}": "ett heltal ≤ {most}",
    "a number": "ett tal",
    "a number {least}–{most}": "ett tal {least}–{most}",
    "a number ≥ {least}": "ett tal ≥ {least}",
    "a number ≤ {most}": "ett tal ≤ {most}",
    "one of {choices}": "något av {choices}",
    "a date and time (YYYY-MM-DDTHH:MM:SS)": "datum och tid (ÅÅÅÅ-MM-DDTHH:MM:SS)",
    "a local date and time, without a time zone": "lokalt datum och tid, utan tidszon",
    "a date (YYYY-MM-DD)": "ett datum (ÅÅÅÅ-MM-DD)",
    "a list": "en lista",
    "an object": "ett objekt",
    "a value": "ett värde",
    # where an export may write
    "{path}: is one of the store's own files ({store}); choose another name":
        "{path}: är en av lagrets egna filer ({store}); välj ett annat namn",
    "{path}: is a folder; give a file name": "{path}: är en mapp; ange ett filnamn",
    "{path}: is not a regular file (a pipe or a device); give a file name":
        "{path}: är ingen vanlig fil (en pipe eller en enhet); ange ett filnamn",
    "{path}: cannot write ({reason})": "{path}: kan inte skrivas ({reason})",
    "{path}: cannot write there, {folder} is a file, not a folder":
        "{path}: kan inte skrivas där, {folder} är en fil, inte en mapp",
    "{path}: cannot create the folder {folder} ({reason})": "{path}: kan inte skapa mappen {folder} ({reason})",
    "{path}: the folder {folder} is not writable": "{path}: mappen {folder} är skrivskyddad",
    "{path}: exists; use --force to replace it": "{path}: finns redan; använd --force för att ersätta den",
    "{path}: is a file; Markdown notes need a folder": "{path}: är en fil; Markdown-anteckningar behöver en mapp",
    "{path}: appeared while exporting; nothing in it was replaced, export again":
        "{path}: dök upp under exporten; inget i den ersattes, exportera igen",
    "{path}: too many edited copies beside it; move some away":
        "{path}: för många redigerade kopior bredvid; flytta undan några",
    "{note} was edited since it was exported: kept it, and wrote the new note to {new}":
        "{note} har redigerats sedan den exporterades: den behölls, och den nya anteckningen skrevs till {new}",
    "{count} notes had been edited since they were exported: they were kept, and the new ones written beside them (NAME.retro-new.md)":
        "{count} anteckningar hade redigerats sedan de exporterades: de behölls, och de nya skrevs bredvid (NAMN.retro-new.md)",
    "{path} exists. Press Export again to replace it, or give another name.":
        "{path} finns redan. Tryck Exportera igen för att ersätta den, eller ange ett annat namn.",
    # the export dialog
    "Close": "Stäng",
    "Close the export dialog": "Stäng exportdialogen",
    "Export": "Exportera",
    "Write the export to the destination": "Skriv exporten till målet",
    "Export to your journal": "Exportera till din journal",
    "Destination": "Mål",
    "A file, or a folder for Markdown": "En fil, eller en mapp för Markdown",
    "jrnl: one journal entry per event": "jrnl: en journalanteckning per händelse",
    "Markdown notes (an Obsidian vault folder)": "Markdown-anteckningar (en mapp för Obsidian)",
    "JSON backup of everything (retro import restores it)": "JSON-säkerhetskopia av allt (retro import återställer den)",
    "CSV: one row per experiment, for spreadsheets": "CSV: en rad per experiment, för kalkylark",
    "iCalendar: open experiments on their go-and-see day": "iCalendar: öppna experiment på sin uppföljningsdag",
    "Import with: jrnl --import --file {path} (importing again adds nothing new)":
        "Importera med: jrnl --import --file {path} (en ny import lägger inte till något nytt)",
    "Open the folder {path} as an Obsidian vault, or copy it into yours":
        "Öppna mappen {path} som ett Obsidian-valv, eller kopiera in den i ditt",
    "Restore with: retro import {path}": "Återställ med: retro import {path}",
    "Open {path} in a spreadsheet (UTF-8)": "Öppna {path} i ett kalkylark (UTF-8)",
    "Import {path} into your calendar; importing again updates the same entries":
        "Importera {path} i din kalender; en ny import uppdaterar samma poster",
    "This retro ({team}, {day}) and the experiments decided in it":
        "Den här retron ({team}, {day}) och experimenten som beslutades i den",
    "The retros and experiments of {team}": "Retros och experiment för {team}",
    "Everything: the kata log and every retro": "Allt: kata-loggen och alla retros",
    "The backup is always the whole store.": "Säkerhetskopian omfattar alltid hela lagret.",
    "Say where to write the export": "Ange var exporten ska skrivas",
    "Exporting…": "Exporterar…",
    "Nothing was written: {reason}": "Inget skrevs: {reason}",
    # a retro's discussion notes and the items in no theme (jrnl entry and Markdown note)
    "Notes": "Anteckningar",
    "Not in a theme": "Utan tema",
}

# Messages with a count: the English singular -> the Swedish (singular, plural).
PLURALS: dict[str, tuple[str, str]] = {
    "{file}: removed {count} control character from its text (line breaks and tabs are kept)":
        ("{file}: tog bort {count} styrtecken ur texten (radbrytningar och tabbar behölls)",
         "{file}: tog bort {count} styrtecken ur texten (radbrytningar och tabbar behölls)"),
    "{file}: {count} text is longer than retro allows today, restored as it is (the first: {where}, {length} characters, at most {limit})":
        ("{file}: {count} text är längre än retro tillåter i dag, återställd som den är (den första: {where}, {length} tecken, högst {limit})",
         "{file}: {count} texter är längre än retro tillåter i dag, återställda som de är (den första: {where}, {length} tecken, högst {limit})"),
    "Restored {count} record from {path}":
        ("Återställde {count} post från {path}",
         "Återställde {count} poster från {path}"),
    "{count} journal entry":
        ("{count} journalanteckning",
         "{count} journalanteckningar"),
    "{count} note":
        ("{count} anteckning",
         "{count} anteckningar"),
    "{count} record":
        ("{count} post",
         "{count} poster"),
    "{count} experiment":
        ("{count} experiment",
         "{count} experiment"),
    "{count} open experiment":
        ("{count} öppet experiment",
         "{count} öppna experiment"),
    "Theme ({count} vote)":
        ("Tema ({count} röst)",
         "Tema ({count} röster)"),
    "{average} of 5 ({count} answer)":
        ("{average} av 5 ({count} svar)",
         "{average} av 5 ({count} svar)"),
    "Item ({column}{who}, {count} vote)":
        ("Lapp ({column}{who}, {count} röst)",
         "Lapp ({column}{who}, {count} röster)"),
    "{count} vote":
        ("{count} röst",
         "{count} röster"),
}
