"""Resolves ``package.module:function`` entry points, turning import failures into clear errors."""

import importlib
import os
import sys

from symphony_sdk.context import Cancelled

from . import codes
from .rpc_error import RpcError

_RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))
_IMPORTLIB_DIR = os.path.dirname(os.path.abspath(importlib.__file__))


def _is_noise(filename):
    if filename.startswith("<frozen importlib"):
        return True
    folder = os.path.dirname(os.path.abspath(filename))
    return folder == _RUNTIME_DIR or folder == _IMPORTLIB_DIR


def user_traceback(exc):
    """The traceback of an exception without the worker's and importlib's frames, which only add noise."""
    import traceback  # only errors need it; importing it up front slows every worker's start
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _is_noise(f.filename)]
    head = "Traceback (most recent call last):\n" if frames else ""
    return head + "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(type(exc), exc))


def split_entry(entry):
    """('pkg.module', 'function') from 'pkg.module:function', or an INVALID_PARAMS error."""
    if not isinstance(entry, str) or entry.count(":") != 1:
        raise RpcError(codes.INVALID_PARAMS,
                       "entry %r must look like 'package.module:function'" % (entry,))
    module, attr = entry.split(":")
    if not module or not attr:
        raise RpcError(codes.INVALID_PARAMS,
                       "entry %r must look like 'package.module:function'" % (entry,))
    return module, attr


def import_module(name):
    """Imports a module; any failure (missing module, syntax error, raise at import) is IMPORT_FAILED."""
    try:
        return importlib.import_module(name)
    except Cancelled:
        raise  # the host cancelled the call while the module was still importing
    except BaseException as exc:  # noqa: B902 — module top-level code may raise anything, even SystemExit
        if isinstance(exc, ModuleNotFoundError) and exc.name and name.startswith(exc.name):
            hint = ("no module named %r on the worker's path; check the entry's module name and that "
                    "its folder is on sys.path (%s)" % (exc.name, os.pathsep.join(p for p in sys.path if p)))
        else:
            hint = "importing %r failed: %s: %s" % (name, type(exc).__name__, exc)
        raise RpcError(codes.IMPORT_FAILED, hint,
                       {"module": name, "type": type(exc).__name__, "traceback": user_traceback(exc)})


def resolve(entry, cache):
    """The callable an entry names; cached so repeated calls skip the import machinery."""
    fn = cache.get(entry)
    if fn is not None:
        return fn
    module_name, attr = split_entry(entry)
    target = import_module(module_name)
    for part in attr.split("."):
        if not hasattr(target, part):
            raise RpcError(codes.ENTRY_NOT_FOUND,
                           "module %r has no attribute %r (entry %r); define the function or fix the entry"
                           % (module_name, attr, entry), {"module": module_name, "attribute": attr})
        target = getattr(target, part)
    if not callable(target):
        raise RpcError(codes.ENTRY_NOT_FOUND,
                       "entry %r names a %s, not a function" % (entry, type(target).__name__),
                       {"module": module_name, "attribute": attr})
    cache[entry] = target
    return target
