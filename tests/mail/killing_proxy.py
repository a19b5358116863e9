"""A TCP relay between a sender process and the SMTP server that SIGKILLs the sender at one
point of the conversation: when the sender has written `trigger` (its own words), or when the
server answers with `reply_trigger` after the sender wrote `after`.

The relay keeps passing on every byte either side wrote, after the kill too: what a killed
process had written to its socket still reaches the server, as it would without the relay.
"""

import contextlib
import os
import signal
import socket
import threading


class KillingProxy:
    def __init__(self, target_port: int, trigger: bytes | None = None,
                 reply_trigger: bytes | None = None, after: bytes = b"\r\n.\r\n") -> None:
        self.target_port = target_port
        self.trigger = trigger.lower() if trigger else None
        self.reply_trigger = reply_trigger.lower() if reply_trigger else None
        self.after = after
        self.victim_pid: int | None = None
        self.killed = threading.Event()
        self._seen_after = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False),
                             daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_sender: bool) -> None:
        seen = b""
        try:
            while True:
                chunk = source.recv(65536)
                if not chunk:
                    break
                seen = (seen + chunk.lower())[-4096:]  # smtplib writes "mail FROM:"
                if from_sender:
                    if self.trigger and self.trigger in seen:
                        self._kill()
                    if self.after in seen:
                        self._seen_after.set()
                elif (self.reply_trigger and self._seen_after.is_set()
                      and self.reply_trigger in seen):
                    self._kill()
                with contextlib.suppress(OSError):  # a killed sender: keep reading the server
                    sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (sink, source):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def _kill(self) -> None:
        if self.victim_pid is not None and not self.killed.is_set():
            os.killpg(self.victim_pid, signal.SIGKILL)
            self.killed.set()

    def close(self) -> None:
        self.listener.close()
