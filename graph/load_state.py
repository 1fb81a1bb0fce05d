"""The resume state of a Bolt load: which batches of one planned load are committed, kept in a
JSON file beside ``graph.json`` so that ``newsgraph load --resume`` skips them after a failure.

A state file holds the plan it belongs to — the graph's SHA-256, the batch size and byte bound,
the target server/database and the number of batches — plus ``done`` (batch indexes) and
``complete``.  Resuming against another plan is refused: the batches would not line up.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from newsgraph.graph.io import atomic_write_text

__all__ = ["LoadState", "ResumeStateError", "graph_fingerprint", "state_path_for"]


class ResumeStateError(RuntimeError):
    """``--resume`` was asked for but the state file belongs to another graph, batch size or server."""


def state_path_for(graph_path: str | os.PathLike) -> Path:
    """The resume state file kept beside ``graph.json``: ``<graph.json>.load-state.json``."""
    p = Path(graph_path)
    return p.with_name(p.name + ".load-state.json")


def graph_fingerprint(graph_path: str | os.PathLike) -> str:
    """SHA-256 (hex) of the bytes of ``graph_path``: a file, or each file of a folder (a
    Parquet graph), by name, with its name."""
    h = hashlib.sha256()
    path = Path(graph_path)
    for f in sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]:
        if path.is_dir():
            h.update(f.name.encode() + b"\0")
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def _read_state(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


class LoadState:
    """The committed batches of one load.

    Parameters
    ----------
    path : str, os.PathLike or None
        The state file (:func:`state_path_for`); ``None`` records nothing.
    plan : dict
        What the batches depend on: ``graph_sha256``, ``batch_size``, ``max_batch_bytes``,
        ``target`` and ``total`` (the number of batches).

    Attributes
    ----------
    path : pathlib.Path or None
    plan : dict
    done : set of int
        Indexes of the committed batches; the loader adds to it.
    """

    def __init__(self, path: str | os.PathLike | None, plan: dict) -> None:
        self.path = Path(path) if path else None
        self.plan = dict(plan)
        self.done: set[int] = set()

    def resume(self) -> None:
        """Take ``done`` from the state file, if there is one.

        Raises
        ------
        ResumeStateError
            If the file was written for another plan.
        """
        if self.path is None:
            return
        state = _read_state(self.path)
        if state is None:
            return
        mismatch = [k for k, v in self.plan.items() if state.get(k) != v]
        if mismatch:
            raise ResumeStateError(
                f"{self.path} was written for a different {', '.join(mismatch)}: "
                "load without --resume (loading is idempotent) or with the same --batch-size"
            )
        self.done = set(state.get("done", []))

    def save(self) -> None:
        """Write the plan, ``done`` and ``complete`` to the state file (atomically)."""
        if self.path is None:
            return
        complete = len(self.done) == self.plan["total"]
        try:
            atomic_write_text(
                self.path, json.dumps({**self.plan, "done": sorted(self.done), "complete": complete})
            )
        except OSError:
            pass  # a read-only output folder only costs the ability to resume
