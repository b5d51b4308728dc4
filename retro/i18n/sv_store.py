"""Swedish strings for the store's refusals (retro/store/errors.py): a damaged, newer, full or
read-only store. Every one names the file and says what to do."""

from retro.store.errors import (
    CANNOT_CREATE,
    DANGLING,
    LOCK_TIMEOUT,
    MIXED,
    NEWER,
    NOT_A_FILE,
    NOT_A_STORE,
    NOT_SAVED,
    READ_ONLY,
    UNREADABLE,
)

CATALOGUE: dict[str, str] = {
    NOT_A_STORE: "{path}: inte ett retro-lager ({problem}); filen lämnades orörd. Återställ den från en "
                 "säkerhetskopia, eller flytta undan den för att börja med ett nytt lager",
    NEWER: "{path}: skriven av en nyare retro (schema {found}, den här läser upp till {known}); filen lämnades orörd. "
           "Uppgradera retro för att öppna den, och behåll en säkerhetskopia tills dess",
    UNREADABLE: "{path}: kan inte läsas ({reason}); filen lämnades orörd. Kontrollera behörigheterna, eller "
                "återställ den från en säkerhetskopia",
    NOT_SAVED: "{path}: kunde inte spara ({reason}); inget skrevs över, det senast sparade är helt. "
               "Gör en säkerhetskopia av lagret innan du försöker igen",
    READ_ONLY: "{path}: kan inte spara i den här mappen ({reason}); lagret lämnades som det var. "
               "Kopiera det till en skrivbar plats som säkerhetskopia och öppna kopian med --db",
    CANNOT_CREATE: "{path}: kan inte skapa lagret ({reason}); välj en annan plats med --db eller RETRO_DB",
    LOCK_TIMEOUT: "{path}: en annan retro-process har hållit låset i {seconds} s; försök igen när den är klar",
    NOT_A_FILE: "{path}: {kind}, inte en vanlig fil; den lämnades orörd och lästes inte. "
                "Peka --db eller RETRO_DB på själva lagerfilen, eller flytta undan den här",
    DANGLING: "{path}: en symbolisk länk till {target}, som inte finns; inget skapades. "
              "Återställ eller montera {target}, eller peka --db eller RETRO_DB på själva lagerfilen",
    MIXED: "{path}: schema {found}, men {other} hör till ett nyare lager; ingen fil ändrades. "
           "Lägg tillbaka lagrets egen huvudfil från en säkerhetskopia, eller flytta undan hela lagret",
    # kinds named inside NOT_A_FILE
    "a directory": "en mapp",
    "a named pipe (FIFO)": "en namngiven pipe (FIFO)",
    "a device": "en enhetsfil",
    "a socket": "en socket",
    "a symbolic link": "en symbolisk länk",
    "a special file": "en specialfil",
    "no {noun} with id {id}": "inget objekt av typen {noun} med id {id}",
    # problems named inside NOT_A_STORE
    "the file is empty": "filen är tom",
    "no schema_version": "inget schema_version",
}
