"""JSON-RPC error codes the worker answers with (the Node side mirrors them in python-protocol.ts)."""

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603

# Symphony codes, in JSON-RPC's server-error range.
OPERATOR_EXCEPTION = -32000  # user code raised; data carries type, message and traceback
IMPORT_FAILED = -32001  # the operator module could not be imported; data carries the traceback
ENTRY_NOT_FOUND = -32002  # the module has no such function, or it is not callable
NOT_SERIALIZABLE = -32003  # the result cannot be written as JSON; data carries the path
PAYLOAD_TOO_LARGE = -32004  # a request or a result is over the configured limit
OPERATOR_ERROR = -32005  # user code raised symphony_sdk.OperatorError: a message meant for the user
REQUEST_CANCELLED = -32800  # same code as the Language Server Protocol's RequestCancelled
