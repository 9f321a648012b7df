"""Private PostgreSQL and redis-server instances for the tests: real servers, never mocks and
never the system services.

Each instance gets its own temporary directory (data and unix socket), a free port on
127.0.0.1, and is stopped and removed afterwards. `scripts/install_services.sh` (run by
`make test`) installs Debian's packages when they are missing.

PostgreSQL refuses to run as root (initdb and postgres both check), so as root the servers run
as an unprivileged system user (`postgres` when the package created it, else `nobody`).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.runtime.launcher import free_port

INSTALL_HINT = (
    "Draai eerst: ./scripts/install_services.sh (installeert postgresql en redis-server)."
)


class ServiceMissing(RuntimeError):
    pass


def _postgres_bin(name: str) -> str:
    """The newest Debian PostgreSQL's program, else one on the PATH."""
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True):
        candidate = Path(directory) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise ServiceMissing(f"PostgreSQL ({name}) is niet gevonden. {INSTALL_HINT}")
    return found


def _version(directory: str) -> int:
    try:
        return int(Path(directory).parent.name.split(".")[0])
    except ValueError:
        return 0


def _service_user() -> pwd.struct_passwd | None:
    """The user the servers run as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise ServiceMissing(
        "Geen gebruiker 'postgres' of 'nobody' om PostgreSQL als niet-root te draaien."
    )


def _private_tempdir(prefix: str, user: pwd.struct_passwd | None) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))  # mode 0700, in /tmp (which all may traverse)
    if user is not None:
        os.chown(path, user.pw_uid, user.pw_gid)
    return path


def _as_user(user: pwd.struct_passwd | None) -> dict:
    if user is None:
        return {}
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def _wait(check, what: str, process: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} is gestopt (code {process.returncode}):\n{_tail(log)}")
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} niet op tijd klaar:\n{_tail(log)}")


def _tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _stop(process: subprocess.Popen | None, signum: int, timeout: float = 20.0) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signum)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class PostgresServer:
    """`postgres` on 127.0.0.1:port with a throw-away cluster; database `rasa`, user `zww`."""

    database: str = "rasa"
    user_name: str = "zww"
    port: int = field(default_factory=free_port)
    root: Path | None = None
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"postgresql://{self.user_name}@127.0.0.1:{self.port}/{self.database}"

    def admin_url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user_name}@127.0.0.1:{self.port}/{database}"

    def create(self) -> PostgresServer:
        self._user = _service_user()
        self.root = _private_tempdir("zww-pg-", self._user)
        data = self.root / "data"
        log = self.root / "initdb.log"
        with open(log, "wb") as out:
            done = subprocess.run(
                [
                    _postgres_bin("initdb"),
                    "-D",
                    str(data),
                    "-U",
                    self.user_name,
                    "--auth=trust",  # loopback and a private socket directory only
                    "-E",
                    "UTF8",
                    "--no-locale",
                    "--no-sync",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.root,
                **_as_user(self._user),
            )
        if done.returncode:
            raise RuntimeError(f"initdb is mislukt:\n{_tail(log)}")
        self.start()
        import psycopg2

        conn = psycopg2.connect(self.admin_url())
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE {self.database}")
        conn.close()
        return self

    def start(self) -> None:
        assert self.root is not None
        log = self.root / "postgres.log"
        out = open(log, "ab")
        self.process = subprocess.Popen(
            [
                _postgres_bin("postgres"),
                "-D",
                str(self.root / "data"),
                "-p",
                str(self.port),
                "-k",
                str(self.root),  # the unix socket stays in our own directory
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "max_connections=400",
                # A test cluster: durability against power loss is not what is tested.
                "-c",
                "fsync=off",
                "-c",
                "full_page_writes=off",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=self.root,
            start_new_session=True,
            **_as_user(self._user),
        )
        out.close()
        _wait(self._accepts, "PostgreSQL", self.process, log)

    def _accepts(self) -> bool:
        import psycopg2

        try:
            psycopg2.connect(self.admin_url(), connect_timeout=2).close()
            return True
        except psycopg2.OperationalError:
            return False

    def stop(self) -> None:
        """Fast shutdown (SIGINT): open connections are ended, committed data stays."""
        _stop(self.process, signal.SIGINT)

    def restart(self) -> None:
        self.stop()
        self.start()

    def destroy(self) -> None:
        self.stop()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class RedisServer:
    """`redis-server` on 127.0.0.1:port, nothing written to disk."""

    port: int = field(default_factory=free_port)
    root: Path | None = None
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def create(self) -> RedisServer:
        self._user = _service_user()
        self.root = _private_tempdir("zww-redis-", self._user)
        self.start()
        return self

    def start(self) -> None:
        assert self.root is not None
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not os.access(binary, os.X_OK):
            raise ServiceMissing(f"redis-server is niet gevonden. {INSTALL_HINT}")
        log = self.root / "redis.log"
        out = open(log, "ab")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.root),
                "--unixsocket",
                str(self.root / "redis.sock"),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=self.root,
            start_new_session=True,
            **_as_user(self._user),
        )
        out.close()
        _wait(self._pings, "redis-server", self.process, log)

    def _pings(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        _stop(self.process, signal.SIGTERM)

    def destroy(self) -> None:
        self.stop()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
