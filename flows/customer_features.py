"""Customer features: survey answers and login history to one feature row per client.

Two loaders read the raw data from the SQLite database in ``data/customers.db``;
each feature is one small function of named columns. The loaders come in two
variants chosen by ``config: {mode: ...}``:

- ``mode: batch`` reads whole tables and computes features for every client
  (the training set, a nightly job);
- ``mode: online`` reads one ``client_id``'s rows and computes the same features
  in milliseconds (a request path).

- ``mode: files`` takes the same two tables as inputs the run file reads from
  files or a bucket (``configs/customer_features_files.yaml`` and
  ``configs/customer_features_nightly.yaml``), so the flow never opens them.

Only the loaders and the population statistics differ between the modes; every
feature function below them is shared, so training and serving cannot drift.
The loaders are ``@cache(behavior="recompute")``: the database can change under
an unchanged ``db_path``, so they always read it again, and everything
downstream is reused only when what they read is the same.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pandas as pd

from dagrun import cache, config, extract_columns, extract_fields, parameterize, tag, value

SURVEY_COLUMNS = ("gender", "age", "annual_budget", "region", "signed_up_at")
REGIONS = ("north", "south", "east", "west")


def _query(db_path: str, sql: str, params: tuple = ()) -> pd.DataFrame:
    """Rows of ``sql`` as a DataFrame; the connection is closed before returning."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        return pd.read_sql_query(sql, db, params=params)


def _survey_frame(rows: pd.DataFrame) -> pd.DataFrame:
    rows["signed_up_at"] = pd.to_datetime(rows["signed_up_at"], utc=True)
    return rows.set_index("client_id")


def _logins_frame(rows: pd.DataFrame) -> pd.DataFrame:
    rows["login_at"] = pd.to_datetime(rows["login_at"], utc=True)
    return rows


# ---- loaders: the only functions that know where the data lives ---------------


@cache(behavior="recompute", target_="survey_results")  # re-read the table; columns follow
@extract_columns(*SURVEY_COLUMNS)
@config.when(mode="batch")
def survey_results__batch(db_path: str) -> pd.DataFrame:
    """Every client's survey answers, indexed by client_id."""
    return _survey_frame(_query(db_path, "SELECT * FROM survey_results ORDER BY client_id"))


@cache(behavior="recompute", target_="survey_results")  # re-read the table; columns follow
@extract_columns(*SURVEY_COLUMNS)
@config.when(mode="online")
def survey_results__online(db_path: str, client_id: int) -> pd.DataFrame:
    """One client's survey answers; an unknown client_id is an error, not an empty row."""
    rows = _query(db_path, "SELECT * FROM survey_results WHERE client_id = ?", (client_id,))
    if rows.empty:
        raise LookupError(f"no client with client_id {client_id} in {db_path}")
    return _survey_frame(rows)


@cache(behavior="recompute")  # the file may change under the same path: read it again
@config.when(mode="batch")
def login_events__batch(db_path: str) -> pd.DataFrame:
    """Every login of every client: columns client_id and login_at (UTC)."""
    return _logins_frame(_query(db_path, "SELECT client_id, login_at FROM logins"))


@cache(behavior="recompute")  # the file may change under the same path: read it again
@config.when(mode="online")
def login_events__online(db_path: str, client_id: int) -> pd.DataFrame:
    """One client's logins, read through the table's client_id index."""
    sql = "SELECT client_id, login_at FROM logins WHERE client_id = ?"
    return _logins_frame(_query(db_path, sql, (client_id,)))


@extract_columns(*SURVEY_COLUMNS)
@config.when(mode="files")
def survey_results__files(survey_table: pd.DataFrame) -> pd.DataFrame:
    """Every client's survey answers, from a table the run file reads (client_id a column)."""
    return _survey_frame(survey_table.sort_values("client_id").copy())


@config.when(mode="files")
def login_events__files(login_table: pd.DataFrame) -> pd.DataFrame:
    """Every login, from a table the run file reads: columns client_id and login_at."""
    return _logins_frame(login_table[["client_id", "login_at"]].copy())


@extract_fields({"age_mean": float, "age_std_dev": float})
@config.when_in(mode=["batch", "files"])
def age_stats__batch(age: pd.Series) -> dict:
    """Mean and standard deviation of age over the clients being scored."""
    return {"age_mean": float(age.mean()), "age_std_dev": float(age.std(ddof=0))}


