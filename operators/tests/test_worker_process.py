"""The worker as a real process: protocol errors, output redirection, cancellation, operators."""

import json
import sys
import time
import unittest

from symphony_runtime import codes

from .worker_client import EXAMPLES_DIR, WorkerClient


class WorkerProcessTest(unittest.TestCase):
    def setUp(self):
        self.worker = WorkerClient()
        self.addCleanup(self.worker.close)

    def call(self, entry, *args):
        return self.worker.call("symphony/call", {"entry": entry, "args": list(args)})

    def test_initialize_reports_the_interpreter(self):
        result = self.worker.call("initialize", {})["result"]
        self.assertRegex(result["python"], r"^3\.\d+\.\d+$")
        self.assertEqual(result["runtimeVersion"], "1")

    def test_call_returns_non_ascii_intact(self):
        value = {"text": "Grüße, 世界 🎵", "n": [1, 2.5, None, True]}
        self.assertEqual(self.call("worker_fixtures:echo", value)["result"], value)

    def test_prints_and_logging_become_log_notifications(self):
        self.assertEqual(self.call("worker_fixtures:shout", "hey")["result"], "HEY")
        logs = [(n["params"]["level"], n["params"]["message"]) for n in self.worker.notifications]
        self.assertIn(("info", "about to shout hey"), logs)
        self.assertIn(("warn", "to stderr"), logs)
        self.assertIn(("warn", "fixtures: careful"), logs)

    def test_a_huge_print_is_truncated_in_the_log(self):
        self.assertEqual(self.call("worker_fixtures:flood")["result"], "ok")
        message = self.worker.notifications[0]["params"]["message"]
        self.assertLess(len(message), 70000)
        self.assertIn("more characters not shown", message)

    def test_raw_write_to_fd_1_goes_to_stderr_not_the_protocol(self):
        self.assertEqual(self.call("worker_fixtures:raw_fd_write")["result"], "still fine")
        self.assertEqual(self.call("worker_fixtures:echo", 7)["result"], 7)

    def test_progress_and_sdk_log_carry_the_request_id(self):
        reply = self.call("worker_fixtures:reports")
        methods = [(n["method"], n["params"]["id"]) for n in self.worker.notifications]
        self.assertEqual(methods, [("symphony/progress", reply["id"]), ("symphony/log", reply["id"])])

    def test_exception_carries_the_user_traceback(self):
        error = self.call("worker_fixtures:boom")["error"]
        self.assertEqual(error["code"], codes.OPERATOR_EXCEPTION)
        self.assertIn("ValueError: the input was odd", error["data"]["traceback"])
        self.assertIn("in inner", error["data"]["traceback"])
        self.assertNotIn("symphony_runtime", error["data"]["traceback"])

    def test_operator_error_is_a_user_message(self):
        error = self.call("worker_fixtures:refuse")["error"]
        self.assertEqual(error["code"], codes.OPERATOR_ERROR)
        self.assertEqual(error["data"]["code"], "MissingField")

    def test_sys_exit_in_user_code_does_not_end_the_worker(self):
        self.assertEqual(self.call("worker_fixtures:leave")["error"]["code"], codes.OPERATOR_EXCEPTION)
        self.assertEqual(self.call("worker_fixtures:echo", 1)["result"], 1)

    def test_import_error_has_module_and_traceback(self):
        error = self.call("no_such_module_here:f")["error"]
        self.assertEqual(error["code"], codes.IMPORT_FAILED)
        self.assertIn("no_such_module_here", error["message"])
        self.assertIn("ModuleNotFoundError", error["data"]["traceback"])

    def test_missing_function(self):
        error = self.call("worker_fixtures:nope")["error"]
        self.assertEqual(error["code"], codes.ENTRY_NOT_FOUND)
        self.assertIn("'nope'", error["message"])

    def test_entry_without_function_is_invalid_params(self):
        self.assertEqual(self.call("worker_fixtures")["error"]["code"], codes.INVALID_PARAMS)

    def test_unserialisable_and_nan_results(self):
        error = self.call("worker_fixtures:not_json")["error"]
        self.assertEqual((error["code"], error["data"]["path"]), (codes.NOT_SERIALIZABLE, "result['ok'][1]"))
        self.assertEqual(self.call("worker_fixtures:nan")["error"]["code"], codes.NOT_SERIALIZABLE)

    def test_protocol_errors(self):
        self.worker.send_raw(b"Content-Length: 5\r\n\r\n{oops")
        self.assertEqual(self.worker.receive()["error"]["code"], codes.PARSE_ERROR)
        self.worker.send({"jsonrpc": "2.0", "id": 99})
        self.assertEqual(self.worker.receive()["error"]["code"], codes.INVALID_REQUEST)
        self.assertEqual(self.worker.call("no/such")["error"]["code"], codes.METHOD_NOT_FOUND)
        self.assertEqual(self.worker.call("symphony/call", [1])["error"]["code"], codes.INVALID_PARAMS)
        self.assertEqual(self.call("worker_fixtures:echo", "alive")["result"], "alive")

    def test_cancel_interrupts_a_blocking_sleep(self):
        rid = self.worker.request("symphony/call", {"entry": "worker_fixtures:sleepy", "args": [30]})
        time.sleep(0.3)
        started = time.time()
        self.worker.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": rid}})
        reply = self.worker.receive()
        self.assertEqual(reply["error"]["code"], codes.REQUEST_CANCELLED)
        self.assertLess(time.time() - started, 2)
        self.assertEqual(self.call("worker_fixtures:echo", "next")["result"], "next")

    def test_cancel_reaches_a_long_call_that_follows_quick_ones(self):
        # Quick calls in a row share one takeover alarm; a long call started while it is armed for
        # an earlier call must still get the reader thread, or its cancellation would go unheard.
        self.call("worker_fixtures:echo", 0)
        time.sleep(0.05)  # the alarm armed by that call has gone off: the next one arms it afresh
        for i in range(3):
            self.worker.request("symphony/call", {"entry": "worker_fixtures:echo", "args": [i]})
        rid = self.worker.request("symphony/call", {"entry": "worker_fixtures:sleepy", "args": [30]})
        for i in range(3):
            self.assertEqual(self.worker.receive()["result"], i)
        time.sleep(0.1)
        started = time.time()
        self.worker.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": rid}})
        reply = self.worker.receive()
        self.assertEqual((reply["id"], reply["error"]["code"]), (rid, codes.REQUEST_CANCELLED))
        self.assertLess(time.time() - started, 2)

    def test_cancel_reaches_cooperative_loops(self):
        rid = self.worker.request("symphony/call", {"entry": "worker_fixtures:busy_until_cancelled"})
        time.sleep(0.2)
        self.worker.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": rid}})
        self.assertEqual(self.worker.receive()["error"]["code"], codes.REQUEST_CANCELLED)

    def test_cancel_of_a_queued_request_skips_it(self):
        first = self.worker.request("symphony/call", {"entry": "worker_fixtures:sleepy", "args": [0.5]})
        second = self.worker.request("symphony/call", {"entry": "worker_fixtures:echo", "args": [2]})
        self.worker.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": second}})
        replies = {r["id"]: r for r in (self.worker.receive(), self.worker.receive())}
        self.assertEqual(replies[first]["result"], "woke")
        self.assertEqual(replies[second]["error"]["code"], codes.REQUEST_CANCELLED)

    def test_payload_limit_applies_to_requests_and_results(self):
        self.worker.call("initialize", {"maxPayloadBytes": 2000})
        self.assertEqual(self.call("worker_fixtures:echo", "y" * 3000)["error"]["code"], codes.PAYLOAD_TOO_LARGE)
        error = self.call("worker_fixtures:big", 5000)["error"]
        self.assertEqual(error["code"], codes.PAYLOAD_TOO_LARGE)
        self.assertEqual(error["data"]["limit"], 2000)

    def test_large_payload_round_trip(self):
        text = "ab€" * 1_000_000
        self.assertEqual(self.call("worker_fixtures:echo", text)["result"], text)

    def test_describe_returns_decorated_operators(self):
        result = self.worker.call("symphony/describe", {"module": "symphony_examples.text"})["result"]
        ids = [op["id"] for op in result["operators"]]
        self.assertEqual(ids, ["examples.word-count", "examples.text-summary"])
        self.assertEqual(result["operators"][0]["entry"], "symphony_examples.text:word_count")

    def test_describe_of_a_broken_module_is_an_import_error(self):
        error = self.worker.call("symphony/describe", {"module": "no_such_module_here"})["error"]
        self.assertEqual(error["code"], codes.IMPORT_FAILED)

    def test_execute_runs_an_sdk_operator_with_ports(self):
        reply = self.worker.call("symphony/execute", {
            "entry": "worker_fixtures:split", "inputs": [[{"json": {"n": n}} for n in range(5)]],
            "outputPorts": ["even", "odd"], "params": {}})
        even, odd = reply["result"]["outputs"]
        self.assertEqual([i["json"]["n"] for i in even], [0, 2, 4])
        self.assertEqual([i["json"]["n"] for i in odd], [1, 3])

    def test_execute_runs_the_examples(self):
        reply = self.worker.call("symphony/execute", {
            "entry": "symphony_examples.text:word_count", "params": {"field": "text"},
            "inputs": [[{"json": {"text": "one two three"}}, {"json": {"text": "four\nfive"}}]]})
        outputs = reply["result"]["outputs"][0]
        self.assertEqual([(i["json"]["words"], i["json"]["lines"]) for i in outputs], [(3, 1), (2, 2)])
        reply = self.worker.call("symphony/execute", {
            "entry": "text_stats.ops:word_count", "params": {"field": "body"},
            "inputs": [[{"json": {"body": "a b"}}]]})
        self.assertEqual(reply["result"]["outputs"][0][0]["json"]["words"], 2)
        reply = self.worker.call("symphony/execute", {
            "entry": "symphony_examples.transform:json_transform",
            "params": {"rename": {"a": "b"}, "keep": ["b"], "set": {"c": 1}},
            "inputs": [[{"json": {"a": 1, "z": 2}}]]})
        self.assertEqual(reply["result"]["outputs"][0][0]["json"], {"b": 1, "c": 1})

    def test_end_of_input_stops_the_worker(self):
        self.worker.proc.stdin.close()
        self.assertEqual(self.worker.proc.wait(timeout=5), 0)


class ExamplesSummaryTest(unittest.TestCase):
    def setUp(self):
        if EXAMPLES_DIR not in sys.path:
            sys.path.insert(0, EXAMPLES_DIR)

    def test_text_summary(self):
        from symphony_examples.text import text_summary
        from symphony_sdk import Context
        out = text_summary([{"text": "a bb"}, {"text": "ccc dddd e"}], {"field": "text"}, Context())
        self.assertEqual(out[0]["totalWords"], 5)
        self.assertEqual(out[0]["longestWord"], "dddd")
        self.assertEqual(json.loads(json.dumps(out))[0]["meanWords"], 2.5)


if __name__ == "__main__":
    unittest.main()
