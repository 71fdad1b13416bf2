"""Reliability and security suite (issue 9): faults survived, nothing lost, bad input
answered, secrets kept. See conftest.py for how the long runs are pooled."""
