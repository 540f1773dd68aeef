"""Accounts: users, roles with scope, login, registration, profile, e-mail tokens.

Imports ``participation.regions`` and ``participation.core`` only (views and forms may import Flask).
"""
