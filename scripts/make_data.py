"""Make the example flows' sample data, the same bytes of content on every run.

The flows in ``flows/`` read only local files, so they run offline and their
tests see the same numbers every time. This script writes them from a fixed
seed; the files it makes are committed, and a test regenerates them and compares.

    python scripts/make_data.py            # writes into data/
    python scripts/make_data.py OUT_DIR    # writes somewhere else

What it writes:

- ``customers.db``: an SQLite database of 1,000 clients with three tables,
  ``survey_results`` (one row a client), ``logins`` (one row a login) and
  ``lifetime_value`` (what each client spent in the following year).
- ``embedding_pairs.csv``: pairs of sentences labelled 1 (same topic) or -1.
- ``new_texts.txt``: sentences the embeddings flow projects after training.
- ``images/lighthouse.png``: a small picture for the captioning flow.

The articles in ``data/articles/`` are written by hand, not generated.
"""

from __future__ import annotations

import csv
import math
import random
import sqlite3
import struct
import sys
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20260630
CLIENTS = 1000
AS_OF = datetime(2026, 6, 30, tzinfo=timezone.utc)  # the day the data was "exported"
REGIONS = ("north", "south", "east", "west")

SCHEMA = """
CREATE TABLE survey_results (
    client_id INTEGER PRIMARY KEY,
    gender TEXT NOT NULL,          -- 'female' | 'male' | 'nonbinary'
    age INTEGER NOT NULL,
    annual_budget REAL NOT NULL,   -- what the client said they spend a year, USD
    region TEXT NOT NULL,
    signed_up_at TEXT NOT NULL     -- ISO 8601, UTC
);
CREATE TABLE logins (
    client_id INTEGER NOT NULL REFERENCES survey_results(client_id),
    login_at TEXT NOT NULL         -- ISO 8601, UTC
);
CREATE INDEX logins_by_client ON logins(client_id);
CREATE TABLE lifetime_value (
    client_id INTEGER PRIMARY KEY REFERENCES survey_results(client_id),
    ltv_12m REAL NOT NULL          -- revenue from the client in the next 12 months, USD
);
"""


def _client(rng: random.Random, client_id: int) -> tuple[tuple, list[str], float]:
    """One client's survey row, login times and next-year value."""
    gender = rng.choices(("female", "male", "nonbinary"), weights=(48, 48, 4))[0]
    age = int(min(82, max(18, rng.gauss(41, 13))))
    budget = round(math.exp(rng.gauss(7.6, 0.7)), 2)  # median ~2,000 USD
    region = rng.choice(REGIONS)
    signed_up = AS_OF - timedelta(days=rng.randint(30, 900))
    engagement = rng.betavariate(1.2, 2.5)  # most clients log in rarely
    dormant = rng.random() < 0.18
    window_end = AS_OF - timedelta(days=rng.randint(45, 200)) if dormant else AS_OF
    logins = []
    for _ in range(int(engagement * 60)):
        seconds = rng.uniform(0, (window_end - signed_up).total_seconds())
        logins.append(_iso(signed_up + timedelta(seconds=seconds)))
    recent = sum(1 for t in logins if t >= _iso(AS_OF - timedelta(days=90)))
    spend = 0.35 * budget + 55 * recent + 6 * (age - 18) + rng.gauss(0, 120)
    row = (client_id, gender, age, budget, region, _iso(signed_up))
    return row, sorted(logins), round(max(0.0, spend), 2)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_customers(path: Path) -> None:
    """The SQLite database of survey answers, logins and lifetime values."""
    rng = random.Random(SEED)
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA)
        for client_id in range(1, CLIENTS + 1):
            row, logins, ltv = _client(rng, client_id)
            db.execute("INSERT INTO survey_results VALUES (?, ?, ?, ?, ?, ?)", row)
            db.executemany("INSERT INTO logins VALUES (?, ?)", [(client_id, t) for t in logins])
            db.execute("INSERT INTO lifetime_value VALUES (?, ?)", (client_id, ltv))
    db.close()