@cache(behavior="recompute", target_="age_stats")  # re-read; the fields follow
@extract_fields({"age_mean": float, "age_std_dev": float})
@config.when(mode="online")
def age_stats__online(db_path: str) -> dict:
    """The same population statistics, from one aggregate query instead of a table scan."""
    row = _query(db_path, "SELECT AVG(age) AS m, AVG(age * age) AS m2 FROM survey_results")
    mean, mean_square = float(row.m[0]), float(row.m2[0])
    return {"age_mean": mean, "age_std_dev": max(mean_square - mean**2, 0.0) ** 0.5}


# ---- shared by both modes: plain functions of named columns ---------------------


@extract_columns("last_login_at", "logins_last_90_days")
def login_activity(
    login_events: pd.DataFrame, survey_results: pd.DataFrame, as_of: str
) -> pd.DataFrame:
    """Per client: the latest login and the logins in the 90 days before ``as_of``.

    Clients who never logged in keep their row, with no last login and zero logins.
    """
    recent = login_events["login_at"] >= _timestamp(as_of) - pd.Timedelta(days=90)
    grouped = login_events.assign(recent=recent).groupby("client_id")
    activity = pd.DataFrame(
        {"last_login_at": grouped["login_at"].max(), "logins_last_90_days": grouped["recent"].sum()}
    ).reindex(survey_results.index)
    activity["logins_last_90_days"] = activity["logins_last_90_days"].fillna(0).astype(int)
    return activity


def _timestamp(moment: str) -> pd.Timestamp:
    stamp = pd.Timestamp(moment)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


@tag(feature_group="demographic")
def is_male(gender: pd.Series) -> pd.Series:
    """1 for clients who answered male, else 0."""
    return (gender == "male").astype(int)


@tag(feature_group="demographic")
def is_female(gender: pd.Series) -> pd.Series:
    """1 for clients who answered female, else 0."""
    return (gender == "female").astype(int)


@tag(feature_group="demographic")
def age_normalized(age: pd.Series, age_mean: float, age_std_dev: float) -> pd.Series:
    """Age as a z-score against the population, so models see it on a unit scale."""
    return (age - age_mean) / (age_std_dev or 1.0)


@tag(feature_group="demographic")
@parameterize(**{f"is_{name}": {"region_name": value(name)} for name in REGIONS})
def is_in_region(region: pd.Series, region_name: str) -> pd.Series:
    """1 for clients in the {region_name} region, else 0."""
    return (region == region_name).astype(int)


@tag(feature_group="spend")
def is_high_roller(annual_budget: pd.Series, high_roller_budget: float = 5000.0) -> pd.Series:
    """1 for clients whose stated yearly budget is at least ``high_roller_budget`` USD."""
    return (annual_budget >= high_roller_budget).astype(int)


@tag(feature_group="spend")
def log_annual_budget(annual_budget: pd.Series) -> pd.Series:
    """The stated budget on a log scale: budgets span two orders of magnitude."""
    return annual_budget.clip(lower=1.0).transform("log")


@tag(feature_group="engagement")
def time_since_last_login(
    last_login_at: pd.Series, signed_up_at: pd.Series, as_of: str
) -> pd.Series:
    """Days since the last login (since sign-up for clients who never logged in)."""
    since = last_login_at.fillna(signed_up_at)
    return (_timestamp(as_of) - since).dt.total_seconds() / 86400.0


@tag(feature_group="engagement")
def logins_per_week(logins_last_90_days: pd.Series) -> pd.Series:
    """Average weekly logins over the last 90 days."""
    return logins_last_90_days / (90 / 7)


@tag(feature_group="engagement")
def is_dormant(time_since_last_login: pd.Series, dormant_after_days: float = 30.0) -> pd.Series:
    """1 for clients who have not logged in for ``dormant_after_days`` days."""
    return (time_since_last_login >= dormant_after_days).astype(int)


def features(
    is_male: pd.Series,
    is_female: pd.Series,
    age_normalized: pd.Series,
    is_north: pd.Series,
    is_south: pd.Series,
    is_east: pd.Series,
    is_west: pd.Series,
    is_high_roller: pd.Series,
    log_annual_budget: pd.Series,
    time_since_last_login: pd.Series,
    logins_per_week: pd.Series,
    is_dormant: pd.Series,
) -> pd.DataFrame:
    """The feature frame: one row per client_id, one column per parameter, in order."""
    frame = pd.DataFrame(dict(locals()))  # the parameters, by name: nothing else is local yet
    frame.index.name = "client_id"
    return frame


@config.when(mode="online")
def feature_vector(features: pd.DataFrame) -> dict:
    """The one client's features as a flat mapping, ready to return from an API."""
    ((client_id, row),) = features.iterrows()
    return {"client_id": int(client_id), **{k: float(v) for k, v in row.items()}}
