"""Swedish strings for preparing retros: `retro formats …`, the format library, preview and compose."""

CATALOGUE: dict[str, str] = {
    # command line
    "{path}: warning: the phases add up to {sum} min, the format says {minutes} min":
        "{path}: varning: faserna blir tillsammans {sum} min, formatet anger {minutes} min",
    "Source: {source}": "Källa: {source}",
    "Created {path}": "Skapade {path}",
    "Exported {id} to {path}": "Exporterade {id} till {path}",
    "Imported {id} into {path}": "Importerade {id} till {path}",
    "skipped {problem}": "hoppade över {problem}",
    "No editor: set $VISUAL or $EDITOR": "Ingen editor: sätt $VISUAL eller $EDITOR",
    "Edit again (e), keep it with its problems (k), or discard the edit (d)?":
        "Redigera igen (e), behåll den med sina problem (k), eller kasta ändringen (d)?",
    "{id} is built in and read-only; copy it: retro formats new NEW_ID --from {id}":
        "{id} är inbyggt och skrivskyddat; kopiera det: retro formats new NYTT_ID --from {id}",
    "{path} is a directory; give a file name": "{path} är en katalog; ange ett filnamn",
    "A format with id {id} already exists: {where}; use --replace to replace it":
        "Det finns redan ett format med id {id}: {where}; använd --replace för att ersätta det",
    "{path} exists; use --replace to overwrite it": "{path} finns redan; använd --replace för att skriva över den",
    "{path} is valid: {name}, {count} phases, {minutes} min.": "{path} är giltig: {name}, {count} faser, {minutes} min.",
    "{path} has {count} problems; it is kept as it is: fix it and run 'retro formats check'":
        "{path} har {count} problem; filen behålls som den är: rätta den och kör 'retro formats check'",
    "{path} is kept with {count} problems; it is listed as failed until fixed":
        "{path} behålls med {count} problem; den listas som trasig tills den är rättad",
    "Discarded: {path} is back as it was": "Kastad: {path} är som den var innan",
    "Discarded: {path} was removed": "Kastad: {path} togs bort",
    "A format with id {id} already exists: {where}": "Det finns redan ett format med id {id}: {where}",
    "{id} is not a usable id: use lower-case letters, digits, - or _":
        "{id} går inte att använda som id: använd små bokstäver, siffror, - eller _",
    "Cannot write {path}: {reason}": "Kan inte skriva {path}: {reason}",
    "{path} exists; use --force to overwrite it": "{path} finns redan; använd --force för att skriva över den",
    "{path} is not a valid format; nothing was imported": "{path} är inget giltigt format; inget importerades",
    "built-in": "inbyggt",
    "The editor could not be started: {reason}": "Editorn kunde inte startas: {reason}",
}
