"""blogweave: offline knowledge graphs of people, organizations and technology from Markdown posts."""

__version__ = "0.1.0"  # first: the modules imported below read it

from blogweave.pipeline.build import build  # noqa: E402
from blogweave.errors import BlogweaveError  # noqa: E402

__all__ = ["BlogweaveError", "build", "__version__"]
