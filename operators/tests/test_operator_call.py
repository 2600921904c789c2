import unittest

from symphony_runtime.operator_call import run_operator
from symphony_runtime.rpc_error import RpcError
from symphony_sdk import Context, Item


def wire(*jsons):
    return [{"json": j} for j in jsons]


class OperatorCallTest(unittest.TestCase):
    def run_op(self, fn, inputs, params=None, in_ports=None, out_ports=None):
        request = {"inputs": inputs, "inputPorts": in_ports, "outputPorts": out_ports}
        return run_operator(fn, "m:f", request, Context(params=params))["outputs"]

    def test_plain_function_gets_dicts_and_pairs_one_to_one(self):
        out = self.run_op(lambda items, params: [dict(i, y=params["k"]) for i in items],
                          [wire({"x": 1}, {"x": 2})], {"k": 3})
        self.assertEqual(out, [[{"json": {"x": 1, "y": 3}, "pairedItem": {"item": 0}},
                                {"json": {"x": 2, "y": 3}, "pairedItem": {"item": 1}}]])

    def test_zero_and_one_argument_functions(self):
        self.assertEqual(self.run_op(lambda: [{"a": 1}], [[]]), [[{"json": {"a": 1}}]])
        self.assertEqual(self.run_op(lambda items: items[:1], [wire({"a": 1})]),
                         [[{"json": {"a": 1}, "pairedItem": {"item": 0}}]])

    def test_several_ports_in_and_out(self):
        def route(items, params, ctx):
            return {"left": items["a"], "right": items["b"]}
        out = self.run_op(route, [wire({"a": 1}), wire({"b": 1}, {"b": 2})], in_ports=["a", "b"],
                          out_ports=["left", "right"])
        self.assertEqual([len(p) for p in out], [1, 2])

    def test_unknown_output_port_is_an_error(self):
        with self.assertRaisesRegex(RpcError, "'nope'"):
            self.run_op(lambda items: {"nope": []}, [[]], out_ports=["yes", "no"])

    def test_items_must_be_dicts(self):
        with self.assertRaisesRegex(RpcError, "item 1"):
            self.run_op(lambda items: [{"a": 1}, 5], [[]])

    def test_item_objects_keep_binary_and_pairing(self):
        out = self.run_op(lambda items: [Item({"a": 1}, paired_item=1)], [wire({}, {})])
        self.assertEqual(out, [[{"json": {"a": 1}, "pairedItem": {"item": 1}}]])

    def test_none_means_no_items(self):
        self.assertEqual(self.run_op(lambda items: None, [wire({})]), [[]])


if __name__ == "__main__":
    unittest.main()
