"""flows/customer_features.py: each feature as a plain function, both modes, and the CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
import time
from contextlib import closing

import pandas as pd
import pytest
from example_support import DATA, execute, load_flow, read_run_record

import dagrun

cf = load_flow("customer_features")
DB = str(DATA / "customers.db")
AS_OF = "2026-06-30"
INPUTS = {"db_path": DB, "as_of": AS_OF}


def _series(*values, name=None) -> pd.Series:
    return pd.Series(values, index=pd.Index(range(1, len(values) + 1), name="client_id"), name=name)


# ---- features as plain functions ---------------------------------------------------


def test_gender_flags_are_one_hot_and_leave_other_answers_at_zero():
    """is_male and is_female mark their own answer only; 'nonbinary' is neither."""
    gender = _series("male", "female", "nonbinary")
    assert cf.is_male(gender).tolist() == [1, 0, 0]
    assert cf.is_female(gender).tolist() == [0, 1, 0]


def test_is_high_roller_includes_the_threshold_itself():
    """A budget equal to the threshold counts as high roller; one cent less does not."""
    budget = _series(4999.99, 5000.0, 12000.0)
    assert cf.is_high_roller(budget, high_roller_budget=5000.0).tolist() == [0, 1, 1]
    assert cf.is_high_roller(budget, high_roller_budget=20000.0).sum() == 0


def test_age_normalized_is_a_z_score():
    """Ages at the mean map to 0 and one standard deviation above to 1."""
    assert cf.age_normalized(_series(40, 50, 30), 40.0, 10.0).tolist() == [0.0, 1.0, -1.0]


def test_age_stats_batch_and_online_agree_on_the_whole_table():
    """The online aggregate query gives the batch mean and population std of age."""
    with sqlite3.connect(DB) as db:
        ages = [row[0] for row in db.execute("SELECT age FROM survey_results")]
    db.close()
    batch = cf.age_stats__batch(pd.Series(ages))
    online = cf.age_stats__online(DB)
    assert batch["age_mean"] == pytest.approx(statistics.fmean(ages))
    assert online["age_mean"] == pytest.approx(batch["age_mean"])
    assert online["age_std_dev"] == pytest.approx(statistics.pstdev(ages))


def test_region_flags_come_from_one_parameterized_function():
    """is_north ... is_west are variants of is_in_region, one per region."""
    region = _series("north", "west")
    assert cf.is_in_region(region, "west").tolist() == [0, 1]
    names = {i.name for i in dagrun.Driver({"mode": "batch"}, cf).list_available_variables()}
    assert {"is_north", "is_south", "is_east", "is_west"} <= names


def test_login_activity_keeps_clients_who_never_logged_in():
    """A client without logins keeps a row with no last login and zero recent logins."""
    events = pd.DataFrame(
        {
            "client_id": [1, 1, 1],
            "login_at": pd.to_datetime(
                ["2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-06-29T12:00:00Z"]
            ),
        }
    )
    survey = pd.DataFrame(index=pd.Index([1, 2], name="client_id"))
    activity = cf.login_activity(events, survey, AS_OF)
    assert activity.loc[1, "logins_last_90_days"] == 2
    assert activity.loc[1, "last_login_at"] == pd.Timestamp("2026-06-29T12:00:00Z")
    assert activity.loc[2, "logins_last_90_days"] == 0
    assert pd.isna(activity.loc[2, "last_login_at"])


def test_time_since_last_login_counts_days_and_falls_back_to_sign_up():
    """Days are measured to as_of; a client who never logged in counts from sign-up."""
    last = pd.Series(pd.to_datetime(["2026-06-29T12:00:00Z", None], utc=True))
    signed_up = pd.Series(pd.to_datetime(["2025-01-01T00:00:00Z", "2026-06-20T00:00:00Z"]))
    days = cf.time_since_last_login(last, signed_up, AS_OF)
    assert days.tolist() == [0.5, 10.0]
    assert cf.is_dormant(days, dormant_after_days=7).tolist() == [0, 1]


def test_logins_per_week_spreads_ninety_days_over_weeks():
    """90 logins in 90 days is 7 a week."""
    assert cf.logins_per_week(_series(90, 0)).tolist() == [7.0, 0.0]


def test_features_frame_has_one_named_column_per_feature():
    """The joined frame keeps the client_id index and names each column after its feature."""
    one = _series(1, 0)
    frame = cf.features(*[one] * 12)
    assert frame.index.name == "client_id"
    assert list(frame.columns)[:3] == ["is_male", "is_female", "age_normalized"]
    assert frame.shape == (2, 12)


def test_online_loader_refuses_an_unknown_client():
    """Asking for a client_id that is not in the database is an error, not an empty row."""
    with pytest.raises(LookupError, match="client_id 99999"):
        cf.survey_results__online(DB, 99999)


# ---- the two modes through the Python API ----------------------------------------------


@pytest.fixture(scope="module")
def batch_features() -> pd.DataFrame:
    return dagrun.Driver({"mode": "batch"}, cf).execute(["features"], inputs=INPUTS)["features"]


def test_batch_mode_scores_every_client_without_gaps(batch_features):
    """Batch features cover the 1,000 clients in the database with no missing values."""
    assert len(batch_features) == 1000
    assert not batch_features.isna().any().any()
    assert batch_features["age_normalized"].mean() == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("client_id", [1, 42, 500, 1000])
def test_online_mode_computes_exactly_the_batch_features(batch_features, client_id):
    """The online path gives one client the same feature values as the batch run."""
    driver = dagrun.Driver({"mode": "online"}, cf)
    online = driver.execute(["features"], inputs={**INPUTS, "client_id": client_id})["features"]
    pd.testing.assert_frame_equal(online, batch_features.loc[[client_id]], check_dtype=False)


def test_online_mode_answers_in_milliseconds():
    """After the driver is built, one client's features take milliseconds, not seconds.

    About 20 ms on an idle two-core machine; the bound leaves room for a loaded one.
    """
    driver = dagrun.Driver({"mode": "online"}, cf)
    timings = []
    for client_id in range(1, 8):
        start = time.perf_counter()
        driver.execute(["feature_vector"], inputs={**INPUTS, "client_id": client_id})
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.5, timings


# ---- end to end through the dagrun executable -------------------------------------------


def test_batch_run_file_writes_the_feature_table(tmp_path):
    """`dagrun execute configs/customer_features_batch.yaml` writes 1,000 rows and a record."""
    execute("customer_features_batch.yaml", tmp_path)
    frame = pd.read_parquet(tmp_path / "features.parquet")
    assert frame.shape == (1000, 12)
    assert (tmp_path / "login_activity.csv").stat().st_size > 0
    assert read_run_record(tmp_path)["status"] == "success"


def test_online_run_file_writes_one_clients_vector(tmp_path, batch_features):
    """The online run file takes -i client_id and writes that client's features as JSON."""
    execute("customer_features_online.yaml", tmp_path, "-i", "client_id=7")
    vector = json.loads((tmp_path / "feature_vector.json").read_text())
    assert vector.pop("client_id") == 7
    assert vector == pytest.approx(batch_features.loc[7].to_dict())


def test_a_rerun_sees_changed_rows_under_the_same_database_path(tmp_path):
    """Loaders re-read the database: a changed budget reruns what reads it, and only that."""
    db = tmp_path / "customers.db"
    shutil.copyfile(DB, db)
    out = tmp_path / "out"
    execute("customer_features_batch.yaml", out, "-i", f"db_path={db}")
    before = pd.read_parquet(out / "features.parquet").loc[7, "is_high_roller"]
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE survey_results SET annual_budget = 99000 WHERE client_id = 7")
    execute("customer_features_batch.yaml", out, "-i", f"db_path={db}")
    assert (before, pd.read_parquet(out / "features.parquet").loc[7, "is_high_roller"]) == (0, 1)
    nodes = read_run_record(out)["nodes"]
    assert nodes["survey_results"]["status"] == "done"
    assert nodes["survey_results"]["status"] == nodes["is_high_roller"]["status"] == "done"
    assert nodes["is_male"]["status"] == nodes["logins_per_week"]["status"] == "cached"
