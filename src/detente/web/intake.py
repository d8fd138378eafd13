"""Ingesting through the web app: a pasted article, a file on the server, or a URL.

Each goes through the same :func:`detente.jobs.ingest_sources` as the command line,
with the server's settings (``detente.toml``, environment) turned into options the
same way (``Settings.fetch_options()``, ``Settings.run_limits()``): a pasted article
is one JSON record, read by the one record reader, and a URL is fetched by the
library's fetcher (robots.txt, per-host delay, retries) and recorded under its URL.
On top, the web refuses private addresses and paths outside its configured folders.
"""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import json
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from detente.config import Settings
from detente.errors import IngestError
from detente.ingest.fetch import Fetcher
from detente.ingest.gather import is_url
from detente.jobs import JobReport, ingest_sources
from detente.store import Store
from detente.web.errors import WebError


def ingest_text(
    store: Store,
    *,
    text: str,
    title: str | None = None,
    date: dt.date | None = None,
    url: str | None = None,
    settings: Settings | None = None,
) -> JobReport:
    """Code and store one pasted article: one JSON record, read as ``detente code`` and
    ``detente ingest`` read records (its source is ``<stdin>:1``)."""
    record: dict[str, Any] = {"text": text, "title": title, "url": url}
    if date:
        record["date"] = date.isoformat()
    line = json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False)
    stdin = io.BytesIO(line.encode("utf-8") + b"\n")
    return _ingest(["-"], store, settings or Settings(), stdin=stdin)


def ingest_path(store: Store, *, path: str, settings: Settings | None = None) -> JobReport:
    """Code and store a file or folder on the server's disk, inside one of the folders
    of the setting ``web_ingest_folders`` (none: every server-side path is refused)."""
    cfg = settings or Settings()
    target = Path(path).expanduser()
    inside_folder(path, target, cfg.web_ingest_folders)
    if not target.exists():
        raise WebError(f"{path}: no such file or folder on the server; check the path", status=404)
    return _ingest([target], store, cfg)


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


def refuse_private(url: str) -> None:
    """Raise ``IngestError`` for a URL whose host is a loopback, private or unknown address."""
    host = urlsplit(url).hostname or ""
    if not public_address(host):
        raise IngestError(
            url,
            f"{host} is a loopback, private or unknown address, which this server "
            "does not fetch; set web_fetch_private to allow it",
        )


def ingest_url(store: Store, *, url: str, settings: Settings | None = None) -> JobReport:
    """Fetch a page (HTML or text) or feed as ``detente ingest URL`` does, and code it.

    Loopback, private and link-local addresses (also after a redirect, where the
    refusal is the input's failure) are refused unless the setting ``web_fetch_private``.
    """
    cfg = settings or Settings()
    if not is_url(url):
        raise WebError(f"{url}: only http(s) URLs can be fetched")
    guard = None if cfg.web_fetch_private else refuse_private
    if guard is not None:
        try:
            guard(url)
        except IngestError as exc:
            raise WebError(str(exc), status=403, code="forbidden") from None
    with Fetcher(cfg.fetch_options(), guard=guard) as fetcher:
        return _ingest([url], store, cfg, fetcher=fetcher)


def _ingest(
    sources: list[str | Path],
    store: Store,
    cfg: Settings,
    *,
    stdin: io.BytesIO | None = None,
    fetcher: Fetcher | None = None,
) -> JobReport:
    """``ingest_sources`` under the server's settings, as ``detente ingest`` runs it."""
    return ingest_sources(
        sources,
        store,
        encoding=cfg.encoding,
        batch_size=cfg.batch_size,
        near_dup_threshold=cfg.near_dup_threshold,
        max_bytes=cfg.max_input_bytes,
        fetch=cfg.fetch_options(),
        limits=cfg.run_limits(),
        stdin=stdin,
        fetcher=fetcher,
    )


def report_record(report: JobReport) -> dict[str, Any]:
    """What an ingest did, as JSON."""
    return {
        **report.counts(),
        "failures": [{"source": f.source, "reason": f.reason} for f in report.failures],
    }
