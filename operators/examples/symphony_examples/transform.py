"""A JSON transform: keep, rename and add fields of every item."""

from symphony_sdk import OperatorError, operator, param


@operator(
    id="examples.json-transform",
    name="JSON transform",
    description="Renames fields (mapping old -> new), keeps only listed fields, and sets constant fields.",
    category="Data",
    icon="json",
    parameters=[
        param("rename", "json", default={}, description="Object mapping old field names to new ones."),
        param("keep", "json", default=[], description="Field names to keep (after renaming); empty keeps all."),
        param("set", "json", default={}, description="Fields to set to constant values."),
    ],
)
def json_transform(items, params):
    rename = params.get("rename") or {}
    keep = params.get("keep") or []
    constants = params.get("set") or {}
    if not isinstance(rename, dict):
        raise OperatorError("parameter 'rename' must be an object like {\"old\": \"new\"}", code="InvalidParameter")
    if not isinstance(keep, list):
        raise OperatorError("parameter 'keep' must be a list of field names", code="InvalidParameter")
    out = []
    for item in items:
        renamed = {rename.get(key, key): value for key, value in item.items()}
        if keep:
            renamed = {key: renamed[key] for key in keep if key in renamed}
        renamed.update(constants)
        out.append(renamed)
    return out
