"""Fill Thai translations from a JSON file {msgid: Thai} into locale/th/LC_MESSAGES/django.po.

    make messages                      # refresh the catalogue from the code
    .venv/bin/python scripts/po_fill.py new-strings.json
    msgfmt --check -o locale/th/LC_MESSAGES/django.mo locale/th/LC_MESSAGES/django.po

Clears the fuzzy flag of each entry it fills, and prints the msgids still untranslated.
"""

import json
import sys

import polib

PO = "locale/th/LC_MESSAGES/django.po"


def main(path: str) -> None:
    po = polib.pofile(PO)
    with open(path, encoding="utf-8") as handle:
        translations = json.load(handle)
    for entry in po:
        if entry.msgid in translations:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: translations[entry.msgid]}
            else:
                entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    po.save()
    left = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    print("untranslated:", json.dumps(left, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
