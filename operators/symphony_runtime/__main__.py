"""The worker process Symphony starts for Python operators.

Symphony runs this file by path (so the working directory stays off sys.path); by hand it is
``PYTHONPATH=operators python3 -m symphony_runtime``.
"""

import os
import sys

if sys.version_info < (3, 9):
    sys.stderr.write("symphony: Python %d.%d is too old; Python operators need 3.9 or newer\n" % sys.version_info[:2])
    sys.exit(3)

_package_dir = os.path.dirname(os.path.abspath(__file__))
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == _package_dir:
    # Run by path, Python put this package's own folder first; its modules must not shadow user ones.
    sys.path[0] = os.path.dirname(_package_dir)

from symphony_runtime.worker import main  # noqa: E402

main()
