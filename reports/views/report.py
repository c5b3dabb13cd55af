"""Being written: see reports/urls.py."""

from django.http import Http404


def report_open(request, pk=None):
    raise Http404


def report_detail(request, pk=None):
    raise Http404


def report_edit(request, pk=None):
    raise Http404


def report_act(request, pk=None):
    raise Http404
