"""The population database: reading and validating citizen rows, and loading them in batches."""
