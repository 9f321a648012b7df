import socket

import pytest

from bot.runtime.launcher import Server, free_port, port_in_use, start_and_wait


def test_refuses_to_start_when_a_port_is_taken(tmp_path):
    # An old server on the port would pass the health check and hide that ours never started.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = Server("rasa", ["false"], f"http://127.0.0.1:{port}/", {}, tmp_path / "r.log")
        assert port_in_use(server.health_url)
        with pytest.raises(RuntimeError, match="Poort al in gebruik: rasa"):
            start_and_wait([server], timeout=1)
        assert server.process is None


def test_free_port_is_free():
    assert not port_in_use(f"http://127.0.0.1:{free_port()}/")


def test_server_logs_are_private(tmp_path):
    import stat
    import sys

    from bot.runtime.launcher import Server

    log = tmp_path / "logs" / "x.log"
    server = Server("x", [sys.executable, "-c", "print('hoi')"], "http://127.0.0.1:1/", {}, log)
    server.start()
    server.process.wait(timeout=30)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_an_unusable_local_content_file_stops_the_start_with_a_dutch_message(tmp_path, capsys):
    from bot.runtime.launcher import check_content
    from bot.settings import Settings

    bad = tmp_path / "lokaal.yml"
    bad.write_text('local_answers:\n  dagbesteding: "Bel <b>nu</b>."\n', encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        check_content(Settings(local_content=bad))
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "Starten mislukt. De lokale informatie in" in err
    assert "local_answers.dagbesteding" in err and "Traceback" not in err


def test_a_good_local_content_file_is_reported_at_start(tmp_path, capsys):
    from bot.runtime.launcher import check_content
    from bot.settings import Settings

    good = tmp_path / "lokaal.yml"
    good.write_text('local_answers:\n  dagbesteding: "Bel het wijkteam."\n', encoding="utf-8")
    check_content(Settings(local_content=good))
    assert "Lokale informatie: 1 onderwerpen" in capsys.readouterr().out


def test_the_endpoints_file_names_the_content_nlg(tmp_path):
    import yaml

    from bot.runtime.launcher import CONTENT_NLG, endpoints_file
    from bot.settings import Settings

    written = yaml.safe_load(endpoints_file(Settings(data_dir=tmp_path)).read_text())
    assert written["nlg"] == {"type": CONTENT_NLG} == {"type": "rasa_ext.nlg.ContentNLG"}


def test_servers_get_the_content_paths_as_absolute_paths(tmp_path, monkeypatch):
    from pathlib import Path

    from bot.runtime.launcher import _env
    from bot.settings import Settings

    monkeypatch.chdir(tmp_path)
    env = _env(Settings(local_content=Path("lokaal.yml"), answers_dir=Path("faq")))
    assert env["ZWW_LOCAL_CONTENT"] == str(tmp_path / "lokaal.yml")
    assert env["ZWW_ANSWERS_DIR"] == str(tmp_path / "faq")


SLEEPER = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)"


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (killed, not reaped yet) counts as gone.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def test_stop_all_ends_even_servers_that_ignore_sigterm(tmp_path):
    import sys
    import time

    from bot.runtime.launcher import stop_all

    servers = [
        Server(
            f"s{i}",
            [sys.executable, "-c", SLEEPER],
            "http://127.0.0.1:1/",
            {},
            tmp_path / f"{i}.log",
        )
        for i in range(3)
    ]
    for server in servers:
        server.start()
    time.sleep(0.5)
    started = time.monotonic()
    stop_all(servers, timeout=1.0)
    # All at once: one timeout in total, not one per server.
    assert time.monotonic() - started < 2.5
    assert all(s.process.poll() is not None for s in servers)


def test_servers_die_with_a_killed_launcher(tmp_path):
    """kill -9 of the launcher leaves no server holding a port (PR_SET_PDEATHSIG)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    launcher_code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from bot.runtime.launcher import Server\n"
        f"s = Server('x', [sys.executable, '-c', {SLEEPER!r}], 'http://127.0.0.1:1/', {{}}, "
        f"Path({str(tmp_path / 'x.log')!r}))\n"
        "s.start()\n"
        "print(s.process.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", launcher_code], stdout=subprocess.PIPE, text=True
    )
    child = int(parent.stdout.readline())
    assert _alive(child)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)


def test_the_api_keeps_idle_connections_longer_than_clients_do(tmp_path):
    from pathlib import Path

    from bot.runtime.launcher import API_KEEP_ALIVE_SECONDS, build_servers
    from bot.settings import get_settings

    settings = get_settings().copy(update={"data_dir": tmp_path})
    api = next(s for s in build_servers(settings, Path("model.tar.gz")) if s.name == "api")
    flag = api.cmd.index("--timeout-keep-alive")
    assert int(api.cmd[flag + 1]) == API_KEEP_ALIVE_SECONDS > 5  # httpx's own idle expiry
