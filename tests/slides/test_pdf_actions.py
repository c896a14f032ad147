"""A deck carries nothing that runs code, reaches the network or opens files: each harmful action is
refused wherever it hangs, the speaker is told which page (or bookmark, or form field) and why;
harmless actions go through; pypdf's warnings about a file do not flood the server log."""

import logging
import threading

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from slides.pdf.check import PdfRejected, check_pdf
from slides.pdf.parser_log import pypdf_warnings_counted
from tests.corpus.actions import ACTIONS, HARMLESS, MEDIA_ANNOTATIONS, PLACES, action_deck, annotation_deck
from tests.slides.pdf_corpus import deck

PLACE = {place.name: place for place in PLACES}
ACTION = {action.name: action for action in ACTIONS}


def refused(data: bytes) -> PdfRejected:
    with pytest.raises(PdfRejected) as refusal:
        check_pdf(ContentFile(data), max_bytes=10**7, max_pages=300)
    return refusal.value


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_harmful_action_in_a_link_is_refused_naming_its_page_and_kind(action):
    refusal = refused(action_deck(action, PLACE["link"], pages=5, page=3))

    assert refusal.code == action.code
    message = refusal.messages[0]
    assert message.startswith("Page 3 has a link that ")
    assert f"({action.kind}" in message or f"{action.kind})" in message
    assert message.endswith("Remove it and export the slides again.")


@pytest.mark.parametrize("place", [p for p in PLACES if p.name != "unreferenced"], ids=lambda p: p.name)
@pytest.mark.parametrize("action", ["launch", "gotor-share", "uri-javascript"])
def test_harmful_action_is_refused_wherever_it_hangs_saying_where(place, action):
    refusal = refused(action_deck(ACTION[action], place, pages=4, page=2))

    assert refusal.code == ACTION[action].code
    assert refusal.messages[0].startswith(place.says.format(page=2) + " that ")


@pytest.mark.parametrize("action", [a for a in ACTIONS if a.code != "unknown_action"], ids=lambda a: a.name)
def test_harmful_action_that_nothing_points_at_is_still_refused(action):
    refusal = refused(action_deck(action, PLACE["unreferenced"]))

    assert refusal.code == action.code
    assert refusal.messages[0].startswith("The PDF ")


def test_action_of_an_unknown_type_is_refused_only_where_a_reader_would_run_it():
    unknown = ACTION["unknown-type"]

    assert refused(action_deck(unknown, PLACE["open-action"])).code == "unknown_action"
    # Elsewhere /S names other things (a transition style, a structure element's role): not an action.
    assert check_pdf(ContentFile(action_deck(unknown, PLACE["unreferenced"])), max_bytes=10**7, max_pages=300)


@pytest.mark.parametrize("place", ["open-action", "link", "form-button", "bookmark"])
@pytest.mark.parametrize("action", HARMLESS, ids=lambda a: a.name)
def test_harmless_action_is_accepted(action, place):
    checked = check_pdf(ContentFile(action_deck(action, PLACE[place], pages=4)), max_bytes=10**7, max_pages=300)

    assert checked.page_count == 4


@pytest.mark.parametrize("name", sorted(MEDIA_ANNOTATIONS))
def test_media_and_attachment_annotations_are_refused_naming_their_page(name):
    annotation, code = MEDIA_ANNOTATIONS[name]

    refusal = refused(annotation_deck(annotation, pages=4, page=2))

    assert refusal.code == code
    assert refusal.messages[0].startswith("Page 2 has an annotation that ")


def test_document_javascript_name_tree_is_refused_as_a_script_run_on_opening():
    def name_tree(b):
        script = b.add("<< /S /JavaScript /JS (app.alert\\(1\\);) >>")
        return f"/Names << /JavaScript << /Names [(init) {script} 0 R] >> >>", ""

    refusal = refused(deck(2, extras=name_tree))

    assert refusal.code == "javascript"
    assert refusal.messages[0].startswith("The document has a script that runs when it is opened")


