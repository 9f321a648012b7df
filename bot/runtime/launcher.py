"""Starts, trains and stops Zorgwegwijzer: `python -m bot.runtime.launcher {train,run,shell}`.

Rasa is only driven through its command line here (subprocesses), so bot/ stays free of Rasa
imports and every server runs in its own process group that we can stop cleanly.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx
import yaml
from pydantic import ValidationError

from bot.domain import live_content, local_content
from bot.runtime import channels_config, model_store, spacy_pipeline
from bot.settings import PROJECT_ROOT, Settings, get_settings
from bot.storage import tracker_db
from bot.storage.private import DIR_MODE, private_dir, private_file

PYTHON = sys.executable
# The Rasa server's NLG: current answer texts from the files plus local information.
CONTENT_NLG = "rasa_ext.nlg.ContentNLG"
QUIET_TF = {"TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONUNBUFFERED": "1"}
# spaCy pulls in TensorFlow in this process too (building the pipeline): keep its start-up
# chatter out of the resident-facing console.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _env(settings: Settings, **extra: str) -> dict:
    env = {**os.environ, **QUIET_TF, **extra}
    # The servers run in the project folder: hand them the content paths as checked here.
    if settings.local_content is not None:
        env["ZWW_LOCAL_CONTENT"] = str(Path(settings.local_content).resolve())
    env["ZWW_ANSWERS_DIR"] = str(Path(settings.answers_dir).resolve())
    # Rasa's own telemetry would try to reach the internet; a public service keeps it off.
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    return env


# --- training ---------------------------------------------------------------------------


def train(settings: Settings | None = None, force: bool = False) -> Path:
    """Train when training data, domain or config changed; otherwise use the model that was
    trained from exactly these inputs, without re-packing it (bot/runtime/model_store.py)."""
    settings = settings or get_settings()
    info = spacy_pipeline.ensure()
    models = Path(settings.models_dir)
    models.mkdir(parents=True, exist_ok=True)
    digest = model_store.inputs_digest(PROJECT_ROOT, info.pipeline)
    existing = None if force else model_store.model_for(models, digest)
    if existing is not None:
        os.utime(existing)  # the newest file is the one every command loads
        print(f"Model is actueel, niet opnieuw getraind: {existing.name}", flush=True)
        return existing
    # Rasa fingerprints SpacyNLP by its path only, so a switch between the official model and
    # the fallback is tracked here and forces a retrain.
    marker = models / ".spacy-pipeline"
    if marker.exists() and marker.read_text().strip() != info.pipeline:
        force = True
    cmd = [
        PYTHON,
        "-m",
        "rasa",
        "train",
        "--domain",
        "domain.yml",
        "--config",
        "config.yml",
        "--data",
        "data",
        "--out",
        str(models),
    ]
    if force:
        cmd.append("--force")
    print(
        "Model trainen (alleen als de trainingsdata of de configuratie is veranderd) ...",
        flush=True,
    )
    started = time.monotonic()
    subprocess.run(cmd, cwd=PROJECT_ROOT, env=_env(settings), check=True)
    marker.write_text(info.pipeline)
    model = latest_model(models)
    model_store.remember(model, digest)
    for old in model_store.prune(models, protect=model):
        print(f"Oud model opgeruimd: {old.name}", flush=True)
    print(f"Model klaar in {time.monotonic() - started:.0f} s.", flush=True)
    return model


def latest_model(models_dir: Path) -> Path:
    candidates = sorted(Path(models_dir).glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not candidates:
        raise SystemExit("Geen getraind model gevonden. Draai eerst: make train")
    return candidates[-1]


# --- servers ----------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now (tests and the benchmark run their own
    servers beside a running `make run`)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def endpoints_file(settings: Settings) -> Path:
    """endpoints.yml with this run's action-server port and tracker-store location."""
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"] = {"url": f"{settings.action_url}/webhook"}
    # Same source as the API's conversation deletion and `bot.storage.retention` (ZWW_TRACKER_DB_URL).
    endpoints["tracker_store"] = tracker_db.rasa_endpoint_config(
        settings, endpoints.get("tracker_store")
    )
    # Answer texts and local information are read from their files while Rasa runs, so an
    # edit needs no retrain (rasa_ext/nlg.py, docs/content-editing.md).
    endpoints["nlg"] = {"type": CONTENT_NLG}
    lock_store = lock_store_config(settings)
    if lock_store is not None:
        endpoints["lock_store"] = lock_store
    target = private_dir(settings.data_dir) / f"endpoints-{settings.rasa_port}.yml"
    target.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return target


LOCK_KEY_PREFIX = "zww"  # Rasa allows letters and digits only


def lock_store_config(settings: Settings) -> dict | None:
    """Rasa's RedisLockStore section from ZWW_LOCK_STORE_URL; None = Rasa's in-memory store.

    Rasa hands the section's `url` to redis-py as the host name, so the URL is split into the
    keys Rasa documents (url, port, db, username, password, use_ssl)."""
    if not settings.lock_store_url:
        return None
    parts = urlsplit(settings.lock_store_url)
    section: dict = {
        "type": "redis",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 6379,
        "db": int(parts.path.strip("/") or 0),
        "key_prefix": LOCK_KEY_PREFIX,
    }
    if parts.username:
        section["username"] = unquote(parts.username)
    if parts.password:
        section["password"] = unquote(parts.password)
    if parts.scheme == "rediss":
        section["use_ssl"] = True
    return section


