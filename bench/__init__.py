"""`make bench`: data sets, real servers and wrk; writes bench/results.md."""
