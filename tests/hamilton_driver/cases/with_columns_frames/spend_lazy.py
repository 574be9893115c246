"""Column expressions for a polars LazyFrame."""

import polars as pl


def spend_per_signup(spend: pl.Expr, signups: pl.Expr) -> pl.Expr:
    return spend / signups


def spend_centered(spend: pl.Expr) -> pl.Expr:
    return spend - spend.mean()


def doubled(spend_centered: pl.Expr) -> pl.Expr:
    return spend_centered * 2
