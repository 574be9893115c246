"""parameterize_sources rebinding a parameter that has a default; the other default stays."""

from hamilton.function_modifiers import parameterize_sources


@parameterize_sources(
    north_total={"sales": "north_sales", "bonus": "north_bonus"},
    south_total={"sales": "south_sales"},
)
def region_total(sales: float, bonus: float = 1.0, fee: float = 0.5) -> float:
    return sales + bonus - fee
