"""A plain function operator: items are dicts in, dicts out."""


def word_count(items, params):
    field = params.get("field", "text")
    return [dict(item, words=len(str(item.get(field, "")).split()),
                 lines=str(item.get(field, "")).count("\n") + 1) for item in items]
