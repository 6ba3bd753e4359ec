"""Persistence of Connect: source systems, value mappings, links, import jobs and results."""
