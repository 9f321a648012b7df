"""Benchmark: `make bench` (or `python scripts/bench.py --users 20 --rounds 2`).

Starts the three servers on free localhost ports, simulates concurrent residents who each
hold a conversation through /api/chat (small talk, FAQ questions, a full wegwijzer run) and
check that every answer is their own, then sends the same load straight to Rasa's REST
channel so the gateway's own overhead is visible. Writes docs/benchmark.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.domain.topics import faq_responses  # noqa: E402
from bot.runtime.launcher import (  # noqa: E402
    build_servers,
    free_port,
    latest_model,
    start_and_wait,
    stop_all,
)
from bot.settings import Settings  # noqa: E402

REPORT = ROOT / "docs" / "benchmark.md"
OVERHEAD_ROUNDS = 5
FAQ_QUESTIONS = {
    "dagbesteding": "wat is dagbesteding?",
    "vpt": "wat is een volledig pakket thuis",
    "rolstoel": "hoe kom ik aan een scootmobiel",
    "pgb_svb": "hoe betaalt de svb mijn zorgverlener met een pgb",
    "woningaanpassing": "kan ik een traplift krijgen",
    "eigen_bijdrage": "moet ik een eigen bijdrage betalen aan het cak",
}


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    crossed: int = 0
    mismatches: list[str] = field(default_factory=list)


def script_for(resident: int) -> list[tuple[str, object]]:
    """The messages of one resident with what each answer must contain.

    Every resident asks the FAQ questions in a different order and gives a different age,
    so an answer meant for someone else is detected."""
    topics = list(FAQ_QUESTIONS)
    shift = resident % len(topics)
    order = topics[shift:] + topics[:shift]
    age = 60 + resident
    steps: list[tuple[str, object]] = [("hallo", "Hallo")]
    steps += [(FAQ_QUESTIONS[t], ("faq", t)) for t in order[:3]]
    steps += [
        ("welke zorg past bij mij?", "Voor wie"),
        ("voor mezelf", "Hoe oud"),
        (f"ik ben {age}", "hele dag"),
        ("nee", "Waarbij"),
        ("hulp bij schoonmaken", "snel"),
        ("nee", "laatste levensfase"),
        ("nee", "Wet maatschappelijke ondersteuning"),
        (f"nee, ik ben {age + 1}", None),  # after the check: any answer, latency only
    ]
    steps += [(FAQ_QUESTIONS[t], ("faq", t)) for t in order[3:]]
    steps += [("bedankt", "Graag gedaan")]
    return steps


async def resident(
    client: httpx.AsyncClient, resident_no: int, answers: dict, stats: Stats, via_api: bool
) -> None:
    """One resident's conversation, through the API or straight to Rasa's REST channel."""
    session_id = None
    # A fresh sender per conversation, like the API's new session ids: a reused one would
    # make Rasa load an ever longer conversation.
    sender = f"bench-direct-{resident_no}-{uuid.uuid4().hex}"
    for message, expected in script_for(resident_no):
        if via_api:
            url, body = "/api/chat", {"session_id": session_id, "message": message}
        else:
            url, body = "/webhooks/rest/webhook", {"sender": sender, "message": message}
        started = time.perf_counter()
        try:
            r = await client.post(url, json=body)
        except httpx.HTTPError as error:
            stats.errors.append(type(error).__name__)
            continue
        stats.latencies.append((time.perf_counter() - started) * 1000)
        if r.status_code != 200:
            stats.errors.append(str(r.status_code))
            continue
        if via_api:
            reply = r.json()
            if session_id and reply["session_id"] != session_id:
                stats.crossed += 1
            session_id = reply["session_id"]
            messages = reply["messages"]
        else:
            messages = r.json()
        check(" ".join(m.get("text", "") for m in messages), expected, answers, stats)


def check(text: str, expected, answers: dict, stats: Stats) -> None:
    if expected is None:
        return
    if isinstance(expected, tuple):
        ok = answers[expected[1]] in text
    else:
        ok = expected in text
    if not ok:
        stats.crossed += 1
        stats.mismatches.append(f"expected {expected!r}, got {text[:120]!r}")


async def run_load(
    base_url: str, users: int, rounds: int, via_api: bool, answers: dict
) -> tuple[Stats, float]:
    stats = Stats()
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        for round_no in range(rounds):
            await asyncio.gather(
                *(
                    resident(client, round_no * users + i, answers, stats, via_api)
                    for i in range(users)
                )
            )
        elapsed = time.perf_counter() - started
    return stats, elapsed


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (from /proc), in MB."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def row(name: str, stats: Stats, elapsed: float) -> str:
    lat = stats.latencies
    return (
        f"| {name} | {len(lat)} | {percentile(lat, 50):.0f} | {percentile(lat, 95):.0f} | "
        f"{percentile(lat, 99):.0f} | {len(lat) / elapsed:.1f} | {len(stats.errors)} | "
        f"{stats.crossed} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20, help="concurrent residents")
    parser.add_argument("--rounds", type=int, default=2, help="conversations per resident")
    args = parser.parse_args()

    data_dir = Path(os.environ.get("ZWW_BENCH_DIR", ROOT / "var" / "bench"))
    settings = Settings(
        api_port=free_port(), rasa_port=free_port(), action_port=free_port(), data_dir=data_dir
    )
    env = {
        "ZWW_API_PORT": str(settings.api_port),
        "ZWW_RASA_PORT": str(settings.rasa_port),
        "ZWW_ACTION_PORT": str(settings.action_port),
        "ZWW_DATA_DIR": str(data_dir),
        # All simulated residents share one address; the per-client limit is for the internet.
        "ZWW_RATE_LIMIT_PER_MINUTE": "100000",
    }
    os.environ.update(env)
    answers = {topic: texts[0] for topic, texts in faq_responses().items()}
    servers = build_servers(settings, latest_model(ROOT / "models"))
    try:
        print("Servers starten ...", flush=True)
        start_and_wait(servers)
        api_url = f"http://127.0.0.1:{settings.api_port}"
        asyncio.run(run_load(api_url, 2, 1, True, answers))  # warm-up: load lazy parts once
        print(
            f"Belasting: {args.users} gelijktijdige inwoners x {args.rounds} gesprekken", flush=True
        )
        api_stats, api_time = asyncio.run(run_load(api_url, args.users, args.rounds, True, answers))
        rss = {s.name: rss_mb(s.process.pid) for s in servers if s.process}
        direct_stats, direct_time = asyncio.run(
            run_load(settings.rasa_base_url, args.users, args.rounds, False, answers)
        )
        # Gateway overhead: one resident at a time, so queueing does not hide it; API and
        # direct runs alternate so a slow moment of the machine hits both alike.
        single_api, single_direct = Stats(), Stats()
        for _ in range(OVERHEAD_ROUNDS):
            for url, via_api, stats in (
                (api_url, True, single_api),
                (settings.rasa_base_url, False, single_direct),
            ):
                run_stats, _ = asyncio.run(run_load(url, 1, 1, via_api, answers))
                stats.latencies += run_stats.latencies
    finally:
        stop_all(servers)

    overhead = statistics.median(single_api.latencies) - statistics.median(single_direct.latencies)
    messages_per_conversation = len(script_for(0))
    lines = [
        "# Benchmark",
        "",
        f"`make bench` on {time.strftime('%Y-%m-%d')}: {os.cpu_count()} cores, "
        f"{platform.machine()}, Python {platform.python_version()}. {args.users} concurrent "
        f"residents, {args.rounds} conversations each, {messages_per_conversation} messages per "
        "conversation (small talk, six FAQ questions, a full wegwijzer run). Every answer is "
        "checked against what that resident should get (\"crossed\" counts wrong or foreign "
        "answers).",
        "",
        "| path | requests | p50 ms | p95 ms | p99 ms | req/s | errors | crossed |",
        "|---|---|---|---|---|---|---|---|",
        row("via API (/api/chat)", api_stats, api_time),
        row("direct to Rasa REST", direct_stats, direct_time),
        "",
        f"Gateway overhead (median, one resident at a time, {OVERHEAD_ROUNDS} alternating runs "
        f"of {messages_per_conversation} messages each way): **{overhead:.1f} ms** (API "
        f"{statistics.median(single_api.latencies):.1f} ms, Rasa direct "
        f"{statistics.median(single_direct.latencies):.1f} ms). This is the median latency a "
        "single resident sees.",
        "",
        "Reading it: the two rows are close, so the time goes to Rasa (NLU, policies and the "
        "action server), not to the gateway. On 2 cores one Rasa process handles about as many "
        "requests per second as the req/s column shows; with more concurrent residents they "
        "queue, which is what p95/p99 show. More throughput needs more cores or more Rasa "
        "processes (which need a shared lock store such as Redis).",
        "",
        "| process | RSS after the load (MB) |",
        "|---|---|",
        *[f"| {name} | {mb:.0f} |" for name, mb in rss.items()],
        "",
    ]
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    if api_stats.errors or api_stats.crossed or direct_stats.errors or direct_stats.crossed:
        for problem in (
            api_stats.errors + api_stats.mismatches + direct_stats.errors + direct_stats.mismatches
        )[:10]:
            print(f"  {problem}", file=sys.stderr)
        print("Fouten of verwisselde antwoorden gevonden.", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
