"""The examples in the package's docstrings run and give what they show (doctest on every
installed module of ``newsgraph``, as ``--doctest-modules`` would; the package's folders are
mapped to ``newsgraph.*`` names at install time, so pytest cannot collect them from source)."""
import doctest
import importlib
import pkgutil

import pytest

# The subpackages live in folders of their own (extract/, graph/, queries/), which a walk of
# newsgraph's folder does not reach.
_PACKAGES = ["newsgraph", "newsgraph.extract", "newsgraph.graph", "newsgraph.queries"]
MODULES = sorted({m.name for p in _PACKAGES
                  for m in pkgutil.walk_packages(importlib.import_module(p).__path__, p + ".")})


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_package_has_examples():
    attempted = sum(doctest.testmod(importlib.import_module(n), report=False).attempted
                    for n in MODULES)
    assert attempted >= 10
