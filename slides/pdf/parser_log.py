"""pypdf's warnings while a deck is checked: counted, not logged one by one.

pypdf reads a sloppy or hostile file leniently and logs each repair it makes, once per object: one
upload could write thousands of lines to the server log. During a check the warnings of the
checking thread are counted instead, and the check logs one line at most, with the count and the
first of them. pypdf's warnings from other threads (another part of the app reading a PDF at the
same time) go on to the root logger's handlers as before.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

logger = logging.getLogger(__name__)
PYPDF_LOGGER = logging.getLogger("pypdf")  # pypdf logs to its modules' loggers, all under "pypdf"
FIRST_MESSAGE_LENGTH = 200
KINDS_KEPT = 64
# pypdf's repairs that drop objects from the file's index: a viewer that repairs the file its own way
# (scanning for "N 0 obj") would show objects this check never saw, a script among them. The start
# of each message as pypdf writes it (`record.msg`, before its values are put in).
REPAIRS_HIDING_OBJECTS = (
    "Ignoring wrong pointing object",
    "Invalid /N ",
    "Value /N ",
    "Invalid object number ",
    "Invalid stream (index",
)


class Tally:
    """What pypdf said while one check ran."""

    def __init__(self) -> None:
        self.count = 0
        self.first: str | None = None
        self.kinds: set[str] = set()

    def hid_objects(self) -> bool:
        return any(kind.startswith(REPAIRS_HIDING_OBJECTS) for kind in self.kinds)


class _CountingHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.tallies: dict[int, Tally] = {}

    def emit(self, record: logging.LogRecord) -> None:
        tally = self.tallies.get(record.thread) if record.thread is not None else None
        if tally is None:
            logging.getLogger().handle(record)  # not a check's: where it would have gone
            return
        tally.count += 1
        if len(tally.kinds) < KINDS_KEPT:
            tally.kinds.add(str(record.msg))
        if tally.first is None:
            tally.first = record.getMessage()[:FIRST_MESSAGE_LENGTH]


_handler = _CountingHandler()
_lock = threading.Lock()
_saved_propagate = True


@contextmanager
def pypdf_warnings_counted() -> Iterator[Tally]:
    """While the block runs, pypdf's log records of this thread are counted; one summary line after."""
    global _saved_propagate
    thread = threading.get_ident()
    tally = Tally()
    with _lock:
        if not _handler.tallies:
            _saved_propagate = PYPDF_LOGGER.propagate
            PYPDF_LOGGER.addHandler(_handler)
            PYPDF_LOGGER.propagate = False
        _handler.tallies[thread] = tally
    try:
        yield tally
    finally:
        with _lock:
            del _handler.tallies[thread]
            if not _handler.tallies:
                PYPDF_LOGGER.removeHandler(_handler)
                PYPDF_LOGGER.propagate = _saved_propagate
        if tally.count:
            logger.info("pypdf warned %d times while checking a slide deck; the first: %s", tally.count, tally.first)
