"""Benchmarks: scripts that measure and print their figures (they are not tests)."""
