"""Checks: the course model in, problems out (no rendering, no printing)."""
