"""Reads for recovery: streams, due cases, holds, explanations (split by subject)."""