def test_refusal_is_in_the_speakers_language():
    refusal = refused(action_deck(ACTION["launch"], PLACE["link"], pages=5, page=3))

    with translation.override("fr"):
        message = refusal.messages[0]

    assert message.startswith("La page 3 contient un lien qui ")
    assert "(action Launch)" in message


def test_link_address_with_hidden_spaces_or_case_is_judged_by_its_scheme():
    refusal = refused(action_deck(ACTION["uri-javascript-disguised"], PLACE["link"]))

    assert refusal.code == "unsafe_link"
    assert "(javascript:)" in refusal.messages[0]


def test_action_cycle_through_next_is_walked_once():
    def loop(b):
        first, second = b.reserve(), b.reserve()
        b.put(first, f"<< /S /Named /N /NextPage /Next {second} 0 R >>")
        b.put(second, f"<< /S /Named /N /PrevPage /Next {first} 0 R >>")
        return f"/OpenAction {first} 0 R", ""

    assert check_pdf(ContentFile(deck(2, extras=loop)), max_bytes=10**7, max_pages=300).page_count == 2


# --- pypdf's log -----------------------------------------------------------------------------------


def _flood(b, objects: int = 3000):
    # Each dictionary names a key twice: pypdf keeps the last and warns once per dictionary.
    for _ in range(objects):
        b.add("<< /Twice 1 /Twice 2 >>")
    return "", ""


def test_file_making_pypdf_warn_thousands_of_times_logs_one_line(caplog):
    caplog.set_level(logging.DEBUG)

    checked = check_pdf(ContentFile(deck(2, extras=_flood)), max_bytes=10**7, max_pages=300)

    assert checked.page_count == 2
    assert [(record.name, record.levelno) for record in caplog.records] == [("slides.pdf.parser_log", logging.INFO)]
    assert caplog.records[0].getMessage().startswith("pypdf warned 3000 times while checking a slide deck; the first: ")


def test_refused_file_making_pypdf_warn_logs_one_line_too(caplog):
    def flood_then_launch(b):
        _flood(b, 500)
        b.add("<< /S /Launch /F (calc.exe) >>")  # found by the object walk, after the 500
        return "", ""

    caplog.set_level(logging.DEBUG)

    assert refused(deck(2, extras=flood_then_launch)).code == "launch_action"
    assert len(caplog.records) == 1 and "pypdf warned 500 times" in caplog.records[0].getMessage()


def test_clean_file_logs_nothing(caplog):
    caplog.set_level(logging.DEBUG)

    check_pdf(ContentFile(deck(3)), max_bytes=10**7, max_pages=300)

    assert caplog.records == []


def test_pypdf_warnings_of_another_thread_are_still_logged_during_a_check(caplog):
    caplog.set_level(logging.WARNING)
    elsewhere = threading.Thread(target=lambda: logging.getLogger("pypdf._reader").warning("from elsewhere"))

    with pypdf_warnings_counted():
        logging.getLogger("pypdf._reader").warning("from the check")
        elsewhere.start()
        elsewhere.join()

    assert [record.getMessage() for record in caplog.records] == ["from elsewhere"]
    assert logging.getLogger("pypdf").propagate is True


def test_script_the_index_points_away_from_is_refused_as_damaged():
    # pypdf drops an index entry that points at no object and reads on; a viewer that repairs the
    # index by scanning the file finds the object where it is, script and all.
    def script(b):
        b.add("<< /S /JavaScript /JS (app.alert\\(1\\)) >>")
        return "", ""

    data = deck(2, extras=script)
    table = data.rindex(b"\nxref\n") + 1
    entries = data[table:].split(b"\n")
    entry_of_script = table + sum(len(line) + 1 for line in entries[:6])  # "xref", "0 N", objects 0 to 3
    wrong = b"%010d" % data.index(b"/Type /Catalog")
    data = data[:entry_of_script] + wrong + data[entry_of_script + 10 :]

    refusal = refused(data)

    assert refusal.code == "damaged"
    assert "points at the wrong places" in refusal.messages[0]
