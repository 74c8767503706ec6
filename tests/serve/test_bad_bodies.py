"""Every bad input through every phone endpoint: a 4xx with a reason, never a 500, nothing saved."""

from __future__ import annotations

import asyncio

import aiohttp
from serving import address, running_server

from facilitator.store import Store

GOOD_ID = "a" * 16
# Raw bodies, sent as application/json: not JSON, too deep, numbers past any use, wrong types.
CORPUS: list[bytes] = [
    b"",
    b"\xff\xfe not json",
    b"{",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"id": "' + GOOD_ID.encode() + b'", "text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    b'{"id": "' + GOOD_ID.encode() + b'", "text": "x", "age_ms": 1e17, "kind": 5}',
    b'{"id": "' + GOOD_ID.encode() + b'", "text": "x", "age_ms": ' + b"9" * 5000 + b"}",
    b'{"id": "' + GOOD_ID.encode() + b'", "text": "x", "age_ms": 1e400, "group": 7, "kind": []}',
    b'{"id": "' + GOOD_ID.encode() + b'", "text": 12}',
    b'{"id": 123456789012, "text": "x"}',
    b'{"id": "' + GOOD_ID.encode() + b'", "text": "x", "kind": null, "phone": [1]}',
    b'{"id": "' + GOOD_ID.encode() + b'", "id": "' + b"b" * 16 + b'", "text": "x"}',
    b'{"id": "' + GOOD_ID.encode() + b'", "text": "\\ud800"}',
    b"null",
    b"true",
    b"-0",
    b'"a string"',
    b"[]",
    b"NaN",
]
# Fields only one page reads (the other page ignores them, as it ignores any field it does not know).
ONLY = {
    "notes": [
        b'{"id": "' + GOOD_ID.encode() + b'", "text": "x", "speaker": [], "kind": "quote"}',
        b'{"id": "' + GOOD_ID.encode() + b'", "text": "x", "group": "' + b"g" * 41 + b'"}',
    ],
    "ask": [
        b'{"id": "' + GOOD_ID.encode() + b'", "text": "x", "round": 5}',
        b'{"id": "' + GOOD_ID.encode() + b'", "text": "x", "name": {"a": 1}}',
        b'{"id": "' + GOOD_ID.encode() + b'", "text": "x", "round": "' + b"r" * 16 + b'"}',
    ],
}


async def test_a_corpus_of_bad_bodies_gets_a_4xx_with_a_reason_everywhere(
    store: Store, demo_id: str
) -> None:
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        for page in ("notes", "ask"):
            url = address(server, page) + "/api/notes"
            for body in CORPUS + ONLY[page]:
                async with session.post(
                    url, data=body, headers={"Content-Type": "application/json"}
                ) as response:
                    said = await response.json()
                    assert 400 <= response.status < 500, (page, body[:60], response.status)
                    assert said.get("error"), (page, body[:60])
        for group in ("x" * 5000, "\x00", "\x1b[2J", "a\x7fb"):
            url = address(server, "notes") + "/api/state"
            async with session.get(url, params={"group": group}) as response:
                assert response.status == 400 and (await response.json())["error"], group
    assert Store(store.root).load(demo_id).notes == []


async def test_a_body_that_is_not_json_or_nested_too_deep_is_told_which(
    store: Store, demo_id: str
) -> None:
    async with running_server(store, demo_id) as server, aiohttp.ClientSession() as session:
        url = address(server, "notes") + "/api/notes"
        for body, words in (
            (b"[" * 100_000 + b"]" * 100_000, "nivåer"),
            (b"{", "inte giltig JSON"),
        ):
            async with session.post(
                url, data=body, headers={"Content-Type": "application/json"}
            ) as response:
                assert response.status == 400
                assert words in (await response.json())["error"]


async def test_a_body_said_to_be_compressed_that_is_not_is_a_400(
    store: Store, demo_id: str
) -> None:
    """Once answered 500: the body's bytes could not be read as the header said."""
    async with running_server(store, demo_id) as server:
        for page in ("notes", "ask"):
            for encoding in ("gzip", "deflate"):
                path = address(server, page).split("/", 3)[3]
                reader, writer = await asyncio.open_connection("127.0.0.1", server.serving.port)
                body = b"not compressed at all"
                writer.write(
                    f"POST /{path}/api/notes HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"Content-Type: application/json\r\nContent-Encoding: {encoding}\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                    + body
                )
                answer = await asyncio.wait_for(reader.read(), 10)
                writer.close()
                assert answer.startswith(b"HTTP/1.1 400"), (page, encoding, answer[:80])
                assert b'"error"' in answer
    assert Store(store.root).load(demo_id).notes == []
