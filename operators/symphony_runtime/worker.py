"""The worker: reads JSON-RPC requests and runs them one at a time on the main thread.

Calls run on the main thread so that a cancellation can interrupt them with a signal (which also
breaks blocking sleeps and reads). While idle the main thread reads the next request itself, so a
short call costs no thread switch. A call still running after TAKEOVER_S hands reading to a helper
thread (woken by SIGALRM), which can then receive ``$/cancelRequest`` while the call runs. The alarm
is armed at most once per TAKEOVER_S, not per call: quick calls in a row share one alarm, which
finds them finished and stays quiet, so the hot path makes no timer system calls.
"""

import collections
import json
import os
import signal
import sys
import threading

import symphony_sdk
from symphony_sdk import context as sdk_context

from . import codes, entry_points, output_redirect
from .encode_message import encode
from .framing import FrameWriter, FramingError, read_frame
from .operator_call import run_operator
from .rpc_error import RpcError

RUNTIME_VERSION = "1"
DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024
MAX_LOG_CHARS = 64 * 1024
TAKEOVER_S = 0.005  # how long a call runs before the helper thread listens for its cancellation
_HAS_TIMER = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")
_decode_json = json.JSONDecoder().decode


def _loads(body):
    # Frames are UTF-8 (the JSON-RPC framing says so); json.loads would sniff the encoding each time.
    return _decode_json(body.decode("utf-8", "surrogatepass"))


class _Sink:
    """Where the SDK's ctx.log / ctx.progress go: notifications tagged with the request id."""

    def __init__(self, worker, request_id):
        self._worker = worker
        self._id = request_id

    def log(self, level, message):
        self._worker.notify("symphony/log", {"id": self._id, "level": level, "message": message})

    def progress(self, fraction, message):
        params = {"id": self._id, "fraction": fraction}
        if message is not None:
            params["message"] = str(message)
        self._worker.notify("symphony/progress", params)


