"""Documents the app hands out (Excel, PDF, uploads): one writer per format, shared by every form."""
