"""Files people upload: a signed scan of an appointment order now, of an approved action plan and the
evidence of progress reports later. One layer, so every upload is checked and stored alike.

- **What is taken**: PDF, PNG and JPEG (``KINDS``; the evidence of a progress report also Word,
  Excel and PowerPoint files, ``EVIDENCE_KINDS``), judged by the file's first bytes *and* its
  extension, never by the content type the browser sends. A PDF starts with ``%PDF-``; an image must
  open with Pillow as the kind its extension says (by its signature alone where Pillow is missing);
  an office document must be a ZIP archive whose directory holds ``[Content_Types].xml`` and the
  part its kind has (``word/document.xml``, ``xl/workbook.xml``, ``ppt/presentation.xml``): an
  HTML or SVG file, or any other archive, named ``.docx`` is refused. Old binary ``.doc``/``.xls``
  files are not taken (one signature for all of them and macros inside): save them as PDF. An empty
  file, or one above ``settings.MAX_UPLOAD_MB`` megabytes, is refused; every refusal says why in
  the user's language and names the limit.
- **Where it goes**: through Django's storage API (``FileField``, the ``default`` storage of
  ``settings.STORAGES``, under ``MEDIA_ROOT``), named by a random UUID (``UnguessablePath``),
  never by the user's file name. The original name is kept beside it, cleaned (``clean_name``),
  for the download only.
- **What is kept**: one row per file, a model built on ``StoredUpload`` (the file's original name,
  size, checked content type, who uploaded it when; django-simple-history keeps the rows it
  replaced). ``store_replacing`` puts a new file in an owner's one place, replacing the old one
  without ever losing either; ``delete_stored_file`` takes a deleted row's file away.
- **How it comes back**: only through a view that checks access and answers with
  ``file_response`` (an attachment with the stored content type, ``nosniff`` and the Thai file
  name). Nothing is served from ``MEDIA_URL``: the project's URLs do not serve media.
"""

import posixpath
import unicodedata
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

try:  # Pillow comes with WeasyPrint; without it images are judged by their signature alone.
    from PIL import Image
except ImportError:  # pragma: no cover - Pillow is installed wherever WeasyPrint is
    Image = None

DEFAULT_MAX_UPLOAD_MB = 10
MAX_NAME_LENGTH = 120  # characters of the original file name kept for the download


@dataclass(frozen=True)
class Kind:
    """A kind of file the app takes."""

    label: str
    content_type: str
    extensions: tuple[str, ...]  # the first is the one stored files get
    signature: bytes
    pillow_format: str | None = None
    office_part: str | None = None  # an office document's main part in its ZIP directory


PDF = Kind("PDF", "application/pdf", (".pdf",), b"%PDF-")
PNG = Kind("PNG", "image/png", (".png",), b"\x89PNG\r\n\x1a\n", "PNG")
JPEG = Kind("JPEG", "image/jpeg", (".jpg", ".jpeg"), b"\xff\xd8\xff", "JPEG")
ZIP = b"PK\x03\x04"
DOCX = Kind(
    "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    ZIP,
    office_part="word/document.xml",
)
XLSX = Kind(
    "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    ZIP,
    office_part="xl/workbook.xml",
)
PPTX = Kind(
    "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
    ZIP,
    office_part="ppt/presentation.xml",
)
KINDS = (PDF, PNG, JPEG)
EVIDENCE_KINDS = (PDF, PNG, JPEG, DOCX, XLSX, PPTX)
EXTENSIONS = {extension: kind for kind in EVIDENCE_KINDS for extension in kind.extensions}


