"""Ports: small Protocols named for the role they play."""
