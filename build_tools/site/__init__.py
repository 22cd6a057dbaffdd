"""The participant website: MkDocs + Material + mkdocs-static-i18n, fed from the course model by thin hooks."""
