"""A throwaway PostgreSQL cluster for the class-library tests and the load benchmark.

``Cluster.start()`` runs the distribution's ``initdb`` and ``postgres`` in a new temporary
folder: a Unix socket in that folder plus TCP on 127.0.0.1 at a port the OS just handed out
(never a fixed one), TLS with a self-signed certificate made here, and password logins for
everybody but the superuser (``postgres``, trusted on the socket only). Run as root (CI),
the server runs as the unprivileged ``postgres`` user, as PostgreSQL insists.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUPERUSER = "postgres"


def find_bin() -> Path | None:
    """The folder holding initdb and pg_ctl (Debian keeps them off PATH), or None."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    found = str(candidates[0]) if candidates else shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """One running server; ``url(db, user)`` is how DebatePrep is pointed at it."""

    folder: Path
    port: int
    bin: Path
    run_as: str | None  # the unprivileged user the server runs as (when we are root)
    _admin: Any = None  # the superuser's kept connection (psycopg), made on first use

    @classmethod
    def start(cls, *, fsync: bool = False, max_connections: int = 200) -> Cluster:
        bindir = find_bin()
        if bindir is None:
            raise FileNotFoundError("PostgreSQL's initdb is not installed")
        folder = Path(tempfile.mkdtemp(prefix="debateprep-pg-"))
        run_as = None
        if os.geteuid() == 0:
            run_as = SUPERUSER if _user_exists(SUPERUSER) else "nobody"
            entry = pwd.getpwnam(run_as)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        cluster = cls(folder, _free_port(), bindir, run_as)
        cluster._init(fsync, max_connections)
        return cluster

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def _run(self, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args), check=True, capture_output=True, text=True, user=self.run_as, **kwargs
        )

    def _init(self, fsync: bool, max_connections: int) -> None:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-A", "trust",
            "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self._run(
            "openssl", "req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=127.0.0.1",
            "-keyout", str(self.data / "server.key"), "-out", str(self.data / "server.crt"),
        )  # fmt: skip
        (self.data / "server.key").chmod(0o600)
        (self.data / "pg_hba.conf").write_text(
            f"local all {SUPERUSER} trust\n"
            "local all all scram-sha-256\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.folder}'",
            "max_connections": str(max_connections),
            "shared_buffers": "'32MB'",
            "fsync": "on" if fsync else "off",
            "synchronous_commit": "on" if fsync else "off",
            "full_page_writes": "on" if fsync else "off",
            "ssl": "on",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def url(self, database: str, user: str = SUPERUSER, *, tcp: bool = False) -> str:
        """A ``postgresql://`` URL over the socket (or TCP to 127.0.0.1 with ``tcp``)."""
        if tcp:
            return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"
        return f"postgresql://{user}@/{database}?host={self.folder}&port={self.port}"

    def psql(self, sql: str, database: str = "postgres", user: str = SUPERUSER, **env: str) -> str:
        """Run SQL with the real ``psql`` client (no DebatePrep code); its output or a
        CalledProcessError carrying the server's error in ``stderr``."""
        result = subprocess.run(
            [
                str(self.bin / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", str(self.folder), "-p", str(self.port), "-U", user, "-d", database,
                "-c", sql,
            ],
            check=True, capture_output=True, text=True, env={**os.environ, **env},
        )  # fmt: skip
        return result.stdout.strip()

    def admin(self, sql: str) -> None:
        """Run one statement as the superuser over a kept connection (no psql start-up)."""
        import psycopg

        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(
                host=str(self.folder), port=self.port, user=SUPERUSER, dbname="postgres",
                autocommit=True,
            )  # fmt: skip
        self._admin.execute(sql)

    def create_database(self, name: str, template: str = "template1") -> None:
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        deadline = time.monotonic() + 10
        while (self.data / "postmaster.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        shutil.rmtree(self.folder, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
