"""Entrypoints: the two HTTP apps, the CLI and the dishka wiring that composes everything."""
