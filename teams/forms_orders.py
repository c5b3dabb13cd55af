"""The form that attaches a team's appointment order (คำสั่งแต่งตั้ง): one checked upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.documents import uploads


class OrderForm(forms.Form):
    """The signed scan of the order; its cleaned ``file`` is a ``core.documents.uploads.CheckedUpload``."""

    file = uploads.UploadField(label=_("Signed scan of the appointment order"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "order")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.help_text()
