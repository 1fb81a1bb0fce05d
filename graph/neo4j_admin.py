"""Export a graph as CSV files for ``neo4j-admin database import full`` (Neo4j 5), the fastest way
to create a large Neo4j database offline.

The rows and properties are exactly those of the Bolt loader (:func:`newsgraph.graph.flatten.node_rows`
and :func:`~newsgraph.graph.flatten.relationship_rows`), so an imported database answers the named
queries like a loaded one; the column types are those of
:func:`~newsgraph.graph.flatten.property_columns`.  Layout of the output directory::

    nodes_<Label>_header.csv, nodes_<Label>.csv            one pair per label
    rels_<TYPE>_<Start>_<End>_header.csv, rels_….csv       one pair per (type, start, end label)
    constraints.cypher                                     the (label, key) uniqueness constraints
    import.sh                                              the steps for a local Neo4j (tarball, Desktop)
    import-docker.sh                                       the same for the ``neo4j:5`` Docker image

Each label is its own ID space (``key:ID(Official)``), so equal keys under two labels do not
clash.  List properties use the array delimiter U+001F (unit separator, which is removed from the
values), so evidence JSON containing ``;`` or ``|`` survives; fields are quoted with ``"`` (doubled
inside).  ``--multiline-fields=true`` is given only when a value written really holds a line
break (the Operations Manual warns that it "can severely degrade the performance of the
importer"), and ``--read-buffer-size`` only when the largest field written (a hub node's
evidence) would not fit the 4 MiB default buffer, which must hold the biggest single value.
Empty strings and empty lists are left out (``--ignore-empty-strings=true``): neo4j-admin cannot
tell them from absent values.

What works where (Neo4j 5, Operations Manual "Import" and "Upload to Neo4j Aura")
------------------------------------------------------------------------------
``import full`` writes a database's store offline.  Every installation already has the database
``neo4j`` (the Docker image creates it at first start), and importing into an existing database
needs ``--overwrite-destination`` and the database stopped, so the command always carries
``--overwrite-destination=true`` (it replaces the database named; a new name is simply created):

* Community (one database): stop the server (``neo4j stop``; Docker: stop the container and run
  ``neo4j-admin`` in a one-off container on the same ``/data``), import into ``neo4j``, start.
* Enterprise: ``STOP DATABASE name`` and import over it, then ``START DATABASE name``; or import
  into a new name and then ``CREATE DATABASE name`` (Enterprise only) in the ``system`` database.
* Aura: import locally as above, ``neo4j-admin database dump neo4j --to-path=DIR``, then
  ``neo4j-admin database upload neo4j --from-path=DIR --to-uri=neo4j+s://… --overwrite-destination=true``.

Then the uniqueness constraints (``constraints.cypher``) with cypher-shell.  :func:`import_steps`
returns these steps for one export.
"""
from __future__ import annotations

import csv
import os
import shlex
import tempfile
from collections.abc import Iterable
from pathlib import Path

from newsgraph.graph.neo4j_batches import plan_order, spill_rows
from newsgraph.graph.neo4j_cypher import constraint_statements

__all__ = ["ARRAY_DELIMITER", "DEFAULT_READ_BUFFER", "export_neo4j_admin", "import_command", "import_steps"]

ARRAY_DELIMITER = "\x1f"
#: neo4j-admin's default ``--read-buffer-size`` (bytes); it must hold the largest single field.
DEFAULT_READ_BUFFER = 4 * 1024 * 1024
_MIB = 1024 * 1024
_CHUNK_ROWS = 4096  # rows a chunk of the spilled rows
_NO_BYTE_LIMIT = 1 << 62


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace(ARRAY_DELIMITER, " ")


def _header_name(kind: str, name: str, typ: str) -> str:
    suffix = f":{typ}" + ("[]" if kind == "lists" else "")
    return name + (suffix if suffix != ":string" else "")


