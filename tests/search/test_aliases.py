"""Aliases in search: learned at index time, expanded both ways, built-in and user edits."""

from __future__ import annotations

from pathlib import Path

from debateprep.search import IndexChange, IndexDoc, SearchIndex
from debateprep.search.aliases import ALIAS_FILE, AliasTable, LearnedAliases
from debateprep.text.acronyms import Alias


def _doc(key: int, title: str, body: str) -> IndexDoc:
    return IndexDoc(key=f"source:{key}", doc_type="source", title=title, body=body, kind="source")


def _keys(index: SearchIndex, text: str) -> list[str]:
    return [hit.key for hit in index.search(text, forgiving=False)]


def _index(tmp_path: Path) -> SearchIndex:
    index = SearchIndex(tmp_path / "ix")
    index.rebuild(
        [
            _doc(1, "Grants", "Cities lose the Byrne Justice Assistance Grant (JAG) money."),
            _doc(2, "Money", "The Justice Assistance Grant funds local police."),
            _doc(3, "Jail", "The sheriff honored the ICE request."),
            _doc(4, "Wardens", "Local jails worked with the Wardens Bureau (WB) for years."),
            _doc(5, "Other", "The WB stopped."),
        ],
        watermark=0,
    )
    return index


def test_short_form_finds_the_long_form_as_a_phrase(tmp_path: Path) -> None:
    index = _index(tmp_path)
    assert set(_keys(index, "JAG")) == {"source:1", "source:2"}
    assert set(_keys(index, "Byrne JAG")) == {"source:1"}
    # A learned alias (not built in) works too, both ways.
    assert set(_keys(index, "WB")) == {"source:4", "source:5"}
    assert set(_keys(index, "Wardens Bureau")) == {"source:4", "source:5"}


def test_long_form_or_its_tail_finds_the_acronym(tmp_path: Path) -> None:
    index = _index(tmp_path)
    assert "source:3" in _keys(index, "Customs Enforcement")
    assert "source:3" in _keys(index, '"Immigration and Customs Enforcement"')
    assert "source:3" not in _keys(index, "Enforcement")  # one word is not enough


def test_learned_list_follows_changes_and_user_edits(tmp_path: Path) -> None:
    index = _index(tmp_path)
    assert Alias("WB", "Wardens Bureau") in index.learned.all()
    index.apply([IndexChange(1, upserts=(_doc(4, "Wardens", "No acronym now."),))])
    assert Alias("WB", "Wardens Bureau") not in index.learned.all()
    assert _keys(index, "WB") == ["source:5"]
    index.set_aliases(added=[Alias("WB", "acronym")])
    assert set(_keys(index, "WB")) == {"source:4", "source:5"}
    index.set_aliases(removed=[Alias("JAG", "Justice Assistance Grant")])
    assert set(_keys(index, "JAG")) == {"source:1"}  # the text's own definition still counts


def test_a_save_defining_nothing_leaves_the_alias_file_alone(tmp_path: Path) -> None:
    index = _index(tmp_path)
    path = tmp_path / "ix" / ALIAS_FILE
    before = path.stat().st_mtime_ns, path.read_bytes()
    index.apply([IndexChange(1, upserts=(_doc(9, "Plain", "No acronym here."),))])
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    index.apply([IndexChange(2, upserts=(_doc(9, "Now", "The Grand Jury (GJ) met."),))])
    assert Alias("GJ", "Grand Jury") in index.learned.all()
    index.apply([IndexChange(3, deletes=("source:9",))])
    assert Alias("GJ", "Grand Jury") not in index.learned.all()


def test_table_lookup_and_damaged_file(tmp_path: Path) -> None:
    table = AliasTable([Alias("ICE", "Immigration and Customs Enforcement")])
    assert table.others(("ice",)) == ["Immigration and Customs Enforcement"]
    assert table.others(("customs", "enforcement")) == ["ICE"]
    assert table.others(("enforcement",)) == []
    (tmp_path / "debateprep-aliases.json").write_text("{not json", "utf-8")
    assert LearnedAliases(tmp_path).all() == []


def test_query_builder_takes_a_table(tmp_path: Path) -> None:
    from debateprep.search.query import QueryBuilder
    from debateprep.search.schema import build_schema

    builder = QueryBuilder(build_schema())
    table = AliasTable([Alias("JAG", "Justice Assistance Grant")])
    parsed = builder.parse("Byrne JAG", aliases=table, prefix=False)
    assert parsed is not None
    assert ("justic", "assist", "grant") in parsed.phrases["body"]  # highlighted as a phrase
    plain = builder.parse("Byrne JAG", aliases=AliasTable(), prefix=False)
    assert plain is not None and not plain.phrases
    # Fields and exclusions stay as typed: no expansion inside them.
    for text in ("tag:JAG", "Byrne NOT JAG"):
        found = builder.parse(text, aliases=table, prefix=False)
        assert found is not None and not found.phrases
