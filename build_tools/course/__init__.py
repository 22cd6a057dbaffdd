"""The course model and reading it: docs/, course.yml and mkdocs.yml read once into a frozen model."""
