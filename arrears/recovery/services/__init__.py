"""Writes for recovery: streams, cases, holds, the daily run, the court (split by subject)."""
