"""What a deck's actions and annotations may do: move around the document, open web pages and
e-mail addresses, reset a form. Everything that runs code, reaches the network or opens files is
refused, never stripped: a stripped deck would no longer be the file the speaker checked, and the
speaker fixes it in seconds in their presentation software, where the link was made.

Refused: JavaScript (and PDF 2.0's ECMAScript), Launch, GoToR and Thread to another file (a local
file or a network share), GoToE (a file attached to the PDF), SubmitForm and ImportData (form data
sent out or loaded in), links whose address is not http:, https: or mailto: (javascript:, file:,
smb:, a \\\\server\\share, a relative address a viewer resolves against the file's own location), and
media (RichMedia, Screen, Movie, Sound and 3D annotations; Movie, Sound, Rendition and
RichMediaExecute actions: played by plug-ins, from files outside the PDF or inside it, and
RichMedia may carry its own scripts). Harmless and accepted: GoTo, GoToDp, Named (next page, first
page…), Hide, ResetForm (clears the PDF's own form), SetOCGState (shows a layer), Trans, GoTo3DView,
Thread within the document, URI to the web or to an e-mail address.

`danger_of` judges one dictionary; `refusal` says where it is, which page when it is known
(slides.pdf.locations), in the speaker's words.
"""

import re
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from pypdf.generic import DictionaryObject, IndirectObject, NameObject

from slides.pdf.refusals import PdfRejected, reject

