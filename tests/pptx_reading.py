"""Reading built decks back: the paragraphs of a text frame as the renderer wrote them, to measure against its room."""

from __future__ import annotations

from lxml import etree

from build_tools.slides.text_fit import EMU_PER_PT, TextParagraph, TextRun

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def paragraphs_from_xml(tx_body: etree._Element, default_size: float) -> list[TextParagraph]:
    """The paragraphs of an `a:txBody` as written, for checking a built deck against its frames' room.

    Sizes, bold, margins and spacing are read from the paragraph and run properties the renderer
    writes explicitly; a run without a size counts as `default_size`.
    """
    paragraphs = []
    for p in tx_body.iter(f"{{{_A}}}p"):
        ppr = p.find(f"{{{_A}}}pPr")
        runs, sizes = [], []
        for child in p:
            if child.tag == f"{{{_A}}}r":
                rpr = child.find(f"{{{_A}}}rPr")
                text = child.findtext(f"{{{_A}}}t") or ""
                bold = rpr is not None and rpr.get("b") in ("1", "true")
                if rpr is not None and rpr.get("sz"):
                    sizes.append(int(rpr.get("sz")) / 100)
                runs.append(TextRun(text, bold))
            elif child.tag == f"{{{_A}}}br":
                runs.append(TextRun("\n"))
        if not runs:
            continue
        margin = indent = space = 0.0
        spacing = 1.0
        bullet = "•"  # unless the paragraph says otherwise, assume an inherited bullet: the narrower case
        if ppr is not None:
            if ppr.find(f"{{{_A}}}buNone") is not None:
                bullet = ""
            elif ppr.find(f"{{{_A}}}buAutoNum") is not None:
                bullet = "1."
            elif ppr.find(f"{{{_A}}}buChar") is not None:
                bullet = ppr.find(f"{{{_A}}}buChar").get("char", "•")
            margin = int(ppr.get("marL", "0")) / EMU_PER_PT
            indent = int(ppr.get("indent", "0")) / EMU_PER_PT
            before = ppr.find(f"{{{_A}}}spcBef/{{{_A}}}spcPts")
            space = int(before.get("val")) / 100 if before is not None else 0.0
            line = ppr.find(f"{{{_A}}}lnSpc/{{{_A}}}spcPct")
            spacing = int(line.get("val")) / 100000 if line is not None else 1.0
        paragraphs.append(
            TextParagraph(tuple(runs), max(sizes) if sizes else default_size, margin, indent, space, spacing, bullet)
        )
    return paragraphs
