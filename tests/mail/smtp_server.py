"""A real SMTP server process for the mail tests: aiosmtpd on 127.0.0.1, recording every
message it accepts as one file (written whole, then renamed into place).

    python -m tests.mail.smtp_server --record DIR [--port N] [--tls CERT KEY] [--implicit-tls]
        [--auth USER:PASSWORD] [--refuse STAGE:CODE:COUNT] [--refuse-address ADDR:CODE]
        [--ids-only]

It prints `READY <port>` once it listens. `--refuse rcpt:451:2` answers 451 to the first two
RCPT commands; `--refuse data:452:1` answers the first end of data with 452 (and keeps
nothing); `--refuse-address bad@example.com:550` refuses that recipient always.
`--ids-only` keeps one line per message instead (Message-ID, recipients), for the bench.
"""

import argparse
import asyncio
import itertools
import json
import os
import ssl
import sys
from pathlib import Path

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    def __init__(self, folder: Path, refusals: dict[str, list], refused_addresses: dict,
                 ids_only: bool = False):
        self.folder = folder
        self.ids = (folder / "ids.txt").open("a", buffering=1) if ids_only else None
        self.refusals = refusals  # stage -> [code, how many left]
        self.refused_addresses = refused_addresses
        self.numbers = itertools.count(1)

    def _refusal(self, stage: str) -> str | None:
        rule = self.refusals.get(stage)
        if rule and rule[1] > 0:
            rule[1] -= 1
            return f"{rule[0]} Try again later (test refusal)"
        return None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused_addresses:
            return f"{self.refused_addresses[address.lower()]} No such user here"
        refusal = self._refusal("rcpt")
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        refusal = self._refusal("data")
        if refusal:
            return refusal
        if self.ids is not None:
            self.ids.write(f"{_message_id(envelope.original_content)} "
                           f"{','.join(envelope.rcpt_tos)}\n")
            return "250 2.0.0 Message accepted for delivery"
        number = next(self.numbers)
        name = f"{os.getpid()}-{number:06d}"
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                "tls": server.transport.get_extra_info("ssl_object") is not None,
                "auth": bool(session.authenticated)}
        tmp = self.folder / f".{name}.tmp"
        tmp.write_bytes(json.dumps(meta).encode() + b"\n" + envelope.original_content)
        tmp.rename(self.folder / f"{name}.eml")
        return "250 2.0.0 Message accepted for delivery"


def _message_id(content: bytes) -> str:
    head = content.split(b"\r\n\r\n", 1)[0]
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip().decode()
    return "-"


def _authenticator(credentials: str):
    user, _, password = credentials.partition(":")

    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535

    return check


def _context(cert: str, key: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


async def serve(options) -> None:
    refusals = {}
    for rule in options.refuse:
        stage, code, count = rule.split(":")
        refusals[stage] = [int(code), int(count)]
    refused_addresses = dict(rule.lower().rsplit(":", 1) for rule in options.refuse_address)
    handler = Recorder(Path(options.record), refusals, refused_addresses, options.ids_only)
    tls = _context(*options.tls) if options.tls else None
    kwargs = {"hostname": "mail.test", "auth_require_tls": tls is not None}
    if options.auth:
        kwargs.update(authenticator=_authenticator(options.auth), auth_required=True)
    if tls is not None and not options.implicit_tls:
        kwargs["tls_context"] = tls

    def factory():
        return SMTP(handler, **kwargs)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, "127.0.0.1", options.port,
                                      ssl=tls if options.implicit_tls else None)
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--refuse-address", action="append", default=[])
    parser.add_argument("--ids-only", action="store_true")
    options = parser.parse_args()
    try:
        asyncio.run(serve(options))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
