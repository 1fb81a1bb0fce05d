"""``newsgraph load | serve | query | queries``: the Neo4j / Bolt side of the CLI.

Connection options (``--uri --user --password --database``, or ``NEO4J_URI``, ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) select a Bolt server; with no URI the embedded ArcadeDB
server on ``--data-dir`` (default :func:`newsgraph.graph.server_files.default_data_dir`) is used — the
running one (``newsgraph serve``, or the warm server of an earlier command), else the warm server
started now and left running (:mod:`newsgraph.graph.warm_server`; ``newsgraph stop`` ends it).

Exit codes: 0 success; 1 a load stopped at a failed batch (earlier batches committed, resumable);
2 bad arguments or an unusable server (one line on stderr says what, where and how to fix).
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from ..graph.cypher import run_query
from .arguments import bolt_int_problem, bolt_uri, bolt_uri_problem, location
from .common import error, graph_path, read_graph_or_report

__all__ = ["register"]


def _add_connection_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("connection (default: the embedded ArcadeDB server)")
    g.add_argument("--uri", type=bolt_uri,
                   help="Bolt URI: bolt://localhost:7687, neo4j://host:7687 (a cluster), "
                        "neo4j+s://xxxx.databases.neo4j.io (Aura) (env NEO4J_URI)")
    g.add_argument("--user", help="user name (env NEO4J_USER; default root embedded, neo4j otherwise)")
    g.add_argument("--password", help="password (env NEO4J_PASSWORD; embedded: the stored one)")
    g.add_argument("--database", help="database (env NEO4J_DATABASE; default newsgraph embedded, neo4j otherwise)")
    g.add_argument("--data-dir", type=Path, help="embedded server data directory (env NEWSGRAPH_DATA_DIR)")


def register(subparsers) -> None:
    """Add the ``load``, ``serve``, ``query`` and ``queries`` sub-commands."""
    p = subparsers.add_parser("load", help="load DIR/graph.json into Neo4j or the embedded ArcadeDB server",
                              description="Merge a graph.json into a Bolt database (idempotent, incremental).")
    p.add_argument("graph", type=location, help="graph.json, a graph.parquet folder, or the build's "
                   "output folder holding one")
    _add_connection_options(p)
    # The default is DEFAULT_BATCH_SIZE of newsgraph.graph.neo4j_batches, looked up in cmd_load:
    # importing the loader (and networkx) here would slow every command's start, `query` included.
    p.add_argument("--batch-size", type=int, default=None, help="rows per transaction (default 1000)")
    p.add_argument("--resume", action="store_true", help="skip the batches a previous, interrupted load of this graph committed")
    p.add_argument("--replace-source", metavar="FILE", action="append", default=[],
                   help="first remove what came only from this source file (repeatable)")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.set_defaults(func=cmd_load)

    p = subparsers.add_parser("serve", help="run the embedded ArcadeDB Bolt server in the foreground",
                              description="Run the embedded ArcadeDB Bolt server until Ctrl-C.")
    p.add_argument("--data-dir", type=Path, help="data directory (env NEWSGRAPH_DATA_DIR)")
    p.add_argument("--database", default=None, help="database name (default newsgraph)")
    p.add_argument("--password", default=None, help="root password for a new data directory (default: random)")
    p.add_argument("--bolt-port", type=int, default=None,
                   help="Bolt port to try first (default: the one this data dir used last, else 7687; a free one if taken)")
    p.add_argument("--detach", action="store_true",
                   help="start the warm server in the background and return (it stops after --idle-minutes "
                        "without use, or with `newsgraph stop`)")
    p.add_argument("--idle-minutes", type=float, default=None, metavar="MIN",
                   help="with --detach: idle timeout (env NEWSGRAPH_IDLE_MINUTES, default 30)")
    p.set_defaults(func=cmd_serve)

    p = subparsers.add_parser("query", help="run a named query or a Cypher statement and print the rows",
                              description="Run a named query (see `newsgraph queries`) or a Cypher statement.")
    p.add_argument("query", help="a query name or a Cypher statement")
    p.add_argument("--param", "-p", action="append", default=[], metavar="KEY=VALUE",
                   help="query parameter (repeatable); named queries convert to the declared type, "
                        "ad-hoc Cypher takes JSON numbers/booleans, otherwise strings")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _add_connection_options(p)
    p.set_defaults(func=cmd_query)

    p = subparsers.add_parser("queries", help="list the named queries", description="List the named queries.")
    p.add_argument("name", nargs="?", help="show one query in full")
    p.set_defaults(func=cmd_queries)


# ---------------------------------------------------------------------------------------------
def _settings(args, command: str):
    """The connection settings of ``args`` and the environment, or None after one error line
    when ``NEO4J_URI`` is not a Bolt URI (``--uri`` is checked by argparse)."""
    from newsgraph.graph.connection import resolve_settings

    settings = resolve_settings(args.uri, args.user, args.password, args.database)
    problem = settings.uri and args.uri is None and bolt_uri_problem(settings.uri)
    if problem:
        error(command, f"NEO4J_URI {settings.uri!r}: {problem}")
        return None
    return settings


def _print_embedded_banner(settings, data_dir, *, running: bool, out=None) -> None:
    out = out or sys.stdout  # looked up per call: tests and callers may swap sys.stdout
    print(f"  url:      {settings.uri}", file=out)
    print(f"  user:     {settings.user}", file=out)
    print(f"  password: {settings.password}", file=out)
    print(f"  database: {settings.database}", file=out)
    print(f"  data dir: {data_dir}", file=out)


def _warm_note(server: dict) -> str:
    """What happens to the warm server next, for the end of ``load`` and ``serve --detach``."""
    idle = server.get("idle_seconds")
    if idle is None:  # `newsgraph serve` in the foreground
        return "The server started by `newsgraph serve` keeps running."
    when = "as soon as no command uses it" if idle == 0 else f"after {idle / 60:g} min without use"
    return (f"The server keeps running for later commands (`newsgraph query …` answers at once); it stops "
            f"{when}, or with `newsgraph stop`.")


def cmd_load(args) -> int:
    """``newsgraph load``: see :func:`register`."""
    import neo4j

    from newsgraph.graph.load_state import ResumeStateError, graph_fingerprint, state_path_for
    from newsgraph.graph.neo4j import LoadBatchError, load_graph
    from newsgraph.graph.neo4j_batches import DEFAULT_BATCH_SIZE
    from newsgraph.graph.neo4j_cypher import SchemaConflictError
    from newsgraph.graph.neo4j_maintenance import count_nodes, count_relationships, remove_source
    from newsgraph.graph.bolt import open_bolt
    from newsgraph.graph.connection import BoltConnectionError
    from newsgraph.graph.server import ServerError
    from newsgraph.graph.server_files import default_data_dir

    if args.batch_size is None:
        args.batch_size = DEFAULT_BATCH_SIZE
    if args.batch_size < 1:
        error("load", "--batch-size must be at least 1")
        return 2
    from newsgraph.graph.io import GraphFileError

    path = graph_path(args.graph)
    # A Parquet graph is read as it is loaded: never whole in memory.
    g = read_graph_or_report("load", path, streamed=True)
    if g is None:
        return 2
    settings = _settings(args, "load")
    if settings is None:
        return 2
    data_dir = args.data_dir or default_data_dir()
    target = settings.uri or f"embedded:{Path(data_dir).resolve()}"
    target += f"/{settings.database}"
    tty = sys.stderr.isatty() and not args.quiet

    def progress(batch, total):
        if tty:
            print(f"\r  batch {batch.index + 1}/{total} {batch.describe():<60}", end="", file=sys.stderr, flush=True)

    def started(server):
        if not args.quiet:
            print(f"started the embedded ArcadeDB server at {server['uri']} ({data_dir})", file=sys.stderr)

    try:
        with open_bolt(settings, data_dir=data_dir, on_start=started) as (driver, eff, server):
            for source in args.replace_source:
                counts = remove_source(driver, eff.database, source)
                print(f"replaced source {source}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
            try:
                report = load_graph(
                    driver, g, database=eff.database, batch_size=args.batch_size,
                    state_path=state_path_for(path), fingerprint=graph_fingerprint(path),
                    target=target, resume=args.resume, progress=progress,
                )
            finally:
                if tty:
                    print(file=sys.stderr)
            db_nodes = count_nodes(driver, eff.database)
            db_rels = count_relationships(driver, eff.database)
            print(f"loaded {path}: {sum(report.nodes.values())} node rows, {sum(report.relationships.values())} "
                  f"relationship rows in {report.batches_run} batches ({report.seconds:.1f} s)"
                  + (f", {report.batches_skipped} batches skipped (--resume)" if report.batches_skipped else ""))
            if report.skipped_nodes or report.skipped_edges:
                print(f"  skipped {report.skipped_nodes} nodes and {report.skipped_edges} edges with a label/type outside the schema")
            print("  database now holds: " + ", ".join(f"{k} {v}" for k, v in db_nodes.items() if v)
                  + "; " + ", ".join(f"{k} {v}" for k, v in db_rels.items() if v))
            if settings.uri is None:
                print("\nThe graph is in the embedded ArcadeDB database (Bolt, Neo4j drivers and tools work):")
                _print_embedded_banner(eff, data_dir, running=True)
                print(_warm_note(server))
    except (BoltConnectionError, ServerError, ResumeStateError, SchemaConflictError,
            GraphFileError) as exc:  # a Parquet graph is read as it is loaded
        error("load", str(exc))
        return 2
    except LoadBatchError as exc:
        error("load", str(exc))
        return 1
    except KeyboardInterrupt:
        # The open transaction is rolled back; finished batches are already in the state file.
        error("load", f"interrupted; committed batches are recorded in {state_path_for(path)}: "
                     "run the same command with --resume to continue")
        return 130
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
        error("load", f"{getattr(exc, 'message', None) or exc}")
        return 2
    return 0


def cmd_serve(args) -> int:
    """``newsgraph serve``: run the embedded server until Ctrl-C (or SIGTERM)."""
    from newsgraph.graph.server import ArcadeDBServer, ServerError
    from newsgraph.graph.server_files import DEFAULT_DATABASE, find_running_server

    if args.detach:
        return _serve_detached(args)
    running = find_running_server(args.data_dir)
    if running is not None:
        error("serve", f"a server (pid {running['pid']}) already serves this data dir at {running['uri']} "
                      f"(database {running['database']}, user {running['user']}, password {running['password']}); "
                      "`newsgraph stop` ends it")
        return 2
    try:
        server = ArcadeDBServer(args.data_dir, database=args.database or DEFAULT_DATABASE,
                                password=args.password, bolt_port=args.bolt_port)
        server.start()
    except ServerError as exc:
        error("serve", str(exc))
        return 2

    def on_term(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        print("ArcadeDB Bolt server running (Neo4j drivers, cypher-shell and `newsgraph query` connect to it):")
        _print_embedded_banner(server.settings, server.data_dir, running=True)
        print("Press Ctrl-C to stop.", flush=True)
        code = server.wait()
        error("serve", f"the server exited by itself (code {code}); see {server.log_path}")
        return 2
    except KeyboardInterrupt:
        print("\nstopping…", file=sys.stderr)
        return 0
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)


def _serve_detached(args) -> int:
    """``newsgraph serve --detach``: the warm server, started (or found) and left running."""
    from newsgraph.graph.connection import ConnectionSettings
    from newsgraph.graph.server import ServerError
    from newsgraph.graph.server_files import DEFAULT_DATABASE, default_data_dir
    from newsgraph.graph.server_locks import ServerLease
    from newsgraph.graph.warm_server import ensure_server, idle_seconds

    data_dir = args.data_dir or default_data_dir()
    started = []
    try:
        idle = idle_seconds(args.idle_minutes)
        with ServerLease(data_dir):
            server = ensure_server(data_dir, database=args.database or DEFAULT_DATABASE,
                                   password=args.password, idle=idle, bolt_port=args.bolt_port,
                                   on_start=started.append)
    except ServerError as exc:
        error("serve", str(exc))
        return 2
    print("ArcadeDB Bolt server " + ("started in the background:" if started else "already running:"))
    settings = ConnectionSettings(server["uri"], server["user"], server["password"], server["database"])
    _print_embedded_banner(settings, data_dir, running=True)
    print(_warm_note(server))
    return 0


def _parse_params(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"--param {item!r}: expected KEY=VALUE")
        out[key.strip()] = value
    return out


def _adhoc_value(text: str):
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return text
    return value if isinstance(value, (int, float, bool)) or value is None else text


def format_frame(df, fmt: str) -> str:
    """Render a result DataFrame as ``table`` (aligned text, :func:`newsgraph.tables.format_table`),
    ``csv`` or ``json`` (list of rows)."""
    if fmt == "csv":
        # Lists and maps as JSON, so a CSV reader gets something it can parse back.
        cells = df.apply(lambda col: col.map(
            lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v))
        return cells.to_csv(index=False)
    if fmt == "json":
        return json.dumps(df.to_dict(orient="records"), ensure_ascii=False, indent=1, default=str) + "\n"
    from newsgraph.tables import format_table

    return format_table(df)


def cmd_query(args) -> int:
    """``newsgraph query``: see :func:`register`."""
    import neo4j

    from newsgraph.graph.bolt import open_bolt
    from newsgraph.graph.connection import BoltConnectionError
    from newsgraph.graph.server import ServerError
    from newsgraph.graph.server_files import default_data_dir
    from newsgraph.queries.library import QueryParamError, resolve_query

    try:
        given = _parse_params(args.param)
        named = resolve_query(args.query)
        if named is not None:
            cypher, params = named.cypher, named.bind(given)
        else:
            cypher, params = args.query, {k: _adhoc_value(v) for k, v in given.items()}
    except (ValueError, QueryParamError) as exc:
        error("query", str(exc))
        return 2
    for key, value in params.items():
        problem = (isinstance(value, int) and not isinstance(value, bool)
                   and bolt_int_problem(value))
        if problem:
            error("query", f"--param {key}: {problem}")
            return 2
    settings = _settings(args, "query")
    if settings is None:
        return 2
    data_dir = args.data_dir or default_data_dir()

    def started(server):
        print(f"(started the embedded ArcadeDB server on {data_dir}; it keeps running for later "
              "commands, `newsgraph stop` ends it)", file=sys.stderr)

    try:
        with open_bolt(settings, data_dir=data_dir, on_start=started) as (driver, eff, _server):
            try:
                df = run_query(driver, eff.database, cypher, params, read_only=named is not None)
            except neo4j.exceptions.Neo4jError as exc:
                msg = (exc.message or str(exc)).splitlines()[0]
                error("query", f"the server rejected the query ({exc.code}): {msg}")
                return 2
    except (BoltConnectionError, ServerError) as exc:
        error("query", str(exc))
        return 2
    sys.stdout.write(format_frame(df, args.format))
    return 0


def cmd_queries(args) -> int:
    """``newsgraph queries``: list the named queries with their descriptions and parameters."""
    from newsgraph.queries.library import UnknownQueryError, load_queries

    queries = load_queries()
    if args.name:
        q = queries.get(args.name)
        if q is None:
            error("queries", str(UnknownQueryError.for_name(args.name, list(queries))))
            return 2
        print(f"{q.name}: {q.description}")
        for p in q.params:
            default = "required" if p.required else f"default {p.default!r}"
            print(f"  --param {p.name}=<{p.type}>  {p.text} ({default})")
        for e in q.examples:
            print(f"  e.g. {e}")
        print("\n" + q.cypher)
        return 0
    width = max(len(n) for n in queries) if queries else 0
    for q in queries.values():
        params = " ".join(f"{p.name}=<{p.type}>" + ("" if p.required else "?") for p in q.params)
        print(f"{q.name:<{width}}  {q.summary}" + (f"  [{params}]" if params else ""))
    print("\nRun one with `newsgraph query NAME --param key=value`; `newsgraph queries NAME` shows it in full.")
    return 0
