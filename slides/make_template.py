"""Make slides/template.pptx reproducibly from python-pptx's default template.

Run `.venv/bin/python slides/make_template.py` after changing this script or the `fonts:` and
`layouts:` of slides/decks.yml, and commit both files. The result is 16:9 with a theme whose major
and minor fonts set a Latin and an East Asian typeface (so Chinese never falls back to SimSun), the
course colours, and exactly the seven layouts the decks use, with placeholders at the idx the
renderer fills (see README, "Using your company's slide template"). Building twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.slides.package import reproducible_bytes  # noqa: E402
from build_tools.slides.settings import Fonts, Layouts, load_deck_settings  # noqa: E402

OUTPUT = ROOT / "slides" / "template.pptx"
SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 in × 7.5 in, PowerPoint's "Widescreen"
TEMPLATE_DATE = dt.datetime(2026, 1, 1)
_NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
COLOURS = {  # theme slot → RGB; dk2 carries titles and dark backgrounds, accent2 marks activities
    "dk1": "222B36", "lt1": "FFFFFF", "dk2": "17375E", "lt2": "EEF2F7",
    "accent1": "1F6FB2", "accent2": "E07B2E", "accent3": "3C9D5D", "accent4": "7A5CA8",
    "accent5": "2A9DB5", "accent6": "C44536", "hlink": "1F6FB2", "folHlink": "7A5CA8",
}
DARK = ("tx2",)  # theme colours of dark slide backgrounds
# Geometry in inches: (left, top, width, height).
TITLE_BOX = (0.6, 0.35, 12.13, 1.45)
BODY_BOX = (0.6, 1.95, 12.13, 4.95)
LEFT_BOX = (0.6, 1.95, 6.9, 4.95)
RIGHT_BOX = (7.75, 1.95, 4.98, 4.95)
# The notes page (7.5 in × 10 in, portrait): a small slide image at the top, the notes body below it, as
# tall as the page allows, so a slide's whole trainer notes print on one notes page (the renderer sets
# each page's notes size, from sizes.notes down to sizes.min_notes, to fit this body).
NOTES_SLIDE_IMAGE = (1.75, 0.4, 4.0, 2.25)
NOTES_BODY = (0.4, 2.85, 6.7, 6.65)


def main() -> int:
    """Build the template from the default one and write it next to this script."""
    settings = load_deck_settings(ROOT, require_template=False)
    OUTPUT.write_bytes(build_template(settings.fonts, settings.layouts))
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


def build_template(fonts: Fonts, names: Layouts) -> bytes:
    """The template as bytes: theme, master and the seven layouts, no slides."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    prs.part._element.find(qn("p:sldSz")).attrib.pop("type", None)
    master = prs.slide_master
    _style_theme(master.part.part_related_by(RT.THEME), fonts, "Course")
    _style_master(master._element)
    layouts = list(prs.slide_layouts)
    designs = [
        (layouts[0], names.title, "title", _title_layout),
        (layouts[4], names.agenda, None, _agenda_layout),
        (layouts[2], names.section, "secHead", _section_layout),
        (layouts[1], names.content, "obj", _content_layout),
        (layouts[3], names.content_with_image, "twoObj", _two_content_layout),
        (layouts[5], names.discussion, None, _discussion_layout),
        (layouts[6], names.closing, None, _closing_layout),
    ]
    for layout in layouts[7:]:
        prs.slide_layouts.remove(layout)
    id_list = master._element.find(qn("p:sldLayoutIdLst"))
    entries = {e.get(qn("r:id")): e for e in id_list}
    for layout, name, kind, design in designs:
        element = layout._element
        element.find(qn("p:cSld")).set("name", name)
        if kind:
            element.set("type", kind)
        else:
            element.attrib.pop("type", None)
        design(element)
        rid = master.part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        id_list.append(entries[rid])  # re-append in the order above
    notes_master = prs.notes_master
    _style_theme(notes_master.part.part_related_by(RT.THEME), fonts, "Course notes")
    _notes_layout(notes_master._element)
    _tidy_package(prs)
    core = prs.core_properties
    core.title, core.author, core.last_modified_by = "Course slide template", "slides/make_template.py", ""
    core.comments, core.subject, core.keywords, core.category = "", "", "", ""
    core.created = core.modified = TEMPLATE_DATE
    core.revision = 1
    return reproducible_bytes(prs)


