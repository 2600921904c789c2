"""Keeps everything user code prints off the protocol stream.

At start-up the worker moves the protocol to private file descriptors, points fd 0 at /dev/null
and fd 1 at fd 2, so even a C extension writing to fd 1 only reaches stderr (which the host logs).
Python-level ``print()``, ``sys.stderr`` writes and ``logging`` (see install_logging) become log notifications tied to
the call that produced them.
"""

import io
import os
import sys


def take_protocol_fds():
    """Returns private (read, write) binary streams for the protocol and neutralises fds 0 and 1."""
    proto_in = os.dup(0)
    proto_out = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    reader = os.fdopen(proto_in, "rb", buffering=65536)
    writer = os.fdopen(proto_out, "wb", buffering=65536)
    return reader, writer


class _BinaryView(io.RawIOBase):
    """``sys.stdout.buffer`` for code that writes bytes: decoded and logged like text."""

    def __init__(self, text):
        super().__init__()
        self._text = text

    def writable(self):
        return True

    def write(self, data):
        self._text.write(bytes(data).decode("utf-8", "replace"))
        return len(data)

    def flush(self):
        self._text.flush()


class LogStream(io.TextIOBase):
    """A text stream that sends whole lines as log notifications at a fixed level."""

    def __init__(self, send, level):
        super().__init__()
        self._send = send
        self._level = level
        self._pending = ""
        self.buffer = _BinaryView(self)

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "replace"

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        # Code that insists on a descriptor (subprocess, faulthandler) gets stderr, never the protocol.
        return 2

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        if "\n" not in text:
            self._pending += text
            return len(text)
        head, _, tail = (self._pending + text).rpartition("\n")
        self._pending = tail
        self._send(self._level, head)
        return len(text)

    def flush(self):
        if self._pending:
            pending, self._pending = self._pending, ""
            self._send(self._level, pending)

    def has_pending(self):
        """Whether a partial line waits for flush(); cheaper to ask than flushing after every call."""
        return bool(self._pending)


def install_logging(send):
    """Routes ``logging`` records to the host's log with matching levels.

    Called once user code has imported logging: importing it in every worker up front would cost
    cold start for operators that never log.
    """
    import logging

    levels = ((logging.ERROR, "error"), (logging.WARNING, "warn"), (logging.INFO, "info"), (logging.DEBUG, "debug"))

    class NotifyingHandler(logging.Handler):
        def emit(self, record):
            try:
                level = next((name for number, name in levels if record.levelno >= number), "trace")
                send(level, self.format(record))
            except Exception:  # a broken log record must never break the call that logged it
                self.handleError(record)

    handler = NotifyingHandler(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)


def install(send):
    """Redirects sys.stdout, sys.stderr and sys.stdin; returns the two log streams."""
    out = LogStream(send, "info")
    err = LogStream(send, "warn")
    sys.stdout = out
    sys.stderr = err
    sys.stdin = open(os.devnull, "r")
    return out, err
