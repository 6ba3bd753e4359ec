"""One dishka provider per module, so `ioc.py` does not become the place where all meet."""
