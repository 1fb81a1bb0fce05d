"""Where inputs and outputs live: a local path, or an fsspec URL (``s3://bucket/papers/``,
``gs://…``, ``abfs://…``, ``sftp://host/…``, ``file:///…``) wherever a path is taken.

A URL is read and written through `fsspec <https://filesystem-spec.readthedocs.io>`_, with the
package of its protocol installed beside newsgraph (``s3fs`` for ``s3://``, ``gcsfs`` for
``gs://``, ``adlfs`` for ``abfs://``); credentials come from where that package looks for them
(for s3fs: the ``AWS_*`` variables, ``~/.aws``, an instance role; ``AWS_ENDPOINT_URL`` for an
S3-compatible store such as MinIO or Ceph).  Options of a protocol can also be given in
fsspec's configuration (``FSSPEC_S3_ENDPOINT_URL=…``, ``~/.config/fsspec/*.json``).

What is done with a URL:

- input folders are listed (:func:`list_folder`) and each file is copied to a temporary local
  file just while it is read (:func:`local_copy`): the readers of PDF and Word files need a
  file, and a page of news is small;
- an output folder is written locally first and uploaded once complete
  (:func:`upload_folder`): a failed build uploads nothing;
- a graph read by ``load``, ``export``, ``view`` is copied to a temporary local folder first
  (:func:`download_graph`).

fsspec is imported only when a URL is used.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

__all__ = ["is_url", "StorageError", "url_filesystem", "list_folder", "local_copy",
           "upload_folder", "download_graph", "url_join"]

# A scheme of two letters or more, so that a Windows drive (``C:\\``) is no URL.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")


def is_url(location: object) -> bool:
    """True for a string that starts with ``scheme://``: a location for fsspec, not a path.

    >>> is_url("s3://papers/2024"), is_url("papers/2024"), is_url(Path("s3://x"))
    (True, False, False)
    """
    return isinstance(location, str) and _URL.match(location) is not None


class StorageError(OSError):
    """A URL that cannot be used: its protocol's package is missing, or the store refused or
    failed the request.  ``str(error)`` is ``"<url>: <reason>"``, one line."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason

    def __reduce__(self):  # pickles across worker processes with its fields
        return type(self), (self.url, self.reason)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def url_filesystem(url: str):
    """``(filesystem, path)`` of ``url`` (``fsspec.core.url_to_fs``); raises
    :class:`StorageError` when fsspec or the protocol's package is missing or the URL is
    malformed."""
    try:
        import fsspec.core
    except ImportError:
        raise StorageError(url, "a URL needs fsspec (pip install fsspec)") from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:  # fsspec's message names the package: "Install s3fs to access S3"
        raise StorageError(url, _reason(exc)) from None
    except (ValueError, TypeError, OSError) as exc:
        raise StorageError(url, _reason(exc)) from None


def url_join(url: str, *parts: str) -> str:
    """``url`` with ``parts`` appended as path segments.

    >>> url_join("s3://b/out/", "graph.parquet", "nodes.parquet")
    's3://b/out/graph.parquet/nodes.parquet'
    """
    return "/".join([url.rstrip("/"), *(p.strip("/") for p in parts)])


def list_folder(url: str, suffixes: Iterable[str], *, exclude: Iterable[str] = ()
                ) -> list[tuple[str, str, int]] | None:
    """The files below folder ``url`` whose suffix (case-insensitively) is in ``suffixes``,
    as ``(url, name relative to the folder, size in bytes)`` sorted by name's path segments;
    hidden files and files under hidden folders (a segment starting with ``.``) and under the
    folders ``exclude`` names (URLs) are left out.  None when ``url`` is a file.

    Raises :class:`StorageError` when ``url`` does not exist or cannot be listed.
    """
    fs, root = url_filesystem(url)
    try:
        if fs.isfile(root):
            return None
        found = fs.find(root, detail=True)
    except (OSError, ValueError) as exc:
        raise StorageError(url, f"cannot list ({_reason(exc)})") from None
    if not found and not fs.isdir(root):
        raise StorageError(url, "no such file or folder")
    suffixes = {s.lower() for s in suffixes}
    skipped = [url_filesystem(e)[1].rstrip("/") + "/" for e in exclude if is_url(e)]
    base = root.rstrip("/") + "/"
    files = []
    for path, info in found.items():
        if info.get("type", "file") != "file" or not path.startswith(base):
            continue
        name = path[len(base):]
        segments = name.split("/")
        if any(s.startswith(".") for s in segments) or any(path.startswith(s) for s in skipped):
            continue
        if PurePosixPath(name).suffix.lower() in suffixes:
            files.append((fs.unstrip_protocol(path), name, int(info.get("size") or 0)))
    files.sort(key=lambda f: f[1].split("/"))
    return files


