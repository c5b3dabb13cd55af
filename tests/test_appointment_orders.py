"""A KM team's appointment order (คำสั่งแต่งตั้ง) attached as a signed scan (issue 8), and the upload
layer under it (core/documents/uploads.py): what is taken, what is refused and how, where it is
stored, and how it comes back."""

import html
import io
import os
import re
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import get_resolver, reverse
from PIL import Image

from core.documents import uploads
from teams import services
from teams.models import AppointmentOrder, MemberRole, Team
from tests.factories import IssueFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, kind)
    return buffer.getvalue()


PNG, JPEG = _image("PNG"), _image("JPEG")


@pytest.fixture(autouse=True)
def _english(_thai, settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(folder, name), media)
        for folder, _dirs, names in os.walk(media)
        for name in names
    )


@pytest.fixture
def team(fiscal_year, agency):
    team = services.start_roster(Team.Kind.AGENCY, fiscal_year, agency=agency)
    services.add_member(team, role=MemberRole.HEAD, first_name="สมชาย", last_name="หัวหน้า")
    return team


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_order(client, team, file):
    return client.post(reverse("team-order", args=[team.pk]), {"order-file": file}, **EN)


# --- Attaching, showing and downloading --------------------------------------------------------------


def test_an_editor_attaches_a_pdf_and_the_province_downloads_it(
    login, client, agency_user, other_agency_user, team, media
):
    response = post_order(login(agency_user), team, upload("คำสั่งจังหวัดกาฬสินธุ์ ที่ 123-2569.pdf", PDF))

    assert response.status_code == 302
    assert response["Location"] == reverse("team-detail", args=[team.pk]) + "#appointment-order"
    order = AppointmentOrder.objects.get(team=team)
    assert order.original_name == "คำสั่งจังหวัดกาฬสินธุ์ ที่ 123-2569.pdf"
    assert order.size == len(PDF) and order.content_type == "application/pdf"
    assert order.uploaded_by == agency_user
    # Stored under a random name, never the user's.
    [stored] = stored_files(media)
    assert re.fullmatch(r"teams/orders/\d{4}/[0-9a-f]{32}\.pdf", stored) and stored == order.file.name

    download = login(other_agency_user).get(reverse("team-order-file", args=[team.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("คำสั่งจังหวัดกาฬสินธุ์ ที่ 123-2569.pdf")
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"), [("scan.PNG", PNG, "image/png"), ("scan.jpg", JPEG, "image/jpeg")]
)
def test_a_scanned_image_is_taken_with_the_type_its_content_has(
    login, agency_user, team, name, content, content_type
):
    # The browser's content type is not believed: it says PDF here.
    assert post_order(login(agency_user), team, upload(name, content, "application/pdf")).status_code == 302
    order = AppointmentOrder.objects.get(team=team)
    assert order.content_type == content_type
    assert order.original_name == name[:-4] + name[-4:].lower()
    download = login(agency_user).get(reverse("team-order-file", args=[team.pk]))
    assert download["Content-Type"] == content_type


def test_the_roster_shows_the_order_with_who_uploaded_it_when(login, agency_user, other_agency_user, team):
    services.attach_order(team, upload("คำสั่งแต่งตั้ง.pdf", PDF), agency_user)
    AppointmentOrder.objects.filter(team=team).update(uploaded_at="2026-03-05T10:30:00+07:00")

    editor = login(agency_user).get(reverse("team-detail", args=[team.pk]), **EN).content.decode()
    assert "Appointment order" in editor and "คำสั่งแต่งตั้ง.pdf" in editor
    assert reverse("team-order-file", args=[team.pk]) in editor
    assert str(agency_user) in editor
    assert "5 มี.ค. 2569 10:30 น." in editor  # Buddhist Era
    assert f'action="{reverse("team-order", args=[team.pk])}"' in editor
    assert f'action="{reverse("team-order-remove", args=[team.pk])}"' in editor

    reader = login(other_agency_user).get(reverse("team-detail", args=[team.pk]), **EN).content.decode()
    assert "คำสั่งแต่งตั้ง.pdf" in reader and reverse("team-order-file", args=[team.pk]) in reader
    assert f'action="{reverse("team-order", args=[team.pk])}"' not in reader


def test_the_roster_says_when_no_order_is_attached(login, other_agency_user, team):
    page = login(other_agency_user).get(reverse("team-detail", args=[team.pk]), **EN).content.decode()
    assert "No appointment order is attached yet." in page
    assert reverse("team-order-file", args=[team.pk]) not in page


def test_a_team_without_an_order_has_no_file_to_download(login, agency_user, team):
    assert login(agency_user).get(reverse("team-order-file", args=[team.pk])).status_code == 404


def test_a_reader_may_not_attach_and_another_province_sees_nothing(
    login, other_agency_user, stranger, agency_user, team, media
):
    services.attach_order(team, upload("คำสั่ง.pdf", PDF), agency_user)
    assert post_order(login(other_agency_user), team, upload("อื่น.pdf", PDF)).status_code == 403
    assert login(stranger).get(reverse("team-order-file", args=[team.pk])).status_code == 404
    assert post_order(login(stranger), team, upload("อื่น.pdf", PDF)).status_code == 404
    assert AppointmentOrder.objects.get(team=team).original_name == "คำสั่ง.pdf"
    assert len(stored_files(media)) == 1


def test_the_issue_team_page_shows_its_editors_the_form(login, issue_lead, fiscal_year):
    issue = IssueFactory(fiscal_year=fiscal_year)
    issue.members.add(issue_lead)
    team = services.start_roster(Team.Kind.ISSUE, fiscal_year, issue=issue)
    page = login(issue_lead).get(reverse("team-order", args=[team.pk]), **EN)
    assert page.status_code == 200 and 'name="order-file"' in page.content.decode()


# --- Replacing and removing ----------------------------------------------------------------------------


def test_a_new_upload_replaces_the_order_and_the_history_keeps_who_did_what(
    login, agency_user, coordinator, team, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_order(login(agency_user), team, upload("คำสั่งเดิม.pdf", PDF))
    first = AppointmentOrder.objects.get(team=team).file.name
    with django_capture_on_commit_callbacks(execute=True):
        post_order(login(coordinator), team, upload("คำสั่งใหม่.png", PNG, "image/png"))

    order = AppointmentOrder.objects.get(team=team)
    assert order.original_name == "คำสั่งใหม่.png" and order.uploaded_by == coordinator
    assert stored_files(media) == [order.file.name] and order.file.name != first
    history = list(order.history.order_by("history_date").values_list("original_name", "history_user"))
    assert history == [("คำสั่งเดิม.pdf", agency_user.pk), ("คำสั่งใหม่.png", coordinator.pk)]


def test_an_editor_removes_the_order(login, agency_user, team, media, django_capture_on_commit_callbacks):
    services.attach_order(team, upload("คำสั่ง.pdf", PDF), agency_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(agency_user).post(reverse("team-order-remove", args=[team.pk]), **EN)
    assert response.status_code == 302
    assert not AppointmentOrder.objects.filter(team=team).exists()
    assert stored_files(media) == []
    last = AppointmentOrder.history.latest()
    assert last.history_type == "-" and last.history_user == agency_user and last.original_name == "คำสั่ง.pdf"
    again = login(agency_user).post(reverse("team-order-remove", args=[team.pk]), follow=True, **EN)
    assert "The team had no appointment order." in again.content.decode()


def test_a_deleted_team_takes_its_file_along(agency_user, team, media, django_capture_on_commit_callbacks):
    services.attach_order(team, upload("คำสั่ง.pdf", PDF), agency_user)
    with django_capture_on_commit_callbacks(execute=True):
        team.delete()
    assert stored_files(media) == []


def test_a_failed_write_keeps_the_old_order_and_leaves_no_new_file(agency_user, team, media, monkeypatch):
    old = services.attach_order(team, upload("คำสั่งเดิม.pdf", PDF), agency_user)

    def broken(self, *args, **kwargs):
        raise IntegrityError("the database went away")

    monkeypatch.setattr(AppointmentOrder, "save", broken)
    with pytest.raises(IntegrityError):
        services.attach_order(team, upload("คำสั่งใหม่.pdf", PDF), agency_user)
    monkeypatch.undo()
    kept = AppointmentOrder.objects.get(team=team)
    assert kept.original_name == "คำสั่งเดิม.pdf" and kept.file.name == old.file.name
    assert stored_files(media) == [old.file.name]
    assert default_storage.open(old.file.name).read() == PDF


# --- Hostile files: refused with a message, nothing half written ------------------------------------


REFUSED = [
    ("an HTML page named .pdf", "คำสั่ง.pdf", HTML, "The file's content is not a PDF file"),
    ("an empty file", "คำสั่ง.pdf", b"", "The file is empty"),
    ("PDF bytes named .png", "คำสั่ง.png", PDF, "The file's content is not a PNG file"),
    ("PNG bytes named .pdf", "คำสั่ง.pdf", PNG, "The file's content is not a PDF file"),
    ("a PNG signature with garbage", "คำสั่ง.png", PNG[:16] + b"garbage" * 10, "not a PNG file"),
    ("a JPEG named .png", "คำสั่ง.png", JPEG, "The file's content is not a PNG file"),
    ("an HTML page named .html", "คำสั่ง.html", HTML, "Choose a PDF, PNG or JPEG file"),
    ("a name without extension", "คำสั่ง", PDF, "Choose a PDF, PNG or JPEG file"),
    ("an executable", "คำสั่ง.pdf.exe", b"MZ\x90\x00", "Choose a PDF, PNG or JPEG file"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_a_hostile_file_is_refused_and_the_old_order_stays(
    login, agency_user, team, media, name, content, message
):
    old = services.attach_order(team, upload("คำสั่งเดิม.pdf", PDF), agency_user)

    response = post_order(login(agency_user), team, upload(name, content))

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert message in page and "is-invalid" in page
    kept = AppointmentOrder.objects.get(team=team)
    assert (kept.original_name, kept.file.name, kept.size) == ("คำสั่งเดิม.pdf", old.file.name, len(PDF))
    assert stored_files(media) == [old.file.name]


def test_a_file_above_the_limit_is_refused_with_the_limit_named(login, agency_user, team, media, settings):
    settings.MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    response = post_order(login(agency_user), team, upload("คำสั่ง.pdf", big))
    page = response.content.decode()
    assert "The file is larger than 1 MB" in page
    assert "A PDF, PNG or JPEG file of at most 1 MB." in page  # the help text says it beforehand
    assert not AppointmentOrder.objects.exists() and stored_files(media) == []
    # Exactly at the limit is taken.
    exact = PDF + b"0" * (1024 * 1024 - len(PDF))
    assert post_order(login(agency_user), team, upload("คำสั่ง.pdf", exact)).status_code == 302


def test_a_post_without_a_file_asks_for_one(login, agency_user, team):
    response = login(agency_user).post(reverse("team-order", args=[team.pk]), {}, **EN)
    assert response.status_code == 200 and "Choose a file." in response.content.decode()
    assert not AppointmentOrder.objects.exists()


def test_a_long_thai_name_with_folders_and_control_characters_is_stored_safely(
    login, agency_user, other_agency_user, team, media
):
    hostile = "../../" + "\x00\x1b[31m\u202e" + "คำสั่งแต่งตั้งคณะทำงาน" * 13 + "\r\n.pdf"
    assert len(hostile) > 300

    assert post_order(login(agency_user), team, upload(hostile, PDF)).status_code == 302

    order = AppointmentOrder.objects.get(team=team)
    name = order.original_name
    assert len(name) <= uploads.MAX_NAME_LENGTH and name.endswith(".pdf")
    assert name.startswith("[31mคำสั่งแต่งตั้ง")
    assert not any(char in name for char in "/\\\x00\x1b\u202e\r\n")
    [stored] = stored_files(media)
    assert re.fullmatch(r"teams/orders/\d{4}/[0-9a-f]{32}\.pdf", stored)
    download = login(other_agency_user).get(reverse("team-order-file", args=[team.pk]))
    assert download["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(name)


# --- The upload layer itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kind", "expected"),
    [
        ("C:\\Users\\สมชาย\\คำสั่ง.PDF", uploads.PDF, "คำสั่ง.pdf"),
        ("..", uploads.PDF, "document.pdf"),
        ('a<b>:"c|?*.jpeg', uploads.JPEG, "a_b___c.jpeg"),
        ("  scan   of   order  .png", uploads.PNG, "scan of order.png"),
        ("คำสั่ง.pdf", uploads.PNG, "คำสั่ง.pdf.png"),
    ],
)
def test_clean_name_keeps_a_readable_safe_name(given, kind, expected):
    assert uploads.clean_name(given, kind) == expected


def test_the_stored_name_never_comes_from_the_user():
    path = uploads.UnguessablePath("teams/orders")
    assert re.fullmatch(r"teams/orders/\d{4}/[0-9a-f]{32}\.pdf", path(None, "../../etc/passwd.pdf"))
    assert re.fullmatch(r"teams/orders/\d{4}/[0-9a-f]{32}", path(None, "evil.php"))
    assert path(None, "a.pdf") != path(None, "a.pdf")


def test_without_pillow_images_are_judged_by_their_signature(monkeypatch):
    monkeypatch.setattr(uploads, "Image", None)
    assert uploads.check_upload(upload("scan.png", PNG[:8] + b"rest")).content_type == "image/png"
    with pytest.raises(ValidationError):
        uploads.check_upload(upload("scan.png", PDF))


def test_a_service_call_checks_the_file_too(agency_user, team, media):
    with pytest.raises(ValidationError):
        services.attach_order(team, upload("คำสั่ง.pdf", HTML), agency_user)
    assert not AppointmentOrder.objects.exists() and stored_files(media) == []


# --- Files are never served from MEDIA_URL -------------------------------------------------------------


def test_media_is_not_served(login, agency_user, team, settings):
    order = services.attach_order(team, upload("คำสั่ง.pdf", PDF), agency_user)
    client = login(agency_user)
    assert client.get("/" + settings.MEDIA_URL + order.file.name).status_code == 404
    patterns = [str(p.pattern) for p in get_resolver().url_patterns]
    assert not [p for p in patterns if p.startswith(settings.MEDIA_URL.strip("/"))]


def test_the_order_page_lists_who_attached_replaced_and_removed_orders(login, agency_user, coordinator, team):
    services.attach_order(team, upload("คำสั่งแรก.pdf", PDF), agency_user)
    services.attach_order(team, upload("คำสั่งแก้ไข.pdf", PDF), coordinator)
    services.remove_order(team, agency_user)

    page = login(coordinator).get(reverse("team-order", args=[team.pk]), **EN).content.decode()

    history = page.split('class="table table-sm order-history"')[1]
    entries = re.findall(
        r"<tr><td>[^<]*</td><td>([^<]*)</td>\s*<td>(\w+)</td>\s*<td>([^<]*)</td></tr>", history
    )
    assert entries == [
        (str(agency_user), "removed", "คำสั่งแก้ไข.pdf"),
        (str(coordinator), "replaced", "คำสั่งแก้ไข.pdf"),
        (str(agency_user), "attached", "คำสั่งแรก.pdf"),
    ]
    assert "No appointment order is attached yet." in page
