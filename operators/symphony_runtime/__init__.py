"""Symphony's Python worker: JSON-RPC 2.0 over stdio with Content-Length framing."""
