"""What makes a class library's database a class: its roles, grants and row-level security.

The server, not the app, decides who may change what. Each class is one database with two
NOLOGIN groups named after it (roles are cluster-wide): ``<db>_teachers`` and
``<db>_students``. Only they may CONNECT (another class is another database: refused). Every
table has row-level security, ENABLEd and FORCEd (the owner too is held to the policies):

- everybody in the class reads everything;
- a student inserts, changes and deletes only rows whose ``owner`` is their database user
  (sources, motions, cards, links, briefs; a card's labels go with the card, a brief's
  sections and items with the brief), and WITH CHECK refuses a row naming anybody else;
- no student changes a locked motion or any card on it (insert, update or delete);
- a teacher changes everything, but never ``meta``'s schema version or library id;
- ``meta``: a student may only update the change counter; ``change_log``: rows are only
  added, with ``actor`` = the writer; ``aliases``: only teachers write (they shape the whole
  class's search, so a student's edit would change everybody's);
- DDL only by the class owner (the admin who ran ``class create``): nobody else owns a table,
  and nobody else may create in the schema.

Teachers add and remove students without the CREATEROLE right, through two SECURITY DEFINER
functions owned by that admin, which check that the caller is one of this class's teachers
(search_path pinned). A new login's password reaches the server only as a SCRAM verifier,
made on the client by libpq, as psql's ``\\password`` does: never in plain text, never logged.

Every name is quoted by psycopg (``psycopg.sql``): no user input is pasted into SQL.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from debateprep.errors import UserError

# Owned rows: a student's write must keep owner = current_user (and motions/cards unlocked).
_UNLOCKED_CARD = (
    "NOT EXISTS (SELECT 1 FROM motions m WHERE m.id = {table}.motion_id AND m.locked = 1)"
)
STUDENT_RULES = {
    "sources": "owner = current_user",
    "motions": "owner = current_user AND locked = 0",
    "cards": "owner = current_user AND " + _UNLOCKED_CARD.format(table="cards"),
    "links": "owner = current_user",
    "briefs": "owner = current_user",
    "card_labels": "EXISTS (SELECT 1 FROM cards c WHERE c.id = card_labels.card_id AND "
    "c.owner = current_user AND " + _UNLOCKED_CARD.format(table="c") + ")",
    "brief_sections": "EXISTS (SELECT 1 FROM briefs b WHERE b.id = brief_sections.brief_id "
    "AND b.owner = current_user)",
    "brief_items": "EXISTS (SELECT 1 FROM brief_sections s JOIN briefs b ON b.id = s.brief_id "
    "WHERE s.id = brief_items.section_id AND b.owner = current_user)",
}
CLASS_TABLES = (*STUDENT_RULES, "aliases", "meta", "change_log")
_FIXED_META = "key NOT IN ('schema_version', 'library_id')"  # set by create and migrations
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")  # a login: what psql users type, quoting-free
_NAME_SQL = "^[a-z][a-z0-9_]{0,39}$"
_MAX_IDENTIFIER = 63  # PostgreSQL's NAMEDATALEN - 1


@dataclass(frozen=True, slots=True)
class ClassGroups:
    """The two NOLOGIN groups of one class (one database)."""

    teachers: str
    students: str


@dataclass(frozen=True, slots=True)
class Member:
    """A teacher or student of the class, or a removed one whose cards remain."""

    name: str
    role: str  # "teacher", "student" or "removed"
    cards: int
    last_change: str  # ISO time of their last logged change, "" if none


def group_names(database: str) -> ClassGroups:
    """The class's group roles, from its database name (lower case, [a-z0-9_] only)."""
    base = re.sub(r"[^a-z0-9_]", "_", database.lower()) or "class"
    base = base[: _MAX_IDENTIFIER - len("_teachers")]
    return ClassGroups(f"{base}_teachers", f"{base}_students")