def rasa_env(settings: Settings) -> dict:
    """The Rasa server's environment: SANIC_WORKERS, which Rasa honours only with a lock
    store that is not in memory (the settings refuse workers > 1 without one)."""
    return _env(settings, SANIC_WORKERS=str(settings.rasa_workers))


STOP_SECONDS = 8.0  # SIGTERM first, SIGKILL after this
API_KEEP_ALIVE_SECONDS = 30
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """In the child before exec: the kernel kills it when the launcher dies, also on SIGKILL
    (no cleanup code runs then), so no server keeps holding its port. Linux only."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the signal handlers still stop everything on Ctrl-C / SIGTERM


@dataclass
class Server:
    name: str
    cmd: list[str]
    health_url: str
    env: dict
    log_path: Path
    is_healthy: Callable[[httpx.Response], bool] = lambda r: r.status_code == 200
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> None:
        # Logs may hold what residents asked: only the owner may read them (issue 9, finding 9).
        # The logs directory is always ours, so an existing one is made private too.
        os.chmod(private_dir(self.log_path.parent), DIR_MODE)
        log = open(private_file(self.log_path), "ab")
        # Own process group: one signal stops the server and everything it spawned.
        self.process = subprocess.Popen(
            self.cmd,
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - no other way to set PDEATHSIG
        )
        log.close()

    def healthy(self) -> bool:
        try:
            return self.is_healthy(httpx.get(self.health_url, timeout=2.0))
        except httpx.HTTPError:
            return False

    def exited(self) -> int | None:
        return self.process.poll() if self.process else None

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def signal(self, signum: int) -> None:
        """To the server's whole process group."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass

    def stop(self, timeout: float = 15.0) -> None:
        if not self.process or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass


def build_servers(settings: Settings, model: Path) -> list[Server]:
    logs = Path(settings.data_dir) / "logs"
    env = _env(settings)
    # Telegram/WhatsApp are on only when their ZWW_* variables are set (docs/channels.md).
    credentials = Path(settings.data_dir) / f"credentials-{settings.rasa_port}.yml"
    channels_config.write_credentials(settings, credentials)
    action = Server(
        "actieserver",
        [PYTHON, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.action_port)],
        f"{settings.action_url}/health",
        {**env, "SANIC_HOST": "127.0.0.1"},  # never on a public interface
        logs / "actions.log",
    )
    rasa = Server(
        "rasa",
        [
            PYTHON,
            "-m",
            "rasa",
            "run",
            "--model",
            str(model),
            "--interface",
            "127.0.0.1",
            "--port",
            str(settings.rasa_port),
            "--endpoints",
            str(endpoints_file(settings)),
            "--credentials",
            str(credentials),
        ],
        f"{settings.rasa_base_url}/",
        rasa_env(settings),
        logs / "rasa.log",
    )
    api = Server(
        "api",
        [
            PYTHON,
            "-m",
            "uvicorn",
            "api.main:app",
            "--host",
            settings.api_host,
            "--port",
            str(settings.api_port),
            "--no-server-header",
            # Longer than a client keeps an idle connection (httpx 5 s): with uvicorn's
            # default of 5 s both close at once, and a message sent on a connection the
            # server is just closing fails (found by the 100-conversation test under load).
            "--timeout-keep-alive",
            str(API_KEEP_ALIVE_SECONDS),
            "--log-level",
            "warning",
        ],
        f"http://127.0.0.1:{settings.api_port}/api/health",
        env,
        logs / "api.log",
        # The API answers even when Rasa is down; "healthy" here means all three are up.
        is_healthy=lambda r: r.status_code == 200 and r.json().get("status") == "ok",
    )
    return [action, rasa, api]


def port_in_use(url: str) -> bool:
    """Whether something already listens on the host and port of `url`."""
    parts = urlsplit(url)
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((parts.hostname or "127.0.0.1", parts.port or 80)) == 0


def start_and_wait(servers: list[Server], timeout: float = 300.0) -> None:
    # A server left over from an earlier run would answer the health checks and hide that
    # ours did not start: refuse instead.
    busy = [s for s in servers if port_in_use(s.health_url)]
    if busy:
        ports = ", ".join(f"{s.name} ({urlsplit(s.health_url).port})" for s in busy)
        raise RuntimeError(
            f"Poort al in gebruik: {ports}. Draait Zorgwegwijzer al? Stop die eerst, of kies "
            "andere poorten met ZWW_API_PORT, ZWW_RASA_PORT en ZWW_ACTION_PORT."
        )
    for server in servers:
        print(f"Start {server.name} (log: {server.log_path})", flush=True)
        server.start()
    deadline = time.monotonic() + timeout
    pending = list(servers)
    while pending:
        for server in list(pending):
            code = server.exited()
            if code is not None:
                raise RuntimeError(
                    f"{server.name} is gestopt (code {code}). Laatste regels uit de log:\n"
                    f"{server.tail()}"
                )
            if server.healthy():
                print(f"  {server.name} is klaar", flush=True)
                pending.remove(server)
        if time.monotonic() > deadline:
            names = ", ".join(s.name for s in pending)
            raise RuntimeError(f"Niet op tijd klaar: {names}")
        time.sleep(1.0)


