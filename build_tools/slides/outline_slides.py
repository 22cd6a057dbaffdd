"""The slides around the sessions: the title slide, the agenda (or the course overview), each module's
title slide and the closing slides.

The closing slides are a list and a thank-you slide (the course title and its author). The list shows
the headings of the first worksheet the course's last session hands out in its materials (the action
plan participants take back to work, not the evaluation form listed after it), else of the worksheet
that follows that session (the one worksheet rule of the model); a deck that ends before the course
does (a module's deck), or a course without such a worksheet, closes on the learning objectives of the
deck's modules.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from build_tools.course import localise
from build_tools.course.links import link_target
from build_tools.course.model import AgendaItem, BlockKind, Course, Module, Session, Worksheet
from build_tools.course.source import SourceLocation
from build_tools.slides.plan import SlidePlan
from build_tools.slides.text_fit import TextParagraph, TextRun
from build_tools.slides.typeset import Draft, Item, SlideList, Typesetter, joined
from build_tools.slides.wording import Wording


class OutlineSlides:
    """Title, agenda, overview, module and closing slides of one language's decks."""

    def __init__(self, course: Course, wording: Wording, typesetter: Typesetter) -> None:
        self.course, self.words, self.typeset = course, wording, typesetter
        self.settings = typesetter.settings
        self.agenda = wording.agenda

    def title_slide(self, module: Module | None, modules: Sequence[Module]) -> SlidePlan:
        settings = self.course.settings
        assert settings is not None
        words, lang = self.words, self.words.language
        minutes = sum(m.session_minutes for m in modules)
        # the whole course runs from its first session to the end of its day, a last buffer included (the agenda's)
        when = words.when(self.agenda.items if module is None else words.rows(modules))
        lines: list[list[TextRun]] = []
        if module is None:
            lines.append([TextRun(settings.subtitle[lang])])
        else:
            lines.append([TextRun(words.module_heading(module))])
        lines.append([TextRun(" · ".join(x for x in (words.word("min", n=minutes), when) if x))])
        lines.append([TextRun(f"{settings.author[lang]} · {localise.long_date(self.course, lang, settings.edition)}")])
        notes = [settings.title[lang], words.label("audience", settings.audience[lang]),
                 words.label("duration", words.word("min", n=minutes)) + (f" ({when})" if when else "")]
        for each in modules:
            each_when = words.when(self.agenda.module_rows(each))
            notes.append(f"{words.module_heading(each)} · {words.word('min', n=each.session_minutes)}"
                         + (f" · {each_when}" if each_when else ""))
        return self.typeset.slide("title", self.typeset.title("title", settings.title[lang], settings.where("title")),
                               self.typeset.fixed_body("title", lines, self.settings.sizes.subtitle,
                                                    settings.where("title")),
                               notes=tuple(notes))

    def agenda_slides(self, modules: Sequence[Module], module: Module | None = None) -> list[SlidePlan]:
        """The deck's stretch of `view.agenda`: its sessions and the pauses between them.

        `module` titles the agenda of one module inside the whole-course deck ("Agenda: Module 2").
        """
        words = self.words
        own = words.rows(modules)
        if not own:
            return []
        first, last = own[0], own[-1]
        ids = {row.session.id for row in own if row.session is not None}
        rows: list[Item] = []
        module_of: Module | None = None
        for entry in self.agenda.items:
            if (entry.day, entry.start) < (first.day, first.start) or (entry.day, entry.end) > (last.day, last.end):
                continue
            if entry.session is not None and entry.session.id not in ids:
                continue
            if entry.pause is not None:
                rows.append(self._agenda_row(words.when((entry,)), words.word(entry.pause.kind.value),
                                             entry.pause.source, color="muted"))
                continue
            if entry.session is None:
                continue
            row = self._agenda_row(words.when((entry,)), entry.session.title, entry.session.source)
            if len(modules) > 1 and entry.module is not None and entry.module is not module_of:
                module_of = entry.module  # a module heading stays on the slide of the row it introduces
                heading = self._agenda_row("", words.module_heading(module_of), module_of.page.title_source,
                                           bold=True)
                row = joined([heading, row])
            rows.append(row)
        title = words.word("agenda")
        if module is not None:
            title = words.label("agenda", words.word("module_n", n=module.number))
        return self._agenda_pages(title, rows, own, modules)

    def overview_slides(self, modules: Sequence[Module]) -> list[SlidePlan]:
        """The whole course at a glance: one row per module and the pauses between modules, by day."""
        words = self.words
        own = words.rows(modules)
        if not own:
            return []
        rows: list[Item] = []
        ids = {id(m) for m in modules}
        entries = [e for e in self.agenda.items
                   if e.pause is not None or (e.session is not None and id(e.module) in ids)]
        shown: set[int] = set()
        day = 0
        for index, entry in enumerate(entries):
            row: Item | None = None
            if entry.pause is not None:
                before = next((e.module for e in reversed(entries[:index]) if e.session is not None), None)
                after = next((e.module for e in entries[index + 1:] if e.session is not None), None)
                if before is not None and after is not None and before is after:
                    continue  # a pause inside a module shows on the module's own agenda
                row = self._agenda_row(words.when((entry,)), words.word(entry.pause.kind.value), entry.pause.source,
                                       color="muted")
            elif entry.module is not None and id(entry.module) not in shown:
                shown.add(id(entry.module))
                module_rows = self.agenda.module_rows(entry.module)
                row = self._agenda_row(words.when(module_rows), words.module_heading(entry.module),
                                       entry.module.page.title_source)
            if row is None:
                continue
            if self.agenda.multi_day and entry.day != day:
                day = entry.day  # a day heading stays on the slide of the row it introduces
                heading = self._agenda_row("", words.word("day", n=day), self._agenda_source(modules), bold=True)
                row = joined([heading, row])
            rows.append(row)
        return self._agenda_pages(words.word("agenda"), rows, own, modules)

    def module_slide(self, module: Module) -> SlidePlan:
        words = self.words
        when = words.when(self.agenda.module_rows(module))
        details = " · ".join(x for x in (words.word("min", n=module.session_minutes), when) if x)
        lines = [[TextRun(details)]] if words.numbered_title(module) else \
            [[TextRun(words.word("module_n", n=module.number))], [TextRun(details)]]
        notes = [words.module_heading(module), details]
        if module.objective_items:
            heading = module.objectives.heading if module.objectives else None
            notes += ["", heading.title if heading else words.word("slide_objectives")]
            notes += [f"• {item.text}" for item in module.objective_items]
        source = module.page.title_source
        return self.typeset.slide("title", self.typeset.title("title", module.title, source),
                               self.typeset.fixed_body("title", lines, self.settings.sizes.subtitle, source),
                               notes=tuple(notes))

    def closing_slides(self, modules: Sequence[Module]) -> list[Draft]:
        sessions = [s for m in modules for s in m.sessions]
        if not sessions:
            return []
        last = sessions[-1]
        view = self.words.view
        worksheet = self._worksheet_after(last) if view.sessions and last is view.sessions[-1] else None
        ends = self.agenda.start_of(last.id)
        notes = [self.words.word("slide_ends", time=self.words.at(ends.day, ends.end))] if ends else []
        if worksheet is not None:
            page = worksheet.page
            title, source = page.title, page.title_source
            items = [self._plain_item(h.title, h.source) for h in page.headings if h.level == 2]
            lead = next((b for b in page.blocks if b.kind is BlockKind.PARAGRAPH and b.text.strip()), None)
            if lead is not None:
                notes += ["", lead.text]
        else:
            with_objectives = [m for m in modules if m.objective_items]
            if not with_objectives:
                return [self._thanks_slide(tuple(notes))]
            heading = with_objectives[0].objectives.heading if with_objectives[0].objectives else None
            title = heading.title if heading else self.words.word("slide_objectives")
            source = heading.source if heading else with_objectives[0].page.title_source
            items = [self._plain_item(item.text, item.source) for m in with_objectives for item in m.objective_items]
        if not items:
            return [self._thanks_slide(tuple(notes))]
        return [SlideList("closing", title, source, tuple(items), notes=tuple(notes) or (title,)),
                self._thanks_slide(tuple(notes))]

    def _thanks_slide(self, notes: tuple[str, ...]) -> SlidePlan:
        """The deck's last slide: thanks, the course title and its author, so a deck never ends on a list."""
        settings = self.course.settings
        assert settings is not None
        lang = self.words.language
        lines = [[TextRun(settings.title[lang])], [TextRun(settings.author[lang])]]
        where = settings.where("title")
        return self.typeset.slide("title", self.typeset.title("title", self.words.word("slide_thanks"), where),
                                  self.typeset.fixed_body("title", lines, self.settings.sizes.subtitle, where),
                                  notes=notes or (settings.title[lang],))

    def _agenda_source(self, modules: Sequence[Module]) -> SourceLocation:
        settings = self.course.settings
        return settings.where("days") if settings else modules[0].page.source

    def _agenda_pages(self, title: str, rows: list[Item], own: Sequence[AgendaItem],
                      modules: Sequence[Module]) -> list[SlidePlan]:
        """Agenda rows shared out over as many slides as they need, with the totals in the notes."""
        words = self.words
        pages = self.typeset.paginate("agenda", rows, self.settings.sizes.agenda, self.settings.max_agenda_rows)
        minutes = sum(m.session_minutes for m in modules)
        notes = (f"{words.label('sessions', str(len(own)))} · {words.label('total', words.word('min', n=minutes))}",
                 words.when(own))
        titles = self.typeset.titled_pages("agenda", title, self._agenda_source(modules), len(pages))
        return [self.typeset.slide("agenda", t, page, notes=notes) for t, page in zip(titles, pages, strict=True)]

    def _agenda_row(self, when: str, text: str, source: SourceLocation, bold: bool = False,
                    color: str = "") -> Item:
        def paragraphs(size: float) -> list[TextParagraph]:
            if not when:
                heading = self.typeset.paragraph([TextRun(text, bold)], size, color=color)
                return [dataclasses.replace(heading, space_before=2 * heading.space_before)]
            lead = f"{when}  "
            hanging = self.typeset.measurer.text_width(lead, size, bold=True)
            runs = [TextRun(lead, True), TextRun(text, bold)]
            row = self.typeset.paragraph(runs, size, hanging=hanging, color=color)
            return [dataclasses.replace(row, space_before=self.settings.agenda_row_space)]

        return Item(source, paragraphs)

    def _plain_item(self, text: str, source: SourceLocation) -> Item:
        """A bulleted line of the closing slide: a worksheet heading or a learning objective."""
        return Item(source, lambda size: [self.typeset.paragraph([TextRun(text)], size, bullet="•")])

    def _worksheet_after(self, last: Session) -> Worksheet | None:
        """The worksheet the deck closes on: the first its last session hands out, else the one that follows
        it by the model's one worksheet rule.

        Worksheets that follow no session come after the course's last session. Facilitator-only
        worksheets are not shown: both editions end on the same slide.
        """
        view = self.words.view
        handed_out = [target.page_key for block in last.materials for reference in block.references
                      if not reference.is_image and (target := link_target(last.page, reference.target)) is not None]
        listed = {w.page.key: w for w in view.worksheets}
        candidates = [listed[key] for key in handed_out if key in listed]
        candidates += view.worksheets_after(last.id)
        if view.sessions and last is view.sessions[-1]:
            candidates += view.worksheets_after(None)
        return next((w for w in candidates if not w.page.facilitator_only), None)