def max_upload_mb() -> int:
    return int(getattr(settings, "MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))


def max_upload_bytes() -> int:
    return max_upload_mb() * 1024 * 1024


def accepted(kinds: tuple[Kind, ...] = KINDS) -> str:
    """What the file input's ``accept`` attribute offers (a hint for the browser, not a check)."""
    return ",".join([*(e for kind in kinds for e in kind.extensions), *(kind.content_type for kind in kinds)])


def help_text(kinds: tuple[Kind, ...] = KINDS) -> str:
    if kinds == EVIDENCE_KINDS:
        return _("A PDF, PNG, JPEG, Word, Excel or PowerPoint file of at most %(limit)s MB.") % {
            "limit": max_upload_mb()
        }
    return _("A PDF, PNG or JPEG file of at most %(limit)s MB.") % {"limit": max_upload_mb()}


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed ``check_upload``: its kind by content, size and cleaned name."""

    file: UploadedFile
    kind: Kind
    size: int
    name: str

    @property
    def content_type(self) -> str:
        return self.kind.content_type


def _extension(name: str) -> str:
    return posixpath.splitext(name.lower().strip())[1]


def _head(upload, length: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _opens_as(upload, kind: Kind) -> bool:
    """Does the image open with Pillow as ``kind``? Without Pillow its signature has to do."""
    if Image is None:
        return True
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            found = image.format
            image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken or hostile file
        return False
    finally:
        upload.seek(0)
    return found == kind.pillow_format


MAX_OFFICE_PARTS = 10_000  # more parts than any real document has: refused unread


def _is_office(upload, kind: Kind) -> bool:
    """Is the file an office document of ``kind``? Its ZIP directory is read, nothing unpacked."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)
    return len(names) <= MAX_OFFICE_PARTS and "[Content_Types].xml" in names and kind.office_part in names


def _content_is(upload, kind: Kind) -> bool:
    if not _head(upload).startswith(kind.signature):
        return False
    if kind.office_part:
        return _is_office(upload, kind)
    if kind.pillow_format:
        return _opens_as(upload, kind)
    return True


def check_upload(upload: UploadedFile, kinds: tuple[Kind, ...] = KINDS) -> CheckedUpload:
    """The upload as a ``CheckedUpload``, or ``ValidationError`` saying why it is refused.

    Refused: no file, an empty file, a file above the size limit, a name whose extension is not
    one of ``kinds``' (.pdf, .png, .jpg or .jpeg by default), and content that is not what the name
    says (an HTML page named ``.pdf``, a PDF named ``.png``, an image that does not open, a ZIP
    archive named ``.docx`` that is no Word document).
    """
    if upload is None or not getattr(upload, "name", None):
        raise ValidationError(_("Choose a file."), code="required")
    size = upload.size or 0
    if size <= 0:
        raise ValidationError(_("The file is empty: choose the scanned document itself."), code="empty")
    if size > max_upload_bytes():
        raise ValidationError(
            _("The file is larger than %(limit)s MB: scan at a lower resolution or in black and white.")
            % {"limit": max_upload_mb()},
            code="too_large",
        )
    kind = EXTENSIONS.get(_extension(upload.name))
    if kind not in kinds:
        if kinds == EVIDENCE_KINDS:
            message = _(
                "Choose a PDF, PNG, JPEG, Word, Excel or PowerPoint file (a name ending in .pdf, .png, "
                ".jpg, .jpeg, .docx, .xlsx or .pptx)."
            )
        else:
            message = _("Choose a PDF, PNG or JPEG file (a name ending in .pdf, .png, .jpg or .jpeg).")
        raise ValidationError(message, code="extension")
    if not _content_is(upload, kind):
        raise ValidationError(
            _("The file's content is not a %(kind)s file, although its name says so.") % {"kind": kind.label},
            code="content",
        )
    return CheckedUpload(file=upload, kind=kind, size=size, name=clean_name(upload.name, kind))


def clean_name(name: str, kind: Kind) -> str:
    """The name a download offers: the user's file name without folders, control characters or
    characters that file systems refuse, at most ``MAX_NAME_LENGTH`` characters, ending in the
    extension of its checked kind. Thai letters stay. Never used to name the stored file.
    """
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    kept = []
    for char in name:
        if unicodedata.category(char)[0] == "C":
            continue  # control, format (right-to-left overrides too), private-use, unassigned
        kept.append("_" if char in '<>:"|?*' else " " if char.isspace() else char)
    stem, extension = posixpath.splitext(" ".join("".join(kept).split()))
    if extension.lower() not in kind.extensions:
        stem, extension = f"{stem}{extension}", kind.extensions[0]
    stem = stem.strip(" ._-") or "document"
    return stem[: MAX_NAME_LENGTH - len(extension)].rstrip(" ._-") + extension.lower()


@deconstructible
class UnguessablePath:
    """``upload_to`` of a ``FileField``: ``<folder>/<year>/<random uuid><extension>``.

    The stored name never comes from the user: only a known extension of the given name is kept,
    so that the file's kind shows in the storage too.
    """

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = _extension(filename)
        kind = EXTENSIONS.get(extension)
        suffix = kind.extensions[0] if kind else ""
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UnguessablePath) and other.folder == self.folder


class UploadField(forms.FileField):
    """A file field that takes what ``check_upload`` takes (``kinds``, PDF and images by default);
    its cleaned value is a ``CheckedUpload``."""

    default_error_messages = {
        "required": gettext_lazy("Choose a file."),
        "empty": gettext_lazy("The file is empty: choose the scanned document itself."),
        "invalid": gettext_lazy("No file was sent. Check the form's encoding type."),
    }

    def __init__(self, kinds: tuple[Kind, ...] = KINDS, **kwargs):
        self.kinds = kinds
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": accepted(kinds)}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload in self.empty_values:
            return upload
        return check_upload(upload, self.kinds)


def file_response(file: FieldFile, *, name: str, content_type: str) -> FileResponse:
    """The stored file as a download: an attachment named ``name`` (Thai names too, as RFC 5987
    ``filename*``), with the content type recorded when it was checked, never guessed again, and
    headers that keep a browser from reading it as anything else. 404 when the storage has lost it.
    """
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Even a browser that opens the file itself runs nothing in it.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


class StoredUpload(models.Model):
    """What is kept of an uploaded file beside the file itself. A concrete model adds its owner and
    ``file = models.FileField(upload_to=UnguessablePath("<folder>"), max_length=200)``, and
    connects ``delete_stored_file`` to ``post_delete`` so a deleted row leaves no file behind."""

    original_name = models.CharField(gettext_lazy("file name"), max_length=MAX_NAME_LENGTH)
    size = models.PositiveIntegerField(gettext_lazy("size in bytes"))
    content_type = models.CharField(
        gettext_lazy("content type"),
        max_length=40,
        choices=[(kind.content_type, kind.label) for kind in KINDS],
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=gettext_lazy("uploaded by"),
    )  # fmt: skip
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


def delete_stored_file(sender, instance: StoredUpload, **kwargs) -> None:
    """``post_delete`` receiver: the deleted row's file leaves the storage once that is committed."""
    if instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name), using=kwargs.get("using"))


