"""Object storage through fsspec, against a real S3-compatible server on 127.0.0.1 (moto's
standalone server) with s3fs as the client: outputs, inputs, the nightly run file, missing
libraries and buckets, and a run killed while writing."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from cli_support import DAGRUN, ROOT, base_env, write

FLOW = """
import pandas as pd


def report(n: int) -> dict:
    return {"n": n, "squares": [i * i for i in range(n)]}


def mean_score(survey: pd.DataFrame) -> float:
    return float(survey["score"].mean())
"""


@pytest.fixture
def bucket(s3):
    name = f"dagrun-{os.urandom(4).hex()}"
    s3.create_bucket(Bucket=name)
    return name


def _body(s3, bucket: str, key: str) -> bytes:
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def _keys(s3, bucket: str) -> list[str]:
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def _env(s3_server, **extra: str) -> dict[str, str]:
    return base_env(**s3_server["env"], **extra)


def test_outputs_and_the_record_go_to_a_bucket(dagrun, tmp_path, s3, s3_server, bucket):
    write(tmp_path / "flow.py", FLOW)
    run = write(
        tmp_path / "run.yaml",
        f'modules: [flow.py]\ninputs: {{n: 4}}\noutputs: [report]\nout_dir: "s3://{bucket}/runs/{{date}}"\n',
    )
    ran = dagrun("execute", run, "--json", env=_env(s3_server))
    assert ran.code == 0, ran.err
    prefix = f"runs/{datetime.date.today().isoformat()}"
    assert _keys(s3, bucket) == [f"{prefix}/report.json", f"{prefix}/run.json"]
    body = _body(s3, bucket, f"{prefix}/report.json")
    assert json.loads(body) == {"n": 4, "squares": [0, 1, 4, 9]}
    record = json.loads(_body(s3, bucket, f"{prefix}/run.json"))
    written = record["outputs"]["report"]
    assert written["path"] == f"s3://{bucket}/{prefix}/report.json"
    assert written["sha256"] == hashlib.sha256(body).hexdigest()
    assert not (tmp_path / "s3:").exists()  # never a local folder named after the protocol


def test_one_output_to_a_bucket_url_beside_local_ones(dagrun, tmp_path, s3, s3_server, bucket):
    write(tmp_path / "flow.py", FLOW)
    run = write(
        tmp_path / "run.yaml",
        f"modules: [flow.py]\ninputs: {{n: 2}}\noutputs:\n  report: s3://{bucket}/report.json\n",
    )
    ran = dagrun("execute", run, env=_env(s3_server))
    assert ran.code == 0, ran.err
    assert json.loads(_body(s3, bucket, "report.json"))["n"] == 2
    assert (tmp_path / "out" / "run" / "run.json").exists()


def test_inputs_read_from_a_bucket_and_changes_are_seen(dagrun, tmp_path, s3, s3_server, bucket):
    def upload(scores: list[float]) -> None:
        buffer = io.BytesIO()
        pd.DataFrame({"score": scores}).to_parquet(buffer)
        s3.put_object(Bucket=bucket, Key="raw/survey.parquet", Body=buffer.getvalue())

    upload([1.0, 2.0, 6.0])
    write(tmp_path / "flow.py", FLOW)
    url = f"s3://{bucket}/raw/survey.parquet"
    run = write(
        tmp_path / "run.yaml",
        f"modules: [flow.py]\ninputs:\n  survey: {{path: {url}}}\noutputs: [mean_score]\n",
    )
    env = _env(s3_server)
    first = dagrun("execute", run, "--json", env=env)
    assert first.code == 0, first.err
    out = tmp_path / "out" / "run" / "mean_score.json"
    assert json.loads(out.read_text()) == 3.0
    assert dagrun("execute", run, "--json", env=env).json()["counts"]["cached"] == 1
    upload([10.0, 20.0])
    dry = dagrun("execute", run, "--dry-run", env=env)
    assert f"input survey changed ({url})" in dry.err
    assert dagrun("execute", run, "--json", env=env).json()["counts"]["done"] == 1
    assert json.loads(out.read_text()) == 15.0


def test_the_nightly_run_file_reads_and_writes_its_bucket(tmp_path, s3, s3_server, bucket):
    """configs/customer_features_nightly.yaml on the test server, with data/customers.db's data."""
    with sqlite3.connect(ROOT / "data" / "customers.db") as db:
        tables = {
            "survey_results": pd.read_sql_query("SELECT * FROM survey_results", db),
            "logins": pd.read_sql_query("SELECT * FROM logins", db),
        }
    db.close()
    for name, frame in tables.items():
        buffer = io.BytesIO()
        frame.to_parquet(buffer)
        s3.put_object(Bucket=bucket, Key=f"raw/{name}.parquet", Body=buffer.getvalue())
    env = _env(s3_server, DAGRUN_BUCKET=bucket, DAGRUN_STATE_DIR=str(tmp_path / "state"))
    ran = subprocess.run(
        [DAGRUN, "execute", ROOT / "configs" / "customer_features_nightly.yaml", "-q"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    today = datetime.date.today().isoformat()
    assert _keys(s3, bucket)[:2] == [
        f"features/{today}/features_{today}.parquet",
        f"features/{today}/login_activity_{today}.csv",
    ]
    features = pd.read_parquet(
        io.BytesIO(_body(s3, bucket, f"features/{today}/features_{today}.parquet"))
    )
    assert len(features) == len(tables["survey_results"])
    assert features.index.name == "client_id"


def test_a_missing_protocol_library_stops_before_any_node(dagrun, tmp_path):
    write(tmp_path / "flow.py", FLOW)
    run = write(
        tmp_path / "run.yaml",
        "modules: [flow.py]\ninputs: {n: 2}\noutputs:\n  report: gs://some-bucket/report.json\n",
    )
    ran = dagrun("execute", run)
    assert ran.code == 2
    assert "needs the 'gcsfs' package" in ran.err and "pip install gcsfs" in ran.err
    assert not (tmp_path / "out" / "run" / "run.json").exists()


def test_a_missing_bucket_stops_before_any_node(dagrun, tmp_path, s3, s3_server):
    write(tmp_path / "flow.py", FLOW)
    run = write(
        tmp_path / "run.yaml",
        'modules: [flow.py]\ninputs: {n: 2}\noutputs: [report]\nout_dir: "s3://no-such-bucket-dagrun/x"\n',
    )
    ran = dagrun("execute", run, env=_env(s3_server))
    assert ran.code == 2
    assert "the bucket or folder 'no-such-bucket-dagrun' does not exist" in ran.err


READ_ONLY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "s3:HeadBucket"], "Resource": "*"}
    ],
}


