"""HTTP for the remote endpoints: deadlines, size caps, no redirect, no credential shown.

Takes a request's time and size limits; gives what every request to another server is
sent with: a ``Deadline`` for the whole answer (its sockets shut when it passes, however
slowly the server trickles), ``read_bounded`` (an answer read up to a size, never
further), an ``opener`` that refuses redirects and has its connections watched by a
deadline, the wait before a retry (``retry_delay``), the answer to a server's Digest
challenge (``DigestLogin``), and URLs and messages without the credentials they
may carry (``redact``, ``redact_secrets``).
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = [
    "MAX_ANSWER_BYTES",
    "REDIRECTS",
    "Deadline",
    "DigestLogin",
    "TooLarge",
    "opener",
    "read_bounded",
    "redact",
    "redact_secrets",
    "retry_delay",
]

MAX_ANSWER_BYTES = 256 * 2**20
"""The largest answer read from a remote endpoint (256 MiB); a longer one is refused."""

REDIRECTS = (301, 302, 303, 307, 308)
"""The HTTP statuses of a redirect, which is never followed."""

_CREDENTIALS = re.compile(r"\b(Basic|Bearer|Digest)\s+[^\s,;\"']+", re.IGNORECASE)


def redact(url: str) -> str:
    """A URL without the user name and password it may carry, to print safely.

    Examples
    --------
    >>> redact("http://me:secret@example.org:8080/sparql")
    'http://example.org:8080/sparql'
    """
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
    except ValueError:
        return "<unreadable URL>"
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def retry_delay(retry_after: str | None, attempt: int, backoff: float, cap: float) -> float:
    """Seconds to wait before a retry: the server's Retry-After, else exponential backoff.

    Examples
    --------
    >>> retry_delay("2", 0, 0.5, 60), retry_delay(None, 3, 0.5, 60), retry_delay("999", 0, 0.5, 5)
    (2.0, 4.0, 5)
    """
    delay = backoff * 2**attempt
    if retry_after:
        value = retry_after.strip()
        if re.fullmatch(r"\d+(\.\d+)?", value):
            delay = float(value)
        else:
            with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
                when = parsedate_to_datetime(value)
                if when.tzinfo is None:
                    when = when.replace(tzinfo=UTC)
                delay = (when - datetime.now(UTC)).total_seconds()
    return min(max(delay, 0.0), cap)


def redact_secrets(text: str, secrets: Iterable[str | None] = ()) -> str:
    """A message without the credentials it may echo: tokens, passwords, auth headers.

    Examples
    --------
    >>> redact_secrets("you sent Basic YWxpY2U6c2VjcmV0MTIz and pw s3cret", ["s3cret"])
    'you sent Basic *** and pw ***'
    """
    for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return _CREDENTIALS.sub(lambda m: f"{m.group(1)} ***", text)


class Deadline:
    """The deadline of one request: when it passes, the sockets it watches are shut.

    A socket's own timeout bounds each read, not the whole answer: a server sending a byte
    now and then would never time out. Use it as a context manager around the request.

    Parameters
    ----------
    seconds : float
        The time the whole answer may take.

    Examples
    --------
    >>> import time
    >>> with Deadline(0.01) as deadline:
    ...     time.sleep(0.05)
    >>> deadline.expired
    True
    """

    def __init__(self, seconds: float) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        """Shut this socket when the deadline passes (at once if it has passed)."""
        self.sockets.append(sock)
        if self.expired:
            self.expire()

    def expire(self) -> None:
        """Mark the deadline passed and shut every socket it watches."""
        self.expired = True
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> Deadline:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()


class TooLarge(Exception):
    """An answer longer than the limit it was read with."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the answer is larger than {limit // 2**20} MiB: stopped")
        self.limit = limit


def read_bounded(response: Any, limit: int) -> bytes:
    """The whole body of a response, read by blocks up to ``limit`` bytes and no further.

    Parameters
    ----------
    response : file-like
        An HTTP response, or anything with ``read(size)``.
    limit : int
        The most bytes to read.

    Returns
    -------
    bytes

    Raises
    ------
    TooLarge
        The body is longer than ``limit``.

    Examples
    --------
    >>> import io
    >>> read_bounded(io.BytesIO(b"ok"), 2)
    b'ok'
    >>> read_bounded(io.BytesIO(bytes(2**20 + 1)), 2**20)
    Traceback (most recent call last):
    ...
    mes_graph.sparql.transport.TooLarge: the answer is larger than 1 MiB: stopped
    """
    chunks, size = [], 0
    while chunk := response.read(1 << 16):
        size += len(chunk)
        if size > limit:
            raise TooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


class _Refuse(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None  # urllib then raises the 3xx as an HTTPError, for the caller to report


def opener(deadline: Deadline) -> urllib.request.OpenerDirector:
    """A urllib opener whose connections ``deadline`` watches, and which follows no redirect.

    A redirect comes back as an ``HTTPError`` with its 3xx status (``REDIRECTS``).

    Examples
    --------
    >>> with Deadline(1) as deadline:
    ...     isinstance(opener(deadline), urllib.request.OpenerDirector)
    True
    """

    def watched(base: type) -> type:
        class Connection(base):
            def connect(self) -> None:
                super().connect()
                deadline.watch(self.sock)

        return Connection

    class Http(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(watched(http.client.HTTPConnection), req)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(watched(http.client.HTTPSConnection), req, context=self._context)

    return urllib.request.build_opener(Http, Https, _Refuse)


class DigestLogin:
    """Answers to a server's ``WWW-Authenticate: Digest`` challenge, for one endpoint.

    The standard library's Digest (RFC 7616: MD5, SHA-256, ``qop=auth``). Once challenged,
    each request carries its answer at once, the nonce counted up, so that a push does not
    pay a refused request each time; a new challenge replaces the old. No opener is
    installed, and the password stays in this object.

    Examples
    --------
    >>> login = DigestLogin("dba", "dba")
    >>> request = urllib.request.Request("http://127.0.0.1:8890/sparql-auth", data=b"q")
    >>> login.header(request) is None  # not challenged yet
    True
    >>> login.challenged('Digest realm="SPARQL", nonce="abc", qop="auth"')
    True
    >>> login.header(request).startswith('Digest username="dba", realm="SPARQL", nonce="abc"')
    True
    >>> login.challenged('Basic realm="x"')
    False
    """

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self._fields: dict[str, str] | None = None
        self._handler: urllib.request.HTTPDigestAuthHandler | None = None

    def challenged(self, challenge: str) -> bool:
        """Take a ``WWW-Authenticate`` header; True when it is a Digest challenge."""
        scheme, _, rest = challenge.strip().partition(" ")
        if scheme.lower() != "digest":
            return False
        self._fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, "/", self.user, self.password)
        self._handler = urllib.request.HTTPDigestAuthHandler(manager)
        return True

    def header(self, request: urllib.request.Request) -> str | None:
        """The ``Authorization`` header for a request; None before a challenge, or when the
        challenge names an algorithm the standard library does not know."""
        if self._handler is None or self._fields is None:
            return None
        self._handler.passwd.add_password(None, request.full_url, self.user, self.password)
        try:
            answer = self._handler.get_authorization(request, self._fields)
        except (ValueError, urllib.error.URLError):
            return None
        return f"Digest {answer}" if answer else None
