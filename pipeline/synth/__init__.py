"""The test bench: a synthetic Vietnamese population and, later, scans of documents about it.

Nothing on the processing path imports this package.
"""
