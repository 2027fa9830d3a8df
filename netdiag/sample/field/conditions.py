"""What the field suite's faults change, as arrays the counter model reads: a neutral value
everywhere (a healthy network) until a scenario turns one for its cells, periods, TRXs, relations,
BSCs or circuits. Periods are 15 minutes; a day has 96."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

PERIOD_MIN = 15
PER_DAY = 24 * 60 // PERIOD_MIN
MAX_TRX = 4


@dataclass
class Circuits:
    """A-interface circuits of every BSC: 30 traffic timeslots per PCM (TS 1-15, 17-31)."""

    bsc: np.ndarray
    pcm: np.ndarray
    ts: np.ndarray
    hold_mult: np.ndarray  # mean hold per seizure against the BSC's
    seize_mult: np.ndarray  # seizures against an even share (short holds are seized again sooner)
    bsc_state: np.ndarray  # object: '' (follows traffic) or a state the BSC side shows
    msc_state: np.ndarray
    blocked: np.ndarray  # bool: blocked on both sides, carries nothing

    def __len__(self) -> int:
        return len(self.bsc)


@dataclass
class Conditions:
    start: pd.Timestamp
    days: int
    weekend: list[bool]  # per day
    n_cells: int
    n_bsc: int
    circuits: Circuits
    # (cell, period)
    load: np.ndarray = field(init=False)  # offered traffic multiplier
    down_s: np.ndarray = field(init=False)  # seconds the cell was out of service in the period
    dead: np.ndarray = field(init=False)  # bool: no TRX in service (nothing counted, no TCH available)
    hung: np.ndarray = field(init=False)  # bool: in service, nothing counted
    no_tch: np.ndarray = field(init=False)  # bool: set-ups never reach a TCH
    mt_share: np.ndarray = field(init=False)  # share of mobile-terminated set-ups that arrive (1 normal)
    drop_mult: np.ndarray = field(init=False)
    tch_fail_add: np.ndarray = field(init=False)
    tch_cong_add: np.ndarray = field(init=False)
    sdcch_fail_add: np.ndarray = field(init=False)
    sdcch_cong_add: np.ndarray = field(init=False)
    agch_p: np.ndarray = field(init=False)
    lu_mult: np.ndarray = field(init=False)
    band45: np.ndarray = field(init=False)  # extra share of idle TCHs in bands 4-5
    rxlev_add: np.ndarray = field(init=False)
    badq_add: np.ndarray = field(init=False)
    gprs_off: np.ndarray = field(init=False)  # bool: nothing at all on GPRS
    gprs_fail_all: np.ndarray = field(init=False)  # bool: TBF requests counted, every one fails
    gprs_util_mult: np.ndarray = field(init=False)
    tbf_cong_add: np.ndarray = field(init=False)
    low_cs_add: np.ndarray = field(init=False)
    # (cell, trx slot)
    trx_hold_mult: np.ndarray = field(init=False)
    trx_drop_mult: np.ndarray = field(init=False)
    trx_fail_add: np.ndarray = field(init=False)
    trx_redial: np.ndarray = field(init=False)  # extra seizures per seizure
    # relations (cell, neighbour) -> (success probability, share of the failures rejected before execution)
    ho_override: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)
    # (bsc, period); GPUs (bsc, 3, period)
    sccp_loss_add: np.ndarray = field(init=False)
    gpu_load_add: np.ndarray = field(init=False)
    gpu_cong_s: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        c, p = self.n_cells, self.periods

        def full(value, dtype=float):
            return np.full((c, p), value, dtype=dtype)

        self.load, self.down_s = full(1.0), full(0.0)
        self.dead, self.hung, self.no_tch = full(False, bool), full(False, bool), full(False, bool)
        self.mt_share, self.drop_mult = full(1.0), full(1.0)
        self.tch_fail_add, self.tch_cong_add, self.sdcch_fail_add, self.sdcch_cong_add = full(0.0), full(0.0), full(0.0), full(0.0)
        self.agch_p, self.lu_mult, self.band45 = full(0.0), full(1.0), full(0.0)
        self.rxlev_add, self.badq_add = full(0.0), full(0.0)
        self.gprs_off, self.gprs_fail_all = full(False, bool), full(False, bool)
        self.gprs_util_mult, self.tbf_cong_add, self.low_cs_add = full(1.0), full(0.0), full(0.0)
        self.trx_hold_mult = np.ones((c, MAX_TRX))
        self.trx_drop_mult = np.ones((c, MAX_TRX))
        self.trx_fail_add = np.zeros((c, MAX_TRX))
        self.trx_redial = np.zeros((c, MAX_TRX))
        self.sccp_loss_add = np.zeros((self.n_bsc, p))
        self.gpu_load_add = np.zeros((self.n_bsc, 3, p))
        self.gpu_cong_s = np.zeros((self.n_bsc, 3, p))

    @property
    def periods(self) -> int:
        return self.days * PER_DAY

    def times(self) -> pd.DatetimeIndex:
        return pd.date_range(self.start, periods=self.periods, freq=f"{PERIOD_MIN}min")

    def span(self, first: pd.Timestamp, last: pd.Timestamp | None = None) -> slice:
        """The periods from `first` (inclusive) to `last` (exclusive; default: the end)."""
        to = self.periods if last is None else self.index(last)
        return slice(self.index(first), to)

    def index(self, when: pd.Timestamp) -> int:
        return int(np.clip((pd.Timestamp(when) - self.start) // pd.Timedelta(minutes=PERIOD_MIN), 0, self.periods))

    @property
    def end(self) -> pd.Timestamp:
        return self.start + pd.Timedelta(minutes=PERIOD_MIN * self.periods)

    def hour_of_day(self) -> np.ndarray:
        return (np.arange(self.periods) % PER_DAY) * PERIOD_MIN / 60.0
