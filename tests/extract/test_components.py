"""The registered extraction components: one ordered list, each runnable alone."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract import components
from newsgraph.extract.doc import Doc
from newsgraph.extract.pipeline import CorpusContext, extract_article, read_articles

TEXT = ("本报讯 昨天，通州区半年工作会议召开。区委书记孟景伟主持会议并讲话。郑皓出席。")


def _doc(context=CorpusContext(known_officials=frozenset({"郑皓"}))):
    return Doc(article=read_articles(TEXT, "t.txt")[0], context=context)


def test_the_pipeline_lists_each_component_once_in_running_order():
    names = [n for n, _ in components.PIPELINE]
    assert len(names) == len(set(names))
    # Relations need their ends: mentions come first, relations after.
    assert names.index("titled_officials") < names.index("known_officials") < names.index(
        "attendance")
    assert names.index("districts") < names.index("home") < names.index("locations")


def test_run_equals_extract_article():
    doc = components.run(_doc())
    ext = extract_article(doc.article, doc.context)
    assert [(m.label, m.name, m.start) for m in doc.extraction().mentions] == [
        (m.label, m.name, m.start) for m in ext.mentions]


def test_a_component_can_be_left_out():
    full = {m.name for m in components.run(_doc()).officials}
    without = {m.name for m in components.run(_doc(), exclude={"known_officials"}).officials}
    assert "郑皓" in full and "郑皓" not in without
    assert "孟景伟" in without


def test_a_component_can_run_alone():
    doc = components.run(_doc(), only={"districts"})
    assert not doc.officials and "通州区" in {d.name for d in doc.districts}


def test_registering_places_a_component_and_refuses_duplicates(monkeypatch):
    monkeypatch.setattr(components, "PIPELINE", list(components.PIPELINE))
    seen = []
    components.component("probe", after="districts")(lambda doc: seen.append(len(doc.districts)))
    names = [n for n, _ in components.PIPELINE]
    assert names[names.index("districts") + 1] == "probe"
    components.run(_doc())
    assert seen and seen[0] > 0
    with pytest.raises(ValueError, match="registered already"):
        components.component("probe")(lambda doc: None)
    with pytest.raises(ValueError, match="no component named"):
        components.component("other", before="nothing")(lambda doc: None)


def test_a_new_label_needs_only_its_component(monkeypatch):
    """The path ARCHITECTURE.md describes for a new label: a component that puts mentions of
    it on ``doc.others`` gives nodes of that label, MENTIONS edges and schema-valid data."""
    from newsgraph.extract.types import Mention
    from newsgraph.graph.build import GraphBuilder
    from newsgraph.schema import schema_errors

    # The real organisations component left out: the probe stands for a label's first rule.
    monkeypatch.setattr(components, "PIPELINE",
                        [(n, c) for n, c in components.PIPELINE if n != "organizations"])

    def organizations(doc):
        at = doc.text.find("区委")
        doc.others.append(Mention(label="Organization", name="通州区委", text=doc.text[at:at + 2],
                                  start=at, end=at + 2, rule="test"))

    components.component("organizations", after="titled_officials")(organizations)
    builder = GraphBuilder()
    builder.add(extract_article(read_articles(TEXT, "t.txt")[0], CorpusContext()))
    graph = builder.finish()
    assert graph.nodes["Organization:通州区委"]["evidence"][0]["rule"] == "test"
    assert graph.has_edge("Article:t#0", "Organization:通州区委")
    assert schema_errors(graph.nodes(data=True), graph.edges(data=True)) == []


def test_known_officials_uses_the_corpus_set_itself_when_the_article_adds_nothing(monkeypatch):
    """A set made per article costs time in the corpus's number of officials (which grows with
    an archive) and a new automaton each time: the context's own frozenset goes through."""
    context = CorpusContext(known_officials=frozenset({"郑皓", "孟景伟", "赵玉影"}))
    seen = []
    real = components.find_known_officials
    monkeypatch.setattr(components, "find_known_officials",
                        lambda text, known, taken=(), **kw: seen.append((known, kw))
                        or real(text, known, taken, **kw))
    doc = components.run(_doc(context))
    assert seen[0][0] is context.known_officials
    assert "郑皓" in {o.name for o in doc.officials}
    # An article's own new official is added for that article only, beside the corpus's set.
    seen.clear()
    context = CorpusContext(known_officials=frozenset({"郑皓"}))
    components.run(_doc(context))
    assert seen[0][0] is context.known_officials and seen[0][1]["extra"] == {"孟景伟"}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="王力张德启华", max_size=30),
       st.sets(st.text(alphabet="王力张德启华", min_size=2, max_size=4), max_size=6),
       st.sets(st.text(alphabet="王力张德启华", min_size=2, max_size=4), max_size=3),
       st.sets(st.text(alphabet="王力张德启华", min_size=2, max_size=4), max_size=3))
def test_added_and_dropped_names_match_as_one_automaton_of_the_set(text, known, extra, dropped):
    """The corpus's automaton with an article's additions and removals applied to its
    overlapping matches picks what one leftmost-longest automaton of the resulting set picks."""
    import ahocorasick_rs

    from newsgraph.extract.known_officials import _name_spans

    names = (known | extra) - dropped
    expected = [(s, e) for _, s, e in ahocorasick_rs.AhoCorasick(
        sorted(names), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
    ).find_matches_as_indexes(text)] if names else []
    got = _name_spans(text, frozenset(known), frozenset(extra - dropped), frozenset(dropped))
    assert got == expected


def test_an_equal_copy_of_the_corpus_names_reuses_its_automaton():
    """Each task of a build unpickles its own copy of the context: the automaton is found by
    the copy's identity after its first article, not by comparing the sets for every one."""
    import pickle

    from newsgraph.extract import known_officials as ko

    names = frozenset({"郑皓", "孟景伟"})
    ko.find_known_officials("郑皓讲话。", names)
    copy = pickle.loads(pickle.dumps(names))
    assert copy == names and copy is not names
    assert [m.name for m in ko.find_known_officials("孟景伟讲话。", copy)] == ["孟景伟"]
    assert ko._BY_IDENTITY[(id(copy), False)][0] is copy
    assert ko._corpus_automaton(copy, False) is ko._automaton(names, False)
