"""Hamilton's ``hamilton.execution``: the task executors, as dagrun executor choices."""
