"""The exceptions blogweave raises; only cli.py turns them into exit codes."""


class BlogweaveError(Exception):
    """Base class: raised for any failure a user can act on."""


class ConfigError(BlogweaveError):
    """Raised when configuration (pyproject, blogweave.toml, options) is invalid."""


class PostError(BlogweaveError):
    """Raised when one post cannot be read; the build warns and goes on."""

    def __init__(self, path, problem: str):
        from blogweave.names import display_path

        self.path = display_path(path)  # a file name is data: never raw control characters or bad bytes
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ModelError(BlogweaveError):
    """Raised when no English spaCy model is installed."""


class ExportError(BlogweaveError):
    """Raised when a format is unknown or an output cannot be written."""


class QueryError(BlogweaveError):
    """Raised when a SPARQL query cannot be parsed or run, or a graph file is missing."""
