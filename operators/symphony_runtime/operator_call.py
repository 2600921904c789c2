"""Calls an operator function with Symphony's item convention and normalises what it returns."""

import inspect

from symphony_sdk.items import Item

from . import codes
from .rpc_error import RpcError

_arity_cache = {}


def _arity(fn):
    """How many of (items, params, ctx) the function accepts."""
    known = _arity_cache.get(fn)
    if known is not None:
        return known
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        count = 3
    else:
        count = 0
        for p in sig.parameters.values():
            if p.kind == p.VAR_POSITIONAL:
                count = 3
                break
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                count += 1
        count = min(count, 3)
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
