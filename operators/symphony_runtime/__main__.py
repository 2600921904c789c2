"""``python -m symphony_runtime``: the worker process Symphony starts for Python operators."""

import sys

if sys.version_info < (3, 9):
    sys.stderr.write("symphony: Python %d.%d is too old; Python operators need 3.9 or newer\n" % sys.version_info[:2])
    sys.exit(3)

from symphony_runtime.worker import main  # noqa: E402

main()