def store_replacing(
    staged: StoredUpload, checked: CheckedUpload, user, current: Callable[[], StoredUpload | None]
) -> StoredUpload:
    """Keep ``checked`` as the one file of an owner, replacing the one it had; returns the row.

    ``staged`` is an unsaved row of the owner. The file is stored under a random name first; then,
    in one transaction, ``current()`` locks the owner, raises ``ValidationError`` if the owner may
    not take a file now, and returns its row (None when it has none, and ``staged`` is saved). If
    anything fails the new file is deleted again, so a refused replacement keeps the old file
    whole; a replaced file leaves the storage once the new one is committed, while the row's
    history keeps its name, who uploaded it and who replaced it when.
    """
    staged.file.save(checked.name, checked.file, save=False)
    stored = staged.file.name
    try:
        with transaction.atomic():
            row = current() or staged
            replaced = row.file.name if row.pk else None
            row.file = stored
            row.original_name = checked.name
            row.size = checked.size
            row.content_type = checked.content_type
            row.uploaded_by = user
            row.uploaded_at = timezone.now()
            row._history_user = user
            row.full_clean()
            row.save()
            if replaced and replaced != stored:
                storage = row.file.storage
                transaction.on_commit(lambda: storage.delete(replaced))
    except BaseException:
        staged.file.storage.delete(stored)
        raise
    return row


def store_new(staged: StoredUpload, checked: CheckedUpload, user, check: Callable[[], None]) -> StoredUpload:
    """Keep ``checked`` as one more file of an owner (evidence: an owner has many): like
    ``store_replacing``, but ``check()`` only locks the owner and raises ``ValidationError`` or
    ``PermissionDenied`` if it may not take the file now; nothing is replaced."""

    def nothing_to_replace() -> None:
        check()

    return store_replacing(staged, checked, user, nothing_to_replace)
