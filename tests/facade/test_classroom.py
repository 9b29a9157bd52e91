"""The classroom through the facade: a class created, a teacher and students at work, and
each refusal given as one line before the server would refuse (the server's own rules are
proved with psql in tests/storage/test_class_roles.py)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from class_support import class_name, classes
from pg_cluster import Cluster

from debateprep.errors import UserError
from debateprep.facade.classroom import NOT_A_CLASS, create_class
from debateprep.facade.library import Library

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Classroom:
    cluster: Cluster
    database: str
    teacher: str
    passwords: dict[str, str]

    def open(self, user: str) -> Library:
        url = self.cluster.url(self.database, user)
        return Library.open(url, password=self.passwords[user], index=False)


@pytest.fixture
def made_classes(pg_cluster: Cluster) -> Iterator[list[str]]:
    yield from classes(pg_cluster)


@pytest.fixture
def classroom(pg_cluster: Cluster, made_classes: list[str]) -> Classroom:
    """A class (starter content) with the teacher and a student maria."""
    database = class_name()
    made_classes.append(database)
    teacher = f"{database}_teacher"
    created = create_class(pg_cluster.url(database), teacher)
    assert created.password is not None
    room = Classroom(pg_cluster, database, teacher, {teacher: created.password})
    with room.open(teacher) as library:
        room.passwords[f"{database}_maria"] = library.add_student(f"{database}_maria")
    return room


def maria(room: Classroom) -> str:
    return f"{room.database}_maria"


def test_class_create_makes_the_teacher_own_the_starter_content(classroom: Classroom) -> None:
    owners = classroom.cluster.psql("SELECT DISTINCT owner FROM cards", classroom.database)
    assert owners == classroom.teacher
    with classroom.open(classroom.teacher) as library:
        assert library.is_class_library and library.is_teacher
        members = {m.name: (m.role, m.cards) for m in library.class_members()}
    cards = int(classroom.cluster.psql("SELECT count(*) FROM cards", classroom.database))
    assert members == {classroom.teacher: ("teacher", cards), maria(classroom): ("student", 0)}


def test_student_creates_edits_links_and_deletes_own_cards(classroom: Classroom) -> None:
    with classroom.open(maria(classroom)) as library:
        assert not library.is_teacher
        first = library.create_card("argument", "A", "Ovens save lives")
        second = library.create_card("counterargument", "B", "Not in winter")
        library.edit_card(first.id, tag="Ovens save many lives")
        library.link(second.id, first.id, "answers")
        brief = library.create_brief(first.motion_id or library.default_motion().id, "A", "Mine")
        library.add_brief_section(brief.id, "Opening")
        library.delete_card(second.id)
        assert library.card(first.id).tag == "Ovens save many lives"
    actors = classroom.cluster.psql(
        f"SELECT DISTINCT actor FROM change_log WHERE actor <> '{classroom.teacher}'",
        classroom.database,
    )
    assert actors == maria(classroom)  # each save logged as hers: the server checks it


def test_student_deletes_own_work_even_where_others_use_it(classroom: Classroom) -> None:
    with classroom.open(maria(classroom)) as library:
        motion = library.create_motion("Her motion", "Yes", "No")
        on_it = library.create_card("argument", "A", "On her motion", motion_id=motion.id)
        card = library.create_card("argument", "A", "Hers, in the teacher's brief")
    with classroom.open(classroom.teacher) as library:
        brief = library.create_brief(library.default_motion().id, "A", "Teacher's")
        section = library.add_brief_section(brief.id, "Uses hers").sections[0].id
        library.add_to_brief(section, card.id)
        library.link(card.id, library.cards()[0].id, "supports")
    with classroom.open(maria(classroom)) as library:
        library.delete_card(card.id)
        library.delete_motion(motion.id)
        assert card.id not in {c.id for c in library.cards()}
        assert on_it.id not in {c.id for c in library.cards()}
        assert library.brief(brief.id).sections[0].card_ids == ()
        assert library.links(card.id) == []


def test_student_editing_anothers_card_is_told_whose_it_is(classroom: Classroom) -> None:
    with classroom.open(maria(classroom)) as library:
        card = library.cards()[0]
        with pytest.raises(UserError) as refused:
            library.edit_card(card.id, tag="mine now")
        assert str(refused.value) == (
            f"This card is {classroom.teacher}'s; in a class library you change only your "
            "own cards, links and briefs."
        )
        with pytest.raises(UserError, match=f"This card is {classroom.teacher}'s"):
            library.delete_card(card.id)
        with pytest.raises(UserError, match=f"This card is {classroom.teacher}'s"):
            library.reorder_cards([c.id for c in library.cards()][:2][::-1])
        assert library.card(card.id).tag == card.tag


def test_student_deleting_anothers_link_brief_or_source_is_refused(classroom: Classroom) -> None:
    teacher = classroom.teacher
    with classroom.open(teacher) as library:
        motion = library.default_motion().id
        brief = library.create_brief(motion, "A", "The teacher's brief")
    with classroom.open(maria(classroom)) as library:
        link = library.links()[0]
        with pytest.raises(UserError, match=f"This link is {teacher}'s"):
            library.unlink(link.from_id, link.to_id, link.kind)
        with pytest.raises(UserError, match=f"This brief is {teacher}'s"):
            library.add_brief_section(brief.id, "Sneaky")
        with pytest.raises(UserError, match=f"This brief is {teacher}'s"):
            library.delete_brief(brief.id)
        source = library.sources()[0]
        with pytest.raises(UserError, match=f"This source is {teacher}'s"):
            library.edit_source(source.id, title="Mine")
        assert library.brief(brief.id).title == "The teacher's brief"


def test_teacher_locks_a_motion_and_students_are_told(classroom: Classroom) -> None:
    with classroom.open(maria(classroom)) as library:
        motion = library.default_motion().id
        own = library.create_card("argument", "A", "Before the lock", motion_id=motion)
    with classroom.open(classroom.teacher) as library:
        assert library.lock_motion(motion, True).locked
        library.edit_card(own.id, notes="the teacher may")
    with classroom.open(maria(classroom)) as library:
        assert library.motion(motion).locked
        for action in (
            lambda: library.edit_card(own.id, tag="after"),
            lambda: library.delete_card(own.id),
            lambda: library.create_card("argument", "B", "new", motion_id=motion),
            lambda: library.edit_motion(motion, resolution="changed"),
        ):
            with pytest.raises(UserError, match=r"^The teacher locked this motion; "):
                action()
        with pytest.raises(UserError, match="Only the class's teacher locks motions"):
            library.lock_motion(motion, False)
    with classroom.open(classroom.teacher) as library:
        assert not library.lock_motion(motion, False).locked
    with classroom.open(maria(classroom)) as library:
        assert library.edit_card(own.id, tag="after").tag == "after"


def test_only_teachers_add_and_remove_students(classroom: Classroom) -> None:
    with classroom.open(maria(classroom)) as library:
        with pytest.raises(UserError, match=r"^Only the class's teacher adds students\.$"):
            library.add_student("someone")
        with pytest.raises(UserError, match=r"^Only the class's teacher removes students\.$"):
            library.remove_student(classroom.teacher)
    with classroom.open(classroom.teacher) as library:
        with pytest.raises(UserError, match="already has a user named"):
            library.add_student(maria(classroom))
        with pytest.raises(UserError, match="no student named"):
            library.remove_student("nobody_here")
        with pytest.raises(UserError, match="cannot be a login name"):
            library.add_student("Robert'); DROP TABLE cards;--")


def test_classroom_actions_in_a_personal_library_say_so(tmp_path: Path) -> None:
    with Library.open(tmp_path / "mine.db", starter=False) as library:
        assert library.is_teacher and not library.is_class_library
        motion = library.create_motion("Ban ovens", "Prop", "Opp")
        for action in (
            library.class_members,
            lambda: library.add_student("maria"),
            lambda: library.lock_motion(motion.id, True),
        ):
            with pytest.raises(UserError) as refused:
                action()
            assert str(refused.value) == NOT_A_CLASS


def test_class_create_refuses_a_database_in_use(
    pg_cluster: Cluster, pg_database: Callable[[str], str], pg_templates: dict[str, str]
) -> None:
    url = pg_database(pg_templates["empty"])
    with pytest.raises(UserError, match="is not empty; a class library needs a database"):
        create_class(url, "some_teacher")
    assert pg_cluster.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'some_teacher'") == "0"


def test_student_cuts_from_the_teachers_source_into_her_own_brief(classroom: Classroom) -> None:
    with classroom.open(maria(classroom)) as library:
        source = library.sources()[0]
        text = library.source_text(source.id)
        motion = library.default_motion().id
        card = library.cut_card(source.id, 0, 40, tag="Her card", side="A", motion_id=motion)
        library.edit_card(card.id, labels=["mine"])
        theirs = next(c for c in library.cards(side="A", motion_id=motion) if c.id != card.id)
        brief = library.create_brief(motion, "A", "Hers")
        library.send_to_brief(card.id, brief.id)
        record, _section = library.send_to_brief(theirs.id, brief.id)  # the teacher's card
        assert record.sections[-1].card_ids[-2:] == (card.id, theirs.id)
        assert library.card(card.id).labels == ("mine",)
        assert library.source_text(source.id) == text
        with pytest.raises(UserError, match=r"^Only the teacher edits the class's search"):
            library.add_alias("EU", "European Union")


def test_a_student_opening_another_class_is_told_in_one_line(
    classroom: Classroom, made_classes: list[str]
) -> None:
    other = class_name()
    made_classes.append(other)
    create_class(classroom.cluster.url(other), f"{other}_teacher")
    url = classroom.cluster.url(other, maria(classroom))
    with pytest.raises(UserError) as refused:
        Library.open(url, password=classroom.passwords[maria(classroom)], index=False)
    assert str(refused.value).endswith("your user is not in this class.")
    assert "\n" not in str(refused.value)


def test_a_personal_library_never_loads_the_postgresql_driver(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from debateprep.facade.library import Library\n"
        "import debateprep.cli.classroom\n"
        f"with Library.open({str(tmp_path / 'mine.db')!r}, starter=False) as library:\n"
        "    assert library.is_teacher\n"
        "assert 'psycopg' not in sys.modules, 'psycopg loaded for a personal library'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, check=False, timeout=120, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_teacher_undoing_a_students_deleted_card_gives_it_back_to_her(
    classroom: Classroom,
) -> None:
    with classroom.open(maria(classroom)) as library:
        card = library.create_card("argument", "A", "Hers")
    with classroom.open(classroom.teacher) as library:
        library.restore_card(library.delete_card(card.id))
    owner = classroom.cluster.psql(
        f"SELECT owner FROM cards WHERE id = {card.id}", classroom.database
    )
    assert owner == maria(classroom)
    with classroom.open(maria(classroom)) as library:
        assert library.edit_card(card.id, tag="Still hers").tag == "Still hers"


def test_student_undoes_deleting_her_card_from_the_teachers_brief(classroom: Classroom) -> None:
    with classroom.open(maria(classroom)) as library:
        card = library.create_card("argument", "A", "Hers", motion_id=library.default_motion().id)
    with classroom.open(classroom.teacher) as library:
        brief = library.create_brief(library.default_motion().id, "A", "Teacher's")
        section = library.add_brief_section(brief.id, "Uses hers").sections[-1].id
        library.add_to_brief(section, card.id)
    with classroom.open(maria(classroom)) as library:
        deleted = library.delete_card(card.id)
        assert deleted.brief_places
        assert library.restore_card(deleted).tag == "Hers"  # back, but not in that brief
        assert card.id not in library.brief(brief.id).sections[-1].card_ids
