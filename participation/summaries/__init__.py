"""Read-side summaries of public input: text normalisation, themes and mass-campaign groups.

The pure analysis modules here (``textproc``, ``lexicon``, ``corpus_terms``, ``themes``,
``campaigns``) work on plain data (:class:`participation.summaries.textproc.Doc`) and must not
import Flask, SQLAlchemy or any other ``participation`` package except ``participation.core``.
"""
