"""Uploads and downloads of files: the raw body in, a stream out with safe headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request
from litestar.params import QueryParameter
from litestar.response import Stream

from ordinavo.application.uploads import Upload

FileName = Annotated[
    str,
    QueryParameter(
        name="fileName",
        min_length=1,
        max_length=400,
        description="The file's name as the uploader knows it (no path). The body is the file's "
        "bytes, sent with its Content-Type.",
    ),
]
UPLOAD_OPT = {"upload": True}


def upload_from(request: Request[Any, Any, Any], file_name: str) -> Upload:
    length = request.headers.get("content-length")
    return Upload(
        file_name=file_name,
        content_type=request.headers.get("content-type"),
        chunks=request.stream(),
        declared_size=int(length) if length and length.isdigit() else None,
    )


def content_disposition(file_name: str) -> str:
    """RFC 6266: an ASCII fallback and the exact name percent-encoded as UTF-8."""
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\;%' else "_" for ch in file_name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def file_response(
    chunks: AsyncIterator[bytes], *, file_name: str, media_type: str, size: int
) -> Stream:
    return Stream(
        chunks,
        media_type=media_type,
        headers={
            "Content-Disposition": content_disposition(file_name),
            "Content-Length": str(size),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
            "Content-Security-Policy": "sandbox",
        },
    )
