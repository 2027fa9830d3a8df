"""Configuration dumps: Huawei GExport XML and 3GPP TS 32.615 Bulk CM XML (GSM NRM), read as a stream
into the canonical configuration tables (cells, neighbours, trx), and written (for the vendor sample)."""

from .bulkcm import read_bulk_cm
from .gexport import read_gexport
from .model import BULK_CM, FORMATS, GEXPORT, cm_kind, raw_tables

__all__ = ["BULK_CM", "FORMATS", "GEXPORT", "cm_kind", "raw_tables", "read_bulk_cm", "read_gexport", "read_cm"]


def read_cm(stream, name: str, kind: str):
    """The tables of one configuration dump of `kind` (GEXPORT or BULK_CM), as (name, RawTable) pairs."""
    return (read_gexport if kind == GEXPORT else read_bulk_cm)(stream, name)
