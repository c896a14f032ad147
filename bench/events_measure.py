"""What the events benchmark measures besides time: the CPU of every process taking part, and the
produce requests a producer sent (from librdkafka's statistics)."""

import contextlib
import json
import os
import threading
import time
from pathlib import Path


def cpu_seconds(pid: int, thread: int | None = None) -> float:
    """User + system CPU time of a process on this machine (all its threads, or one), from /proc."""
    path = f"/proc/{pid}/task/{thread}/stat" if thread else f"/proc/{pid}/stat"
    fields = Path(path).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU spent by this process (relay or producer, with librdkafka's threads), the PostgreSQL
    backends serving it and the broker, while one round runs: on a small machine they share the
    cores, so their sum over the core count is the floor under the round's wall time.

    The relay may open connections of its own during the round, so every backend of the bench
    database is followed by a sampling thread (its own CPU is not counted as the relay's)."""

    SAMPLE_SECONDS = 0.02

    def __init__(self, broker_pid: int, database: str | None) -> None:
        self.pids = {"python": os.getpid(), "broker": broker_pid}
        self.database = database
        self.backends: dict[int, list[float]] = {}  # pid: [CPU at start, CPU at the latest sample]
        self.seen: set[int] = set()

    def __enter__(self) -> "CpuMeter":
        self.start = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        if self.database:
            self._sample(at_start=True)
            self.stop = threading.Event()
            self.sampler = threading.Thread(target=self._follow_backends)
            self.sampler.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        sampler_cpu = 0.0
        if self.database:
            self.stop.set()
            self.sampler.join()
            sampler_cpu = self.sampler_cpu
        self.spent = {name: cpu_seconds(pid) - self.start[name] for name, pid in self.pids.items()}
        self.spent["python"] -= sampler_cpu
        if self.database:
            self.spent["postgres"] = sum(latest - first for first, latest in self.backends.values())

    def _follow_backends(self) -> None:
        while not self.stop.wait(self.SAMPLE_SECONDS):
            self._sample(at_start=False)
        self._sample(at_start=False)
        self.sampler_cpu = cpu_seconds(os.getpid(), threading.get_native_id())

    def _sample(self, *, at_start: bool) -> None:
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) in self.seen:
                continue
            pid = int(entry)
            self.seen.add(pid)
            try:
                # A backend's title: "postgres: <user> <database> <client> <state>".
                if f" {self.database} " in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                    self.backends[pid] = [cpu_seconds(pid) if at_start else 0.0] * 2
            except OSError:
                continue
        for pid, cpu in self.backends.items():
            with contextlib.suppress(OSError):  # exited since: its CPU up to the last sample counts
                cpu[1] = cpu_seconds(pid)


def wait_until_idle(pid: int, *, window: float = 0.5, timeout: float = 30.0) -> None:
    """Until the process used under 5 % of a core for two windows in a row."""
    deadline, quiet = time.monotonic() + timeout, 0
    while quiet < 2 and time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(window)
        quiet = quiet + 1 if cpu_seconds(pid) - before < 0.05 * window else 0


class ProducerStats:
    """Produce requests a producer sent during a round, from librdkafka's statistics: the broker's
    work grows with their number, so few large requests are cheaper than many small ones."""

    config = {"statistics.interval.ms": 100}

    def __init__(self) -> None:
        self.config = {**self.config, "stats_cb": self.update}
        self.latest: dict = {}
        self.reports = 0
        self.requests = 0

    def update(self, text: str) -> None:
        self.latest = json.loads(text)
        self.reports += 1

    def produce_requests(self, producer) -> int:
        """Produce requests the producer has sent so far, from a report made after this call."""
        wanted = self.reports + 2  # the next report may have been taken before the call
        while self.reports < wanted:
            producer.poll(0.05)
        return sum(broker["req"].get("Produce", 0) for broker in self.latest["brokers"].values())
