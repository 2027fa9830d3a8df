"""Files -> canonical frames: folders, archives and workbooks, encodings and delimiters, header
spellings and value notations, the canonical tables' schema."""

from ..lazy import lazy_api

_EXPORTS = {
    "cgi_readings": ".cgi",
    "Column": ".schema",
    "data_files": ".sources",
    "FileReport": ".readers",
    "folder_settings": ".sources",
    "FolderRead": ".folder",
    "identify_table": ".recognise",
    "iter_raw": ".sources",
    "load_counter_dictionary": ".counters",
    "object_keys": ".objects",
    "parse_text": ".parsing",
    "RawTable": ".parsing",
    "read_file": ".readers",
    "read_folder": ".folder",
    "read_pm_xml": ".pm_xml",
    "read_raw": ".readers",
    "Table": ".schema",
    "TABLES": ".schema",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
