"""Every environment variable the package reads is documented in the README's table."""
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
READ = re.compile(r"""(?:environ\.get|getenv|env\.get|environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")


def test_every_environment_variable_is_in_the_readme():
    names = set()
    for folder in ("newsgraph", "graph", "extract", "queries"):
        for path in (REPO / folder).rglob("*.py"):
            names |= set(READ.findall(path.read_text(encoding="utf-8")))
    assert "NEWSGRAPH_ARCADEDB_HEAP" in names and "NEO4J_URI" in names
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = {m for m in re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", readme, flags=re.M)}
    assert names - rows == set(), f"not in the README's table of variables: {sorted(names - rows)}"
