"""Documents the app hands out (Excel now; PDFs later): one writer per format, shared by every form."""
