"""Batch audit: many documents through the shared pipeline, on local processes or a Dask cluster."""
