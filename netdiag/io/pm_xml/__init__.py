"""3GPP PM XML statistics files: TS 32.435 measCollec and TS 32.401 mdc, read as a stream, and written.

Every vendor's OMC-R can send its counters northbound in one of these two layouts:

* **32.435 measCollec** ``measCollecFile/measData/measInfo``: a ``granPeriod`` (``duration="PT900S"``,
  ``endTime``), the counter names as one list (``<measTypes>a b c</measTypes>`` with
  ``<measResults>1 2 3</measResults>`` per object) or indexed (``<measType p="1">a</measType>`` with
  ``<r p="1">1</r>``), then one ``measValue measObjLdn="..."`` per measured object, possibly flagged
  ``<suspect>true</suspect>``. Namespace: the 32.435 one, the older 32.401-versioned one, or none.
* **32.401 mdc** ``mdc/md/mi``: ``mts`` (end time ``YYYYMMDDHHMMSS[Z|+hhmm]``), ``gp`` (seconds), the
  names as ``mt`` elements, then ``mv`` with ``moid``, positional ``r`` values and ``sf`` (TRUE = suspect).

The reader streams with an lxml pull parser fed a chunk of bytes at a time (only the block and its
period and counter names raise an event, the rows none; after each chunk, a block's complete rows
are read and dropped a few hundred at a time, and each block's element at its end; a big block's
values are converted as they come; blocks of usual rows are converted a file, or a few thousand
values, at a time), so a file of any size is parsed in the memory of one block of values. It refuses DTD entity declarations (``resolve_entities=False``, no
network, no DTD loaded, and a document declaring entities is stopped before it is parsed: the
billion-laughs and external-entity guard).

One :class:`PmBlock` comes out per measInfo/mi (one granularity period, one list of counters);
:func:`concat_blocks` puts blocks together as one table with the columns ``object`` (the LDN as
written), ``cell`` (the LDN's last RDN value), ``cgi`` (when the LDN carries one), ``start_time``
(``endTime`` − duration, naive OMC-R wall time: a written offset is dropped, the wall clock kept),
``period_min``, ``meas_info``, then one float column per counter, named as written. Absent values
(empty, ``NIL``, a missing ``r``) are NaN; a suspect object's values are left out and counted in the
:class:`PmReport`.
"""

from ..objects import split_dn
from .model import KEY_COLUMNS, MDC, MEAS_COLLEC, NS_32401, NS_32435, PmBlock, PmReport
from .names import cell_and_cgi, parse_duration, parse_wall_time
from .reader import iter_pm_blocks, iter_pm_frames, read_pm_xml
from .recognise import HEAD_BYTES, root_of, sniff
from .table import concat_blocks
from .values import ABSENT_TOKENS, to_floats
from .writer import write_meas_collec


__all__ = [
    "ABSENT_TOKENS", "HEAD_BYTES", "KEY_COLUMNS", "MDC", "MEAS_COLLEC", "NS_32401", "NS_32435", "PmBlock", "PmReport",
    "cell_and_cgi", "concat_blocks", "iter_pm_blocks", "iter_pm_frames", "parse_duration", "parse_wall_time",
    "read_pm_xml", "root_of", "sniff", "split_dn", "to_floats", "write_meas_collec",
]
