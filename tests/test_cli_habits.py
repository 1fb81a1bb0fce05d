"""Habits every command shares: --version, -v/-q through logging, plain --help."""
import pytest

from newsgraph import __version__
from newsgraph.cli import main, make_parser


def _commands():
    parser = make_parser()
    return next(a for a in parser._actions if a.dest == "command").choices


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsgraph {__version__}"


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_has_verbose_quiet_and_plain_help(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    assert "`" not in text, text
    assert "-v, --verbose" in text and "-q" in text


def test_top_level_help_is_plain(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "`" not in capsys.readouterr().out


def test_verbose_logs_quiet_silences_and_output_stays(tmp_path, mini_graph_path, capsys):
    runs = {}
    for flags in ([], ["-v"], ["-q"]):
        out = tmp_path / ("x" + "".join(flags))
        assert main(["export", str(mini_graph_path), "--format", "csv", "--out", str(out), *flags]) == 0
        o, e = capsys.readouterr()
        runs[tuple(flags)] = (o.replace(str(out), "OUT"), e)
    assert runs[()][1] == "" and runs[("-q",)][1] == ""
    assert "nodes.csv (11 nodes" in runs[("-v",)][1]
    assert runs[()][0] == runs[("-v",)][0] == runs[("-q",)][0] != ""
