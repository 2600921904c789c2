"""Symphony's Python SDK: write an operator as a plain function.

    from symphony_sdk import operator, param

    @operator(id="text.word-count", parameters=[param("field", default="text")])
    def word_count(items, params, ctx):
        ctx.progress(0.5)
        return [{**item, "words": len(str(item.get(params["field"], "")).split())} for item in items]
"""

from .context import Cancelled, Context, OperatorError, check_cancelled, current_context, log, progress
from .decorator import operator, operators_in, param, port
from .items import Item

__all__ = [
    "Cancelled", "Context", "Item", "OperatorError", "check_cancelled", "current_context", "log",
    "operator", "operators_in", "param", "port", "progress",
]

__version__ = "1.0.0"
