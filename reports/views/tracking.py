"""Being written: see reports/urls.py."""

from django.http import Http404


def tracking(request, pk=None):
    raise Http404


def tracking_excel(request, pk=None):
    raise Http404
