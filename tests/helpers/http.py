"""A news site on loopback for the URL and feed tests: articles, a feed, robots.txt,
redirects, 404, a slow page, a flaky one, an image."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Caspian Wire</title>
<meta name="author" content="{author}">
<meta property="article:published_time" content="{date}">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<aside><h3>Most read</h3><ul><li>Subscribe to our newsletter</li></ul></aside>
<footer>All rights reserved.</footer></body></html>"""

ARTICLES = {
    "/news/ankara-talks.html": (
        "Turkey and Armenia resume border talks in Ankara",
        "Lena Aras",
        "2024-02-12",
        [
            "Turkish and Armenian envoys met in Ankara on Monday to resume talks on "
            "opening the land border between the two countries, officials said.",
            "The special envoys Serdar Kilic and Ruben Rubinyan discussed rail links, "
            "customs posts and a timetable for letting third-country citizens cross.",
            "Both delegations described the meeting as constructive and agreed to meet "
            "again in Yerevan next month.",
        ],
    ),
    "/news/baku-water.html": (
        "Azerbaijan and Georgia sign a water-sharing memorandum",
        "Nino Beridze",
        "2024-03-04",
        [
            "Azerbaijan and Georgia signed a memorandum on sharing the waters of the "
            "Kura river during a ceremony in Tbilisi on Thursday.",
            "The agreement sets up a joint commission that will publish monitoring data "
            "every quarter and settle disputes over summer irrigation quotas.",
            "Farmers' associations on both sides of the border welcomed the deal.",
        ],
    ),
}

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Caspian Wire</title><link>http://example/</link>
<item><title>Border talks</title><link>/news/ankara-talks.html</link>
<pubDate>Mon, 12 Feb 2024 09:00:00 GMT</pubDate></item>
<item><title>Water deal</title><link>/old/baku-water</link></item>
<item><title>Gone</title><link>/news/deleted.html</link></item>
</channel></rss>"""

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def page(path: str) -> bytes:
    """The HTML of one of the server's articles."""
    title, author, date, paragraphs = ARTICLES[path]
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return PAGE.format(title=title, author=author, date=date, paragraphs=body).encode()


class _Handler(BaseHTTPRequestHandler):
    hits: dict[str, int]
    slow_seconds: float

    def do_GET(self) -> None:
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        if self.path in ARTICLES or self.path.startswith("/private/"):
            key = self.path if self.path in ARTICLES else "/news/ankara-talks.html"
            self._send(200, "text/html; charset=utf-8", page(key))
        elif self.path == "/feed.xml":
            self._send(200, "application/rss+xml", FEED.encode())
        elif self.path == "/robots.txt":
            self._send(200, "text/plain", ROBOTS.encode())
        elif self.path == "/old/baku-water":
            self.send_response(301)
            self.send_header("Location", "/news/baku-water.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(self.slow_seconds)
            self._send(200, "text/html", page("/news/ankara-talks.html"))
        elif self.path == "/flaky" and self.hits[self.path] == 1:
            self._send(503, "text/plain", b"busy", retry_after="0")
        elif self.path == "/flaky":
            self._send(200, "text/html", page("/news/baku-water.html"))
        elif self.path == "/logo.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
        else:
            self._send(404, "text/html", b"<html><body>Not found</body></html>")

    def _send(self, status: int, kind: str, body: bytes, *, retry_after: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if retry_after:
            self.send_header("Retry-After", retry_after)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@contextmanager
def serve(*, slow_seconds: float = 2.0) -> Iterator[tuple[str, dict[str, int]]]:
    """Run the server on a free loopback port; yields its base URL and the hit counts."""
    hits: dict[str, int] = {}
    handler = type("Handler", (_Handler,), {"hits": hits, "slow_seconds": slow_seconds})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
