"""Being written: see reports/urls.py."""

from django.http import Http404


def assessment_list(request, pk=None):
    raise Http404


def assessment_edit(request, pk=None):
    raise Http404
