"""Python API: build a corpus's knowledge graph and work with it in notebooks.

A thin façade: :func:`build` runs the build workflow (:mod:`newsgraph.workflow`) and wraps the
graph in a :class:`KnowledgeGraph`, whose methods reach the graph layer (:mod:`newsgraph.graph`:
conversions, Neo4j loading and queries, the explorer).

>>> kg = build(["../shared/corpus"])          # doctest: +SKIP
>>> kg.to_pandas()["Official"].head()         # doctest: +SKIP
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from .graph.io import write_graph_json
from .workflow import LARGE_FILE_BYTES, BuildResult, build_corpus

__all__ = ["build", "build_corpus", "BuildResult", "KnowledgeGraph", "LARGE_FILE_BYTES"]


class KnowledgeGraph:
    """A built knowledge graph, for notebooks and scripts.

    Wraps the networkx graph (node ids ``"<Label>:<key>"``, attributes per
    :mod:`newsgraph.schema`) with conversions, loading into Neo4j and querying.
    """

    def __init__(self, graph: nx.MultiDiGraph, result: BuildResult | None = None) -> None:
        self.graph = graph
        self.result = result

    @classmethod
    def from_json(cls, path: str | os.PathLike) -> "KnowledgeGraph":
        """Read a ``graph.json`` written by ``newsgraph build``."""
        from .graph.io import read_graph_json

        return cls(read_graph_json(path))

    def to_networkx(self) -> nx.MultiDiGraph:
        """The graph itself (not a copy): ``MultiDiGraph`` with evidence on nodes and edges."""
        return self.graph

    def to_pandas(self) -> dict:
        """One ``pandas.DataFrame`` per node label and per relationship type.

        Returns
        -------
        dict[str, pandas.DataFrame]
            Keys are labels (``"Official"`` …) with one row per node (columns ``id``, ``name``,
            ``aliases``, label properties, ``n_evidence``) and relationship types
            (``"ATTENDED"`` …) with one row per edge (``source``, ``target``,
            ``source_name``, ``target_name``, properties, ``n_evidence``).
        """
        import pandas as pd

        rows: dict[str, list[dict]] = {}
        for n, d in self.graph.nodes(data=True):
            row = {"id": n, **{k: v for k, v in d.items() if k not in ("evidence", "label")}}
            row["n_evidence"] = len(d.get("evidence", []))
            rows.setdefault(d["label"], []).append(row)
        for u, v, d in self.graph.edges(data=True):
            row = {"source": u, "target": v, "source_name": self.graph.nodes[u].get("name"),
                   "target_name": self.graph.nodes[v].get("name"),
                   **{k: val for k, val in d.items() if k not in ("evidence", "type")}}
            row["n_evidence"] = len(d.get("evidence", []))
            rows.setdefault(d["type"], []).append(row)
        return {k: pd.DataFrame(v) for k, v in rows.items()}

    # -- Neo4j ---------------------------------------------------------------------------------
    def connect(self, uri: str | None = None, user: str | None = None,
                password: str | None = None, database: str | None = None,
                data_dir: str | os.PathLike | None = None):
        """Open (once) a driver to a Bolt server and return it.

        With no ``uri`` (and no ``NEO4J_URI``), the embedded ArcadeDB server on ``data_dir`` is
        used: the running one (the warm server ``newsgraph load`` leaves, or ``newsgraph
        serve``), else the warm server started now, which keeps running for later commands until
        its idle timeout (``NEWSGRAPH_IDLE_MINUTES``, default 30) or ``newsgraph stop``.  This
        object holds a lease on it until :meth:`close`, so it does not stop in between.

        Raises
        ------
        newsgraph.graph.server.BoltConnectionError
            Unreachable server, wrong credentials or missing database.
        newsgraph.graph.server.ServerError
            The embedded server failed to start.
        """
        if getattr(self, "_driver", None) is not None:
            return self._driver
        import neo4j

        from .graph.server import ConnectionSettings, find_running_server, resolve_settings
        from .graph.warm_server import ServerLease, ensure_server

        settings = resolve_settings(uri, user, password, database)
        self._data_dir = data_dir
        if settings.uri is None:
            self._lease = ServerLease(data_dir).acquire()
            running = find_running_server(data_dir) or ensure_server(
                data_dir, database=settings.database, password=settings.password)
            settings = ConnectionSettings(running["uri"], running["user"], running["password"],
                                          settings.database)
        self._settings = settings
        self._driver = neo4j.GraphDatabase.driver(settings.uri,
                                                  auth=(settings.user, settings.password or ""))
        self._driver.verify_connectivity()
        return self._driver

    def close(self, *, stop_server: bool = False) -> None:
        """Close the driver and give back the lease on the embedded server; with
        ``stop_server``, stop that server too (as ``newsgraph stop`` does)."""
        if getattr(self, "_driver", None) is not None:
            self._driver.close()
            self._driver = None
        if getattr(self, "_lease", None) is not None:
            self._lease.release()
            self._lease = None
            if stop_server:
                from .graph.warm_server import stop_server as stop

                stop(self._data_dir)

    def load(self, uri: str | None = None, **connection) -> dict[str, int]:
        """Merge the graph into Neo4j (idempotent; see ``newsgraph load``) and return the
        database's node and relationship counts, ``{"Official": 32, …, "ATTENDED": 72, …}``."""
        from .graph.neo4j import load_graph
        from .graph.neo4j_maintenance import count_nodes, count_relationships

        driver = self.connect(uri, **connection)
        load_graph(driver, self.graph, database=self._settings.database)
        return {**count_nodes(driver, self._settings.database),
                **count_relationships(driver, self._settings.database)}

    def query(self, name_or_cypher: str, **params):
        """Run a named query (``queries/*.cypher``, see ``newsgraph queries``) or raw Cypher on
        the connected database and return a ``pandas.DataFrame`` (columns in RETURN order).

        Raises
        ------
        newsgraph.queries.library.QueryParamError
            A named query's parameter is missing, unknown or of the wrong type.
        neo4j.exceptions.Neo4jError
            The server rejected the query.
        """
        from .graph.cypher import run_query
        from .queries.library import get_query

        driver = self.connect()
        named = get_query(name_or_cypher.strip())
        if named is not None:
            bound = named.bind({k: str(v) for k, v in params.items()})
            return run_query(driver, self._settings.database, named.cypher, bound, read_only=True)
        return run_query(driver, self._settings.database, name_or_cypher, params,
                         read_only=False)

    def show(self, max_nodes: int | None = None, height: int = 650):
        """The HTML explorer inline in Jupyter (an ``IPython.display.HTML`` iframe)."""
        import html as html_lib
        import tempfile

        from IPython.display import HTML

        from .graph.explorer import write_explorer

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "graph.html"
            write_explorer(self.graph, path, max_nodes=max_nodes)
            page = path.read_text(encoding="utf-8")
        return HTML(f'<iframe srcdoc="{html_lib.escape(page)}" style="width:100%;height:{height}px;'
                    'border:1px solid #ddd"></iframe>')

    def save(self, out: str | os.PathLike, *, html: bool = True) -> Path:
        """Write graph.json (+ articles.jsonl, graph.html) to ``out``; returns graph.json's path."""
        out = Path(out)
        if self.result is not None:
            self.result.write(out, html=html)
        else:
            out.mkdir(parents=True, exist_ok=True)
            write_graph_json(self.graph, out / "graph.json")
        return out / "graph.json"


def build(paths: Iterable[str | os.PathLike] | str | os.PathLike, *, strict: bool = False,
          jobs: int | None = 1) -> KnowledgeGraph:
    """Build the knowledge graph of ``paths`` (files or folders of articles).

    ``jobs`` worker processes extract in parallel (``None``: one per core); the graph does not
    depend on it.

    Raises
    ------
    InputError
        A path does not exist, or (``strict``) a file cannot be read.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    result = build_corpus(list(paths), strict=strict, jobs=jobs)
    return KnowledgeGraph(result.graph, result)
