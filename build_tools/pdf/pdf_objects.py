"""pikepdf's objects with their types checked: a PDF dictionary, stream or array where the code needs one.

pikepdf hands every PDF object back as one `Object` type; these say which one the PDF must hold there, and a
file that holds something else is damaged: `ValueError`, which the part cache answers by rendering the
document whole. `foreign` copies a value of one file into another, as qpdf allows it.
"""

from __future__ import annotations

import pikepdf


def dictionary(value: object) -> pikepdf.Dictionary:
    """The PDF dictionary a value holds (streams are not dictionaries here: see `stream`)."""
    if not isinstance(value, pikepdf.Dictionary):
        raise ValueError(f"a PDF dictionary was expected, not {type(value).__name__}")
    return value


def stream(value: object) -> pikepdf.Stream:
    """The PDF stream a value holds (a font program, a ToUnicode map)."""
    if not isinstance(value, pikepdf.Stream):
        raise ValueError(f"a PDF stream was expected, not {type(value).__name__}")
    return value


def array(value: object) -> pikepdf.Array:
    """The PDF array a value holds."""
    if not isinstance(value, pikepdf.Array):
        raise ValueError(f"a PDF array was expected, not {type(value).__name__}")
    return value


def foreign(pdf: pikepdf.Pdf, value: object) -> object:
    """A value of another file as `pdf` may hold it: qpdf copies an indirect object (and what it reaches, once
    per source file) but refuses a direct dictionary or array of another file, so those are built anew."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return pdf.copy_foreign(value)
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: foreign(pdf, item) for key, item in value.items()})
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([foreign(pdf, item) for item in value])
    return value
