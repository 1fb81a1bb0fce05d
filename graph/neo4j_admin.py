"""Export a graph as CSV files for ``neo4j-admin database import full`` (Neo4j 5), the fastest way
to create a large Neo4j database offline.

The rows and properties are exactly those of the Bolt loader (:func:`newsgraph.graph.flatten.node_rows`
and :func:`~newsgraph.graph.flatten.relationship_rows`), so an imported database answers the named
queries like a loaded one; the column types are those of
:func:`~newsgraph.graph.flatten.property_columns`.  Layout of the output directory::

    nodes_<Label>_header.csv, nodes_<Label>.csv            one pair per label
    rels_<TYPE>_<Start>_<End>_header.csv, rels_….csv       one pair per (type, start, end label)
    constraints.cypher                                     the (label, key) uniqueness constraints
    import.sh                                              the neo4j-admin command line

Each label is its own ID space (``key:ID(Official)``), so equal keys under two labels do not
clash.  List properties use the array delimiter U+001F (unit separator, which is removed from the
values), so evidence JSON containing ``;`` or ``|`` survives; fields are quoted with ``"`` (doubled
inside), and ``--multiline-fields=true`` lets sentences contain line breaks.  Empty strings and
empty lists are left out (``--ignore-empty-strings=true``): neo4j-admin cannot tell them from absent
values.
"""
from __future__ import annotations

import csv
import os
import shlex
from pathlib import Path

import networkx as nx
from newsgraph.graph.flatten import node_rows, property_columns, relationship_rows
from newsgraph.graph.neo4j import constraint_statements

from newsgraph.schema import Label, RelType

__all__ = ["ARRAY_DELIMITER", "export_neo4j_admin", "import_command"]

ARRAY_DELIMITER = "\x1f"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace(ARRAY_DELIMITER, " ")


def _header_name(kind: str, name: str, typ: str) -> str:
    suffix = f":{typ}" + ("[]" if kind == "lists" else "")
    return name + (suffix if suffix != ":string" else "")


def _write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerows(rows)


def _values(row: dict, cols) -> list[str]:
    out = []
    for kind, name, _typ in cols:
        v = row[kind].get(name)
        out.append(ARRAY_DELIMITER.join(_cell(x) for x in v) if kind == "lists" and v is not None else _cell(v))
    return out


def export_neo4j_admin(g: nx.MultiDiGraph, out_dir: str | os.PathLike, database: str = "neo4j") -> dict:
    """Write the CSV files, ``constraints.cypher`` and ``import.sh`` for ``g`` into ``out_dir``.

    Returns ``{"nodes": {label: rows}, "relationships": {type: rows}, "command": str,
    "files": [paths]}``; ``command`` is the ``neo4j-admin database import full`` line.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    nrows, _ = node_rows(g)
    rrows, _ = relationship_rows(g)
    node_args, rel_args, files = [], [], []
    summary: dict = {"nodes": {}, "relationships": {}}
    for label in Label:
        rows = nrows.get(label)
        if not rows:
            continue
        cols = [c for c in property_columns(rows) if c[1] != "key"]
        header = [f"key:ID({label.value})"] + [_header_name(*c) for c in cols]
        hpath, dpath = out / f"nodes_{label.value}_header.csv", out / f"nodes_{label.value}.csv"
        _write(hpath, [header])
        _write(dpath, [[r["key"]] + _values(r, cols) for r in rows])
        node_args.append(f"--nodes={label.value}={hpath.resolve()},{dpath.resolve()}")
        files += [hpath, dpath]
        summary["nodes"][label.value] = len(rows)
    for rtype in RelType:
        for (t, lu, lv), rows in rrows.items():
            if t is not rtype:
                continue
            cols = property_columns(rows)
            header = [f":START_ID({lu.value})", f":END_ID({lv.value})"] + [_header_name(*c) for c in cols]
            stem = f"rels_{t.value}_{lu.value}_{lv.value}"
            hpath, dpath = out / f"{stem}_header.csv", out / f"{stem}.csv"
            _write(hpath, [header])
            _write(dpath, [[r["start"], r["end"]] + _values(r, cols) for r in rows])
            rel_args.append(f"--relationships={t.value}={hpath.resolve()},{dpath.resolve()}")
            files += [hpath, dpath]
            summary["relationships"][t.value] = summary["relationships"].get(t.value, 0) + len(rows)
    cpath = out / "constraints.cypher"
    cpath.write_text(";\n".join(constraint_statements()) + ";\n", encoding="utf-8")
    command = import_command(database, node_args + rel_args)
    spath = out / "import.sh"
    spath.write_text(
        "#!/bin/sh\n# Run from $NEO4J_HOME with the database stopped / not yet created.\n"
        f"{command}\n# then, once the database is online:\n"
        f"# cypher-shell -d {shlex.quote(database)} -f {shlex.quote(str(cpath.resolve()))}\n",
        encoding="utf-8",
    )
    spath.chmod(0o755)
    summary.update(command=command, files=[str(p) for p in files + [cpath, spath]], constraints=str(cpath))
    return summary


def import_command(database: str, file_args: list[str]) -> str:
    """Return the shell-quoted ``bin/neo4j-admin database import full`` command line."""
    args = [
        "bin/neo4j-admin", "database", "import", "full", database,
        "--multiline-fields=true",
        "--array-delimiter=U+001F",
        "--ignore-empty-strings=true",
        "--id-type=string",
        *file_args,
    ]
    return " ".join(shlex.quote(a) for a in args)