class Worker:
    def __init__(self, reader, writer):
        self._reader = reader
        self._out = FrameWriter(writer)
        self._pending = collections.deque()  # requests the helper read while a call ran
        self._read_lock = threading.Lock()  # whoever holds it owns the input stream
        self._takeover = threading.Event()
        self._busy = False
        self._calls = 0  # calls started so far: tells the alarm whether the call it timed is still running
        self._alarm_armed = False
        self._alarm_call = 0
        self._eof = False
        self._lock = threading.Lock()
        self._current = None  # id of the request running on the main thread
        self._current_ctx = None
        self._interrupt = False  # a cancellation for the current request is pending
        self._queued = set()
        self._cancelled = set()
        self._entries = {}
        self.max_payload = int(os.environ.get("SYMPHONY_MAX_PAYLOAD", DEFAULT_MAX_PAYLOAD))
        self._streams = ()
        self._logging_ready = False
        self._handlers = {
            "initialize": self._initialize,
            "symphony/call": self._call,
            "symphony/execute": self._execute,
            "symphony/describe": self._describe,
            "symphony/ping": lambda params, rid: "pong",
            "shutdown": self._shutdown,
        }

    # -- output -----------------------------------------------------------------------------

    def notify(self, method, params):
        body = json.dumps({"jsonrpc": "2.0", "method": method, "params": params}, ensure_ascii=True,
                          default=repr).encode("ascii")
        self._out.write(body)

    def _log_line(self, level, message):
        if len(message) > MAX_LOG_CHARS:
            # One runaway print must not flood the host's log or its memory.
            message = "%s… [%d more characters not shown]" % (message[:MAX_LOG_CHARS], len(message) - MAX_LOG_CHARS)
        self.notify("symphony/log", {"id": self._current, "level": level, "message": message})

    def _reply_error(self, rid, error):
        body = json.dumps({"jsonrpc": "2.0", "id": rid, "error": error.to_wire()}, ensure_ascii=True,
                          default=repr).encode("ascii")
        self._out.write(body)

    # -- reading ----------------------------------------------------------------------------

    def _read_one(self):
        """Reads and sorts one message (the caller holds _read_lock): a request to run, else None."""
        try:
            body = read_frame(self._reader)
        except FramingError as exc:
            # The stream has lost its frame boundaries; nothing after this can be trusted.
            self._reply_error(None, RpcError(codes.PARSE_ERROR, "bad frame: %s" % exc))
            body = None
        if body is None:
            self._eof = True
            return None
        return self._accept(body)

    def _next_request(self):
        """The next request for the main thread, or None at end of input."""
        while True:
            # Requests the helper already read come first; the helper may still hold the lock,
            # blocked on input that is not coming, so this check must not wait for it.
            if self._pending:
                return self._pending.popleft()
            with self._read_lock:
                if self._pending:
                    return self._pending.popleft()
                if self._eof:
                    return None
                msg = self._read_one()
            if msg is not None:
                return msg

    def _helper_loop(self):
        """Reads on behalf of the main thread while a long call keeps it busy."""
        while True:
            self._takeover.wait()
            self._takeover.clear()
            with self._read_lock:
                while self._busy and not self._eof:
                    msg = self._read_one()
                    if msg is not None:
                        with self._lock:
                            self._queued.add(msg["id"])
                        self._pending.append(msg)
                if self._eof and self._busy:
                    # The host is gone while a call runs; do not linger as an orphan.
                    timer = threading.Timer(2.0, os._exit, (0,))
                    timer.daemon = True
                    timer.start()

    def _on_alarm(self, signum, frame):
        self._alarm_armed = False
        if not self._busy:
            return
        if self._alarm_call == self._calls:
            self._takeover.set()  # the call the alarm was armed for has run TAKEOVER_S
        else:
            self._start_alarm()  # a later call is running: give it its own TAKEOVER_S

    def _start_alarm(self):
        self._alarm_armed = True
        self._alarm_call = self._calls
        signal.setitimer(signal.ITIMER_REAL, TAKEOVER_S)

    def _accept(self, body):
        try:
            msg = _loads(body)
        except ValueError as exc:
            self._reply_error(None, RpcError(codes.PARSE_ERROR, "message is not valid JSON: %s" % exc))
            return
        if not isinstance(msg, dict):
            self._reply_error(None, RpcError(codes.INVALID_REQUEST, "a message must be a JSON object"))
            return None
        method = msg.get("method")
        rid = msg.get("id")
        if msg.get("jsonrpc") != "2.0" or not isinstance(method, str):
            if method is None and ("result" in msg or "error" in msg):
                return  # a response to nothing we asked; ignore
            self._reply_error(rid, RpcError(codes.INVALID_REQUEST,
                                            "expected a JSON-RPC 2.0 request with a string 'method'"))
            return
        if method == "$/cancelRequest":
            params = msg.get("params")
            self.cancel(params.get("id") if isinstance(params, dict) else None)
            return
        if "id" not in msg:
            if method == "exit":
                os._exit(0)
            return  # unknown notifications are ignored, as JSON-RPC requires
        if self.max_payload and len(body) > self.max_payload:
            self._reply_error(rid, RpcError(codes.PAYLOAD_TOO_LARGE,
                                            "request of %d bytes is over the %d-byte limit"
                                            % (len(body), self.max_payload),
                                            {"bytes": len(body), "limit": self.max_payload}))
            return
        return msg

    def cancel(self, rid):
        with self._lock:
            if rid is not None and rid == self._current:
                self._interrupt = True
                if self._current_ctx is not None:
                    self._current_ctx._cancel()
                interrupt = True
            else:
                if rid in self._queued:
                    self._cancelled.add(rid)
                interrupt = False
        if interrupt:
            _interrupt_main()

    # -- main thread ------------------------------------------------------------------------

    def _on_signal(self, signum, frame):
        if self._interrupt and self._current is not None:
            self._interrupt = False
            raise symphony_sdk.Cancelled()

    def serve(self):
        if hasattr(signal, "SIGINT"):
            signal.signal(signal.SIGINT, self._on_signal)
        if _HAS_TIMER:
            signal.signal(signal.SIGALRM, self._on_alarm)
        self._streams = output_redirect.install(self._log_line)
        helper = threading.Thread(target=self._helper_loop, name="symphony-reader", daemon=True)
        helper.start()
        while True:
            try:
                msg = self._next_request()
                if msg is None:
                    break
                self._dispatch(msg)
            except symphony_sdk.Cancelled:
                pass  # a cancellation that arrived after its call had already answered
        if _HAS_TIMER:
            signal.setitimer(signal.ITIMER_REAL, 0)  # an alarm left armed must not outlive the loop

    def _arm(self):
        self._calls += 1
        self._busy = True
        if not _HAS_TIMER:
            self._takeover.set()  # no timer signal here: listen from the start of every call
        elif not self._alarm_armed:
            self._start_alarm()

    def _disarm(self):
        self._busy = False  # an armed alarm fires once more, finds no call running and stays off

    def _dispatch(self, msg):
        rid = msg["id"]
        with self._lock:
            self._queued.discard(rid)
            if rid in self._cancelled:
                self._cancelled.discard(rid)
                skip = True
            else:
                skip = False
                self._current = rid
        if skip:
            self._reply_error(rid, RpcError(codes.REQUEST_CANCELLED, "cancelled before it started"))
            return
        self._arm()
        try:
            handler = self._handlers.get(msg["method"])
            if handler is None:
                raise RpcError(codes.METHOD_NOT_FOUND, "unknown method %r; the worker serves %s"
                               % (msg["method"], ", ".join(sorted(self._handlers))))
            result = handler(msg.get("params"), rid)
            self._flush_streams()
            body = encode({"jsonrpc": "2.0", "id": rid, "result": result}, self.max_payload,
                          lambda: _describe_call(msg))
            self._out.write(body)
        except RpcError as exc:
            self._flush_streams()
            self._reply_error(rid, exc)
        except symphony_sdk.Cancelled:
            self._flush_streams()
            self._reply_error(rid, RpcError(codes.REQUEST_CANCELLED, "cancelled by the host"))
        except Exception as exc:  # a defect in the worker itself, not in user code
            self._reply_error(rid, RpcError(codes.INTERNAL_ERROR, "worker error: %s: %s" % (type(exc).__name__, exc),
                                            {"traceback": entry_points.user_traceback(exc)}))
        finally:
            self._disarm()
            with self._lock:
                self._current = None
                self._current_ctx = None
                self._interrupt = False
            sdk_context._set_current(None)

    def _flush_streams(self):
        for stream in self._streams:
            if stream.has_pending():
                stream.flush()

    # -- methods ----------------------------------------------------------------------------

    def _initialize(self, params, rid):
        if isinstance(params, dict) and isinstance(params.get("maxPayloadBytes"), int):
            self.max_payload = params["maxPayloadBytes"]
        for path in (params or {}).get("paths") or ():
            if isinstance(path, str) and path not in sys.path:
                sys.path.insert(0, path)
        return {
            "runtimeVersion": RUNTIME_VERSION,
            "python": "%d.%d.%d" % sys.version_info[:3],
            "executable": sys.executable,
            "pid": os.getpid(),
        }

    def _begin(self, rid, ctx):
        if not self._logging_ready and "logging" in sys.modules:
            self._logging_ready = True
            output_redirect.install_logging(self._log_line)
        with self._lock:
            self._current_ctx = ctx
        sdk_context._set_current(ctx)

    def _call(self, params, rid):
        if not isinstance(params, dict):
            raise RpcError(codes.INVALID_PARAMS, "symphony/call takes {entry, args?, kwargs?}")
        entry = params.get("entry")
        fn = entry_points.resolve(entry, self._entries)
        args = params.get("args") or []
        kwargs = params.get("kwargs") or {}
        if not isinstance(args, list) or not isinstance(kwargs, dict):
            raise RpcError(codes.INVALID_PARAMS, "symphony/call: args must be a list and kwargs an object")
        self._begin(rid, symphony_sdk.Context(sink=_Sink(self, rid)))
        return _run_user(fn, entry, args, kwargs)

    def _execute(self, params, rid):
        if not isinstance(params, dict):
            raise RpcError(codes.INVALID_PARAMS, "symphony/execute takes {entry, inputs, params, ...}")
        entry = params.get("entry")
        fn = entry_points.resolve(entry, self._entries)
        node = params.get("node") or {}
        ctx = symphony_sdk.Context(
            node_id=node.get("id", ""), node_name=node.get("name", ""), params=params.get("params"),
            item_params=params.get("itemParams"), workspace_root=params.get("workspaceRoot", ""),
            input_items=params.get("inputs") or [], sink=_Sink(self, rid))
        self._begin(rid, ctx)
        return _run_user(run_operator, entry, (fn, entry, params, ctx), {})

    def _describe(self, params, rid):
        module = params.get("module") if isinstance(params, dict) else None
        if not isinstance(module, str) or not module:
            raise RpcError(codes.INVALID_PARAMS, "symphony/describe takes {module: 'package.module'}")
        entry_points.import_module(module)
        return {"module": module, "operators": symphony_sdk.operators_in(module)}

    def _shutdown(self, params, rid):
        self._eof = True  # answer, then leave the loop as if the input had ended
        return None


