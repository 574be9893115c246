from hamilton.function_modifiers import check_output


@check_output(values_in=["eur", "usd"], importance="fail")
def currency(code: str) -> str:
    return code.lower()


def label(currency: str) -> str:
    return "cur=" + currency
