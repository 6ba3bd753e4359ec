"""`ordinavo webhooks listen`: a receiver on your machine that checks every delivery's
signature with the reference Standard Webhooks library and prints the event.

Register `http://127.0.0.1:<port>/` as an endpoint on a server started with
ORDINAVO_WEBHOOKS_ALLOW_LOOPBACK=true (the demo does), then watch deliveries arrive.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

MAX_BODY = 1_000_000


def handler_for(secret: str, say: Callable[[str], Any]) -> type[BaseHTTPRequestHandler]:
    verifier = Webhook(secret)

    class Handler(BaseHTTPRequestHandler):
        server_version = "ordinavo-webhooks-listen"

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            if length > MAX_BODY:
                self._answer(413, "too large")
                return
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                event = verifier.verify(body, headers)
            except WebhookVerificationError as error:
                say(f"REFUSED  {headers.get('webhook-id', '?')}: {error}")
                self._answer(400, "signature does not verify")
                return
            say(
                f"verified {event.get('type')}  webhook-id {headers.get('webhook-id')}"
                f"  at {event.get('timestamp')}"
            )
            say(json.dumps(event, indent=2, ensure_ascii=False))
            self._answer(204, "")

        def _answer(self, status: int, text: str) -> None:
            self.send_response(status)
            self.send_header("content-type", "text/plain; charset=utf-8")
            self.end_headers()
            if text:
                self.wfile.write(text.encode())

        def log_message(self, format: str, *args: Any) -> None:
            return None  # the verified events are the output

    return Handler


def listen(host: str, port: int, secret: str, say: Callable[[str], Any]) -> None:
    server = ThreadingHTTPServer((host, port), handler_for(secret, say))
    say(f"Listening on http://{host}:{port}/ for signed deliveries. Ctrl-C stops.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
