"""A helper module beside the flow; its functions are not nodes of the flow."""


def shout(text: str) -> str:
    return f"HELLO {text.upper()}"
