"""Hello, dataflow: two functions, one prompt.

``c`` builds a prompt from the inputs ``a`` and ``b``; ``d`` shapes it for an
LLM. Each function's name is the value it produces; its parameters name the
values it needs.
"""


def c(a: str, b: str) -> str:
    """A greeting prompt built from a name and a topic."""
    return f"Hello {a}! Tell me one surprising fact about {b}."


def d(c: str) -> str:
    """The prompt framed as a chat instruction, ready to send."""
    return f"You are a concise assistant.\n\nUser: {c}\nAssistant:"
