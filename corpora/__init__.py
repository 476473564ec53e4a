"""Generated corpora and their generators (see README.md)."""
