"""The slide decks: the course model laid out on a PowerPoint template with python-pptx."""
