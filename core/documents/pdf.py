"""Every PDF the app writes, written one way: a template that extends ``documents/base.html``,
rendered by Django and laid out by WeasyPrint (``render_pdf``), handed out by ``pdf_response``.

- **The page**: A4, portrait or landscape per document; the running header and footer (the
  document's title, "หน้าที่ x/y", the fiscal year, "ร่าง" while a document is not final) and the
  print table rules are the base template's. A form's template fills its blocks; its view checks
  access with its app's helper, as its page does.
- **The font** is "Sarabun PDF" (``static/fonts/sarabun-pdf/``), Sarabun with a fix that keeps
  ำ (SARA AM) right in the PDF's text layer; ``scripts/derive_pdf_font.py`` says why and builds it.
  The screen keeps the original Sarabun.
- **Nothing is fetched from the network**, nor from anywhere on disk but the project's
  ``static/`` folder (``StaticFetcher``): a URL in a document that points elsewhere is refused, so data
  put into a template can never make the server read a file or call an address.
- **Thai numerals** (๐–๙): a province that asks for them (``Province.thai_numerals``) gets every
  digit of the document's text in Thai, page numbers included; attributes, styles and the text of
  URLs are left alone (``thai_digits_in_html``).
"""

import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.documents.uploads import PDF, clean_name
from core.thai import thai_digits

CONTENT_TYPE = "application/pdf"
STATIC_DIR = Path(settings.BASE_DIR) / "static"


class RefusedURL(ValueError):
    """A document asked WeasyPrint for something outside ``static/``."""


class StaticFetcher(URLFetcher):
    """WeasyPrint's URL fetcher for the app's documents: files of the project's ``static/`` folder,
    nothing else. A refused or missing file stops the rendering (a document without its font would
    print empty boxes in place of Thai)."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",), fail_on_errors=True)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve()
        if parts.scheme != "file" or not path.is_relative_to(STATIC_DIR.resolve()) or not path.is_file():
            raise RefusedURL(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


# A tag, a comment, or a <style>/<script> element with its content; the text between is the page's text.
_MARKUP = re.compile(r"(<(style|script)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I)
_ENTITY_OR_DIGIT = re.compile(r"(&#?\w+;)|[0-9]")


def thai_digits_in_html(html: str) -> str:
    """``html`` with the digits of its text in Thai: tags, attributes, comments, styles, scripts and
    character references (``&#x27;``) stay as they are."""
    pieces = _MARKUP.split(html)
    out = []
    # re.split with two groups gives text, markup, inner group, text, markup, inner group, ...
    for index in range(0, len(pieces), 3):
        text = pieces[index]
        out.append(_ENTITY_OR_DIGIT.sub(lambda m: m.group(1) or thai_digits(m.group(0)), text))
        if index + 1 < len(pieces):
            out.append(pieces[index + 1])
    return "".join(out)


def render_pdf(
    request: HttpRequest | None,
    template_name: str,
    context: dict,
    *,
    landscape: bool = False,
    province=None,
) -> bytes:
    """The document ``template_name`` (which extends ``documents/base.html``) as PDF bytes.

    ``request`` gives the template the context processors' values (the user, the language); a
    command or a test may pass None. ``province`` (the document's) says whether its digits are
    Thai numerals.
    """
    numerals = bool(province and province.thai_numerals)
    context = {
        **context,
        "landscape": landscape,
        "counter_style": "thai" if numerals else "decimal",
    }
    html = render_to_string(template_name, context, request=request)
    if numerals:
        html = thai_digits_in_html(html)
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticFetcher())
    return document.write_pdf()


def pdf_response(content: bytes, name: str) -> HttpResponse:
    """The PDF as a download: an attachment named ``name`` (Thai too, as RFC 5987 ``filename*``,
    cleaned like an upload's name), with the headers of ``core.documents.uploads.file_response``
    that keep a browser from reading it as anything else."""
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    # A slash in the data (a knowledge "ผลิต/ตลาด") is part of the name, not a folder.
    name = clean_name(name.replace("/", "-").replace("\\", "-"), PDF)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