def check_login_name(name: str) -> str:
    """A student's or teacher's login name as the server will hold it; UserError if unusable."""
    if not _NAME.fullmatch(name):
        raise UserError(
            f"{name!r} cannot be a login name: use 1-40 lower-case letters, digits or _, "
            "starting with a letter (e.g. maria or maria_k)."
        )
    return name


def new_password() -> str:
    """A one-time password to read out or write on the board: 16 letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679"  # no look-alikes
    return "".join(secrets.choice(alphabet) for _ in range(16))


def _psycopg(connection: Connection) -> psycopg.Connection[Any]:
    """The psycopg connection under this SQLAlchemy one (same transaction)."""
    raw = connection.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    return raw


def password_verifier(connection: Connection, user: str, password: str) -> str:
    """The SCRAM verifier of ``password`` (made by libpq here): what CREATE ROLE is given."""
    raw = _psycopg(connection)
    verifier = raw.pgconn.encrypt_password(password.encode(), user.encode(), b"scram-sha-256")
    return bytes(verifier).decode("ascii")


def run_sql(connection: Connection, statement: sql.SQL | sql.Composed) -> None:
    """Run composed SQL on this transaction's psycopg connection (no placeholders: the
    function bodies' ``%I`` stay as they are)."""
    raw = _psycopg(connection)
    try:
        with raw.cursor() as cursor:
            cursor.execute(statement)
    except psycopg.Error as exc:  # as SQLAlchemy would raise it: one kind of error to catch
        raise DBAPIError(statement.as_string(raw), None, exc) from exc


def current_database(connection: Connection) -> str:
    return str(connection.execute(text("SELECT current_database()")).scalar_one())


def roles_exist(connection: Connection, names: Iterable[str]) -> list[str]:
    """Which of ``names`` are roles on this server already."""
    rows = connection.execute(
        text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names) ORDER BY rolname"),
        {"names": list(names)},
    )
    return [str(name) for (name,) in rows]


def make_class(connection: Connection, teacher: str, password: str | None) -> ClassGroups:
    """Turn this database (its tables just created) into a class; ``teacher`` logs in with
    ``password`` (a new role), or is an existing user (``password`` None) who joins."""
    groups = group_names(current_database(connection))
    taken = roles_exist(connection, (groups.teachers, groups.students))
    if taken:
        raise UserError(
            f"The server already has the roles {', '.join(taken)}: another class used this "
            "database name. Choose another name for the database."
        )
    for group in (groups.teachers, groups.students):
        run_sql(connection, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
    _grant(connection, groups)
    for table in CLASS_TABLES:
        _protect(connection, table, groups)
    _functions(connection, groups)
    if password is None:
        run_sql(
            connection,
            sql.SQL("GRANT {} TO {}").format(*map(sql.Identifier, (groups.teachers, teacher))),
        )
    else:
        create_login(connection, teacher, password, groups.teachers)
    return groups


def create_login(connection: Connection, name: str, password: str, group: str) -> None:
    """A new login role in ``group`` (the admin's own right: used for the teacher)."""
    verifier = password_verifier(connection, name, password)
    run_sql(
        connection,
        sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
            sql.Identifier(name), sql.Literal(verifier), sql.Identifier(group)
        ),
    )


def _grant(connection: Connection, groups: ClassGroups) -> None:
    both = sql.SQL(", ").join([sql.Identifier(groups.teachers), sql.Identifier(groups.students)])
    teachers = sql.Identifier(groups.teachers)
    database = sql.Identifier(current_database(connection))
    owned = sql.SQL(", ").join(sql.Identifier(table) for table in STUDENT_RULES)
    every = sql.SQL(", ").join(sql.Identifier(table) for table in CLASS_TABLES)
    for statement in (
        "REVOKE ALL ON DATABASE {db} FROM PUBLIC",
        "GRANT CONNECT ON DATABASE {db} TO {both}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        "GRANT USAGE ON SCHEMA public TO {both}",
        "GRANT SELECT ON {every} TO {both}",
        "GRANT INSERT, UPDATE, DELETE ON {owned} TO {both}",
        "GRANT INSERT, UPDATE, DELETE ON aliases, meta TO {teachers}",
        "GRANT UPDATE ON meta TO {both}",
        "GRANT INSERT ON change_log TO {both}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {both}",
    ):
        run_sql(
            connection,
            sql.SQL(statement).format(
                db=database, both=both, teachers=teachers, owned=owned, every=every
            ),
        )


