"""Course publishing pipeline: docs/ is read once into a Course (load.py), checked (validate.py),
and rendered into a bilingual site (an MkDocs plugin), PDF workbooks (WeasyPrint) and slide decks (python-pptx).
"""
