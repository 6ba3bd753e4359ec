"""Log lines written a batch at a time (logs.BatchedStreamHandler): none lost, none held
back longer than its delay, and a warning never waits."""

from __future__ import annotations

import io
import logging
import time

from ordinavo.entrypoints.common.logs import BatchedStreamHandler


class CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def _logger(handler: logging.Handler) -> logging.Logger:
    logger = logging.getLogger(f"test.batched.{id(handler)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.handlers = [handler]
    return logger


def test_lines_are_written_together_once_the_batch_is_full() -> None:
    stream = CountingStream()
    handler = BatchedStreamHandler(stream, max_lines=3, max_delay=60)
    log = _logger(handler)
    log.info("one")
    log.info("two")
    assert stream.getvalue() == ""  # held
    log.info("three")
    assert stream.getvalue() == "one\ntwo\nthree\n"
    assert stream.writes == 1


def test_a_warning_writes_at_once_with_what_came_before_it() -> None:
    stream = CountingStream()
    log = _logger(BatchedStreamHandler(stream, max_lines=100, max_delay=60))
    log.info("before")
    log.warning("trouble")
    assert stream.getvalue() == "before\ntrouble\n"


def test_a_quiet_process_still_gets_its_lines_out_after_the_delay() -> None:
    stream = CountingStream()
    log = _logger(BatchedStreamHandler(stream, max_lines=100, max_delay=0.05))
    log.info("alone")
    assert stream.getvalue() == ""
    deadline = time.monotonic() + 2
    while not stream.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)  # the background flusher, not another line, writes it
    assert stream.getvalue() == "alone\n"


def test_flush_writes_what_is_held_as_logging_does_at_exit() -> None:
    stream = CountingStream()
    handler = BatchedStreamHandler(stream, max_lines=100, max_delay=60)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log = _logger(handler)
    log.info("held %s", "back")
    handler.flush()
    assert stream.getvalue() == "INFO held back\n"
    handler.flush()
    assert stream.writes == 1  # nothing left to write twice
