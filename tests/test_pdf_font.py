"""The PDFs' font, "Sarabun PDF" (scripts/derive_pdf_font.py): text copied from a PDF keeps ำ
(SARA AM) and the tone mark before it, in either order of first use, in both weights, read back
by pdftotext and pypdf; the page looks exactly as with Sarabun; the committed files are what the
script builds, with their licence.

pdftotext's layout mode (the default, and what poppler-based viewers search) puts a space inside
some words whose tone mark Sarabun Bold sets a little right of a lower vowel (รู้ -> "รู ้");
the text in drawing order (``-raw``) and pypdf's are exact, so layout text is compared without
its whitespace.
"""

import importlib.util
from html import escape
from pathlib import Path

import pytest
from weasyprint import HTML

from core.documents import pdf
from tests.pdftext import needs_poppler, pages, png, pypdf_pages, squeeze

pytestmark = needs_poppler

ROOT = Path(__file__).resolve().parent.parent
WORDS = "การ งาน ความรู้ สำนักงาน ดำเนินการ น้ำ กำหนด ทำ ค่ำ"
TONES = "ค่ำ น้ำ ซ้ำ ต่ำ จ๊ำ อ๋ำ ย่ำ ท่า ป่า ม้า ก้า ค๋า"
NARROW = "ป่ำ ฟ้ำ ปำ ฝ๊ำ ป๋ำ ป่า ฟ้า ปา"  # the .narrow forms of the nikhahit after ป ฝ ฟ
ORDERS = {
    # า first in the document, then ำ; ำ first, then า; each word's forms mixed.
    "sara aa first": [WORDS, TONES, NARROW],
    "sara am first": [" ".join(reversed(line.split())) for line in (WORDS, TONES, NARROW)],
    "tone words first": [TONES, NARROW, WORDS],
}
DERIVED = ("sarabun-pdf", "SarabunPDF")
ORIGINAL = ("sarabun", "Sarabun")


def render(lines: list[str], weight: str, font=DERIVED, size="14pt") -> bytes:
    folder, prefix = font
    html = (
        f'<style>@font-face {{ font-family: T; src: url("fonts/{folder}/{prefix}-{weight}.ttf"); }}'
        f"body {{ font-family: T; font-size: {size}; }}</style>"
        + "".join(f"<p>{escape(line)}</p>" for line in lines)
    )
    return HTML(
        string=html, base_url=pdf.STATIC_DIR.as_uri() + "/", url_fetcher=pdf.StaticFetcher()
    ).write_pdf()


@pytest.mark.parametrize("weight", ["Regular", "Bold"])
@pytest.mark.parametrize("order", ORDERS)
def test_text_read_back_is_the_source(weight, order):
    lines = ORDERS[order]
    content = render(lines, weight)
    words = " ".join(lines).split()
    assert pages(content, "raw")[0].split() == words
    assert squeeze(pages(content, "layout")[0]) == squeeze(" ".join(lines))
    assert pypdf_pages(content)[0].split() == words


def test_sarabun_itself_loses_sara_am():
    """Why the derived font exists: with Sarabun the PDF's text turns ำ into า or า into ำ. When
    this fails, WeasyPrint has fixed it: the derived font may go (scripts/derive_pdf_font.py)."""
    for lines in (ORDERS["sara aa first"], ORDERS["sara am first"]):
        content = render(lines, "Regular", font=ORIGINAL)
        assert pypdf_pages(content)[0].split() != " ".join(lines).split()


@pytest.mark.parametrize("weight", ["Regular", "Bold"])
def test_the_page_looks_as_with_sarabun(weight):
    """Outlines, advances and mark positions are Sarabun's: the same pixels (tone marks above the
    nikhahit, nothing moved)."""
    lines = ORDERS["sara aa first"]
    assert png(render(lines, weight, size="22pt")) == png(render(lines, weight, font=ORIGINAL, size="22pt"))


def test_the_committed_font_is_what_the_script_builds(tmp_path):
    spec = importlib.util.spec_from_file_location("derive_pdf_font", ROOT / "scripts" / "derive_pdf_font.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(tmp_path)
    committed = ROOT / "static" / "fonts" / "sarabun-pdf"
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in committed.iterdir())
    assert {"SarabunPDF-Regular.ttf", "SarabunPDF-Bold.ttf", "OFL.txt"} <= set(built)
    for name in built:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name
    # The licence is Sarabun's own OFL text.
    assert (committed / "OFL.txt").read_bytes() == (
        ROOT / "static" / "fonts" / "sarabun" / "OFL.txt"
    ).read_bytes()
