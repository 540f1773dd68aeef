"""Musrenbang: the yearly tiered collection of usulan (kelurahan → kecamatan → kota).

Pure helpers live here (``workflow``: the usulan state machine, ``importing``: bulk import of
usulan from CSV/XLSX, ``exports``: SIPD-shaped CSV/XLSX and recaps). They must not import Flask,
SQLAlchemy or any ``participation`` package other than ``participation.core``.
"""
