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

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "edges": {type: n}}``, most frequent first (ties by name)."""
        from collections import Counter

        def ordered(c: Counter) -> dict[str, int]:
            return dict(sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0]))))

        return {"nodes": ordered(Counter(self.graph.nodes[n].get("label") for n in self.graph)),
                "edges": ordered(Counter(t for *_, t in self.graph.edges(data="type")))}

    def __repr__(self) -> str:
        c = self.counts()
        nodes = ", ".join(f"{k} {v}" for k, v in c["nodes"].items())
        edges = ", ".join(f"{k} {v}" for k, v in c["edges"].items())
        return (f"<KnowledgeGraph: {self.graph.number_of_nodes()} nodes ({nodes or 'none'}); "
                f"{self.graph.number_of_edges()} edges ({edges or 'none'})>")

    # -- network analysis (networkx; no database needed) ---------------------------------------
    def co_attendance(self) -> nx.Graph:
        """The co-attendance network of officials: an edge between two officials who attended or
        spoke at the same meeting, ``weight`` the number of such meetings
        (:func:`newsgraph.graph.analysis.co_attendance_graph`)."""
        from .graph.analysis import co_attendance_graph

        return co_attendance_graph(self.graph)

    def centrality(self):
        """Degree and betweenness centrality of the officials in the co-attendance network, a
        ``pandas.DataFrame`` with columns ``official, name, meetings, co_attendees, degree,
        betweenness`` (:func:`newsgraph.graph.analysis.centrality`)."""
        from .graph.analysis import centrality

        return centrality(self.graph)

    def communities(self):
        """Communities of the co-attendance network (greedy modularity), a
        ``pandas.DataFrame`` with columns ``community, official, name, co_attendees``
        (:func:`newsgraph.graph.analysis.communities`)."""
        from .graph.analysis import communities

        return communities(self.graph)

    def timeline(self, name: str):
        """An official's career timeline, a ``pandas.DataFrame`` with columns ``title,
        district, first_seen, last_seen, articles, first_article``, oldest first
        (:func:`newsgraph.graph.analysis.timeline`).

        Raises ``KeyError`` when no official has that key, name or alias."""
        from .graph.analysis import timeline

        return timeline(self.graph, name)

    @classmethod
    def from_json(cls, path: str | os.PathLike) -> "KnowledgeGraph":
        """Read the graph a ``newsgraph build`` wrote: its ``graph.json``, its
        ``graph.parquet`` folder, or the output folder that holds either
        (:func:`~newsgraph.graph.io.read_graph`)."""
        from .graph.io import read_graph

        return cls(read_graph(path))

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
        """Open a driver to a Bolt server, check it, and return it; later calls with the same
        arguments (or none) return the same driver, other arguments replace it.

        With no ``uri`` (and no ``NEO4J_URI``), the embedded ArcadeDB server on ``data_dir`` is
        used: the running one (the warm server ``newsgraph load`` leaves, or ``newsgraph
        serve``), else the warm server started now, which keeps running for later commands until
        its idle timeout (``NEWSGRAPH_IDLE_MINUTES``, default 30) or ``newsgraph stop``.  This
        object holds a lease on it until :meth:`close`, so it does not stop in between.
        ``neo4j://`` and ``neo4j+s://`` (Aura) routing URIs work like ``bolt://``.  Every session
        of the driver shares its bookmark manager, so a :meth:`query` after a :meth:`load` sees
        the load on a cluster too.

        Raises
        ------
        newsgraph.graph.connection.BoltConnectionError
            Invalid URI, unreachable server, wrong credentials or missing database (checked
            here with a ``RETURN 1`` on the database, not at the first query); nothing is kept,
            so the next call tries again.
        newsgraph.graph.server.ServerError
            The embedded server failed to start.
        """
        wanted = (uri, user, password, database, None if data_dir is None else str(data_dir))
        if getattr(self, "_driver", None) is not None:
            if wanted == (None,) * 5 or wanted == self._wanted:
                return self._driver
            self.close()
        from .graph.bolt import open_driver
        from .graph.connection import ConnectionSettings, resolve_settings
        from .graph.server_files import find_running_server
        from .graph.server_locks import ServerLease
        from .graph.warm_server import ensure_server

        settings = resolve_settings(uri, user, password, database)
        self._data_dir = data_dir
        lease = None
        try:
            if settings.uri is None:
                lease = ServerLease(data_dir).acquire()
                running = find_running_server(data_dir) or ensure_server(
                    data_dir, database=settings.database, password=settings.password)
                settings = ConnectionSettings(running["uri"], running["user"],
                                              running["password"], settings.database)
            driver = open_driver(settings)
        except BaseException:
            if lease is not None:
                lease.release()  # nothing is kept: the next call tries again
            raise
        self._lease, self._settings, self._driver, self._wanted = lease, settings, driver, wanted
        return driver

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
        database's node and relationship counts, ``{"Official": 32, …, "ATTENDED": 72, …}``.

        ``uri`` and ``connection`` (``user``, ``password``, ``database``, ``data_dir``) are
        :meth:`connect`'s.

        Raises
        ------
        newsgraph.graph.connection.BoltConnectionError, newsgraph.graph.server.ServerError
            As :meth:`connect`.
        newsgraph.graph.neo4j_cypher.SchemaConflictError
            An index made by another tool stops the (label, key) constraint.
        newsgraph.graph.neo4j.LoadBatchError
            A batch failed and was rolled back (earlier ones stay committed).
        """
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
        newsgraph.queries.library.UnknownQueryError
            ``name_or_cypher`` is one word that names no query; the message suggests the
            closest names ("no query named top_speaker; did you mean top_speakers?").
        newsgraph.queries.library.QueryParamError
            A named query's parameter is missing, unknown or of the wrong type.
        neo4j.exceptions.Neo4jError
            The server rejected the query.
        """
        from .graph.cypher import run_query
        from .queries.library import resolve_query

        named = resolve_query(name_or_cypher)  # before connecting: a typo needs no server
        driver = self.connect()
        if named is not None:
            bound = named.bind({k: str(v) for k, v in params.items()})
            return run_query(driver, self._settings.database, named.cypher, bound, read_only=True)
        return run_query(driver, self._settings.database, name_or_cypher, params,
                         read_only=False)

    def show(self, max_nodes: int | None = None, height: int = 650):
        """The HTML explorer inline in Jupyter: an ``IPython.display.HTML`` holding an iframe
        whose ``srcdoc`` is the explorer page (self-contained, no network)."""
        import html as html_lib
        import tempfile

        from IPython.display import HTML

        from .graph.explorer import write_explorer

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "graph.html"
            write_explorer(self.graph, path, max_nodes=max_nodes)
            page = path.read_text(encoding="utf-8")
        # In a <div>: IPython warns about HTML that starts with <iframe (use IFrame, it says,
        # which takes a URL and so cannot hold the page itself).
        return HTML(f'<div><iframe srcdoc="{html_lib.escape(page)}" style="width:100%;'
                    f'height:{height}px;border:1px solid #ddd"></iframe></div>')

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
          jobs: int | None = 1, engine: str = "processes",
          scheduler: str | None = None) -> KnowledgeGraph:
    """Build the knowledge graph of ``paths`` (files or folders of articles).

    ``jobs`` worker processes extract in parallel (``None``: one per core); the graph does not
    depend on it.  ``engine="dask"`` runs the build on a Dask cluster instead: ``scheduler``'s
    (``"tcp://host:8786"``) or a local one of ``jobs`` workers, with the same graph
    (:func:`~newsgraph.workflow.build_corpus`; needs ``pip install 'newsgraph[dask]'``).

    Raises
    ------
    InputError
        A path does not exist, or (``strict``) a file cannot be read.
    ~newsgraph.workflow.dask_engine.EngineError
        ``engine="dask"`` without dask installed, or the scheduler cannot be reached.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    result = build_corpus(list(paths), strict=strict, jobs=jobs, engine=engine,
                          scheduler=scheduler)
    return KnowledgeGraph(result.graph, result)
