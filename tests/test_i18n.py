from django.urls import reverse


def test_the_site_speaks_thai_even_to_an_english_browser(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="th"' in page and "เข้าสู่ระบบ" in page


def test_a_person_can_switch_to_english_and_back(login, agency_user, fiscal_year):
    client = login(agency_user)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("worksheet1")})
    page = client.get(reverse("worksheet1")).content.decode()
    assert 'lang="en"' in page and "Worksheet 1" in page
    client.post(reverse("set_language"), {"language": "th", "next": reverse("worksheet1")})
    assert "ใบงานที่ 1" in client.get(reverse("worksheet1")).content.decode()


def read_po(path):
    """(msgid, msgstr, flags) of each entry of a .po file; enough of the format for our catalogue.
    An entry with a context (``msgctxt``) is keyed as gettext keys it: ``context\x04msgid``."""
    import ast

    entries, current, field, flags = [], {}, None, ""
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,"):
            flags = line
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr ", "msgstr[0] ")):
            field, _, literal = line.partition(" ")
            current[field] = ast.literal_eval(literal)
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
        elif not line.strip() and current:
            msgid = current.get("msgid", "")
            if msgid and "msgctxt" in current:
                msgid = f"{current['msgctxt']}\x04{msgid}"
            entries.append((msgid, current.get("msgstr", current.get("msgstr[0]", "")), flags))
            current, field, flags = {}, None, ""
    return [e for e in entries if e[0]]


def test_the_thai_catalogue_is_complete_and_compiled():
    """Every marked string has a Thai translation, and the committed .mo says the same as the .po."""
    import gettext
    from pathlib import Path

    po = Path(__file__).resolve().parent.parent / "locale/th/LC_MESSAGES/django.po"
    entries = read_po(po)
    assert len(entries) > 100
    assert not [msgid for msgid, msgstr, _ in entries if not msgstr]
    assert not [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        msgid for msgid, msgstr, _ in entries if "\x00" not in msgid and compiled.gettext(msgid) != msgstr
    ]
    assert not stale, f"recompile the .mo (make messages): {stale[:3]}"
