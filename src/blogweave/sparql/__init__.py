"""SPARQL over a build: the store, named queries, result formats, the HTTP protocol, server and workers."""