def _protect(connection: Connection, table: str, groups: ClassGroups) -> None:
    """Row-level security on ``table``: its policies for the class owner, teachers, students."""
    name = sql.Identifier(table)
    both = sql.SQL(", ").join([sql.Identifier(groups.teachers), sql.Identifier(groups.students)])
    teachers, students = sql.Identifier(groups.teachers), sql.Identifier(groups.students)
    run_sql(connection, sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name))
    run_sql(connection, sql.SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(name))
    policies: list[tuple[str, str, sql.Composable, str | None, str | None]] = [
        # The class owner (FORCE holds them to policies too) keeps every right: migrations.
        ("class_owner", "ALL", sql.SQL("CURRENT_USER"), "true", "true"),
        ("class_reads", "SELECT", both, "true", None),
    ]
    if table == "meta":
        policies += [
            ("teachers_write", "ALL", teachers, _FIXED_META, _FIXED_META),
            (
                "students_count",
                "UPDATE",
                students,
                "key = 'change_counter'",
                "key = 'change_counter'",
            ),
        ]
    elif table == "change_log":
        policies.append(("members_log", "INSERT", both, None, "actor = current_user"))
    elif table == "aliases":
        policies.append(("teachers_write", "ALL", teachers, "true", "true"))
    else:
        rule = STUDENT_RULES[table]
        policies += [
            ("teachers_write", "ALL", teachers, "true", "true"),
            ("students_insert", "INSERT", students, None, rule),
            ("students_update", "UPDATE", students, rule, rule),
            ("students_delete", "DELETE", students, rule, None),
        ]
    for policy, command, roles, using, check in policies:
        statement = sql.SQL("CREATE POLICY {} ON {} FOR {} TO {}").format(
            sql.Identifier(policy), name, sql.SQL(command), roles
        )
        if using is not None:
            statement += sql.SQL(" USING ({})").format(sql.SQL(using))
        if check is not None:
            statement += sql.SQL(" WITH CHECK ({})").format(sql.SQL(check))
        run_sql(connection, statement)


# Run as the admin who made the class (SECURITY DEFINER), callable by its teachers only:
# session_user is who logged in (current_user is the definer inside the function).
_ADD_STUDENT = """
DECLARE
  teachers CONSTANT text := {teachers};
  students CONSTANT text := {students};
BEGIN
  IF NOT pg_has_role(session_user, teachers, 'member') THEN
    RAISE EXCEPTION 'only a teacher of this class adds students' USING ERRCODE = '42501';
  END IF;
  IF student_name !~ {pattern} THEN
    RAISE EXCEPTION 'not a valid login name: %', student_name USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = student_name) THEN
    RAISE EXCEPTION 'the server already has a user named %', student_name
      USING ERRCODE = '42710';
  END IF;
  IF password !~ '^SCRAM-SHA-256\\$' THEN
    RAISE EXCEPTION 'the password must arrive as a SCRAM verifier' USING ERRCODE = '22023';
  END IF;
  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', student_name, password, students);
END
"""

_REMOVE_STUDENT = """
DECLARE
  teachers CONSTANT text := {teachers};
  students CONSTANT text := {students};
BEGIN
  IF NOT pg_has_role(session_user, teachers, 'member') THEN
    RAISE EXCEPTION 'only a teacher of this class removes students' USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_auth_members m
    JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
    WHERE g.rolname = students AND r.rolname = student_name
  ) THEN
    RAISE EXCEPTION 'there is no student named % in this class', student_name
      USING ERRCODE = '42704';
  END IF;
  IF pg_has_role(student_name, teachers, 'member') THEN
    RAISE EXCEPTION '% is a teacher of this class, not a student', student_name
      USING ERRCODE = '42501';
  END IF;
  EXECUTE format('DROP ROLE %I', student_name);
END
"""


