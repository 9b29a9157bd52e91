"""The server enforces a class's rules: each test logs in with the real psql client (no
DebatePrep code) as a student or teacher and tries one thing. Setup uses class_roles."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from class_support import classes
from pg_cluster import Cluster
from sqlalchemy import make_url

from debateprep.errors import UserError
from debateprep.storage import class_roles, server

_CARD_COLUMNS = (
    "kind, side, tag, notes, position, quote, highlights, cite_author, cite_qualifications, "
    "cite_date, cite_title, cite_outlet, cite_url, cite_accessed, motion_id, owner"
)


def card_values(tag: str, owner: str = "current_user", motion: str = "NULL") -> str:
    return (
        f"INSERT INTO cards ({_CARD_COLUMNS}) VALUES ('argument', 'A', '{tag}', '', 0, '', "
        f"'[]', '', '', '', '', '', '', '', {motion}, {owner}) RETURNING id"
    )


@dataclass
class ClassDb:
    """One class: its database, teacher and students, each with a password."""

    cluster: Cluster
    name: str
    passwords: dict[str, str] = field(default_factory=dict)

    def sql(self, user: str, statement: str) -> str:
        """Run ``statement`` with psql as ``user`` (logging in with their password)."""
        return self.cluster.psql(statement, self.name, user, PGPASSWORD=self.passwords[user])

    def refused(self, user: str, statement: str) -> str:
        """The server's error for ``statement`` run as ``user`` (fails if it succeeded)."""
        with pytest.raises(subprocess.CalledProcessError) as failure:
            self.sql(user, statement)
        return str(failure.value.stderr)

    def admin(self, statement: str) -> str:
        return self.cluster.psql(statement, self.name)

    @property
    def teacher(self) -> str:
        return f"{self.name}_teacher"

    def student(self, short: str) -> str:
        return f"{self.name}_{short}"


def make_class(cluster: Cluster, url: str, students: tuple[str, ...]) -> ClassDb:
    name = str(make_url(url).database)
    made = ClassDb(cluster, name)
    made.passwords[made.teacher] = class_roles.new_password()
    engine = server.create_server_engine(server.server_url(url))
    try:
        with engine.begin() as connection:
            class_roles.make_class(connection, made.teacher, made.passwords[made.teacher])
        teacher_url = server.server_url(url).set(username=made.teacher)
        teacher_engine = server.create_server_engine(
            teacher_url, password=made.passwords[made.teacher]
        )
        try:
            with teacher_engine.begin() as connection:
                for short in students:
                    password = made.passwords[made.student(short)] = class_roles.new_password()
                    class_roles.add_student(connection, made.student(short), password)
        finally:
            teacher_engine.dispose()
    finally:
        engine.dispose()
    return made


@pytest.fixture
def made_classes(pg_cluster: Cluster) -> Iterator[list[str]]:
    yield from classes(pg_cluster)


@pytest.fixture
def new_class(
    pg_cluster: Cluster,
    pg_templates: dict[str, str],
    pg_database: Callable[[str], str],
    made_classes: list[str],
) -> Callable[..., ClassDb]:
    """``new_class(*students)``: a class made from the empty template; dropped after, with
    its roles (they are cluster-wide)."""

    def make(*students: str) -> ClassDb:
        room = make_class(pg_cluster, pg_database(pg_templates["empty"]), students)
        made_classes.append(room.name)
        return room

    return make


@pytest.fixture
def school(new_class: Callable[..., ClassDb]) -> ClassDb:
    """A class with students maria and ben; maria has a card, the teacher a motion."""
    made = new_class("maria", "ben")
    made.sql(made.student("maria"), card_values("maria claim"))
    made.sql(
        made.teacher,
        "INSERT INTO motions (resolution, side_a, side_b, owner) "
        "VALUES ('Ban ovens', 'Prop', 'Opp', current_user)",
    )
    return made


def tag_of(made: ClassDb, tag: str) -> str:
    return made.admin(f"SELECT count(*) FROM cards WHERE tag = '{tag}'")


