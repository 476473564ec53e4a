"""Batch scans: sources (folders, archives), composable pipeline steps, executors, resume, reports."""
