"""Turns replies into JSON bytes, naming the exact spot when a result cannot be written as JSON."""

import json
import math

from . import codes
from .rpc_error import RpcError

_dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
_dumps_ascii = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode
_SCALARS = (str, int, bool, type(None))


def find_unserializable(value, path="result"):
    """(path, type name) of the first value JSON cannot hold, or None."""
    stack = [(value, path)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, _SCALARS):
            continue
        if isinstance(current, float):
            if math.isnan(current) or math.isinf(current):
                return where, "float %r" % current
            continue
        if isinstance(current, dict):
            for key, item in current.items():
                if not isinstance(key, (str, int, float, bool, type(None))):
                    return "%s (key %r)" % (where, key), type(key).__name__
                stack.append((item, "%s[%r]" % (where, key)))
            continue
        if isinstance(current, (list, tuple)):
            for index, item in enumerate(current):
                stack.append((item, "%s[%d]" % (where, index)))
            continue
        return where, type(current).__name__
    return None


def encode(message, max_bytes, what):
    """UTF-8 JSON bytes of a message, or NOT_SERIALIZABLE / PAYLOAD_TOO_LARGE errors about `what`
    (a string, or a function giving one: only errors need it, so the hot path need not build it)."""
    try:
        text = _dumps(message)
    except (TypeError, ValueError, RecursionError) as exc:
        what = what() if callable(what) else what
        found = find_unserializable(message.get("result"))
        where, kind = found if found else ("result", "unknown")
        raise RpcError(codes.NOT_SERIALIZABLE,
                       "the result of %s is not JSON-serialisable: %s holds a %s (%s); return only dicts, "
                       "lists, strings, numbers, booleans and None" % (what, where, kind, exc),
                       {"path": where, "type": kind})
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates cannot be UTF-8; escaped ASCII JSON carries them intact.
        body = _dumps_ascii(message).encode("ascii")
    if max_bytes and len(body) > max_bytes:
        what = what() if callable(what) else what
        raise RpcError(codes.PAYLOAD_TOO_LARGE,
                       "the result of %s is %d bytes, over the %d-byte limit; return less data or raise "
                       "the symphony.python.maxPayloadMB setting" % (what, len(body), max_bytes),
                       {"bytes": len(body), "limit": max_bytes})
    return body