SAFE_LINK_SCHEMES = {"http", "https", "mailto"}
HARMLESS_ACTIONS = {
    "/GoTo",
    "/GoToDp",
    "/Named",
    "/Hide",
    "/ResetForm",
    "/SetOCGState",
    "/Trans",
    "/GoTo3DView",
    "/Thread",
    "/URI",
}
MEDIA_ANNOTATIONS = {"/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class Danger:
    code: str
    does: object  # a relative clause for the speaker: "that starts a program or opens a file"
    kind: object  # what the PDF calls it, shown in brackets: "Launch action"


def _action(name: str):
    return _lazy_format(_("%(type)s action"), type=name)


def _annotation(name: str):
    return _lazy_format(_("%(type)s annotation"), type=name)


def _lazy_format(template, **params):
    """`template % params` in the language active when the message is shown, not when it was made."""
    return lazy(lambda: str(template) % {key: str(value) for key, value in params.items()}, str)()


RUNS_SCRIPT = _("that runs a script")
STARTS_PROGRAM = _("that starts a program or opens a file")
OPENS_OTHER_FILE = _("that opens another file, on this computer or on a network share")
OPENS_ATTACHMENT = _("that opens a file attached to the PDF")
HOLDS_ATTACHMENT = _("that holds an attached file")
SENDS_FORM = _("that sends the form's content to an address on the network")
IMPORTS_DATA = _("that loads data from another file")
PLAYS_MEDIA = _("that plays a video, a sound or an interactive object")
UNSAFE_ADDRESS = _("that opens an address which is neither a web page nor an e-mail address")
UNKNOWN = _("that runs an action of a type the PDF standard does not define")

ACTION_DANGERS = {
    "/JavaScript": ("javascript", RUNS_SCRIPT),
    "/ECMAScript": ("javascript", RUNS_SCRIPT),
    "/Launch": ("launch_action", STARTS_PROGRAM),
    "/GoToR": ("remote_action", OPENS_OTHER_FILE),
    "/SubmitForm": ("remote_action", SENDS_FORM),
    "/ImportData": ("remote_action", IMPORTS_DATA),
    "/GoToE": ("embedded_files", OPENS_ATTACHMENT),
    "/Movie": ("media", PLAYS_MEDIA),
    "/Sound": ("media", PLAYS_MEDIA),
    "/Rendition": ("media", PLAYS_MEDIA),
    "/RichMediaExecute": ("media", PLAYS_MEDIA),
}


def resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def name_of(value) -> str | None:
    value = resolved(value)  # "/S 12 0 R" is legal where a name is expected
    return str(value) if isinstance(value, NameObject) else None


def danger_of(item: DictionaryObject, *, is_action: bool = False) -> Danger | None:
    """The harm `item` can do as an action (its /S) or as an annotation (its /Subtype), if any.
    `is_action`: the dictionary hangs where an action goes, so a type outside the standard's list
    is refused too (elsewhere /S names other things: a transition's style, a structure element)."""
    action = name_of(item.get("/S"))
    if action in ACTION_DANGERS:
        code, does = ACTION_DANGERS[action]
        return Danger(code, does, _action(action[1:]))
    if action == "/Thread" and "/F" in item:  # an article in another file
        return Danger("remote_action", OPENS_OTHER_FILE, _action("Thread"))
    if action == "/URI":
        unsafe = unsafe_address(item.get("/URI"))
        if unsafe is not None:
            return Danger("unsafe_link", UNSAFE_ADDRESS, unsafe)
    elif is_action and action is not None and action not in HARMLESS_ACTIONS:
        return Danger("unknown_action", UNKNOWN, _action(action[1:]))
    subtype = name_of(item.get("/Subtype"))
    if subtype in MEDIA_ANNOTATIONS and _is_annotation(item):
        return Danger("media", PLAYS_MEDIA, _annotation(subtype[1:]))
    if subtype == "/FileAttachment":
        return Danger("embedded_files", HOLDS_ATTACHMENT, _annotation("FileAttachment"))
    return None


def _is_annotation(item: DictionaryObject) -> bool:
    # 3D artwork streams are /Subtype /U3D or /PRC; /Sound and /Movie annotations need a /Rect.
    return "/Rect" in item or name_of(item.get("/Type")) == "/Annot"


def unsafe_address(value) -> str | None:
    """None for a web or e-mail address; otherwise what the speaker is shown of it ("javascript:")."""
    value = resolved(value)
    if isinstance(value, bytes):
        text = value.decode("latin-1")
    elif isinstance(value, str):
        text = value
    else:
        return "?"
    # Browsers and viewers drop spaces and control characters from an address ("java\tscript:").
    text = "".join(char for char in text if char > " " and char != "\x7f")
    scheme = SCHEME.match(text)
    if scheme is None:
        if text.startswith(("\\\\", "//")):
            return text[:2] + text[2:].replace("\\", "/").split("/", 1)[0][:40]  # \\server: a network share
        return str(_("a relative address"))
    if scheme.group(1).lower() in SAFE_LINK_SCHEMES:
        return None
    return scheme.group(0).lower()[:40]


def refusal(danger: Danger, where) -> PdfRejected:
    """`where` is a sentence's start, "Page 3 has a link", or None when the object hangs nowhere
    a reader would find it (an object no page or outline points at)."""
    return reject(
        danger.code,
        _("%(where)s %(does)s (%(kind)s). Remove it and export the slides again."),
        where=where if where is not None else _("The PDF has an object"),
        does=danger.does,
        kind=danger.kind,
    )


def document_script() -> PdfRejected:
    """A script in the document's JavaScript name tree: run by the reader as the file opens."""
    return reject(
        "javascript",
        _("The document has a script that runs when it is opened (%(kind)s). Remove it and export the slides again."),
        kind=_action("JavaScript"),
    )


def where_page(number: int, subtype: str | None):
    if subtype == "/Link":
        return _lazy_format(_("Page %(page)s has a link"), page=number)
    if subtype == "/Widget":
        return _lazy_format(_("Page %(page)s has a form field"), page=number)
    return _lazy_format(_("Page %(page)s has an annotation"), page=number)


def where_page_shown(number: int):
    return _lazy_format(_("Page %(page)s has an opening or closing action"), page=number)


WHERE_DOCUMENT_OPENS = _("The document has an opening action")
WHERE_DOCUMENT_EVENT = _("The document has an action on closing, saving or printing")


def where_bookmark(title):
    title = resolved(title)
    if isinstance(title, str) and title.strip():
        return _lazy_format(_("The bookmark “%(title)s” has an action"), title=title.strip()[:60])
    return _("A bookmark has an action")


def where_form_field(name):
    name = resolved(name)
    if isinstance(name, str) and name.strip():
        return _lazy_format(_("The form field “%(name)s” has an action"), name=name.strip()[:60])
    return _("A form field has an action")