# Sentences on six everyday topics; two from one topic make a similar pair.
TOPICS = {
    "cooking": [
        "Brown the onions slowly in butter before adding the garlic.",
        "A pinch of salt in the pasta water makes the sauce taste better.",
        "Let the bread dough rise in a warm kitchen for two hours.",
        "Roast the vegetables at a high oven temperature until they caramelise.",
        "Simmer the tomato sauce with basil while the pasta cooks.",
        "Whisk the eggs and sugar until the batter turns pale.",
        "Rest the steak for five minutes after it leaves the pan.",
        "Knead the dough until it is smooth and springs back.",
        "Season the soup at the end, once the stock has reduced.",
        "Fry the garlic gently so it does not burn in the oil.",
    ],
    "football": [
        "The striker scored twice in the second half of the match.",
        "Their goalkeeper saved a penalty in the final minute.",
        "The coach changed the formation after the first goal.",
        "A late header from a corner won the league match.",
        "The referee showed a red card for a dangerous tackle.",
        "Fans filled the stadium for the cup final on Saturday.",
        "The midfielder passed the ball through to the striker.",
        "After extra time the match went to a penalty shootout.",
        "The team kept a clean sheet for the fourth game running.",
        "Injury kept the captain out of the derby match.",
    ],
    "astronomy": [
        "Jupiter is bright in the evening sky this month.",
        "The telescope resolved the rings of Saturn clearly.",
        "A meteor shower peaks when the comet's debris meets Earth.",
        "The full moon washes out faint galaxies and nebulae.",
        "Astronomers measured the distance to the star by parallax.",
        "Mars appears red because of iron oxide on its surface.",
        "The eclipse darkened the sky for nearly three minutes.",
        "Light from that galaxy left it millions of years ago.",
        "A dark site far from city lights shows the Milky Way.",
        "The planet's orbit around its star takes four Earth days.",
    ],
    "banking": [
        "The bank raised its interest rate on savings accounts.",
        "Transfer the money before the account statement closes.",
        "A mortgage payment is due on the first of every month.",
        "The loan application needs proof of income and an address.",
        "Card payments abroad may carry a currency conversion fee.",
        "Her savings account earns interest every quarter.",
        "The bank flagged the unusual payment as possible fraud.",
        "An overdraft lets the account go below zero for a fee.",
        "Interest on the loan is charged on the remaining balance.",
        "Deposit the cheque and the money clears in two days.",
    ],
    "gardening": [
        "Water the tomato plants early in the morning in summer.",
        "Prune the roses in late winter before new growth starts.",
        "Compost turns kitchen scraps into rich garden soil.",
        "Sow the lettuce seeds thinly in a shallow row.",
        "Mulch around the shrubs to keep weeds down and soil moist.",
        "Slugs ate the young seedlings in the vegetable bed.",
        "Plant the tulip bulbs in autumn for flowers in spring.",
        "The apple tree needs a sunny spot and well drained soil.",
        "Dig the compost into the bed before planting potatoes.",
        "Deadhead the flowers so the plants keep blooming.",
    ],
    "programming": [
        "The function returns early when the list is empty.",
        "Write a unit test that reproduces the bug first.",
        "The compiler reported a type error on line twelve.",
        "Refactor the loop into a small function with a clear name.",
        "The program crashed because a variable was never set.",
        "Use version control so every code change can be undone.",
        "The query was slow until we added an index to the table.",
        "Read the stack trace from the bottom to find the failing call.",
        "The test suite runs on every commit before the code merges.",
        "A dictionary lookup is faster than searching the whole list.",
    ],
}

NEW_TEXTS = [
    "Stir the risotto and add the stock one ladle at a time.",
    "The winger crossed the ball and the striker headed it in.",
    "Venus shines just after sunset low in the western sky.",
    "The bank charges a fee for every international transfer.",
    "Plant the beans after the last spring frost has passed.",
    "The script failed because the file path was misspelled.",
]


def write_pairs(path: Path, pairs_per_topic: int = 16) -> None:
    """Similar pairs within a topic and as many dissimilar pairs across topics."""
    rng = random.Random(SEED + 1)
    topics = list(TOPICS)
    rows = []
    for topic in topics:
        for _ in range(pairs_per_topic):
            a, b = rng.sample(TOPICS[topic], 2)
            rows.append((a, b, 1))
            other = rng.choice([t for t in topics if t != topic])
            rows.append((rng.choice(TOPICS[topic]), rng.choice(TOPICS[other]), -1))
    rng.shuffle(rows)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("text_1", "text_2", "label"))
        writer.writerows(rows)


def write_png(path: Path, width: int = 96, height: int = 96) -> None:
    """A lighthouse on a rock at dusk, drawn pixel by pixel (no imaging library)."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type: none
        for x in range(width):
            row += bytes(_lighthouse_pixel(x / width, y / height))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _lighthouse_pixel(x: float, y: float) -> tuple[int, int, int]:
    if 0.42 < x < 0.58 and 0.22 < y < 0.72:  # the tower, striped red and white
        return (200, 30, 30) if int(y * 20) % 2 else (240, 240, 235)
    if 0.40 < x < 0.60 and 0.16 < y <= 0.22:  # the lamp room
        return (255, 220, 90)
    if y > 0.72 and abs(x - 0.5) < 0.35 - (y - 0.72):  # the rock
        return (70, 60, 55)
    if y > 0.70:  # the sea
        return (20, 60 + int(40 * y), 120)
    return (250 - int(120 * y), 140 + int(60 * y), 90 + int(120 * y))  # dusk sky


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def main(out_dir: Path) -> None:
    """Write every generated file into ``out_dir``."""
    (out_dir / "images").mkdir(parents=True, exist_ok=True)
    write_customers(out_dir / "customers.db")
    write_pairs(out_dir / "embedding_pairs.csv")
    (out_dir / "new_texts.txt").write_text("\n".join(NEW_TEXTS) + "\n")
    write_png(out_dir / "images" / "lighthouse.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "data")
