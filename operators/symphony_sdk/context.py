"""The per-call context an operator receives, and module-level helpers that reach it from anywhere."""

import sys


class Cancelled(BaseException):
    """Raised inside an operator when the host cancels the call.

    It derives from BaseException, like KeyboardInterrupt, so a broad ``except Exception`` in user
    code does not swallow the cancellation by accident.
    """


class OperatorError(Exception):
    """An error meant for the user: shown with its message and code, without a traceback."""

    def __init__(self, message, code="OperatorError", details=None):
        super().__init__(message)
        self.code = code
        self.details = details


LEVELS = ("trace", "debug", "info", "warn", "error")


class Context:
    """What a running operator can see and do: its node, parameters, logs, progress and cancellation."""

    def __init__(self, node_id="", node_name="", params=None, item_params=None, workspace_root="",
                 input_items=None, sink=None):
        self.node_id = node_id
        self.node_name = node_name
        self.params = dict(params or {})
        self.workspace_root = workspace_root
        # Raw input items per port, with binary attachments and pairing, for operators that need them.
        self.input_items = input_items or []
        self._item_params = item_params
        self._sink = sink
        # A plain flag: set by the reader thread, read by the call; the GIL makes that safe.
        self._cancelled = False

    def param(self, name, item_index=0, default=None):
        """A parameter's value for one item (expressions were evaluated per item by the host)."""
        if self._item_params is not None and 0 <= item_index < len(self._item_params):
            values = self._item_params[item_index]
            if name in values:
                return values[name]
        return self.params.get(name, default)

    def log(self, message, level="info"):
        """Writes a line to the node's run log."""
        if level not in LEVELS:
            level = "info"
        if self._sink is not None:
            self._sink.log(level, str(message))
        else:
            sys.__stderr__.write("[%s] %s\n" % (level, message))

    def progress(self, fraction, message=None):
        """Reports progress in [0, 1], shown on the node while it runs."""
        try:
            value = float(fraction)
        except (TypeError, ValueError):
            raise ValueError("progress takes a number between 0 and 1, got %r" % (fraction,))
        value = min(1.0, max(0.0, value))
        if self._sink is not None:
            self._sink.progress(value, message)

    @property
    def cancelled(self):
        """True once the host asked to cancel this call; long loops should check it."""
        return self._cancelled

    def check_cancelled(self):
        """Raises Cancelled if the host asked to cancel this call."""
        if self._cancelled:
            raise Cancelled()

    def _cancel(self):
        self._cancelled = True


_current = None


def current_context():
    """The context of the call running in this worker, or a detached one outside a worker."""
    return _current if _current is not None else _DETACHED


def _set_current(ctx):
    global _current
    _current = ctx


def log(message, level="info"):
    """Logs to the running node's log (works from helper functions that have no ctx)."""
    current_context().log(message, level)


def progress(fraction, message=None):
    """Reports progress of the running call."""
    current_context().progress(fraction, message)


def check_cancelled():
    """Raises Cancelled if the running call was cancelled."""
    current_context().check_cancelled()


_DETACHED = Context()
