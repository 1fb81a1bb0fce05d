"""SIGTERM handled as Ctrl-C is: :class:`Terminated`, a ``KeyboardInterrupt``, raised in the
main thread, so that the same ``finally`` blocks and ``except KeyboardInterrupt`` clauses clean
up (worker pools stopped, temporary files and folders removed, locks released)."""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Terminated", "TERMINATED", "sigterm_as_interrupt"]

#: The exit code of a command ended by SIGTERM: 128 + 15, what a shell reports for it.
TERMINATED = 128 + signal.SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived while :func:`sigterm_as_interrupt` was in force."""


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` in the main thread (nothing is
    changed when called from another thread, where handlers cannot be set); the previous
    handler is put back after.

    Processes forked inside inherit the handler: worker processes set SIGTERM back to its
    default (:func:`newsgraph.workflow.workers.worker_pool`).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
