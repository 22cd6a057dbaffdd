"""The slide decks: the course model laid out on a PowerPoint template with python-pptx.

`render` is the entry (plan the decks, write both editions). Planning: `planner` → `outline_slides`
(title, agenda, module and closing slides) and `session_slides` → `typeset` (sizes, line breaks, lists
cut into slides) → `text_fit` (font metrics); `plan` holds the result, `template` the room in each
placeholder. Writing: `package` → `text_xml` (paragraphs as DrawingML) → `pptx_internals` (the only
code below python-pptx's public API). `settings` reads decks.yml.
"""