def test_a_bucket_it_may_not_write_to_stops_before_any_node(dagrun, tmp_path, own_s3_server):
    import boto3

    # The server checks credentials after the four setup requests below.
    with own_s3_server(INITIAL_NO_AUTH_ACTION_COUNT="4") as server:
        setup = {"endpoint_url": server["endpoint"], "region_name": "us-east-1"}
        admin = {
            "aws_access_key_id": server["env"]["AWS_ACCESS_KEY_ID"],
            "aws_secret_access_key": server["env"]["AWS_SECRET_ACCESS_KEY"],
        }
        boto3.client("s3", **setup, **admin).create_bucket(Bucket="reports-read-only")
        iam = boto3.client("iam", **setup, **admin)
        iam.create_user(UserName="reader")
        iam.put_user_policy(
            UserName="reader", PolicyName="read", PolicyDocument=json.dumps(READ_ONLY)
        )
        key = iam.create_access_key(UserName="reader")["AccessKey"]
        env = {
            **server["env"],
            "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
        }
        marker = tmp_path / "ran"
        write(
            tmp_path / "flow.py",
            f"def report(n: int) -> dict:\n    open({str(marker)!r}, 'w')\n    return {{'n': n}}\n",
        )
        run = write(
            tmp_path / "run.yaml",
            "modules: [flow.py]\ninputs: {n: 2}\noutputs: [report]\n"
            'out_dir: "s3://reports-read-only/nightly"\n',
        )
        ran = dagrun("execute", run, env=base_env(**env))
        reader = boto3.client(
            "s3",
            **setup,
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        )
        left = reader.list_objects_v2(Bucket="reports-read-only").get("Contents", [])
    assert ran.code == 2, ran.err
    assert "cannot write to 's3://reports-read-only/nightly'" in ran.err
    assert "s3:PutObject" in ran.err
    assert not marker.exists()
    assert left == []


SLOW_SAVER = """
import os
import time

import dagrun.io

dagrun.io.register_format("slowtxt", (".slow",))


@dagrun.io.register_saver("slowtxt", str)
def _save_slowly(value, handle):
    for index in range(200):
        handle.write(value.encode() * 1000)
        if index == 5:
            open(os.environ["STARTED_MARKER"], "w").close()
        time.sleep(0.05)


def big(tag: str) -> str:
    return tag
"""


def test_a_run_killed_mid_write_leaves_the_old_object_whole(tmp_path, s3, s3_server, bucket):
    s3.put_object(Bucket=bucket, Key="big.slow", Body=b"version one")
    write(tmp_path / "flow.py", SLOW_SAVER)
    run = write(
        tmp_path / "run.yaml",
        textwrap.dedent(
            f"""
            modules: [flow.py]
            inputs: {{tag: new}}
            outputs:
              big: s3://{bucket}/big.slow
            """
        ),
    )
    marker = tmp_path / "started"
    process = subprocess.Popen(
        [DAGRUN, "execute", run, "-q"],
        cwd=tmp_path,
        env=_env(s3_server, STARTED_MARKER=str(marker)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, "the run ended before it began writing"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert _keys(s3, bucket) == ["big.slow"]
    assert _body(s3, bucket, "big.slow") == b"version one"
    staging = tmp_path / ".dagrun" / "staging"
    assert list(staging.glob(".upload.*"))  # the killed writer's staged file, swept next run
    again = subprocess.run(
        [DAGRUN, "execute", run, "-q", "-i", "tag=x"],
        cwd=tmp_path,
        env=_env(s3_server, STARTED_MARKER=str(tmp_path / "second")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert _body(s3, bucket, "big.slow") == b"x" * 200_000
    assert not list(staging.glob(".upload.*"))


def test_memory_urls_round_trip_through_the_python_api():
    """dagrun.io.save/load on fsspec's in-memory filesystem, atomically and with hashes."""
    from dagrun import io as dio

    frame = pd.DataFrame({"a": [1, 2]})
    written = dio.save(frame, "memory://dagrun-test/frames/a.parquet")
    assert written.format == "parquet" and written.bytes > 0
    assert dio.load("memory://dagrun-test/frames/a.parquet").equals(frame)
    assert type(dio.load(written.path, kind="polars")).__module__.startswith("polars")


def test_a_local_file_url_is_a_local_path(tmp_path):
    from dagrun import io as dio

    written = dio.save({"x": 1}, f"file://{tmp_path}/a.json")
    assert Path(written.path) == tmp_path / "a.json"
    assert json.loads((tmp_path / "a.json").read_text()) == {"x": 1}
