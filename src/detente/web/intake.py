"""Ingesting through the web app: a pasted article, a file on the server, or a URL.

Each goes through the same :func:`detente.jobs.ingest` as the command line, so a
document is coded and stored once however it arrives.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import tempfile
from pathlib import Path
from typing import Any

import httpx

from detente.jobs import JobReport, ingest
from detente.store import Store
from detente.web.errors import WebError

MAX_FETCH_BYTES = 10_000_000


def ingest_text(
    store: Store,
    *,
    text: str,
    title: str | None = None,
    date: dt.date | None = None,
    url: str | None = None,
) -> JobReport:
    """Code and store one pasted article (one JSONL record, as `detente code` reads)."""
    record: dict[str, Any] = {"text": text, "title": title, "url": url}
    if date:
        record["date"] = date.isoformat()
    with tempfile.TemporaryDirectory(prefix="detente-web-") as folder:
        path = Path(folder) / "pasted.jsonl"
        record = {k: v for k, v in record.items() if v is not None}
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        return ingest([path], store)


def ingest_path(store: Store, *, path: str, folders: tuple[Path, ...] = ()) -> JobReport:
    """Code and store a file or folder on the server's disk, inside one of ``folders``
    (the setting ``web_ingest_folders``; none: every server-side path is refused)."""
    target = Path(path).expanduser()
    inside_folder(path, target, folders)
    if not target.exists():
        raise WebError(f"{path}: no such file or folder on the server; check the path", status=404)
    return ingest([target], store)


def inside_folder(path: str, target: Path, folders: tuple[Path, ...]) -> None:
    """Refuse a server-side path outside the configured folders (links resolved first,
    so a link inside a folder cannot lead out of it)."""
    if not folders:
        raise WebError(
            f"{path}: ingesting server-side paths is off; list the folders it may read in "
            "the setting web_ingest_folders",
            status=403,
            code="forbidden",
        )
    real = target.resolve()
    if not any(real.is_relative_to(folder.expanduser().resolve()) for folder in folders):
        shown = ", ".join(str(f) for f in folders)
        raise WebError(
            f"{path}: outside the folders this server may read ({shown}); move the file "
            "there or add its folder to web_ingest_folders",
            status=403,
            code="forbidden",
        )


def public_address(host: str) -> bool:
    """Whether every address ``host`` resolves to is a public one (not loopback, private,
    link-local, multicast, reserved or unspecified); unresolvable: False."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None)
    except (socket.gaierror, UnicodeError, ValueError):
        return False
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            return False
    return bool(infos)


def _check_request(allow_private: bool) -> Any:
    def check(request: httpx.Request) -> None:
        host = request.url.host
        if not allow_private and not public_address(host):
            raise WebError(
                f"{request.url}: {host} is a loopback, private or unknown address, which "
                "this server does not fetch; set web_fetch_private to allow it",
                status=403,
                code="forbidden",
            )

    return check


def ingest_url(
    store: Store, *, url: str, timeout: float = 20.0, allow_private: bool = False
) -> JobReport:
    """Fetch a page (HTML or text, at most 10 MB) and code it. Loopback, private and
    link-local addresses (also after a redirect) are refused unless ``allow_private``
    (the setting ``web_fetch_private``)."""
    if not url.startswith(("http://", "https://")):
        raise WebError(f"{url}: only http(s) URLs can be fetched")
    hooks = {"request": [_check_request(allow_private)]}
    try:
        with httpx.Client(follow_redirects=True, timeout=timeout, event_hooks=hooks) as client:
            response = client.get(url, headers={"User-Agent": "detente"})
    except httpx.HTTPError as exc:
        raise WebError(f"{url}: cannot fetch ({exc}); check the address", status=502) from exc
    if response.status_code >= 400:
        raise WebError(f"{url}: the server answered {response.status_code}", status=502)
    if len(response.content) > MAX_FETCH_BYTES:
        raise WebError(
            f"{url}: larger than {MAX_FETCH_BYTES} bytes; save and ingest it", status=413
        )
    kind = response.headers.get("content-type", "")
    suffix = ".html" if "html" in kind or not kind.startswith("text/") else ".txt"
    with tempfile.TemporaryDirectory(prefix="detente-web-") as folder:
        path = Path(folder) / f"page{suffix}"
        path.write_bytes(response.content)
        return ingest([path], store)


def report_record(report: JobReport) -> dict[str, Any]:
    """What an ingest did, as JSON."""
    return {
        "inputs": report.inputs,
        "coded": report.coded,
        "unchanged": report.unchanged,
        "duplicates": report.duplicates,
        "skipped": report.skipped,
        "failed": report.failed,
        "events": report.events,
        "failures": [{"source": f.source, "reason": f.reason} for f in report.failures],
    }
