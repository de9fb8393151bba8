"""The build: orchestration, planning and batches, the local and Dask backends, the cache and up-to-date stamps."""