def stop_all(servers: list[Server], timeout: float = STOP_SECONDS) -> None:
    """SIGTERM to every server at once, SIGKILL to what still runs after `timeout`: all
    stopped within ~10 s (Rasa alone can take longer than that to stop on SIGTERM)."""
    running = [s for s in servers if s.process and s.process.poll() is None]
    for server in running:
        server.signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for server in running:
        assert server.process is not None
        try:
            server.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            server.signal(signal.SIGKILL)
            server.process.wait()


def _raise_keyboard_interrupt(signum, frame):  # noqa: ARG001 - signal handler signature
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """Ctrl-C, `kill` and a closed terminal all end in the same clean shutdown. SIGINT is set
    explicitly: a script that starts us in the background passes it on as "ignored", and
    Python would then never raise KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    signal.signal(signal.SIGHUP, _raise_keyboard_interrupt)


def check_content(settings: Settings) -> None:
    """Refuse to start with answer texts or local information that cannot be used: a clear
    Dutch message instead of a bot that silently leaves them out. While the bot runs, a bad
    edit is logged and the previous version stays (bot/domain/live_content.py)."""
    try:
        live_content.load_national_responses(settings.answers_dir)
        if settings.local_content is not None:
            found = local_content.load(settings.local_content)
            print(
                f"Lokale informatie: {len(found.answers)} onderwerpen uit {settings.local_content}",
                flush=True,
            )
    except (live_content.ContentError, local_content.LocalContentError) as error:
        print(f"Starten mislukt. {error}", file=sys.stderr, flush=True)
        raise SystemExit(1) from None


def run(settings: Settings | None = None) -> None:
    settings = settings or get_settings()
    check_content(settings)
    model = train(settings)
    servers = build_servers(settings, model)
    stop_on_signals()
    try:
        start_and_wait(servers)
        host = "localhost" if settings.api_host in {"127.0.0.1", "0.0.0.0"} else settings.api_host
        print(
            f"\nZorgwegwijzer draait: http://{host}:{settings.api_port}\n"
            f"{channels_config.summary(settings)}\n"
            "Stoppen: Ctrl-C",
            flush=True,
        )
        while all(s.exited() is None for s in servers):
            time.sleep(1.0)
        crashed = [s for s in servers if s.exited() is not None]
        for server in crashed:
            print(f"{server.name} is onverwacht gestopt:\n{server.tail()}", file=sys.stderr)
        raise SystemExit(1)
    except KeyboardInterrupt:
        print("\nAlles wordt gestopt ...", flush=True)
    except RuntimeError as error:
        print(f"Starten mislukt: {error}", file=sys.stderr)
        raise SystemExit(1) from error
    finally:
        stop_all(servers)


def shell(settings: Settings | None = None) -> None:
    """`rasa shell` for testers, with the action server running."""
    settings = settings or get_settings()
    check_content(settings)
    model = train(settings)
    action = build_servers(settings, model)[0]
    stop_on_signals()
    shell_process = None
    try:
        start_and_wait([action])
        shell_process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "rasa",
                "shell",
                "--model",
                str(model),
                "--endpoints",
                str(endpoints_file(settings)),
                "--port",
                str(settings.rasa_port),
            ],
            cwd=PROJECT_ROOT,
            env=_env(settings),
        )
        shell_process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if shell_process and shell_process.poll() is None:
            shell_process.terminate()
            shell_process.wait(timeout=15)
        action.stop()


def settings_error(error: ValidationError) -> str:
    """A wrong ZWW_* setting as a Dutch start-up message, one line per setting."""
    lines = ["Een instelling klopt niet:"]
    for item in error.errors():
        name = "ZWW_" + str(item["loc"][0]).upper() if item["loc"] else "ZWW_*"
        lines.append(f"  {name}: {item['msg']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.runtime.launcher")
    sub = parser.add_subparsers(dest="command", required=True)
    train_cmd = sub.add_parser("train", help="train the model when data or config changed")
    train_cmd.add_argument("--force", action="store_true")
    sub.add_parser("run", help="train if needed and start all servers")
    sub.add_parser("shell", help="rasa shell with the action server")
    sub.add_parser("spacy", help="build the spaCy pipeline when missing or stale")
    args = parser.parse_args(argv)
    try:
        get_settings()
    except ValidationError as error:
        raise SystemExit(settings_error(error)) from None
    if args.command == "train":
        train(force=args.force)
    elif args.command == "run":
        run()
    elif args.command == "shell":
        shell()
    elif args.command == "spacy":
        spacy_pipeline.ensure()


if __name__ == "__main__":
    main()
