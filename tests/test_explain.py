from pathlib import Path

from newsgraph.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "mini_graph.json"


def test_explain_node_by_name_prints_marked_evidence(capsys):
    assert main(["explain", "--graph", str(FIXTURE), "孟景伟"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Official:孟景伟")
    assert "fixture.txt" in out and "区委书记孟景伟主持会议并讲话。" in out


def test_explain_edge(capsys):
    assert main(["explain", "--graph", str(FIXTURE), "孟景伟 -[SPOKE_AT]-> 通州区半年工作会议"]) == 0
    out = capsys.readouterr().out
    assert "SPOKE_AT" in out and "主持会议并讲话" in out
    assert "ATTENDED" not in out.splitlines()[0]


def test_explain_alias_and_wildcard(capsys):
    assert main(["explain", "--graph", str(FIXTURE), "潞城"]) == 0          # an alias
    assert "District:潞城镇" in capsys.readouterr().out
    assert main(["explain", "--graph", str(FIXTURE), "* LOCATED_IN 通州区"]) == 0
    out = capsys.readouterr().out
    assert "District:潞城镇 -[LOCATED_IN]-> District:通州区" in out


def test_explain_unknown_or_missing_file_exits_2(capsys, tmp_path):
    assert main(["explain", "--graph", str(FIXTURE), "nobody"]) == 2
    assert "nothing in" in capsys.readouterr().err
    assert main(["explain", "--graph", str(tmp_path / "none.json"), "x"]) == 2
    assert "no such file" in capsys.readouterr().err
