"""``participation drafts …`` and ``participation comments import`` (external input onto a
version; lives here because the comment engine knows nothing of drafts).

A package (the old ``cli.py`` grew past the ~400-line rule), one module per group of commands:
``texts`` (parse, compare, import, export), ``publishing`` (publish), ``comments`` (the
``comments`` group), ``lifecycle`` (finalize, enact, promulgate); ``support`` holds the
``drafts`` group and what the commands share. Importing the package registers every command on
its group; the console script's registry (``participation/cli.py``) names the two groups
re-exported here.
"""

# importing these modules attaches their commands to drafts_group
from participation.drafts.cli import lifecycle, publishing, texts  # noqa: F401
from participation.drafts.cli.comments import comments_group
from participation.drafts.cli.support import drafts_group

__all__ = ["comments_group", "drafts_group"]
