"""A local SMTP server that accepts every message and writes it to a folder, one file each.

Run in its own process by bench/load/run.py, so that the load run can stop the mail
server (SIGTERM) and start it again on the same port.

Stopping is graceful, so the run can count duplicates honestly: from SIGTERM on, a
message whose DATA arrives is refused with 421 (not stored, so the sender retries);
a message stored just before gets its 250 during a short grace period; then the
port closes and every open connection is dropped.
"""

import argparse
import asyncio
import os
import signal
import uuid
from pathlib import Path

from aiosmtpd.smtp import SMTP

GRACE_SECONDS = 0.5


class Sink:
    def __init__(self, folder: Path):
        self.folder = folder
        self.stopping = False

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.stopping:
            return "421 Shutting down, try again later"
        name = uuid.uuid4().hex
        # The envelope recipients go first, as a header, so the reader needs no SMTP state.
        content = b"".join(
            f"X-Sink-Rcpt: {rcpt}\r\n".encode() for rcpt in envelope.rcpt_tos
        ) + envelope.original_content
        tmp = self.folder / f".{name}.tmp"
        tmp.write_bytes(content)
        os.replace(tmp, self.folder / f"{name}.eml")  # readers never see half a file
        return "250 OK"


async def serve(host: str, port: int, folder: Path) -> None:
    sink = Sink(folder)
    loop = asyncio.get_running_loop()
    sessions = set()

    def factory():
        smtp = SMTP(sink, hostname="sink.local", ident="load-sink")
        sessions.add(smtp)
        return smtp

    server = await loop.create_server(factory, host=host, port=port, reuse_address=True)
    stopped = asyncio.Event()

    def stop():
        sink.stopping = True
        loop.call_later(GRACE_SECONDS, stopped.set)

    loop.add_signal_handler(signal.SIGTERM, stop)
    loop.add_signal_handler(signal.SIGINT, stop)
    print(f"smtp sink listening on {host}:{port}", flush=True)
    await stopped.wait()
    server.close()
    for smtp in sessions:
        if smtp.transport is not None:
            smtp.transport.abort()
    await server.wait_closed()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    asyncio.run(serve(args.host, args.port, args.folder))


if __name__ == "__main__":
    main()
