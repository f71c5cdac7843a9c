"""Deny by default: every view declares the access it needs, or the middleware refuses it."""
