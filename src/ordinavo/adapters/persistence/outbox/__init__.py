"""The events table read as an outbox, across tenants, for the worker."""
