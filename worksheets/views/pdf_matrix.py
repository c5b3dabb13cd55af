"""PDF views (core.documents.pdf)."""
