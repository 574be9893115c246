import json

from hamilton.function_modifiers import dataloader, datasaver


@dataloader()
def settings(settings_path: str) -> tuple[dict, dict]:
    with open(settings_path) as handle:
        return json.load(handle), {"path": settings_path, "format": "json"}


def doubled(settings: dict) -> dict:
    return {k: v * 2 for k, v in settings.items()}


@datasaver()
def stored(doubled: dict, out_path: str) -> dict:
    with open(out_path, "w") as handle:
        json.dump(doubled, handle)
    return {"destination": out_path}
