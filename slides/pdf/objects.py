"""Step 3 of check_pdf: every object of the file, one at a time, for scripts, harmful actions and
media (slides/pdf/actions.py), attachments and decompression bombs (see slides/pdf/check.py for the
whole order). The places a reader runs actions from are searched first (slides/pdf/locations.py),
so that a refusal can name the page."""

from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from slides.pdf.actions import danger_of, name_of, refusal
from slides.pdf.locations import locate_actions
from slides.pdf.refusals import bomb as _bomb
from slides.pdf.refusals import damaged as _damaged
from slides.pdf.refusals import reject as _reject
from slides.pdf.streams import Bomb, DecodeBudget, NoImageSize, check_stream

OBJECTS_BASE = 10_000
OBJECTS_PER_PAGE = 250


def walk_objects(reader: PdfReader, size: int, pages: list[DictionaryObject]) -> None:
    """Every object in the file, not only those reachable from the pages: a script need not be linked."""
    page_count = len(pages)
    budget = DecodeBudget(size)
    # Objects stored directly first: object streams among them are checked before pypdf inflates them.
    direct = [(generation, idnum) for generation, table in reader.xref.items() for idnum in table]
    in_streams = [(0, idnum) for idnum in reader.xref_objStm]
    if len(direct) + len(in_streams) > OBJECTS_BASE + OBJECTS_PER_PAGE * page_count:
        raise _damaged(
            _("it is made of %(count)s objects, far more than %(pages)s pages need")
            % {"count": len(direct) + len(in_streams), "pages": page_count}
        )
    locate_actions(reader, pages, budget=len(direct) + len(in_streams) + OBJECTS_BASE)
    for generation, idnum in direct + in_streams:
        try:
            obj = reader.get_object(IndirectObject(idnum, generation, reader))
        except LimitReachedError:
            raise
        except (PdfReadError, ValueError) as error:
            raise _damaged(_("object %(number)s cannot be read") % {"number": idnum}) from error
        if obj is not None:
            _check_object(obj, budget)
        # Drop it from pypdf's cache: the walk holds one object at a time, not the whole file.
        reader.resolved_objects.pop((generation, idnum), None)


def _check_object(obj, budget: DecodeBudget) -> None:
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, DictionaryObject):
            _check_dictionary(item)
            if isinstance(item, StreamObject):
                try:
                    check_stream(item, budget)
                except Bomb as bomb:
                    raise _bomb(bomb.reason) from None
                except NoImageSize:
                    raise _damaged(_("an image has no size")) from None
            stack.extend(value for value in item.values() if isinstance(value, DictionaryObject | ArrayObject))
        elif isinstance(item, ArrayObject):
            stack.extend(value for value in item if isinstance(value, DictionaryObject | ArrayObject))


def _check_dictionary(item: DictionaryObject) -> None:
    action = name_of(item.get("/S"))
    if "/JS" in item or "/JavaScript" in item or "/XFA" in item or action in ("/JavaScript", "/ECMAScript"):
        raise _reject(
            "javascript",
            _(
                "The PDF contains JavaScript (scripts run when it is opened, or from a form or a link). Export the "
                "slides again as a plain PDF, without interactive forms or scripts."
            ),
        )
    danger = danger_of(item)
    if danger is not None:
        raise refusal(danger, None)
    if "/EmbeddedFiles" in item or "/EF" in item or name_of(item.get("/Type")) == "/EmbeddedFile":
        raise _reject(
            "embedded_files",
            _(
                "The PDF has files attached or embedded in it. Remove the attachments (or share them another way) "
                "and upload the slides on their own."
            ),
        )
