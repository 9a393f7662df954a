"""Metric functions, one module per pipeline step; the `evaluate` stage assembles them."""
