"""Being written: see reports/urls.py."""

from django.http import Http404


def report_pdf(request, pk=None):
    raise Http404
