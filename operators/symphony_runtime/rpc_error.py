"""An error the worker answers a request with."""


class RpcError(Exception):
    """A JSON-RPC error response: code, message and optional structured data."""

    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    def to_wire(self):
        out = {"code": self.code, "message": self.message}
        if self.data is not None:
            out["data"] = self.data
        return out
