"""Helpers of scripts/evaluate.py: scoring, label mappings, corpus loaders, the two systems, the report."""
