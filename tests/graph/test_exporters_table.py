"""The exporters' table is read by every command's parser: it names the writers and imports
them only when one is used."""
import subprocess
import sys

from newsgraph.graph.exporters import EXPORTERS


def test_every_exporter_names_a_writer_that_imports():
    for fmt, exporter in EXPORTERS.items():
        assert callable(exporter.write), fmt


def test_reading_the_table_imports_no_networkx():
    code = ("import sys; from newsgraph.graph.exporters import EXPORTERS; list(EXPORTERS); "
            "print('networkx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
