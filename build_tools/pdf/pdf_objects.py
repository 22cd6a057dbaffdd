"""pypdf's objects with their types checked: a PDF dictionary, stream or array where the code needs one.

pypdf types what a dictionary holds as any `PdfObject`; these say which one the PDF must hold there
(following an indirect reference), and a file that holds something else is damaged: `ValueError`, which
the part cache answers by rendering the document whole.
"""

from __future__ import annotations

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject


def resolved(value: object) -> object:
    """The object an indirect reference points at; any other value as it is."""
    return value.get_object() if isinstance(value, IndirectObject) else value


def dictionary(value: object) -> DictionaryObject:
    """The PDF dictionary (or stream) a value holds or refers to."""
    found = resolved(value)
    if not isinstance(found, DictionaryObject):
        raise ValueError(f"a PDF dictionary was expected, not {type(found).__name__}")
    return found


def stream(value: object) -> StreamObject:
    """The PDF stream a value holds or refers to (a font program, a ToUnicode map)."""
    found = resolved(value)
    if not isinstance(found, StreamObject):
        raise ValueError(f"a PDF stream was expected, not {type(found).__name__}")
    return found


def array(value: object) -> ArrayObject:
    """The PDF array a value holds or refers to."""
    found = resolved(value)
    if not isinstance(found, ArrayObject):
        raise ValueError(f"a PDF array was expected, not {type(found).__name__}")
    return found
