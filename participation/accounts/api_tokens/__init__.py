"""API tokens of staff accounts (issue 18, write access for integrations).

``models``: the token row (its hash only); ``services``: create, revoke, authenticate, what a
token may do — both without Flask, never committing; ``forms`` and ``views``: the page
``/profil/token`` where staff list, create and revoke their tokens.
"""
