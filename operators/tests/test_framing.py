import io
import unittest

from symphony_runtime.framing import FrameWriter, FramingError, read_frame


class FramingTest(unittest.TestCase):
    def test_round_trip_keeps_bytes_intact(self):
        body = '{"text":"héllo 世界 \\u0000 🎵"}'.encode("utf-8")
        out = io.BytesIO()
        FrameWriter(out).write(body)
        self.assertTrue(out.getvalue().startswith(b"Content-Length: %d\r\n\r\n" % len(body)))
        self.assertEqual(read_frame(io.BytesIO(out.getvalue())), body)

    def test_large_body_is_written_whole(self):
        body = b"x" * 300000
        out = io.BytesIO()
        FrameWriter(out).write(body)
        self.assertEqual(read_frame(io.BytesIO(out.getvalue())), body)

    def test_extra_headers_and_case_are_accepted(self):
        data = b"content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"
        self.assertEqual(read_frame(io.BytesIO(data)), b"{}")

    def test_content_length_first_then_other_headers(self):
        data = b"Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"
        self.assertEqual(read_frame(io.BytesIO(data)), b"{}")

    def test_blank_lines_between_frames_are_skipped(self):
        stream = io.BytesIO(b"\r\n\r\nContent-Length: 1\r\n\r\n1\r\nContent-Length: 1\r\n\r\n2")
        self.assertEqual(read_frame(stream), b"1")
        self.assertEqual(read_frame(stream), b"2")

    def test_consecutive_frames(self):
        stream = io.BytesIO(b"Content-Length: 1\r\n\r\n1Content-Length: 2\r\n\r\n22")
        self.assertEqual(read_frame(stream), b"1")
        self.assertEqual(read_frame(stream), b"22")
        self.assertIsNone(read_frame(stream))

    def test_header_without_colon_is_an_error(self):
        with self.assertRaises(FramingError):
            read_frame(io.BytesIO(b"garbage\r\n\r\n"))

    def test_truncated_body_is_end_of_stream(self):
        self.assertIsNone(read_frame(io.BytesIO(b"Content-Length: 10\r\n\r\nabc")))


if __name__ == "__main__":
    unittest.main()
