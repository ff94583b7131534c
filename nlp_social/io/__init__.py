"""Reading a user's own files: tables, CoNLL token files and a streaming record iterator.

``iter_records`` yields one :class:`Record` or :class:`Reject` per input line/row, so nothing is
ever dropped silently; ``RejectWriter`` logs the rejects as JSON lines.
"""

from nlp_social.io.readers import (
    FORMATS,
    detect_format,
    expand_paths,
    iter_records,
    read_conll,
    read_table,
    split_records,
)
from nlp_social.io.records import Record, Reject, RejectWriter

__all__ = [
    "FORMATS",
    "Record",
    "Reject",
    "RejectWriter",
    "detect_format",
    "expand_paths",
    "iter_records",
    "read_conll",
    "read_table",
    "split_records",
]
