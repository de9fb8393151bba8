"""blogweave: offline knowledge graphs of people, organizations and technology from Markdown posts."""

from importlib import metadata

from blogweave.errors import BlogweaveError
from blogweave.pipeline.build import build

__version__ = metadata.version("blogweave")  # pyproject.toml's, the one place it is written

__all__ = ["BlogweaveError", "build", "__version__"]
