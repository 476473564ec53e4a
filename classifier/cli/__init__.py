"""The `classifier` command line: one module per sub-command."""