def _functions(connection: Connection, groups: ClassGroups) -> None:
    """The teachers' SECURITY DEFINER functions (owned by the admin running this)."""
    raw = _psycopg(connection)
    values = {
        "teachers": sql.Literal(groups.teachers).as_string(raw),
        "students": sql.Literal(groups.students).as_string(raw),
        "pattern": sql.Literal(_NAME_SQL).as_string(raw),
    }
    for function, arguments, body in (
        ("debateprep_add_student", "student_name text, password text", _ADD_STUDENT),
        ("debateprep_remove_student", "student_name text", _REMOVE_STUDENT),
    ):
        # str.format on our own template: the values are psycopg-quoted literals.
        code = body.replace("{teachers}", values["teachers"])
        code = code.replace("{students}", values["students"]).replace(
            "{pattern}", values["pattern"]
        )
        name = sql.Identifier(function)
        run_sql(
            connection,
            sql.SQL(
                "CREATE FUNCTION {}({}) RETURNS void LANGUAGE plpgsql SECURITY DEFINER "
                "SET search_path = pg_catalog, pg_temp AS {}"
            ).format(name, sql.SQL(arguments), sql.Literal(code)),
        )
        run_sql(connection, sql.SQL("REVOKE ALL ON FUNCTION {} FROM PUBLIC").format(name))
        run_sql(
            connection,
            sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(
                name, sql.Identifier(groups.teachers)
            ),
        )


def add_student(connection: Connection, name: str, password: str) -> None:
    """Create the student's login in this class (the caller must be its teacher)."""
    verifier = password_verifier(connection, check_login_name(name), password)
    connection.execute(
        text("SELECT debateprep_add_student(:name, :verifier)"),
        {"name": name, "verifier": verifier},
    )


def remove_student(connection: Connection, name: str) -> None:
    """Drop the student's login; their rows stay, still naming them as owner."""
    connection.execute(text("SELECT debateprep_remove_student(:name)"), {"name": name})


def is_teacher(connection: Connection) -> bool:
    """May this user change everything? False only for a student of the class (a member of
    its students' group, not of its teachers'); True for teachers, the class owner and a
    database that is no class."""
    groups = group_names(current_database(connection))
    row = connection.execute(
        text(
            "SELECT r.rolsuper, pg_has_role(current_user, t.oid, 'member'), "
            "pg_has_role(current_user, s.oid, 'member') FROM pg_roles r "
            "LEFT JOIN pg_roles t ON t.rolname = :teachers "
            "LEFT JOIN pg_roles s ON s.rolname = :students WHERE r.rolname = current_user"
        ),
        {"teachers": groups.teachers, "students": groups.students},
    ).one()
    superuser, teacher, student = row
    return bool(superuser or teacher or not student)


def members(connection: Connection) -> list[Member]:
    """The class's teachers and students (and removed students whose cards remain), with
    their card counts and the time of their last change: teachers first, then by name."""
    groups = group_names(current_database(connection))
    rows = connection.execute(
        text(
            "WITH people AS ("
            " SELECT r.rolname AS name, CASE WHEN g.rolname = :teachers THEN 0 ELSE 1 END AS rank"
            " FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            " JOIN pg_roles r ON r.oid = m.member WHERE g.rolname IN (:teachers, :students)"
            " UNION SELECT owner, 2 FROM cards WHERE owner <> ''),"
            " ranked AS (SELECT name, min(rank) AS rank FROM people GROUP BY name)"
            " SELECT p.name, p.rank,"
            " (SELECT count(*) FROM cards c WHERE c.owner = p.name),"
            " (SELECT max(l.at) FROM change_log l WHERE l.actor = p.name)"
            " FROM ranked p ORDER BY p.rank, p.name"
        ),
        {"teachers": groups.teachers, "students": groups.students},
    )
    roles = ("teacher", "student", "removed")
    return [Member(name, roles[rank], int(count), last or "") for name, rank, count, last in rows]
