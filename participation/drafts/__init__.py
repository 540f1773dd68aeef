"""Drafts area: raperda, versions, the unit tree, parsing, re-anchoring and reading pages.

The pure helpers here (parsing, sources, anchoring) must not import Flask or the database layer.
"""
