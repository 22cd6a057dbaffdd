"""The PDF workbooks and facilitator guides: the course model laid out as HTML, printed by WeasyPrint."""
