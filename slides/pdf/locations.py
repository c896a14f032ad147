"""Where a deck's actions hang, so that a refusal can say "page 3 has a link…" (part of step 3 of
slides.pdf.check.check_pdf). The places a reader runs an action from, in the order a speaker would
look: the document's opening action and its events (close, save, print), its JavaScript name tree,
each page's open and close actions and its annotations (links, form fields, media) with their own
actions, the bookmarks, the form fields. Each action's /Next chain is followed.

This pass only names places: slides.pdf.objects then walks every object of the file, so a harmful
action that hangs nowhere (or past this pass's budget) is still refused, without a page number.
"""

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from slides.pdf.actions import (
    WHERE_DOCUMENT_EVENT,
    WHERE_DOCUMENT_OPENS,
    danger_of,
    document_script,
    name_of,
    refusal,
    resolved,
    where_bookmark,
    where_form_field,
    where_page,
    where_page_shown,
)


class _Walk:
    """Visits dictionaries at most once each (by object number) and at most `budget` in all."""

    def __init__(self, budget: int):
        self.budget = budget
        self.seen: set[tuple[int, int]] = set()

    def visit(self, value) -> DictionaryObject | ArrayObject | None:
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in self.seen:
                return None
            self.seen.add(key)
            value = value.get_object()
        self.budget -= 1
        if self.budget < 0:
            raise _OutOfBudget
        return value if isinstance(value, DictionaryObject | ArrayObject) else None

    def action(self, value, where) -> None:
        """An action and the actions chained after it (/Next: one, or an array of them)."""
        pending = [value]  # an array here is a destination (a page and a zoom), not an action
        while pending:
            item = self.visit(pending.pop())
            if not isinstance(item, DictionaryObject):
                continue
            danger = danger_of(item, is_action=True)
            if danger is not None:
                raise refusal(danger, where)
            following = resolved(item.get("/Next"))
            pending.extend(reversed(following) if isinstance(following, ArrayObject) else [item.get("/Next")])

    def triggers(self, value, where) -> None:
        """An additional-actions dictionary: one action per event (/O page opens, /K keystroke…)."""
        events = self.visit(value)
        if isinstance(events, DictionaryObject):
            for event in events.values():
                self.action(event, where)


class _OutOfBudget(Exception):
    pass


def locate_actions(reader: PdfReader, pages: list[DictionaryObject], budget: int) -> None:
    walk = _Walk(budget)
    try:
        _locate(reader, pages, walk)
    except _OutOfBudget:
        return  # a file this large in actions is left to the object walk, which refuses without a page


def _locate(reader: PdfReader, pages: list[DictionaryObject], walk: _Walk) -> None:
    root = resolved(reader.trailer["/Root"])
    walk.action(root.get("/OpenAction"), WHERE_DOCUMENT_OPENS)  # or a destination (an array): harmless
    walk.triggers(root.get("/AA"), WHERE_DOCUMENT_EVENT)
    names = resolved(root.get("/Names"))
    if isinstance(names, DictionaryObject) and "/JavaScript" in names:
        raise document_script()
    for number, page in enumerate(pages, start=1):
        walk.triggers(page.get("/AA"), where_page_shown(number))
        annotations = walk.visit(page.get("/Annots"))
        for reference in annotations if isinstance(annotations, ArrayObject) else ():
            annotation = walk.visit(reference)
            if not isinstance(annotation, DictionaryObject):
                continue
            where = where_page(number, name_of(annotation.get("/Subtype")))
            danger = danger_of(annotation)
            if danger is not None:
                raise refusal(danger, where)
            walk.action(annotation.get("/A"), where)
            walk.triggers(annotation.get("/AA"), where)
    outlines = resolved(root.get("/Outlines"))
    if isinstance(outlines, DictionaryObject):
        _bookmarks(outlines.get("/First"), walk)
    form = resolved(root.get("/AcroForm"))
    if isinstance(form, DictionaryObject):
        _form_fields(form.get("/Fields"), walk)


def _bookmarks(first, walk: _Walk) -> None:
    pending = [first]
    while pending:
        item = walk.visit(pending.pop())
        if isinstance(item, DictionaryObject):
            walk.action(item.get("/A"), where_bookmark(item.get("/Title")))
            pending.extend((item.get("/Next"), item.get("/First")))


def _form_fields(fields, walk: _Walk) -> None:
    pending = [fields]
    while pending:
        item = walk.visit(pending.pop())
        if isinstance(item, ArrayObject):
            pending.extend(reversed(item))
        elif isinstance(item, DictionaryObject):
            where = where_form_field(item.get("/T"))
            walk.action(item.get("/A"), where)
            walk.triggers(item.get("/AA"), where)
            pending.append(item.get("/Kids"))