def _run_user(fn, entry, args, kwargs):
    """Calls user code, mapping what it raises to the error codes the host understands."""
    try:
        return fn(*args, **kwargs)
    except (RpcError, symphony_sdk.Cancelled):
        raise
    except symphony_sdk.OperatorError as exc:
        raise RpcError(codes.OPERATOR_ERROR, str(exc), {"code": exc.code, "details": exc.details})
    except BaseException as exc:  # SystemExit and KeyboardInterrupt from user code must not end the worker
        raise RpcError(codes.OPERATOR_EXCEPTION, "%s raised %s: %s" % (entry, type(exc).__name__, exc),
                       {"type": type(exc).__name__, "message": str(exc),
                        "traceback": entry_points.user_traceback(exc)})


def _describe_call(msg):
    params = msg.get("params")
    if isinstance(params, dict) and isinstance(params.get("entry"), str):
        return params["entry"]
    return msg["method"]


def _interrupt_main():
    if hasattr(signal, "SIGINT") and os.name == "posix":
        os.kill(os.getpid(), signal.SIGINT)
        return
    import ctypes  # Windows: raise Cancelled asynchronously in the main thread instead
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(threading.main_thread().ident),
                                               ctypes.py_object(symphony_sdk.Cancelled))


def main():
    reader, writer = output_redirect.take_protocol_fds()
    worker = Worker(reader, writer)
    worker.serve()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
