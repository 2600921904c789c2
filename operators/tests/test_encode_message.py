import json
import unittest

from symphony_runtime import codes
from symphony_runtime.encode_message import encode
from symphony_runtime.rpc_error import RpcError


class EncodeTest(unittest.TestCase):
    def test_non_ascii_is_utf8(self):
        body = encode({"id": 1, "result": "ünïcødé ✓"}, 0, "x")
        self.assertIn("ünïcødé ✓".encode("utf-8"), body)

    def test_lone_surrogate_falls_back_to_escapes(self):
        body = encode({"id": 1, "result": "a\ud800b"}, 0, "x")
        self.assertEqual(json.loads(body)["result"], "a\ud800b")

    def test_unserialisable_value_names_its_path(self):
        with self.assertRaises(RpcError) as caught:
            encode({"id": 1, "result": {"rows": [1, {"when": object()}]}}, 0, "mod:fn")
        err = caught.exception
        self.assertEqual(err.code, codes.NOT_SERIALIZABLE)
        self.assertIn("mod:fn", err.message)
        self.assertEqual(err.data["path"], "result['rows'][1]['when']")
        self.assertEqual(err.data["type"], "object")

    def test_nan_is_refused(self):
        with self.assertRaises(RpcError) as caught:
            encode({"id": 1, "result": [1.0, float("inf")]}, 0, "mod:fn")
        self.assertEqual(caught.exception.data["path"], "result[1]")

    def test_payload_limit(self):
        with self.assertRaises(RpcError) as caught:
            encode({"id": 1, "result": "x" * 1000}, 500, "mod:fn")
        self.assertEqual(caught.exception.code, codes.PAYLOAD_TOO_LARGE)
        self.assertIn("500-byte limit", caught.exception.message)


if __name__ == "__main__":
    unittest.main()
