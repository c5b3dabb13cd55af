"""Build "Sarabun PDF", the font of the app's PDFs, from the vendored Sarabun TTFs.

    .venv/bin/python scripts/derive_pdf_font.py [FOLDER]    (run by scripts/vendor_assets.sh; needs fontTools)

Why: the text of a WeasyPrint PDF set in Sarabun is wrong wherever ำ (SARA AM) occurs, although
the page looks right. HarfBuzz's Thai shaper splits ำ into nikhahit + า (moving the nikhahit in
front of a tone mark, where the font ligates the two), so ำ ends with the same glyph as า.
WeasyPrint writes one ToUnicode entry per glyph, the text of its first use, so either every ำ is
copied as า (น้ำ -> นา) or every า as ำ (การ -> กำร), in pdftotext, pypdf, search and screen
readers alike. See shared/notes/thai-pdf-text.md.

What it does, per weight in ``WEIGHTS``: adds five copies of the glyph of า (``uni0E32.am``,
``uni0E32.am48`` … ``uni0E32.am4B``), one for plain ำ and one for each tone mark before it, and a
contextual substitution, run after the font's own Thai lookups: an า right after the nikhahit
glyph (or its ``.narrow`` form) becomes ``uni0E32.am``, right after the nikhahit + tone ligature
``uni0E4D0E48`` (or ``.narrow``) becomes ``uni0E32.am48``, and so on. Each copy then always ends
the same text (ำ, ่ำ, ้ำ, ๊ำ, ๋ำ), so its ToUnicode entry is right; the outlines, advances and
positions are the original's, so the printed page does not change. The family is renamed
"Sarabun PDF" (a modified version; the OFL names no reserved font name) and the OFL travels with
it. The screen keeps the original Sarabun.

Limits: it relies on HarfBuzz decomposing ำ and on Sarabun's glyph names, which the script
checks (it stops if one is missing); a lone U+0E4D (nikhahit without า) has no text of its own.
The output is reproducible (no timestamp is changed): ``tests/test_pdf_font.py`` rebuilds it
and compares it with the committed files.
"""

import copy
import sys
from pathlib import Path

from fontTools.otlLib.builder import buildCoverage, buildLookup, buildSingleSubstSubtable
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "static" / "fonts" / "sarabun"
TARGET = ROOT / "static" / "fonts" / "sarabun-pdf"
WEIGHTS = ("Regular", "Bold")
FAMILY = "Sarabun PDF"

AA = "uni0E32"  # า, the glyph that ends a decomposed ำ
NIKHAHIT = "uni0E4D"
# The glyph before า in ำ -> the copy of า it calls for ("" for no tone mark).
TONES = ("", "0E48", "0E49", "0E4A", "0E4B")  # none, ่ ้ ๊ ๋


def copy_name(tone: str) -> str:
    return f"{AA}.am{tone[-2:]}"


def before(tone: str) -> list[str]:
    """The glyphs that stand before า in ำ with this tone mark: the nikhahit (or the ligature of
    nikhahit and tone mark) and its narrow form."""
    glyph = NIKHAHIT + tone
    return [glyph, f"{glyph}.narrow"]


def derive(font: TTFont) -> None:
    order = font.getGlyphOrder()
    needed = [AA, *(name for tone in TONES for name in before(tone))]
    missing = [name for name in needed if name not in order]
    if missing:
        sys.exit(f"Sarabun has changed: no glyph {', '.join(missing)}; revisit this script.")
    glyf, hmtx = font["glyf"], font["hmtx"]
    for tone in TONES:
        glyf[copy_name(tone)] = copy.deepcopy(glyf[AA])  # appends the name to the glyph order
        hmtx[copy_name(tone)] = hmtx[AA]
    glyph_map = font.getReverseGlyphMap(rebuild=True)

    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    chain = otTables.ChainContextSubst()
    chain.Format = 3
    chain.BacktrackGlyphCount, chain.InputGlyphCount, chain.LookAheadGlyphCount = 1, 1, 0
    chain.LookAheadCoverage = []
    chain.InputCoverage = [buildCoverage([AA], glyph_map)]
    chains = []
    for tone in TONES:
        single = buildLookup([buildSingleSubstSubtable({AA: copy_name(tone)})])
        lookups.append(single)
        rule = copy.deepcopy(chain)
        rule.BacktrackCoverage = [buildCoverage(before(tone), glyph_map)]
        record = otTables.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = 0, len(lookups) - 1
        rule.SubstCount, rule.SubstLookupRecord = 1, [record]
        chains.append(rule)
    # Flag 0: the nikhahit is a mark, and this rule must see it. Appended last, so it runs after
    # the font's ccmp and liga lookups (one stage in HarfBuzz, applied in lookup order).
    lookups.append(buildLookup(chains, flags=0))
    gsub.LookupList.LookupCount = len(lookups)
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.append(len(lookups) - 1)
            record.Feature.LookupCount += 1

    style = font["name"].getDebugName(2)
    names = {
        1: FAMILY,
        3: f"{FAMILY.replace(' ', '')}-{style}; derived from Sarabun",
        4: f"{FAMILY} {style}",
        6: f"{FAMILY.replace(' ', '')}-{style}",
    }
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]


def main(target: Path = TARGET) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for weight in WEIGHTS:
        font = TTFont(SOURCE / f"Sarabun-{weight}.ttf", recalcTimestamp=False)
        derive(font)
        font.save(target / f"SarabunPDF-{weight}.ttf")
    (target / "OFL.txt").write_bytes((SOURCE / "OFL.txt").read_bytes())
    (target / "README.md").write_text(
        f"{FAMILY} ({', '.join(WEIGHTS)}): Sarabun (../sarabun/) with five copies of the glyph of า and a\n"
        "contextual substitution, so that text copied from the app's PDFs keeps ำ (SARA AM).\n"
        "Built by `scripts/derive_pdf_font.py` (its docstring says why and how); do not edit by hand.\n"
        "Licensed under the SIL Open Font License 1.1, like Sarabun: see OFL.txt.\n",
        encoding="utf-8",
    )
    print(f"Derived {FAMILY} ({', '.join(WEIGHTS)}) -> {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
