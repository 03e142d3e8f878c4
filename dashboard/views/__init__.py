"""The back office's pages, one module per area: the overview, the lists, and the task
pages. Each view reads through wei.access and writes through a lower app's services."""
