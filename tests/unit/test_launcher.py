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
