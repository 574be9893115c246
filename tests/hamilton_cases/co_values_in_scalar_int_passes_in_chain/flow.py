from hamilton.function_modifiers import check_output


@check_output(values_in=[1, 2, 3], importance="fail")
def level(score: int) -> int:
    return min(3, 1 + score // 10)


def level_name(level: int) -> str:
    return {1: "low", 2: "mid", 3: "high"}[level]
