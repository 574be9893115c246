from hamilton.function_modifiers import dataloader


@dataloader()
def not_a_pair() -> dict:
    return {}
