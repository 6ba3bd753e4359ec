"""`ordinavo webhooks listen`: the integrator's receiver verifies each delivery with the
reference library, prints what verified, and refuses what does not."""

from __future__ import annotations

import json
import time

import httpx

from ordinavo.domain.webhooks import sign
from tests.support.servers import free_port, running, wait_for_port

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
OTHER = "whsec_AAAA9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def _headers(secret: str, message_id: str, body: bytes, at: int | None = None) -> dict[str, str]:
    timestamp = at if at is not None else int(time.time())
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id, timestamp, body),
    }


def test_the_listener_prints_verified_events_and_refuses_forged_ones() -> None:
    port = free_port()
    body = json.dumps({"id": "evt-1", "type": "report.published", "data": {"id": "r-1"}}).encode()
    with running("webhooks", "listen", "--port", str(port), "--secret", SECRET, env={}) as listen:
        wait_for_port(port)
        url = f"http://127.0.0.1:{port}/"
        good = httpx.post(url, content=body, headers=_headers(SECRET, "evt-1", body))
        forged = httpx.post(url, content=body, headers=_headers(OTHER, "evt-2", body))
        tampered = httpx.post(
            url, content=body.replace(b"r-1", b"r-2"), headers=_headers(SECRET, "evt-3", body)
        )
        stale = httpx.post(
            url, content=body, headers=_headers(SECRET, "evt-4", body, int(time.time()) - 3600)
        )
        time.sleep(0.2)
        output = listen.output()
    assert good.status_code == 204
    assert [forged.status_code, tampered.status_code, stale.status_code] == [400, 400, 400]
    assert "verified report.published  webhook-id evt-1" in output
    assert '"id": "r-1"' in output
    for refused in ("evt-2", "evt-3", "evt-4"):
        assert f"REFUSED  {refused}" in output
    assert "r-2" not in output
