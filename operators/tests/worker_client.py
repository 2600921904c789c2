"""A minimal JSON-RPC client that drives a real worker process for the tests."""

import json
import os
import subprocess
import sys

from symphony_runtime.framing import read_frame

OPERATORS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS_DIR = os.path.join(OPERATORS_DIR, "tests")
EXAMPLES_DIR = os.path.join(OPERATORS_DIR, "examples")


class WorkerClient:
    def __init__(self, env=None):
        paths = [OPERATORS_DIR, TESTS_DIR, EXAMPLES_DIR, os.path.join(EXAMPLES_DIR, "text-stats")]
        full_env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths), **(env or {}))
        self.proc = subprocess.Popen([sys.executable, "-m", "symphony_runtime"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env)
        self.next_id = 0
        self.notifications = []

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def request(self, method, params=None):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def receive(self):
        """The next response, collecting notifications on the way."""
        while True:
            body = read_frame(self.proc.stdout)
            if body is None:
                raise EOFError("worker closed its output")
            message = json.loads(body)
            if "method" in message:
                self.notifications.append(message)
                continue
            return message

    def call(self, method, params=None):
        rid = self.request(method, params)
        reply = self.receive()
        assert reply["id"] == rid, reply
        return reply

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        self.proc.stdout.close()
        self.proc.stderr.close()
