"""Calls an operator function with Symphony's item convention and normalises what it returns."""

from symphony_sdk.items import Item

from . import codes
from .rpc_error import RpcError

_arity_cache = {}
_CO_VARARGS = 0x04


def _arity(fn):
    """How many of (items, params, ctx) the function accepts (read from its code object: `inspect`
    would cost the worker's cold start more than all its other imports)."""
    known = _arity_cache.get(fn)
    if known is not None:
        return known
    target, bound = fn, 0
    if hasattr(target, "__func__"):  # a bound method: self is already supplied
        target, bound = target.__func__, 1
    code = getattr(target, "__code__", None)
    if code is None:
        code = getattr(getattr(target, "__call__", None), "__code__", None)
        bound = 1
    if code is None:
        count = 3
    elif code.co_flags & _CO_VARARGS:
        count = 3
    else:
        count = min(3, max(0, code.co_argcount - bound))
    _arity_cache[fn] = count
    return count


def _items_argument(inputs, in_ports):
    jsons = [[item.get("json", {}) if isinstance(item, dict) else {} for item in port] for port in inputs]
    if len(in_ports) <= 1:
        return jsons[0] if jsons else []
    return {name: (jsons[i] if i < len(jsons) else []) for i, name in enumerate(in_ports)}


def _to_wire_items(values, port, entry, input_count):
    if values is None:
        return []
    if isinstance(values, (dict, Item)):
        values = [values]
    if not isinstance(values, (list, tuple)):
        raise RpcError(codes.OPERATOR_EXCEPTION,
                       "%s returned a %s for port %r; return a list of dicts (one per item)"
                       % (entry, type(values).__name__, port))
    out = []
    same_length = len(values) == input_count
    for index, value in enumerate(values):
        if isinstance(value, Item):
            wire = value.to_wire()
        elif isinstance(value, dict):
            wire = {"json": value}
        else:
            raise RpcError(codes.OPERATOR_EXCEPTION,
                           "%s returned a %s as item %d of port %r; each item must be a dict or symphony_sdk.Item"
                           % (entry, type(value).__name__, index, port))
        if "pairedItem" not in wire:
            # Same count in and out reads as one-to-one; a single input item fathers everything.
            if same_length:
                wire["pairedItem"] = {"item": index}
            elif input_count == 1:
                wire["pairedItem"] = {"item": 0}
        out.append(wire)
    return out


def run_operator(fn, entry, request, ctx):
    """Runs one operator call: {inputs, inputPorts, outputPorts, params} -> {outputs}."""
    inputs = request.get("inputs") or []
    in_ports = request.get("inputPorts") or ["main"]
    out_ports = request.get("outputPorts") or ["main"]
    params = ctx.params
    arity = _arity(fn)
    items = _items_argument(inputs, in_ports)
    args = (items, params, ctx)[:arity]
    result = fn(*args)
    first_count = len(inputs[0]) if inputs else 0
    if len(out_ports) <= 1:
        return {"outputs": [_to_wire_items(result, out_ports[0], entry, first_count)]}
    if result is None:
        return {"outputs": [[] for _ in out_ports]}
    if not isinstance(result, dict):
        raise RpcError(codes.OPERATOR_EXCEPTION,
                       "%s has output ports %s; return a dict mapping port name to a list of items, got a %s"
                       % (entry, ", ".join(out_ports), type(result).__name__))
    unknown = [name for name in result if name not in out_ports]
    if unknown:
        raise RpcError(codes.OPERATOR_EXCEPTION,
                       "%s returned items for port %r, which it does not declare (ports: %s)"
                       % (entry, unknown[0], ", ".join(out_ports)))
    return {"outputs": [_to_wire_items(result.get(name), name, entry, first_count) for name in out_ports]}
