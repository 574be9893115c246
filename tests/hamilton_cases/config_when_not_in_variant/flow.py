"""when_not_in keeps the variant unless env is one of the listed values."""

from hamilton.function_modifiers import config


@config.when_not_in(env=["prod", "staging"])
def db_url__local(db_name: str) -> str:
    return f"sqlite:///{db_name}.db"


@config.when_in(env=["prod", "staging"])
def db_url__remote(db_name: str, db_host: str) -> str:
    return f"postgres://{db_host}/{db_name}"


def connection_label(db_url: str) -> str:
    return "conn:" + db_url