def test_student_reads_everything_in_the_class(school: ClassDb) -> None:
    ben = school.student("ben")
    assert school.sql(ben, "SELECT tag FROM cards") == "maria claim"
    assert school.sql(ben, "SELECT resolution FROM motions") == "Ban ovens"
    assert school.sql(ben, "SELECT count(*) FROM meta") == "3"


def test_student_adds_and_edits_own_card(school: ClassDb) -> None:
    ben = school.student("ben")
    card = school.sql(ben, card_values("ben claim"))
    school.sql(ben, f"UPDATE cards SET tag = 'ben edited' WHERE id = {card.split()[0]}")
    assert school.admin(f"SELECT tag, owner FROM cards WHERE id = {card.split()[0]}") == (
        f"ben edited|{ben}"
    )
    school.sql(ben, f"DELETE FROM cards WHERE id = {card.split()[0]}")
    assert tag_of(school, "ben edited") == "0"


def test_student_cannot_update_another_students_card(school: ClassDb) -> None:
    school.sql(school.student("ben"), "UPDATE cards SET tag = 'hijacked'")
    assert tag_of(school, "maria claim") == "1"
    assert tag_of(school, "hijacked") == "0"


def test_student_cannot_give_own_card_to_someone_else(school: ClassDb) -> None:
    maria = school.student("maria")
    error = school.refused(maria, f"UPDATE cards SET owner = '{school.student('ben')}'")
    assert "row-level security" in error
    assert school.admin("SELECT owner FROM cards") == maria


def test_student_cannot_delete_another_students_card(school: ClassDb) -> None:
    school.sql(school.student("ben"), "DELETE FROM cards")
    assert tag_of(school, "maria claim") == "1"


def test_student_cannot_insert_a_card_owned_by_someone_else(school: ClassDb) -> None:
    forged = f"'{school.student('maria')}'"
    error = school.refused(school.student("ben"), card_values("forged", owner=forged))
    assert "row-level security" in error
    assert tag_of(school, "forged") == "0"


def test_student_cannot_label_or_link_as_another(school: ClassDb) -> None:
    ben, maria = school.student("ben"), school.student("maria")
    marias = school.admin("SELECT id FROM cards")
    error = school.refused(ben, f"INSERT INTO card_labels VALUES ({marias}, 'mine now')")
    assert "row-level security" in error
    bens = school.sql(ben, card_values("ben claim")).split()[0]
    school.sql(ben, f"INSERT INTO links (kind, from_id, to_id, owner) VALUES "
               f"('answers', {bens}, {marias}, current_user)")  # fmt: skip
    school.sql(maria, "DELETE FROM links")  # not maria's link: nothing happens
    assert school.admin("SELECT owner FROM links") == ben


def test_student_cannot_change_another_students_brief(school: ClassDb) -> None:
    ben, maria = school.student("ben"), school.student("maria")
    brief = school.sql(
        maria,
        "INSERT INTO briefs (motion_id, side, title, owner) SELECT id, 'A', 'Maria''s', "
        "current_user FROM motions RETURNING id",
    ).split()[0]
    school.sql(maria, f"INSERT INTO brief_sections (brief_id, position, title) "
               f"VALUES ({brief}, 0, 'One')")  # fmt: skip
    error = school.refused(
        ben, f"INSERT INTO brief_sections (brief_id, position, title) VALUES ({brief}, 1, 'x')"
    )
    assert "row-level security" in error
    school.sql(ben, "UPDATE brief_sections SET title = 'gone'; UPDATE briefs SET title = 'gone'")
    assert school.admin("SELECT b.title, s.title FROM briefs b JOIN brief_sections s "
                        "ON s.brief_id = b.id") == "Maria's|One"  # fmt: skip


def test_student_cannot_read_another_class(
    school: ClassDb, new_class: Callable[..., ClassDb]
) -> None:
    other = new_class("zoe")
    ben = school.student("ben")
    with pytest.raises(subprocess.CalledProcessError) as failure:
        school.cluster.psql("SELECT 1", other.name, ben, PGPASSWORD=school.passwords[ben])
    assert "permission denied for database" in failure.value.stderr


