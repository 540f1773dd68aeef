"""Regions: kecamatan and kelurahan with Kemendagri codes, loaded from reference data.

Imports only ``participation.core``.
"""
