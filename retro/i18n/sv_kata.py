"""Swedish strings for the kata log: its rules, command line, screens and dialogs."""

CATALOGUE: dict[str, str] = {
    # weekdays
    "Monday": "måndag",
    "Tuesday": "tisdag",
    "Wednesday": "onsdag",
    "Thursday": "torsdag",
    "Friday": "fredag",
    "Saturday": "lördag",
    "Sunday": "söndag",
    # experiment form
    "Plan an experiment: write what you expect before it runs": "Planera ett experiment: skriv vad du förväntar dig innan det genomförs",
    "What we expect": "Vad vi förväntar oss",
    "One short step, a day or less": "Ett kort steg, en dag eller mindre",
    "Required: what do you think will happen?": "Krävs: vad tror du kommer att hända?",
    "Owner": "Ansvarig",
    "Who takes the step": "Vem som tar steget",
    "Go-and-see day": "Uppföljningsdag",
    "Target condition": "Målbild",
    "No target condition": "Ingen målbild",
    "Obstacle": "Hinder",
    "No particular obstacle": "Inget särskilt hinder",
    "Save (ctrl+s)": "Spara (ctrl+s)",
    "Cancel (esc)": "Avbryt (esc)",
    "Cancel": "Avbryt",
    "Close without saving": "Stäng utan att spara",
    "Save": "Spara",
    "Plan the experiment": "Planera experimentet",
    "Write the day as YYYY-MM-DD": "Skriv dagen som ÅÅÅÅ-MM-DD",
    "{weekday}: that day has passed": "{weekday}: den dagen har passerat",
    "{weekday}, {days} days away: experiments are short — is there a nearer day to go and see?":
        "{weekday}, om {days} dagar: experiment är korta – finns det en närmare dag att följa upp?",
    "{weekday}: today": "{weekday}: i dag",
    "{weekday}: tomorrow": "{weekday}: i morgon",
    "{weekday}, in {days} days": "{weekday}, om {days} dagar",
}
