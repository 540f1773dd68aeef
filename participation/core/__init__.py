"""Flask-free kernel: database base and session helpers, errors, clock, text and markup.

Must not import Flask or any other package of ``participation``.
"""
