"""Fill Thai translations from a JSON file {msgid: Thai} into locale/th/LC_MESSAGES/django.po.

    make messages                      # refresh the catalogue from the code
    .venv/bin/python scripts/po_fill.py new-strings.json
    msgfmt --check -o locale/th/LC_MESSAGES/django.mo locale/th/LC_MESSAGES/django.po

The JSON's keys are msgids, or "context\u0004msgid"; a plural's value is its Thai text (or a list
whose first item is). Clears the fuzzy flag of each entry it fills, and prints the msgids still untranslated.
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
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if key in translations:
            thai = translations[key]
            if isinstance(thai, list):  # [singular, plural]: Thai has one form
                thai = thai[0]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: thai}
            else:
                entry.msgstr = thai
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    po.save()
    left = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    print("untranslated:", json.dumps(left, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