class _FieldStats:
    """What the import options depend on: the largest field as written (UTF-8 bytes with its
    quotes, inner quotes doubled) and whether any field holds a line break."""

    def __init__(self) -> None:
        self.largest = 0
        self.line_breaks = False

    def see(self, rows: list[list[str]]) -> None:
        for row in rows:
            for cell in row:
                if len(cell) * 4 + 2 > self.largest:  # cheap bound first: most cells are short
                    self.largest = max(self.largest, len(cell.encode("utf-8")) + cell.count('"') + 2)
                if not self.line_breaks and ("\n" in cell or "\r" in cell):
                    self.line_breaks = True


def _write(path: Path, chunks: Iterable[list[list[str]]], stats: _FieldStats | None = None) -> None:
    """Write CSV rows given a chunk at a time."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        for rows in chunks:
            if stats is not None:
                stats.see(rows)
            writer.writerows(rows)


def _values(row: dict, cols) -> list[str]:
    out = []
    for kind, name, _typ in cols:
        v = row[kind].get(name)
        out.append(ARRAY_DELIMITER.join(_cell(x) for x in v) if kind == "lists" and v is not None else _cell(v))
    return out


def export_neo4j_admin(g, out_dir: str | os.PathLike, database: str = "neo4j") -> dict:
    """Write the CSV files, ``constraints.cypher`` and ``import.sh`` for ``g`` into ``out_dir``.

    ``g`` is a ``networkx.MultiDiGraph`` or a graph read as streams (a
    :class:`~newsgraph.graph.io.StreamedGraph`: the build's store, a Parquet graph); either
    way its rows wait in a temporary folder, cut into chunks, while the columns are found, and
    are written a chunk at a time (:func:`~newsgraph.graph.neo4j_batches.spill_rows`), so
    memory holds the graph's index, not its rows.

    Returns ``{"nodes": {label: rows}, "relationships": {type: rows}, "command": str,
    "docker_command": str, "steps": [str], "largest_field": bytes, "line_breaks": bool,
    "constraints": path, "files": [paths]}``; ``command`` is the ``neo4j-admin database import
    full`` line for a local Neo4j (absolute paths), ``docker_command`` the same run in the
    ``neo4j:5`` image with ``out_dir`` mounted on ``/import``, ``steps`` what to run for
    Community, Enterprise and Aura (:func:`import_steps`).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    node_args, rel_args, files = [], [], []
    stats = _FieldStats()
    summary: dict = {"nodes": {}, "relationships": {}}
    with tempfile.TemporaryDirectory(prefix="newsgraph-export-") as tmp:
        spills, _, _ = spill_rows(g, Path(tmp), _CHUNK_ROWS, _NO_BYTE_LIMIT)
        for kind, key in plan_order(spills):
            rows = spills[kind, key]
            if kind == "nodes":
                label = key
                cols = [c for c in rows.columns.columns() if c[1] != "key"]
                header = [f"key:ID({label.value})"] + [_header_name(*c) for c in cols]
                stem = f"nodes_{label.value}"
                ends = ("key",)
            else:
                t, lu, lv = key
                cols = rows.columns.columns()
                header = [f":START_ID({lu.value})", f":END_ID({lv.value})"] + [_header_name(*c) for c in cols]
                stem = f"rels_{t.value}_{lu.value}_{lv.value}"
                ends = ("start", "end")
            hpath, dpath = out / f"{stem}_header.csv", out / f"{stem}.csv"
            _write(hpath, [[header]])
            _write(dpath, ([[r[e] for e in ends] + _values(r, cols) for r in chunk]
                           for _, chunk in rows.read()), stats)
            files += [hpath, dpath]
            if kind == "nodes":
                node_args.append((f"--nodes={label.value}=", hpath, dpath))
                summary["nodes"][label.value] = rows.count
            else:
                rel_args.append((f"--relationships={t.value}=", hpath, dpath))
                summary["relationships"][t.value] = summary["relationships"].get(t.value, 0) + rows.count
    cpath = out / "constraints.cypher"
    cpath.write_text(";\n".join(constraint_statements()) + ";\n", encoding="utf-8")
    options = {"line_breaks": stats.line_breaks, "largest_field": stats.largest}
    local = [f"{flag}{h.resolve()},{d.resolve()}" for flag, h, d in node_args + rel_args]
    in_docker = [f"{flag}/import/{h.name},/import/{d.name}" for flag, h, d in node_args + rel_args]
    command = import_command(database, local, **options)
    docker_command = (f'docker run --rm -v "${{NEO4J_DATA:-$PWD/neo4j-data}}:/data" '
                      f"-v {shlex.quote(str(out.resolve()))}:/import neo4j:5 "
                      + import_command(database, in_docker, program="neo4j-admin", **options))
    steps = import_steps(database, out.resolve(), cpath.resolve())
    scripts = []
    for name, intro, cmd in (
        ("import.sh", "A local Neo4j 5 (tarball, Desktop): run from $NEO4J_HOME, the server stopped.",
         command),
        ("import-docker.sh", "The neo4j:5 Docker image, its container stopped: the data folder it "
                             "mounts on /data is $NEO4J_DATA (default ./neo4j-data).", docker_command),
    ):
        spath = out / name
        spath.write_text(
            f"#!/bin/sh\n# {intro}\n# This REPLACES database {shlex.quote(database)}. "
            "The steps for Community, Enterprise and Aura:\n"
            + "".join(f"#   {line}\n" for line in steps) + f"{cmd}\n",
            encoding="utf-8",
        )
        spath.chmod(0o755)
        scripts.append(spath)
    summary.update(command=command, docker_command=docker_command, steps=steps,
                   files=[str(p) for p in files + [cpath, *scripts]], constraints=str(cpath), **options)
    return summary


def import_command(database: str, file_args: list[str], *, line_breaks: bool = False,
                   largest_field: int = 0, program: str = "bin/neo4j-admin") -> str:
    """Return the shell-quoted ``neo4j-admin database import full`` command line.

    ``--overwrite-destination=true`` always (every installation already has ``neo4j``);
    ``--multiline-fields=true`` only with ``line_breaks``; ``--read-buffer-size`` (bytes, whole
    MiB, a quarter to spare) only when ``largest_field`` (bytes) would not fit the 4 MiB default.
    """
    args = [
        program, "database", "import", "full", database,
        "--overwrite-destination=true",
        "--array-delimiter=U+001F",
        "--ignore-empty-strings=true",
        "--id-type=string",
    ]
    if line_breaks:
        args.append("--multiline-fields=true")
    if largest_field * 5 // 4 > DEFAULT_READ_BUFFER:
        args.append(f"--read-buffer-size={-(-largest_field * 5 // 4 // _MIB) * _MIB}")
    return " ".join(shlex.quote(a) for a in [*args, *file_args])


def import_steps(database: str, out_dir: Path, constraints: Path) -> list[str]:
    """The steps that create ``database`` from the export in ``out_dir``, one line each, for
    Community (local and Docker), Enterprise and Aura (see the module docstring)."""
    db, out, cfile = shlex.quote(database), shlex.quote(str(out_dir)), shlex.quote(str(constraints))
    return [
        f"Community, local (tarball, Desktop): bin/neo4j stop; sh {out}/import.sh (from $NEO4J_HOME); "
        "bin/neo4j start",
        'Community, Docker (neo4j:5 run with -v "$PWD/neo4j-data:/data"): docker stop <container>; '
        f"sh {out}/import-docker.sh from the folder holding neo4j-data (or set NEO4J_DATA); "
        "docker start <container>",
        f"Enterprise: STOP DATABASE {db} in the system database (not for a new one); import as above; "
        f"START DATABASE {db}, or CREATE DATABASE {db} for a new one (Enterprise only)",
        f"Aura: import into a local Neo4j as above, then bin/neo4j-admin database dump {db} "
        f"--to-path=dumps; bin/neo4j-admin database upload {db} --from-path=dumps "
        "--to-uri=neo4j+s://xxxx.databases.neo4j.io --overwrite-destination=true",
        f"Then, the database online, the uniqueness constraints: cypher-shell -d {db} -f {cfile} "
        f"(Aura: add -a neo4j+s://xxxx.databases.neo4j.io)",
    ]
