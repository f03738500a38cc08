"""Plain-Python rules for generating synthetic data: shapes of debts, places, rows."""
