"""Arrears: debt recovery and enforcement for UK local authorities."""
