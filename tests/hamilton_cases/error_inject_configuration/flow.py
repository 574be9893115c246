from hamilton.function_modifiers import configuration, inject


@inject(k=configuration("mode"))
def speed_label(k: str) -> str:
    return "speed " + k
