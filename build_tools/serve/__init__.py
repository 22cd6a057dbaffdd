"""`make serve`: the live preview of the site, the PDF pages and the slides, above the build pipeline."""
