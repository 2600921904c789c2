"""Content-Length framing, byte-compatible with vscode-jsonrpc's StreamMessageReader/Writer.

A message is ``Content-Length: N\\r\\n`` (other headers allowed and ignored), an empty line, then
exactly N bytes of UTF-8 JSON. Everything works on bytes so payloads of any content pass intact.
"""

import threading


class FramingError(Exception):
    """The peer sent bytes that are not a valid frame header."""


def read_frame(stream):
    """Reads one frame body from a binary stream; returns None at end of stream."""
    length = -1
    while True:
        line = stream.readline()
        if not line:
            return None
        if line == b"\r\n" or line == b"\n":
            if length < 0:
                # Blank lines before any header are tolerated (some writers separate frames).
                continue
            break
        name, sep, value = line.partition(b":")
        if not sep:
            raise FramingError("header line without ':': %r" % line[:80])
        if name.strip().lower() == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                raise FramingError("Content-Length is not a number: %r" % value[:40])
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
