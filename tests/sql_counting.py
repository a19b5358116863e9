"""Counting the SQL statements a request runs, for the constant-query tests: the bench's own
counter (bench/inprocess.py), so the tests and `make bench` count alike."""

from bench.inprocess import statements_counted as count_statements

__all__ = ["count_statements"]
