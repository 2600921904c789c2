"""Sample Python operators for Symphony melodies (see docs/python-operators.md)."""
