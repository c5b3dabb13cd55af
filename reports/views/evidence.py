"""Being written: see reports/urls.py."""

from django.http import Http404


def evidence_add(request, pk=None):
    raise Http404


def evidence_file(request, pk=None):
    raise Http404


def evidence_delete(request, pk=None):
    raise Http404
