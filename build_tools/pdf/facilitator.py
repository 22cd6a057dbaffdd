"""The facilitator guide's own sections: the run sheet and the checklist of materials, with their handouts.

Both are read off the agenda and each session's materials list; an entry that links to a handout page
says where it is printed in the document and how many copies to make for the course's class size.
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup, escape

from build_tools.course.handouts import linked_handout, materials_items
from build_tools.course.model import ListItem, Session
from build_tools.parts.materials import handout_copies, material_of, materials_key, quantity
from build_tools.pdf.anchors import anchor_id, part_id
from build_tools.pdf.assembly import Assembly, ChecklistItem, HandoutRef, MaterialsEntry, Part, RunSheetRow, TocEntry
from build_tools.pdf.elements import inner_html
from build_tools.pdf.links import check_resources, point_links
from build_tools.pdf.whole_words import keep_words_whole


def _session_target(assembly: Assembly, session: Session) -> str:
    """The in-document link to a session's heading, or "" when its page is not in this document."""
    return "#" + anchor_id(session.page_key, session.id) if session.page_key in assembly.included else ""


def _handout(assembly: Assembly, session: Session, item: ListItem) -> HandoutRef | None:
    """The handout an entry of a materials list links to: where it is in this document and how many copies."""
    page = linked_handout(assembly.view, session, item)
    if page is None or page.handout is None:
        return None
    settings = assembly.course.settings
    class_size = settings.class_size if settings is not None else None
    materials = settings.materials if settings is not None else None
    copies = handout_copies(page.handout, class_size, materials) if class_size is not None else None
    inside = "#" + part_id(page.key) if page.key in assembly.included else ""
    return HandoutRef(inside, copies, page.key)


def _materials_entry(assembly: Assembly, session: Session, item: ListItem) -> MaterialsEntry:
    """One materials entry's own Markdown as inline HTML, checked and linked like its page."""
    root = assembly.converter.to_element(item.markdown, assembly.options)
    point_links(assembly, session.page, root)
    check_resources(assembly, session.page, root)
    if assembly.chinese:
        keep_words_whole(root)
    for element in root.iter():
        element.attrib.pop("id", None)
    paragraph = root.find("p")
    html = inner_html(paragraph if paragraph is not None and len(root) == 1 else root)
    return MaterialsEntry(html, _handout(assembly, session, item))


def _session_materials(assembly: Assembly, session: Session) -> tuple[tuple[ListItem, MaterialsEntry], ...]:
    return tuple((item, _materials_entry(assembly, session, item)) for item in materials_items(session))


def run_sheet_part(assembly: Assembly) -> Part:
    """The run sheet: every day, module, session and pause of the agenda, with times, methods and materials."""
    rows: list[RunSheetRow] = []
    current_day, current_module = 0, None
    for item in assembly.agenda.items:
        if item.day != current_day:
            current_day = item.day
            if assembly.agenda.multi_day:
                rows.append(RunSheetRow("day", assembly.word("day", n=item.day)))
        when = assembly.span((item,))
        if item.pause is not None:
            label = assembly.word(item.pause.kind.value)
            rows.append(RunSheetRow("pause", label, when, minutes=str(item.pause.minutes)))
            continue
        module, session = item.module, item.session
        assert module is not None and session is not None
        if module is not current_module:
            current_module = module
            target = "#" + part_id(module.page.key) if module.page.key in assembly.included else ""
            rows.append(RunSheetRow("module", module.title, target=target, minutes=str(module.session_minutes)))
        rows.append(
            RunSheetRow(
                "session",
                session.title,
                when,
                _session_target(assembly, session),
                assembly.method(session),
                str(session.minutes),
                tuple(entry for _, entry in _session_materials(assembly, session)),
            )
        )
    title = assembly.word("run_sheet")
    assembly.toc.append(TocEntry(1, title, "run-sheet"))
    return Part("run-sheet", "run-sheet", title=title, run_sheet=tuple(rows))


def checklist_part(assembly: Assembly) -> Part:
    """Every thing to prepare, once, in the order it is first needed: each material of the course's list
    (`materials:` in course.yml) under its own name with the quantity for the class, each handout once, and
    any other entry in the words it was first written with (spelling differences aside, see `materials_key`)."""
    settings = assembly.course.settings
    listed = settings.materials if settings is not None else None
    class_size = settings.class_size if settings is not None else None
    first: dict[str, ChecklistItem] = {}
    uses: dict[str, int] = {}
    for row in assembly.agenda.items:
        if row.session is None:
            continue
        for item, entry in _session_materials(assembly, row.session):
            material = material_of(listed, assembly.language, item.text) if listed and not entry.handout else None
            if entry.handout:
                key = f"handout:{entry.handout.page_key}"
            elif material is not None:
                key = f"material:{material.source}"
                entry = MaterialsEntry(Markup(escape(material.names[assembly.language])))
            else:
                key = materials_key(item.text)
            if not key:
                continue
            uses[key] = uses.get(key, 0) + 1
            if key not in first:
                target = _session_target(assembly, row.session)
                count = quantity(material, class_size, listed.spare_percent) if material and listed else None
                if entry.handout is not None:
                    count = entry.handout.copies  # copies to print: in the quantity column with the materials
                first[key] = ChecklistItem(entry, assembly.start(row), row.session.title, target, 0, count)
    items = tuple(replace(item, sessions=uses[key]) for key, item in first.items())
    title = assembly.word("checklist")
    assembly.toc.append(TocEntry(1, title, "checklist"))
    return Part("checklist", "checklist", title=title, checklist=items)
