"""The exceptions blogweave raises; only cli.py turns them into exit codes."""


class BlogweaveError(Exception):
    """Base class: raised for any failure a user can act on."""


class ConfigError(BlogweaveError):
    """Raised when configuration (pyproject, blogweave.toml, options) is invalid."""


class UsageError(ConfigError):
    """Raised when a command-line option has an invalid value (the CLI exits 2)."""


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


class RowLimitExceeded(QueryError):
    """Raised when a query result has more rows (or triples) than the limit allows."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"the result has more than {limit} rows; add LIMIT/OFFSET to page through it")


class UpdateRefused(QueryError):
    """Raised when a query is a SPARQL Update or uses SERVICE: blogweave's graph is read-only and offline."""


class NotAcceptable(BlogweaveError):
    """Raised when no result format the server writes matches a request's Accept header (HTTP 406)."""


class QueryTimeout(BlogweaveError):
    """Raised when a query runs past its deadline and its worker is killed (HTTP 503)."""


class Busy(BlogweaveError):
    """Raised when no query worker is free in time (HTTP 503)."""


class LexiconError(BlogweaveError, ValueError):
    """Raised when relations/lexicon.toml holds an entry the engine cannot use (a typo in a position or relation)."""


class CalibrationError(BlogweaveError, ValueError):
    """relations/calibration.toml is malformed (unordered bands, a decreasing table, a value outside [0, 1])."""
