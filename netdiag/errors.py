"""The errors netdiag reports to its user as one line (exit code 2), never as a traceback."""


class NetdiagError(Exception):
    """Base class: str(error) is the one-line message shown to the user."""


class DataError(NetdiagError):
    """An input file or folder cannot be used as it is."""


class UnknownTable(DataError):
    """A file that is no table netdiag knows (a README, a truth file): skipped with a note in a folder."""


class NotText(UnknownTable):
    """A binary file (a PDF, an image, random bytes) where a text export was looked for: skipped with a note."""


class RuleError(NetdiagError):
    """A rule file is invalid; the message reads `file:line: message`."""


class UsageError(NetdiagError):
    """The request itself is inconsistent (unknown cell, unknown symptom, ...)."""
