"""Text operators: per-item word counts and a summary statistic over all items."""

import statistics

from symphony_sdk import operator, param


def _words(text):
    return text.split()


@operator(
    id="examples.word-count",
    name="Word count",
    description="Adds words, lines and characters of a text field to every item.",
    category="Text",
    icon="whole-word",
    parameters=[param("field", default="text", description="The item field holding the text.")],
)
def word_count(items, params, ctx):
    field = params.get("field") or "text"
    out = []
    for index, item in enumerate(items):
        ctx.check_cancelled()
        text = str(item.get(field, ""))
        out.append(dict(item, words=len(_words(text)), lines=text.count("\n") + 1 if text else 0,
                        characters=len(text)))
        if len(items) > 1:
            ctx.progress((index + 1) / len(items))
    return out


@operator(
    id="examples.text-summary",
    name="Text summary",
    description="Summarises a text field over all items: item count, total and mean words, longest word.",
    category="Text",
    icon="graph",
    parameters=[param("field", default="text", description="The item field holding the text.")],
)
def text_summary(items, params, ctx):
    field = params.get("field") or "text"
    counts = []
    longest = ""
    for item in items:
        words = _words(str(item.get(field, "")))
        counts.append(len(words))
        for word in words:
            if len(word) > len(longest):
                longest = word
    ctx.log("summarised %d items" % len(items))
    return [{
        "items": len(items),
        "totalWords": sum(counts),
        "meanWords": statistics.mean(counts) if counts else 0,
        "medianWords": statistics.median(counts) if counts else 0,
        "longestWord": longest,
    }]
