"""A started app sets its start-up objects aside from the cyclic garbage collector, so a full
collection under load walks only what requests made (app_factory.settle_heap)."""

from __future__ import annotations

import gc

from litestar.testing import TestClient

from ordinavo.entrypoints.portal_api.app import create_portal_app
from ordinavo.entrypoints.settings import Settings


def test_a_started_app_is_set_aside_from_the_collector_until_it_stops(database_url: str) -> None:
    app = create_portal_app(Settings(database_url=database_url))
    before = gc.get_freeze_count()
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        # Everything start-up built, the app's routes among it, is in the permanent generation.
        assert gc.get_freeze_count() > before
        assert gc.get_freeze_count() > 10_000
    assert gc.get_freeze_count() == 0  # stopped: collectable again
