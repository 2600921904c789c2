"""Items: the unit of data on every port, as in n8n (a JSON object plus binary data and lineage)."""


class Item:
    """An output item with binary attachments or explicit pairing; plain dicts are items too."""

    __slots__ = ("json", "binary", "paired_item")

    def __init__(self, json, binary=None, paired_item=None):
        if not isinstance(json, dict):
            raise TypeError("Item(json=...) takes a dict, got %s" % type(json).__name__)
        self.json = json
        # name -> {"data": base64 text, "mimeType": ..., "fileName": ...}
        self.binary = binary
        # index of the input item this one came from, or a list of indexes
        self.paired_item = paired_item

    def to_wire(self):
        out = {"json": self.json}
        if self.binary:
            out["binary"] = self.binary
        if self.paired_item is not None:
            if isinstance(self.paired_item, int):
                out["pairedItem"] = {"item": self.paired_item}
            else:
                out["pairedItem"] = [{"item": i} for i in self.paired_item]
        return out

    def __repr__(self):
        return "Item(%r)" % (self.json,)