@contextmanager
def local_copy(url: str) -> Iterator[Path]:
    """A temporary local copy of the file ``url``, under its own name (so its suffix is kept),
    removed when the block ends.  Raises :class:`StorageError` when it cannot be read."""
    fs, path = url_filesystem(url)
    with tempfile.TemporaryDirectory(prefix="newsgraph-url-") as tmp:
        local = Path(tmp, PurePosixPath(path).name or "file")
        try:
            fs.get_file(path, str(local))
        except FileNotFoundError:
            raise StorageError(url, "no such file") from None
        except (OSError, ValueError) as exc:
            raise StorageError(url, f"unreadable ({_reason(exc)})") from None
        yield local


def upload_folder(local: str | os.PathLike, url: str, names: Iterable[str],
                  remove: Iterable[str] = ()) -> None:
    """Copy the files and folders ``names`` of folder ``local`` to folder ``url`` (a folder's
    earlier objects are replaced whole), then delete ``remove`` there (an earlier build's
    files this one replaces with another format).  An object store writes object by object:
    a failure part-way leaves the objects uploaded so far beside the earlier ones, and the
    next build replaces them.  Raises :class:`StorageError`."""
    fs, root = url_filesystem(url)
    root = root.rstrip("/")
    try:
        fs.makedirs(root, exist_ok=True)
        for name in names:
            source, target = Path(local, name), f"{root}/{name}"
            if source.is_dir():
                if fs.exists(target):
                    fs.rm(target, recursive=True)
                fs.put(str(source), target, recursive=True)
            else:
                fs.put_file(str(source), target)
        for name in remove:
            target = f"{root}/{name}"
            if fs.exists(target):
                fs.rm(target, recursive=True)
    except (OSError, ValueError) as exc:
        raise StorageError(url, f"cannot write ({_reason(exc)})") from None


def download_graph(url: str, into: str | os.PathLike) -> Path:
    """Copy the graph at ``url`` into the local folder ``into`` and return the local
    location to read: for a build's folder its ``graph.json`` or ``graph.parquet/`` with its
    ``articles.jsonl``, for a ``graph.json`` or ``graph.parquet`` URL that file or folder
    (with the ``articles.jsonl`` beside it, when there is one).  Raises
    :class:`StorageError`; a URL with no graph raises it with "no graph.json or
    graph.parquet"."""
    fs, path = url_filesystem(url)
    path = path.rstrip("/")
    into = Path(into)
    try:
        name = PurePosixPath(path).name
        if name in ("graph.json", "graph.parquet") or path.endswith(".json"):
            folder, graph = str(PurePosixPath(path).parent), name
            if not fs.exists(path):
                raise StorageError(url, "no such file or folder")
        else:
            folder = path
            graph = next((g for g in ("graph.json", "graph.parquet")
                          if fs.exists(f"{folder}/{g}")), None)
            if graph is None:
                raise StorageError(url, "no graph.json or graph.parquet (not a build's "
                                        "output folder?)")
        if fs.isdir(f"{folder}/{graph}"):
            fs.get(f"{folder}/{graph}/", str(into / graph), recursive=True)
        else:
            fs.get_file(f"{folder}/{graph}", str(into / graph))
        if fs.exists(f"{folder}/articles.jsonl"):
            fs.get_file(f"{folder}/articles.jsonl", str(into / "articles.jsonl"))
    except StorageError:
        raise
    except (OSError, ValueError) as exc:
        raise StorageError(url, f"unreadable ({_reason(exc)})") from None
    return into / graph if name == graph else into