# --- theme ----------------------------------------------------------------------------------------


def _style_theme(part: object, fonts: Fonts, name: str) -> None:
    element = part._element if hasattr(part, "_element") else etree.fromstring(part.blob)  # type: ignore[attr-defined]
    element.set("name", name)
    scheme = element.find(f".//{qn('a:clrScheme')}")
    scheme.set("name", name)
    for slot, rgb in COLOURS.items():
        holder = scheme.find(qn(f"a:{slot}"))
        for child in list(holder):
            holder.remove(child)
        etree.SubElement(holder, qn("a:srgbClr"), val=rgb)
    font_scheme = element.find(f".//{qn('a:fontScheme')}")
    font_scheme.set("name", name)
    for kind in ("a:majorFont", "a:minorFont"):
        group = font_scheme.find(qn(kind))
        group.find(qn("a:latin")).set("typeface", fonts.latin)
        group.find(qn("a:ea")).set("typeface", fonts.east_asian)
        for script in group.findall(qn("a:font")):
            if script.get("script") == "Hans":
                script.set("typeface", fonts.east_asian)
    if not hasattr(part, "_element"):
        part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)  # type: ignore[attr-defined]


# --- master ---------------------------------------------------------------------------------------


def _emu(inches: float) -> int:
    return int(Inches(inches))


def _xfrm(box: tuple[float, float, float, float]) -> str:
    x, y, w, h = (_emu(v) for v in box)
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'


def _xml(fragment: str) -> etree._Element:
    """One element from a fragment of PresentationML/DrawingML written with the usual prefixes."""
    return etree.fromstring(f"<p:wrapper {_NS}>{fragment}</p:wrapper>")[0]


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'


def _style_master(master: etree._Element) -> None:
    tree = master.find(qn("p:cSld")).find(qn("p:spTree"))
    boxes = {"title": TITLE_BOX, "body": BODY_BOX, "dt": (0.6, 6.95, 2.8, 0.4), "ftr": (4.4, 6.95, 4.5, 0.4),
             "sldNum": (9.93, 6.95, 2.8, 0.4)}
    for sp in tree.findall(qn("p:sp")):
        ph = sp.find(f".//{qn('p:ph')}")
        box = boxes[ph.get("type")]
        sp_pr = sp.find(qn("p:spPr"))
        sp_pr.replace(sp_pr.find(qn("a:xfrm")), _xml(_xfrm(box)))
        body_pr = sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
        for child in list(body_pr):
            body_pr.remove(child)  # no autofit: the renderer measures text so nothing needs shrinking
        if ph.get("type") == "title":
            body_pr.set("anchor", "b")
    tree.insert(2, _shape(10, "Accent bar", (0, 0, 13.333, 0.12), "accent1"))
    styles = master.find(qn("p:txStyles"))
    styles.replace(styles.find(qn("p:titleStyle")), etree.fromstring(
        f'<p:titleStyle {_NS}><a:lvl1pPr algn="l" defTabSz="457200" rtl="0" eaLnBrk="1" latinLnBrk="0" '
        f'hangingPunct="1"><a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef>'
        f'<a:buNone/><a:defRPr sz="3200" kern="1200">{_fill("tx2")}<a:latin typeface="+mj-lt"/>'
        f'<a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/></a:defRPr></a:lvl1pPr></p:titleStyle>'
    ))
    levels = []
    for level in range(9):
        size = (2400, 2000, 1800, 1800, 1800, 1800, 1800, 1800, 1800)[level]
        char = "•" if level % 2 == 0 else "–"
        levels.append(
            f'<a:lvl{level + 1}pPr marL="{342900 * (level + 1)}" indent="-342900" algn="l" defTabSz="457200" '
            f'rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"><a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="600"/></a:spcBef><a:buClr><a:schemeClr val="accent1"/></a:buClr>'
            f'<a:buFont typeface="Arial"/><a:buChar char="{char}"/><a:defRPr sz="{size}" kern="1200">'
            f'{_fill("tx1")}<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
            f"</a:defRPr></a:lvl{level + 1}pPr>"
        )
    styles.replace(styles.find(qn("p:bodyStyle")),
                   etree.fromstring(f"<p:bodyStyle {_NS}>{''.join(levels)}</p:bodyStyle>"))


