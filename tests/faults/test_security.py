"""Security: YAML only safe-loaded, an owner-only state dir, no network: tested for real."""

from __future__ import annotations

import stat
import subprocess
import sys

from tests.faults.conftest import FLOWS
from tests.faults.harness import assert_one_paragraph, dagrun

EXPLOIT = "!!python/object/apply:os.system ['touch pwned']"


def test_a_python_tag_in_a_run_file_is_refused_and_never_run(tmp_path):
    """A run file carrying a python/object tag exits 2 and the command in it never runs."""
    run_file = tmp_path / "evil.yaml"
    run_file.write_text(f"modules: [{FLOWS / 'hostile.py'}]\ninputs:\n  a: {EXPLOIT}\n")
    done = dagrun(["execute", str(run_file), "-q"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert_one_paragraph(done.stderr)
    assert "not valid YAML" in done.stderr
    assert not (tmp_path / "pwned").exists()


def test_a_python_tag_in_a_flag_value_is_refused_and_never_run(tmp_path):
    """Flag values are YAML too, read with the safe loader: the tag is an error, not a call."""
    done = dagrun(["execute", "-m", str(FLOWS / "hostile.py"), "-i", f"a={EXPLOIT}"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert_one_paragraph(done.stderr)
    assert not (tmp_path / "pwned").exists()


def _run(tmp_path):
    args = ["execute", "-m", str(FLOWS / "hostile.py"), "-i", "a=2", "-i", "name=x", "-q"]
    return dagrun(args, tmp_path)


def test_the_state_dir_and_everything_in_the_cache_is_owner_only(tmp_path):
    """After a run, the state dir, the cache, its blob folders and the staging folder are 0o700."""
    done = _run(tmp_path)
    assert done.returncode == 0, done.stderr
    state = tmp_path / ".dagrun"
    folders = [state, state / "cache", state / "cache" / "blobs", state / "staging"]
    for folder in folders:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_cache_others_could_write_to_is_refused(tmp_path):
    """Once a used state dir is opened to others, the next run refuses to load its pickles."""
    assert _run(tmp_path).returncode == 0
    (tmp_path / ".dagrun").chmod(0o777)
    done = _run(tmp_path)
    assert done.returncode == 2, done.stderr
    assert_one_paragraph(done.stderr)
    assert "refusing to use the cache" in done.stderr and "others could write" in done.stderr


AUDIT = """
import socket, sys

def watch(event, args):
    if event == "socket.getaddrinfo":
        sys.stderr.write(f"NETWORK {event} {args[0]}\\n")
    if event == "socket.connect" and args[0].family in (socket.AF_INET, socket.AF_INET6):
        host = args[1][0]
        if host not in ("127.0.0.1", "::1", "localhost"):
            sys.stderr.write(f"NETWORK {event} {host}\\n")

sys.addaudithook(watch)
from dagrun.cli.app import main
sys.argv = ["dagrun", *sys.argv[1:]]
main()
"""


def test_a_run_opens_no_network_connection(tmp_path):
    """Under an audit hook, a full run on threads and on processes resolves no host and
    connects nowhere but loopback: no telemetry, no update checks."""
    for kind in ("threads", "processes"):
        args = ["execute", "-m", str(FLOWS / "hostile.py"), "-i", "a=2", "-i", "name=x"]
        args += ["--executor", kind, "-o", str(tmp_path / kind)]
        done = subprocess.run(
            [sys.executable, "-c", AUDIT, *args], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert "NETWORK" not in done.stderr
