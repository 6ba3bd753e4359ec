"""Ordinavo Customer Operations and its Customer Portal."""
