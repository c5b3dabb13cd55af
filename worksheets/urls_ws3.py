"""Worksheet 3: work processes and the knowledge they need."""

urlpatterns: list = []
