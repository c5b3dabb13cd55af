"""Reading the app's PDFs back as people's tools do: poppler's pdftotext (``raw``: in the order
drawn, each cell's text together; ``layout``: as the eye reads the page) and pypdf, one string
per page; pdfinfo for the page size; pdftoppm for the picture.

Tests that use them carry ``needs_poppler``: skipped, saying so, where poppler-utils is missing
(``.ci/run`` installs it).
"""

import io
import re
import shutil
import subprocess

import pypdf
import pytest

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="no poppler-utils to read PDFs: apt-get install -y poppler-utils",
)
A4_LANDSCAPE = "841.89 x 595.276 pts (A4)"
A4_PORTRAIT = "595.276 x 841.89 pts (A4)"


def _poppler(tool: str, content: bytes, *options: str) -> str:
    out = subprocess.run([tool, *options, "-", "-"], input=content, capture_output=True, check=True)
    return out.stdout.decode()


def pages(content: bytes, mode: str = "raw") -> list[str]:
    """pdftotext's text of each page (``mode`` ``raw`` or ``layout``)."""
    return _poppler("pdftotext", content, f"-{mode}").split("\f")[:-1]


def pypdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def info(content: bytes) -> dict[str, str]:
    """pdfinfo's fields: ``Pages``, ``Page size``, ``Title``, …"""
    out = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    fields = (line.split(":", 1) for line in out.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in fields}


def squeeze(text: str) -> str:
    """The text without its whitespace: what is left to compare once line breaks fall elsewhere."""
    return re.sub(r"\s+", "", text)


def png(content: bytes, page: int = 1, dpi: int = 110) -> bytes:
    """One page as PNG, as ``pdftoppm -r 110 -png`` draws it."""
    out = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    assert out.stdout.startswith(b"\x89PNG"), "pdftoppm drew nothing"
    return out.stdout
