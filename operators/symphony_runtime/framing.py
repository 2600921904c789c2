"""Content-Length framing, byte-compatible with vscode-jsonrpc's StreamMessageReader/Writer.

A message is ``Content-Length: N\\r\\n`` (other headers allowed and ignored), an empty line, then
exactly N bytes of UTF-8 JSON. Everything works on bytes so payloads of any content pass intact.
"""

import threading


class FramingError(Exception):
    """The peer sent bytes that are not a valid frame header."""


def read_frame(stream):
    """Reads one frame body from a binary stream; returns None at end of stream."""
    line = stream.readline()
    length = -1
    if line[:16] == b"Content-Length: " and line[-2:] == b"\r\n" and line[16:-2].isdigit():
        # The usual frame: one Content-Length header, as every writer we meet sends it.
        length = int(line[16:-2])
        line = stream.readline()
        if line == b"\r\n":
            body = stream.read(length)
            return body if len(body) == length else None
    return _read_headers(stream, line, length)


def _read_headers(stream, line, length):
    """The general case: any headers in any order, Content-Length among them."""
    while True:
        if not line:
            return None
        if line == b"\r\n" or line == b"\n":
            if length >= 0:
                break
            # Blank lines before any header are tolerated (some writers separate frames).
        else:
            name, sep, value = line.partition(b":")
            if not sep:
                raise FramingError("header line without ':': %r" % line[:80])
            if name.strip().lower() == b"content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    raise FramingError("Content-Length is not a number: %r" % value[:40])
        line = stream.readline()
    body = stream.read(length)
    if len(body) < length:
        return None
    return body


class FrameWriter:
    """Writes frames to a binary stream; thread-safe so log lines and replies never interleave."""

    def __init__(self, stream):
        self._stream = stream
        self._lock = threading.Lock()

    def write(self, body):
        header = b"Content-Length: %d\r\n\r\n" % len(body)
        with self._lock:
            if len(body) < 65536:
                self._stream.write(header + body)
            else:
                self._stream.write(header)
                self._stream.write(body)
            self._stream.flush()
