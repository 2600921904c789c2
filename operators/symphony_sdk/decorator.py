"""The @operator decorator: declares an operator's id, ports and parameters next to its function.

Metadata is kept per module so the worker can answer ``describe(module)`` with the operators a
module defines, in the order they were written, without calling any of them.
"""

import re

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")
PORT_TYPES = ("any", "items", "text", "json", "number", "boolean", "file", "binary")
PARAM_TYPES = ("string", "number", "boolean", "options", "json", "code", "expression", "path",
               "collection", "secret")

_registry = {}


def port(name, type="items", required=False, display_name=None):
    """Declares an input or output port."""
    if type not in PORT_TYPES:
        raise ValueError("port %r: type %r is not one of %s" % (name, type, ", ".join(PORT_TYPES)))
    out = {"name": name, "type": type, "required": bool(required)}
    if display_name:
        out["displayName"] = display_name
    return out


def param(name, type="string", default=None, description=None, required=False, display_name=None,
          options=None, placeholder=None, min=None, max=None, language=None):
    """Declares a parameter; the board builds its form from these."""
    if type not in PARAM_TYPES:
        raise ValueError("parameter %r: type %r is not one of %s" % (name, type, ", ".join(PARAM_TYPES)))
    out = {"name": name, "type": type}
    optional = {"default": default, "description": description, "displayName": display_name,
                "placeholder": placeholder, "min": min, "max": max, "language": language}
    for key, value in optional.items():
        if value is not None:
            out[key] = value
    if required:
        out["required"] = True
    if options is not None:
        out["options"] = [o if isinstance(o, dict) else {"value": o} for o in options]
    return out


def _ports(ports, what, op_id):
    out = []
    for p in ports:
        if isinstance(p, str):
            out.append(port(p))
        elif isinstance(p, dict) and isinstance(p.get("name"), str):
            out.append(port(p["name"], p.get("type", "items"), p.get("required", False), p.get("displayName")))
        else:
            raise ValueError("operator %r: each of %s must be a port name or port(...), got %r" % (op_id, what, p))
    return out


def operator(id, name=None, description="", category="Other", icon=None, color=None, version="1.0.0",
             inputs=("main",), outputs=("main",), parameters=(), permissions=(), docs=None):
    """Marks a function as a Symphony operator.

    The function is called as ``fn(items, params, ctx)`` (fewer arguments are fine). With one input
    port ``items`` is a list of dicts; with several it maps port name to list. Return a list of dicts
    (or ``Item``) for one output port, or a dict of port name to list for several.
    """
    if not isinstance(id, str) or not _ID.match(id):
        raise ValueError("@operator id %r must look like 'my-ext.my-op' (lowercase, dot-separated)" % (id,))
    meta = {
        "id": id,
        "version": version,
        "displayName": name or id.split(".")[-1].replace("-", " ").capitalize(),
        "description": description,
        "category": category,
        "inputs": _ports(inputs, "inputs", id),
        "outputs": _ports(outputs, "outputs", id),
        "params": [dict(p) for p in parameters],
        "permissions": list(permissions),
    }
    for key, value in (("icon", icon), ("color", color), ("docs", docs)):
        if value is not None:
            meta[key] = value

    def decorate(fn):
        entry = "%s:%s" % (fn.__module__, fn.__qualname__)
        described = dict(meta, entry=entry)
        fn.__symphony_operator__ = described
        bucket = _registry.setdefault(fn.__module__, [])
        # A module imported twice (reload) replaces its earlier declarations instead of doubling them.
        bucket[:] = [m for m in bucket if m["id"] != id]
        bucket.append(described)
        return fn

    return decorate


def operators_in(module_name):
    """The operators a module declared with @operator, in declaration order."""
    return list(_registry.get(module_name, ()))
