"""The public, read-only JSON API ``/api/v1`` with its OpenAPI 3.1 document (issue 18).

``queries.py``: the public reads (no Flask); ``schemas.py``: the response and parameter
schemas (no Flask), from which ``spec.py`` builds the document; ``views.py``: the blueprint.
"""
