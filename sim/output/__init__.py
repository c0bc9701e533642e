"""Outputs of a run: weekly series, case and membership logs, summary, figure, provenance."""
