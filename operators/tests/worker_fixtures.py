"""Functions the worker tests call through real worker processes."""

import logging
import os
import sys
import time

from symphony_sdk import OperatorError, check_cancelled, log, operator, param, progress


def echo(value):
    return value


def shout(text):
    print("about to shout", text)
    print("to stderr", file=sys.stderr)
    logging.getLogger("fixtures").warning("careful")
    return text.upper()


def raw_fd_write():
    os.write(1, b"Content-Length: 3\r\n\r\nbad")
    return "still fine"


def boom():
    def inner():
        raise ValueError("the input was odd")
    inner()


def refuse():
    raise OperatorError("field 'x' is missing; add it upstream", code="MissingField")


def leave():
    sys.exit(4)


def sleepy(seconds):
    time.sleep(seconds)
    return "woke"


def busy_until_cancelled():
    while True:
        check_cancelled()


def stubborn(seconds):
    end = time.time() + seconds
    while time.time() < end:
        try:
            time.sleep(0.01)
        except BaseException:
            pass
    return "ignored the cancel"


def reports():
    progress(0.5, "half")
    log("done", "warn")
    return 1


def not_json():
    return {"ok": [1, {2, 3}]}


def nan():
    return float("nan")


def big(size):
    return "x" * size


@operator(id="fixtures.double", name="Double", parameters=[param("factor", "number", default=2)])
def double(items, params):
    return [{"n": item["n"] * params["factor"]} for item in items]


@operator(id="fixtures.split", outputs=["even", "odd"])
def split(items):
    return {"even": [i for i in items if i["n"] % 2 == 0], "odd": [i for i in items if i["n"] % 2]}


def flood():
    print("z" * 200000)
    return "ok"
