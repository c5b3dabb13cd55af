"""The PDF layer (core/documents/pdf.py and templates/documents/base.html): A4 portrait or
landscape, the running header and footer, only the project's static files fetched, Thai numerals
only in the text, and the download's headers."""

import subprocess
from urllib.parse import unquote

import pytest
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st
from weasyprint.urls import FatalURLFetchingError

from core.documents import pdf
from core.thai import thai_digits
from tests.pdftext import A4_LANDSCAPE, A4_PORTRAIT, info, needs_poppler, pages, squeeze

pytestmark = pytest.mark.django_db


@needs_poppler
def test_a_document_is_a4_portrait_or_landscape_with_its_page_number_and_year(fiscal_year):
    portrait = pdf.render_pdf(None, "documents/base.html", {"fiscal_year": fiscal_year})
    landscape = pdf.render_pdf(None, "documents/base.html", {"fiscal_year": fiscal_year}, landscape=True)
    assert info(portrait)["Page size"] == A4_PORTRAIT
    assert info(landscape)["Page size"] == A4_LANDSCAPE
    text = squeeze(pages(portrait)[0])
    assert squeeze(f"{gettext('Page')} 1/1") in text
    assert squeeze(gettext("fiscal year %(year)s") % {"year": 2569}) in text


@needs_poppler
def test_its_only_font_is_the_derived_sarabun(fiscal_year):
    content = pdf.render_pdf(None, "documents/base.html", {"fiscal_year": fiscal_year})
    out = subprocess.run(["pdffonts", "-"], input=content, capture_output=True, check=True).stdout.decode()
    fonts = [line.split()[0] for line in out.splitlines()[2:]]
    assert fonts and all(name.split("+")[-1].startswith("Sarabun-PDF") for name in fonts), fonts


def test_the_fetcher_gives_static_files_only():
    fetcher = pdf.StaticFetcher()
    font = pdf.STATIC_DIR / "fonts" / "sarabun-pdf" / "SarabunPDF-Regular.ttf"
    assert fetcher.fetch(font.as_uri()).read() == font.read_bytes()
    for url in (
        "file:///etc/passwd",
        pdf.STATIC_DIR.as_uri() + "/../manage.py",
        pdf.STATIC_DIR.as_uri() + "/%2E%2E/manage.py",
        pdf.STATIC_DIR.as_uri() + "/fonts/none.ttf",
        "http://127.0.0.1:9/static/fonts/sarabun-pdf/SarabunPDF-Regular.ttf",
        "data:text/plain,abc",
    ):
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)


def test_a_document_that_asks_for_anything_else_is_not_made(settings, tmp_path):
    """Rendering stops rather than print a document without what it asked for (its font, say)."""
    (tmp_path / "bad.html").write_text(
        '{% extends "documents/base.html" %}{% block content %}<img src="file:///etc/hostname">{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    with pytest.raises(FatalURLFetchingError):
        pdf.render_pdf(None, "bad.html", {})


def test_thai_numerals_change_the_text_only():
    html = (
        '<p class="c2" style="width: 10mm" id="r-12">ปี 2569 &#x27;ข้อ 1.2&#x27; &amp; 30 คน &#39;</p>'
        "<style>td { width: 12mm; } .p::after { content: counter(page) }</style>"
        '<!-- 3 --><a href="/actionplans/12/">แผน 12</a><script>var x = 1;</script>'
    )
    assert pdf.thai_digits_in_html(html) == (
        '<p class="c2" style="width: 10mm" id="r-12">ปี ๒๕๖๙ &#x27;ข้อ ๑.๒&#x27; &amp; ๓๐ คน &#39;</p>'
        "<style>td { width: 12mm; } .p::after { content: counter(page) }</style>"
        '<!-- 3 --><a href="/actionplans/12/">แผน ๑๒</a><script>var x = 1;</script>'
    )


@given(st.text())
def test_thai_digits_change_digits_only(text):
    converted = thai_digits(text)
    assert len(converted) == len(text)
    for before, after in zip(text, converted, strict=True):
        assert after == (chr(ord("๐") + int(before)) if before in "0123456789" else before)


def test_the_download_is_an_attachment_with_its_thai_name():
    response = pdf.pdf_response(b"%PDF-1.7 ...", 'แบบฟอร์ม 2 การผลิต/พืช "ปลอดภัย" 2569.pdf')
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    # A slash is no folder, quotes never reach the header; Thai stays.
    assert unquote(disposition.split("''", 1)[1]) == "แบบฟอร์ม 2 การผลิต-พืช _ปลอดภัย_ 2569.pdf"
    assert response.content == b"%PDF-1.7 ..."
