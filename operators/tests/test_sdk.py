import unittest

from symphony_sdk import Cancelled, Context, Item, operator, operators_in, param, port


@operator(id="tests.first", name="First", category="Test",
          inputs=["main", port("extra", "json", required=True)],
          parameters=[param("mode", "options", default="a", options=["a", "b"]), param("n", "number", min=0)])
def first(items, params, ctx):
    return items


@operator(id="tests.second")
def second(items):
    return items


class DecoratorTest(unittest.TestCase):
    def test_metadata_is_registered_in_declaration_order(self):
        ids = [m["id"] for m in operators_in(__name__)]
        self.assertEqual(ids, ["tests.first", "tests.second"])

    def test_metadata_describes_ports_params_and_entry(self):
        meta = first.__symphony_operator__
        self.assertEqual(meta["entry"], "%s:first" % __name__)
        self.assertEqual(meta["displayName"], "First")
        self.assertEqual(meta["inputs"][1], {"name": "extra", "type": "json", "required": True})
        self.assertEqual(meta["outputs"], [{"name": "main", "type": "items", "required": False}])
        self.assertEqual(meta["params"][0]["options"], [{"value": "a"}, {"value": "b"}])
        self.assertEqual(meta["params"][1], {"name": "n", "type": "number", "min": 0})

    def test_default_display_name_comes_from_the_id(self):
        self.assertEqual(second.__symphony_operator__["displayName"], "Second")

    def test_decorated_function_still_callable(self):
        self.assertEqual(second([{"a": 1}]), [{"a": 1}])

    def test_bad_id_is_rejected_with_the_expected_shape(self):
        with self.assertRaisesRegex(ValueError, "my-ext.my-op"):
            operator(id="NoDots")

    def test_bad_param_type_names_the_allowed_types(self):
        with self.assertRaisesRegex(ValueError, "boolean"):
            param("x", "bool")

    def test_bad_port_type(self):
        with self.assertRaisesRegex(ValueError, "port 'p'"):
            port("p", "stream")


class ContextTest(unittest.TestCase):
    def test_param_prefers_the_item_value(self):
        ctx = Context(params={"a": 1, "b": 2}, item_params=[{"a": 10}, {"a": 20}])
        self.assertEqual(ctx.param("a", 1), 20)
        self.assertEqual(ctx.param("b", 1), 2)
        self.assertEqual(ctx.param("c", 0, "dflt"), "dflt")
        self.assertEqual(ctx.param("a", 5), 1)

    def test_check_cancelled_raises_only_after_cancel(self):
        ctx = Context()
        ctx.check_cancelled()
        ctx._cancel()
        self.assertTrue(ctx.cancelled)
        with self.assertRaises(Cancelled):
            ctx.check_cancelled()

    def test_cancelled_is_not_an_exception_subclass(self):
        # A broad `except Exception` in user code must not swallow a cancellation.
        self.assertFalse(issubclass(Cancelled, Exception))

    def test_progress_is_clamped_and_sent(self):
        sent = []

        class Sink:
            def progress(self, fraction, message):
                sent.append((fraction, message))

            def log(self, level, message):
                sent.append((level, message))

        ctx = Context(sink=Sink())
        ctx.progress(1.5, "over")
        ctx.log("hi", "bogus-level")
        self.assertEqual(sent, [(1.0, "over"), ("info", "hi")])
        with self.assertRaises(ValueError):
            ctx.progress("lots")


class ItemTest(unittest.TestCase):
    def test_wire_form(self):
        item = Item({"a": 1}, binary={"f": {"data": "AA=="}}, paired_item=[0, 2])
        self.assertEqual(item.to_wire(), {"json": {"a": 1}, "binary": {"f": {"data": "AA=="}},
                                          "pairedItem": [{"item": 0}, {"item": 2}]})

    def test_json_must_be_a_dict(self):
        with self.assertRaises(TypeError):
            Item([1])


if __name__ == "__main__":
    unittest.main()
