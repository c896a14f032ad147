"""`manage.py` in a second terminal during `make run` sees the demo's settings: scripts/run-demo.sh
writes them to `var/demo.env`, which manage.py reads under the embedded settings only."""

import os
import subprocess
import sys
from pathlib import Path

from summit.settings.env import load_env_file

ROOT = Path(__file__).resolve().parent.parent
SHOW_KAFKA = (
    "from events import kafka; from django.conf import settings; "
    "print(kafka.is_configured(), settings.KAFKA_BOOTSTRAP_SERVERS, settings.REDIS_URL or '-')"
)


def _manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"KAFKA_BOOTSTRAP_SERVERS", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment |= {"SUMMIT_VAR_DIR": str(tmp_path)} | env
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_command_sees_the_demo_kafka_settings_when_the_env_file_exists(tmp_path):
    (tmp_path / "demo.env").write_text("# written by make run\nKAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092\n\n")

    result = _manage(tmp_path, "shell", "--no-imports", "-c", SHOW_KAFKA)

    assert (result.returncode, result.stdout.strip()) == (0, "True 127.0.0.1:19092 -")


def test_without_the_env_file_kafka_is_not_configured(tmp_path):
    result = _manage(tmp_path, "shell", "--no-imports", "-c", SHOW_KAFKA)

    assert (result.returncode, result.stdout.strip()) == (0, "False  -")


def test_the_environment_wins_over_the_env_file(tmp_path, monkeypatch):
    env_file = tmp_path / "demo.env"
    env_file.write_text("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092\nSUMMIT_TEST_ONLY_FROM_FILE=from file\n")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092")
    monkeypatch.delenv("SUMMIT_TEST_ONLY_FROM_FILE", raising=False)

    load_env_file(env_file)

    assert (os.environ["KAFKA_BOOTSTRAP_SERVERS"], os.environ["SUMMIT_TEST_ONLY_FROM_FILE"]) == (
        "kafka-1:9092",
        "from file",
    )


def test_production_settings_never_read_the_env_file(tmp_path):
    (tmp_path / "demo.env").write_text("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092\n")
    show = "import os; print(os.environ.get('KAFKA_BOOTSTRAP_SERVERS', 'unset'))"

    result = _manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        show,
        DJANGO_SETTINGS_MODULE="summit.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="summit.example.org",
    )

    assert (result.returncode, result.stdout.strip()) == (0, "unset"), result.stderr
