"""The participant website: MkDocs + Material + mkdocs-static-i18n, fed from the course model by a thin plugin."""

from build_tools.course.site_generator import site_generator

site_generator()  # chosen before any module of this package imports MkDocs: ProperDocs must come first (see there)
