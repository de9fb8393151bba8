"""blogweave: offline knowledge graphs of people, organizations and technology from Markdown posts."""

from blogweave.errors import BlogweaveError
from blogweave.pipeline import build

__version__ = "0.1.0"
__all__ = ["BlogweaveError", "build", "__version__"]
