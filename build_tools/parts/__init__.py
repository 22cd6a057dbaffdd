"""Generated parts of pages and the rendering helpers every output shares (HTML of page bodies, file names)."""
