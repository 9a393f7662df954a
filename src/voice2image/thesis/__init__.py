"""The whole thesis in one command: the plan of every table's rows, the queue, the report."""