def test_student_cannot_change_schema_version_or_library_id(school: ClassDb) -> None:
    ben = school.student("ben")
    school.sql(ben, "UPDATE meta SET value = '99' WHERE key IN ('schema_version', 'library_id')")
    assert school.admin("SELECT value FROM meta WHERE key = 'schema_version'") == "6"
    assert school.admin("SELECT value FROM meta WHERE key = 'library_id'") != "99"
    assert "permission denied" in school.refused(ben, "INSERT INTO meta VALUES ('x', 'y')")
    assert "permission denied" in school.refused(ben, "DELETE FROM meta")
    school.sql(ben, "UPDATE meta SET value = '7' WHERE key = 'change_counter'")  # saving bumps it
    assert school.admin("SELECT value FROM meta WHERE key = 'change_counter'") == "7"


def test_teacher_cannot_change_schema_version(school: ClassDb) -> None:
    school.sql(school.teacher, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    assert school.admin("SELECT value FROM meta WHERE key = 'schema_version'") == "6"


def test_only_the_class_owner_changes_the_schema(school: ClassDb) -> None:
    for user in (school.student("ben"), school.teacher):
        assert "must be owner" in school.refused(user, "DROP TABLE cards")
        assert "must be owner" in school.refused(user, "ALTER TABLE cards ADD COLUMN x int")
        assert "must be owner" in school.refused(
            user, "ALTER TABLE cards DISABLE ROW LEVEL SECURITY"
        )
        assert "permission denied for schema" in school.refused(user, "CREATE TABLE t (x int)")
    assert school.admin("SELECT count(*) FROM cards") == "1"


def test_change_log_rows_are_only_added_by_their_actor(school: ClassDb) -> None:
    ben = school.student("ben")
    row = "INSERT INTO change_log VALUES (1, {actor}, '', '', '[]', '[]')"
    assert "row-level security" in school.refused(ben, row.format(actor="'someone'"))
    school.sql(ben, row.format(actor="current_user"))
    for user in (ben, school.teacher):
        assert "permission denied" in school.refused(user, "UPDATE change_log SET actor = 'x'")
        assert "permission denied" in school.refused(user, "DELETE FROM change_log")
    assert school.admin("SELECT actor FROM change_log") == ben


def test_student_cannot_edit_a_locked_motions_cards(school: ClassDb) -> None:
    ben = school.student("ben")
    motion = school.admin("SELECT id FROM motions")
    card = school.sql(ben, card_values("on the motion", motion=motion)).split()[0]
    school.sql(school.teacher, f"UPDATE motions SET locked = 1 WHERE id = {motion}")
    school.sql(ben, f"UPDATE cards SET tag = 'changed' WHERE id = {card}")
    school.sql(ben, f"DELETE FROM cards WHERE id = {card}")
    assert school.admin(f"SELECT tag FROM cards WHERE id = {card}") == "on the motion"
    assert "row-level security" in school.refused(ben, card_values("new", motion=motion))
    assert "row-level security" in school.refused(
        ben, f"INSERT INTO card_labels VALUES ({card}, 'late')"
    )
    school.sql(ben, "UPDATE motions SET resolution = 'changed'")
    assert school.admin("SELECT resolution FROM motions") == "Ban ovens"


def test_student_cannot_lock_or_edit_own_motion_once_locked(school: ClassDb) -> None:
    ben = school.student("ben")
    school.sql(ben, "INSERT INTO motions (resolution, side_a, side_b, owner) "
               "VALUES ('Ben''s', 'A', 'B', current_user)")  # fmt: skip
    assert "row-level security" in school.refused(
        ben, "UPDATE motions SET locked = 1 WHERE resolution = 'Ben''s'"
    )
    school.sql(school.teacher, "UPDATE motions SET locked = 1 WHERE resolution = 'Ben''s'")
    school.sql(ben, "DELETE FROM motions WHERE resolution = 'Ben''s'")
    assert school.admin("SELECT count(*) FROM motions WHERE resolution = 'Ben''s'") == "1"


def test_teacher_edits_anyones_card_and_locks_motions(school: ClassDb) -> None:
    teacher = school.teacher
    school.sql(teacher, "UPDATE cards SET tag = 'teacher edit'")
    assert tag_of(school, "teacher edit") == "1"
    school.sql(teacher, "UPDATE motions SET locked = 1")
    motion = school.admin("SELECT id FROM motions")
    school.sql(teacher, f"UPDATE cards SET motion_id = {motion}")
    school.sql(teacher, "UPDATE cards SET tag = 'still the teacher'")
    assert tag_of(school, "still the teacher") == "1"
    school.sql(teacher, "DELETE FROM cards")
    assert school.admin("SELECT count(*) FROM cards") == "0"


def test_only_teachers_write_aliases(school: ClassDb) -> None:
    ben = school.student("ben")
    assert "permission denied" in school.refused(
        ben, "INSERT INTO aliases VALUES ('EU', 'European Union', 'user')"
    )
    school.sql(school.teacher, "INSERT INTO aliases VALUES ('EU', 'European Union', 'user')")
    assert school.sql(ben, "SELECT long FROM aliases") == "European Union"


def test_only_teachers_add_or_remove_students(school: ClassDb) -> None:
    ben = school.student("ben")
    error = school.refused(ben, "SELECT debateprep_add_student('sneaky', 'SCRAM-SHA-256$x')")
    assert "permission denied for function" in error
    error = school.refused(ben, f"SELECT debateprep_remove_student('{school.student('maria')}')")
    assert "permission denied for function" in error
    error = school.refused(
        school.teacher, "SELECT debateprep_add_student('plain', 'a plain password')"
    )
    assert "SCRAM verifier" in error
    assert "CREATEROLE" not in school.admin(
        f"SELECT CASE WHEN rolcreaterole THEN 'CREATEROLE' END FROM pg_roles "
        f"WHERE rolname = '{school.teacher}'"
    )


def test_teacher_cannot_remove_somebody_outside_the_class(
    school: ClassDb, new_class: Callable[..., ClassDb]
) -> None:
    other = new_class("zoe")
    error = school.refused(
        school.teacher, f"SELECT debateprep_remove_student('{other.student('zoe')}')"
    )
    assert "no student named" in error
    error = school.refused(school.teacher, f"SELECT debateprep_remove_student('{other.teacher}')")
    assert "no student named" in error


def test_removed_student_cannot_log_in_and_their_cards_stay(school: ClassDb) -> None:
    maria = school.student("maria")
    school.sql(school.teacher, f"SELECT debateprep_remove_student('{maria}')")
    assert school.admin("SELECT owner FROM cards") == maria
    error = school.refused(maria, "SELECT 1")
    assert "password authentication failed" in error


def test_a_login_name_is_checked_before_the_server() -> None:
    with pytest.raises(UserError, match="cannot be a login name"):
        class_roles.check_login_name('Robert"; DROP TABLE cards; --')
    assert class_roles.group_names('My "Class" 2026').students == "my__class__2026_students"


def test_every_table_has_forced_row_level_security(school: ClassDb) -> None:
    tables = ", ".join(f"'{table}'" for table in class_roles.CLASS_TABLES)
    rows = school.admin(
        "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
        f"WHERE relname IN ({tables}) AND relkind = 'r' ORDER BY relname"
    ).splitlines()
    assert rows == [f"{table}|t|t" for table in sorted(class_roles.CLASS_TABLES)]
    assert len(rows) == 11


def test_student_functions_are_security_definer_with_a_pinned_search_path(
    school: ClassDb,
) -> None:
    rows = school.admin(
        "SELECT proname, prosecdef, proconfig::text, pg_get_userbyid(proowner) FROM pg_proc "
        "WHERE proname LIKE 'debateprep_%' ORDER BY proname"
    ).splitlines()
    assert rows == [
        f'{name}|t|{{"search_path=pg_catalog, pg_temp"}}|postgres'
        for name in ("debateprep_add_student", "debateprep_remove_student")
    ]
