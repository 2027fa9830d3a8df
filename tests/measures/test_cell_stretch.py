"""measures.cell_stretch: a row per stretch, and only those a rule's condition keeps when it says which."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _busier(frame: pd.DataFrame) -> np.ndarray:
    """A condition over several kinds of stretch column: a rate, a summed counter, an expected count, a level."""
    return ((frame["drop_rate"].fillna(0) > 0.005) | (frame["tch_seizures"] > frame["expected_call_attempts"])
            | (frame["rxlev_drop_db"] > 1)).to_numpy()


WANTED = (["drop_rate", "tch_seizures", "expected_call_attempts", "rxlev_drop_db"], _busier)


def test_the_stretches_a_condition_keeps_are_those_rows_of_every_stretch(sample_diagnosis):
    frames = sample_diagnosis.measures["cell"]
    periods = frames.period_columns(["call_attempts"])
    holds = (periods["call_attempts"] > periods["call_attempts"].median()).to_numpy()
    for how in ({"holds": holds, "gap_hours": 1.0, "min_hours": 1.0}, {"change_of": ("drop_rate", True), "min_hours": 2.0}):
        every = frames.stretches(**how)
        kept = every[_busier(every)].reset_index(drop=True)
        assert 0 < len(kept) < len(every), how  # (the condition tells stretches apart)
        pd.testing.assert_frame_equal(frames.stretches(**how, wanted=WANTED), kept, check_exact=True)


def test_a_condition_that_keeps_no_stretch_gives_no_rows(sample_diagnosis):
    frames = sample_diagnosis.measures["cell"]
    none = frames.stretches(change_of=("drop_rate", True), min_hours=2.0, wanted=(["drop_rate"], lambda f: np.zeros(len(f), dtype=bool)))
    assert none.empty and list(none.columns) == list(frames.stretches(change_of=("drop_rate", True), min_hours=2.0).columns)