def _shape(shape_id: int, name: str, box: tuple[float, float, float, float], colour: str) -> etree._Element:
    """A plain filled rectangle (decoration on the master or a layout)."""
    return etree.fromstring(
        f'<p:sp {_NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name={quoteattr(name)}/><p:cNvSpPr/><p:nvPr userDrawn="1"/>'
        f'</p:nvSpPr><p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_fill(colour)}'
        f"<a:ln><a:noFill/></a:ln></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang=\"en-US\"/>"
        f"</a:p></p:txBody></p:sp>"
    )


# --- layouts --------------------------------------------------------------------------------------


def _placeholder(shape_id: int, name: str, ph: str, box: tuple[float, float, float, float] | None,
                 prompt: str, anchor: str = "", colour: str = "", size: int = 0, bullets: bool = True,
                 bold: bool | None = None, bullet_colour: str = "") -> etree._Element:
    """A layout placeholder; `ph` holds the `p:ph` attributes, e.g. 'type="title"' or 'idx="1"'."""
    anchor_attr = f' anchor="{anchor}"' if anchor else ""
    run_attrs = (f' sz="{size}"' if size else "") + ("" if bold is None else f' b="{int(bold)}"')
    fill = _fill(colour) if colour else ""
    bullet = f'<a:buClr><a:schemeClr val="{bullet_colour}"/></a:buClr>' if bullet_colour else ""
    bullet = bullet if bullets else "<a:buNone/>"
    margin = "" if bullets else ' marL="0" indent="0"'
    style = ""
    if run_attrs or fill or bullet or not bullets:
        style = f"<a:lvl1pPr{margin}>{bullet}<a:defRPr{run_attrs}>{fill}</a:defRPr></a:lvl1pPr>"
    geometry = _xfrm(box) if box else ""
    return etree.fromstring(
        f'<p:sp {_NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name={quoteattr(name)}/><p:cNvSpPr>'
        f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr><p:spPr>{geometry}</p:spPr>'
        f"<p:txBody><a:bodyPr{anchor_attr}/><a:lstStyle>{style}</a:lstStyle><a:p><a:r><a:rPr lang=\"en-US\"/>"
        f"<a:t>{prompt}</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def _rebuild(layout: etree._Element, shapes: list[etree._Element], background: str = "") -> None:
    """Replace a layout's shapes (keeping its date, footer and slide-number placeholders) and background."""
    c_sld = layout.find(qn("p:cSld"))
    tree = c_sld.find(qn("p:spTree"))
    for sp in tree.findall(qn("p:sp")):
        ph = sp.find(f".//{qn('p:ph')}")
        if ph is None or ph.get("type") not in ("dt", "ftr", "sldNum"):
            tree.remove(sp)
    for position, shape in enumerate(shapes, start=2):
        tree.insert(position, shape)
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    if background in DARK:  # the slide number, grey on white elsewhere, turns light on a dark background
        for sp in tree.findall(qn("p:sp")):
            ph = sp.find(f".//{qn('p:ph')}")
            if ph is not None and ph.get("type") == "sldNum":
                body = sp.find(qn("p:txBody"))
                body.replace(body.find(qn("a:lstStyle")), etree.fromstring(
                    f"<a:lstStyle {_NS}><a:lvl1pPr><a:defRPr>{_fill('bg2')}</a:defRPr></a:lvl1pPr></a:lstStyle>"))
    if background:
        c_sld.insert(0, etree.fromstring(
            f"<p:bg {_NS}><p:bgPr>{_fill(background)}<a:effectLst/></p:bgPr></p:bg>"))


def _title_layout(layout: etree._Element) -> None:
    _rebuild(layout, [
        _shape(20, "Accent bar", (0.9, 4.32, 2.2, 0.07), "accent2"),
        _placeholder(2, "Title 1", 'type="ctrTitle"', (0.9, 1.2, 11.5, 3.0), "Course title", anchor="b",
                     colour="bg1", size=4000),
        _placeholder(3, "Subtitle 2", 'type="subTitle" idx="1"', (0.9, 4.55, 11.5, 2.3), "Module, minutes, times",
                     anchor="t", colour="bg2", size=2400, bullets=False, bold=False),
    ], background="tx2")


def _agenda_layout(layout: etree._Element) -> None:
    _rebuild(layout, [
        _placeholder(2, "Title 1", 'type="title"', None, "Agenda"),
        _placeholder(3, "Agenda 2", 'idx="1"', BODY_BOX, "Time  Session", bullets=False, size=2000),
    ])


def _section_layout(layout: etree._Element) -> None:
    _rebuild(layout, [
        _shape(20, "Accent bar", (0.9, 4.32, 2.2, 0.07), "accent2"),
        _placeholder(2, "Title 1", 'type="title"', (0.9, 1.5, 11.5, 2.7), "Session title", anchor="b", size=4000),
        _placeholder(3, "Text 2", 'type="body" idx="1"', (0.9, 4.55, 11.5, 2.0), "Method · minutes · time",
                     anchor="t", colour="accent1", size=2400, bullets=False),
    ], background="bg2")


def _content_layout(layout: etree._Element) -> None:
    _rebuild(layout, [
        _placeholder(2, "Title 1", 'type="title"', None, "Session title"),
        _placeholder(3, "Content 2", 'idx="1"', None, "Key points", anchor="ctr"),
    ])


def _two_content_layout(layout: etree._Element) -> None:
    _rebuild(layout, [
        _placeholder(2, "Title 1", 'type="title"', None, "Session title"),
        _placeholder(3, "Content 2", 'sz="half" idx="1"', LEFT_BOX, "Key points", anchor="ctr"),
        _placeholder(4, "Content 3", 'sz="half" idx="2"', RIGHT_BOX, "Image"),
    ])


def _discussion_layout(layout: etree._Element) -> None:
    _rebuild(layout, [
        _shape(20, "Activity band", (0, 0.12, 0.22, 7.38), "accent2"),
        _placeholder(2, "Title 1", 'type="title"', None, "Discussion"),
        _placeholder(3, "Questions 2", 'idx="1"', BODY_BOX, "Questions", anchor="ctr"),
    ])


def _closing_layout(layout: etree._Element) -> None:
    _rebuild(layout, [
        _shape(20, "Accent bar", (0.9, 2.2, 2.2, 0.07), "accent2"),
        _placeholder(2, "Title 1", 'type="title"', (0.9, 0.6, 11.5, 1.5), "Action plan", anchor="b", colour="bg1"),
        _placeholder(3, "Text 2", 'idx="1"', (0.9, 2.45, 11.5, 4.5), "Commitments", colour="bg1",
                     bullet_colour="accent2"),
    ], background="tx2")


# --- package --------------------------------------------------------------------------------------


def _notes_layout(master: etree._Element) -> None:
    """The notes master's slide image (16:9, not python-pptx's 4:3 box) and a notes body taller than its default.

    python-pptx's default gives the notes 6 in × 4.5 in under a 4:3 slide image: a long trainer note
    overflowed the printed page. The notes pages inherit these boxes from the master."""
    boxes = {"sldImg": NOTES_SLIDE_IMAGE, "body": NOTES_BODY}
    for shape in master.iter(qn("p:sp")):
        ph = shape.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        box = boxes.get(ph.get("type")) if ph is not None else None
        if box is None:
            continue
        xfrm = shape.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
        x, y, w, h = (_emu(v) for v in box)
        xfrm.find(qn("a:off")).attrib.update({"x": str(x), "y": str(y)})
        xfrm.find(qn("a:ext")).attrib.update({"cx": str(w), "cy": str(h)})


def _tidy_package(prs: Presentation) -> None:
    """Drop the default template's 4:3 thumbnail and printer settings, and describe the file neutrally."""
    package = prs.part.package
    for rid, rel in list(package._rels.items()):  # the package has no public rId iterator
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rid)
    for rid, rel in list(prs.part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.drop_rel(rid)
    app = next(p for p in package.iter_parts() if p.partname == "/docProps/app.xml")
    app._blob = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        b"<Application>python-pptx</Application><PresentationFormat>Widescreen</PresentationFormat>"
        b"</Properties>"
    )


if __name__ == "__main__":
    sys.exit(main())
