"""Draft a content file from what is written about an episode.

A reader turns a text into the draft model of quiz.draft, which is checked as any content
file is and written as YAML with `# TODO:` comments where a person must decide. The reader
of episode summaries (quiz.extract.summary) is the first; a reader of transcripts plugs in
beside it, producing the same Draft.
"""

from .summary import ExtractError, draft_content, read_draft, read_summary, slugify
from .writing import Drafted, write_draft, write_yaml, yaml_scalar

__all__ = ["Drafted", "ExtractError", "draft_content", "read_draft", "read_summary", "slugify",
           "write_draft", "write_yaml", "yaml_scalar"]
