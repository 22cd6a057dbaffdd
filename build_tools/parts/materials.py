"""What a session's materials entry is, as a thing to prepare: one spelling-blind key per thing, the course's
materials list (`materials:` in course.yml) it belongs to, and how many the class needs.

The guide's checklist and the check that advises on unlisted materials both read entries this way.
"""

from __future__ import annotations

import math
import re
import unicodedata

from build_tools.course.settings_model import ClassSize, Copies, Material, MaterialsList, Per
from build_tools.parts.chinese_words import cut

#: Words that only join two things in Chinese: 白板及白板笔, 白板和白板笔 and 白板与白板笔 are one thing to bring.
_CONJUNCTIONS = frozenset({"及", "和", "与"})
_ARTICLES = re.compile(r"(?<!\w)(?:a|an|the)(?!\w)")
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def materials_key(text: str) -> str:
    """What two materials entries must share to be one thing to prepare.

    Entries that differ only in noise are the same thing: case and character widths, English articles
    ("A timer" / "Timer"), spaces, hyphens and other punctuation ("Flip chart paper" / "Flip-chart paper",
    "表（每人一份）" / "表，每人一份") and the Chinese conjunctions 及/和/与 (cut out as jieba's words).
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    if _CHINESE.search(text):
        text = "".join(word for word in cut(text) if word not in _CONJUNCTIONS)
    text = _ARTICLES.sub(" ", text)
    return "".join(c for c in text if unicodedata.category(c)[0] in "LNM")


def material_of(materials: MaterialsList, language: str, text: str) -> Material | None:
    """The listed material an entry names: the longest name the entry starts with ("Whiteboard and markers
    (for the tally)" is the whiteboard and markers), spelling differences aside."""
    key = materials_key(text)
    named = [(len(name), material) for material in materials.items
             if (name := materials_key(material.names.get(language, ""))) and key.startswith(name)]
    return max(named, key=lambda pair: pair[0])[1] if named else None


def quantity(material: Material, class_size: ClassSize | None, spare_percent: int) -> int | None:
    """How many to prepare: `count` for each participant, group or trainer, or for the room; what is handed out
    (per participant or group) with the spare margin, rounded up. None when the class size is not known."""
    if material.per is Per.ROOM:
        return material.count
    if class_size is None:
        return None
    people = {Per.PARTICIPANT: class_size.participants, Per.GROUP: class_size.groups,
              Per.TRAINER: class_size.trainers}[material.per]
    needed = material.count * people
    return with_spare(needed, spare_percent) if material.per in (Per.PARTICIPANT, Per.GROUP) else needed


def with_spare(needed: int, spare_percent: int) -> int:
    """`needed` and the spare margin, rounded up: the one rule for everything handed out per participant or
    group, materials and printed handouts alike (24 participants, 10 %: 27 name cards and 27 copies)."""
    return math.ceil(needed * (100 + spare_percent) / 100)


def handout_copies(per: Copies, class_size: ClassSize, materials: MaterialsList | None) -> int:
    """Copies of a handout to print for the class: one per participant or group with the materials' spare
    margin (`materials: spare_percent`), as the materials handed out; one per trainer exactly."""
    needed = class_size.copies(per)
    if per is Copies.TRAINER or materials is None:
        return needed
    return with_spare(needed, materials.spare_percent)
