"""Translation markers for domain code, which must not import Flask-Babel.

``N_`` only marks a string for extraction (pybabel keyword ``N_``); the web layer
translates it when it renders (``_(label)`` in templates).
"""


def N_(message: str) -> str:
    return message
