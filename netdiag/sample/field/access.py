"""Field scenarios of call set-up, GPRS and BSC-side faults, each written from its catalogue entry and
the field notes."""

from __future__ import annotations

import numpy as np

from .counters import day_profile
from .reports import TRAFFIC_TS, busy_hours
from .scenario import Context, Fault, scenario


def _ongoing(ctx: Context, before: float = 0.5):
    return (ctx.before_window(), ctx.cond.end) if ctx.rng.random() < before else (ctx.since(), ctx.cond.end)


def _busy_weight(ctx: Context, c: int) -> np.ndarray:
    """(P,) the cell's traffic shape, squared: load-driven faults bite at the busy hours."""
    return day_profile(ctx.cond, ctx.healthy.business[[c]])[0] ** 2


@scenario("paging_barred")
def paging(ctx: Context, c: int) -> Fault:
    ctx.layout.cells.at[c, "paging_barred"] = 1
    ctx.cond.mt_share[c] = 0.0
    return Fault("paging_barred", "cell", [c], c, ctx.name(c), ctx.before_window(), ctx.cond.end, "paging barred: no mobile-terminated calls")


@scenario("lac_spans_msc", target="lac")
def lac_spans(ctx: Context, lac: int) -> Fault:
    """A site of a BSC on the other MSC was given this LAC: the LAC now spans two MSCs."""
    lay = ctx.layout
    cells = lay.cells
    mine = np.flatnonzero(cells["lac"].to_numpy() == lac)
    msc = cells.at[mine[0], "msc"]
    border = [k for c in mine for k in lay.nb[c] if cells.at[k, "msc"] != msc and cells.at[k, "lac"] != lac]
    if not border:
        border = np.flatnonzero(cells["msc"].to_numpy() != msc).tolist()
    moved = lay.cosite(int(border[0]))
    cells.loc[moved, "lac"] = lac
    for c in moved:
        ctx.cond.mt_share[c] = 0.4
    return Fault("lac_spans_msc", "lac", moved, moved[0], f"LAC {lac}", ctx.before_window(), ctx.cond.end,
                 f"{cells.at[moved[0], 'site']} ({cells.at[moved[0], 'msc']}) carries LAC {lac} of {msc}", lac=lac)


@scenario("msc_cell_data_missing")
def msc_data(ctx: Context, c: int) -> Fault:
    start, end = _ongoing(ctx, 0.4)
    ctx.cond.no_tch[c, ctx.span(start, end)] = True
    return Fault("msc_cell_data_missing", "cell", [c], c, ctx.name(c), start, end, "set-ups but no TCH assignment attempted")


@scenario("cell_hung")
def hung(ctx: Context, c: int) -> Fault:
    """In service, nothing counted: since yesterday evening, last night or this morning (or for a stretch)."""
    cond = ctx.cond
    start, end = (ctx.since(), cond.end) if ctx.rng.random() < 0.7 else ctx.episode((6, 14))
    span = ctx.span(start, end)
    cond.hung[c, span] = True
    takers = ctx.displace(c, span)
    return Fault("cell_hung", "cell", [c], c, ctx.name(c), start, end, f"hung {start:%d %H:%M}-{end:%d %H:%M}", effect=takers)


@scenario("ta_limit_too_small", target="rural")
def ta_limit(ctx: Context, c: int) -> Fault:
    """An edge cell whose max TA was set to 1-2 steps: subscribers beyond 0.6-1.1 km fail access."""
    lay, rng = ctx.layout, ctx.rng
    lay.cells.at[c, "max_ta"] = int(rng.integers(1, 3))
    ctx.cond.sdcch_fail_add[c] += rng.uniform(0.15, 0.35)
    ctx.cond.load[c] *= rng.uniform(0.6, 0.8)
    bearing = np.radians(lay.azimuth[c] + rng.uniform(-20, 20))
    spot = lay.xy[c] + rng.uniform(1.6, 3.0) * np.array([np.sin(bearing), np.cos(bearing)])
    return Fault("ta_limit_too_small", "cell", [c], c, ctx.name(c), ctx.before_window(), ctx.cond.end,
                 f"max TA {lay.cells.at[c, 'max_ta']} on a cell with sites {lay.spacing[c]:.1f} km apart", spot_km=tuple(spot))


@scenario("tcu_hung")
def tcu(ctx: Context, c: int) -> Fault:
    start, end = (ctx.since(), ctx.cond.end) if ctx.rng.random() < 0.6 else ctx.episode()
    ctx.cond.sdcch_fail_add[c, ctx.span(start, end)] += ctx.rng.uniform(0.3, 0.85)
    return Fault("tcu_hung", "cell", [c], c, ctx.name(c), start, end,
                 f"SDCCH assignments fail, max TA {ctx.layout.cells.at[c, 'max_ta']} is fine")


@scenario("repeater_rx_off")
def repeater(ctx: Context, c: int) -> Fault:
    """The cell feeds a repeater whose uplink is off: its own counters stay normal."""
    ctx.layout.cells.at[c, "repeater"] = 1
    ctx.cond.load[c] *= ctx.rng.uniform(0.85, 0.95)
    return Fault("repeater_rx_off", "cell", [c], c, ctx.name(c), ctx.before_window(), ctx.cond.end, "repeater transmits, does not receive")


@scenario("single_trx_tch_assign_fail", target="single")
def single_assign(ctx: Context, c: int) -> Fault:
    start, end = _ongoing(ctx, 0.5)
    ctx.cond.tch_fail_add[c, ctx.span(start, end)] += ctx.rng.uniform(0.9, 1.0)
    return Fault("single_trx_tch_assign_fail", "cell", [c], c, ctx.name(c), start, end, "the only TRX fails (nearly) every TCH assignment")


@scenario("cell_congestion", target="urban")
def congestion(ctx: Context, c: int) -> Fault:
    """Too much traffic for the cell at its busy hours: TCH blocking, or SDCCH (SMS, location updates)."""
    cond, rng = ctx.cond, ctx.rng
    if rng.random() < 0.5:
        cond.load[c] *= rng.uniform(1.7, 2.6)
        what = "TCH"
    else:
        cond.sdcch_cong_add[c] += rng.uniform(0.08, 0.25) * _busy_weight(ctx, c)
        what = "SDCCH"
    return Fault("cell_congestion", "cell", [c], c, ctx.name(c), ctx.before_window(), cond.end, f"{what} congested at the busy hours")


@scenario("agch_blocks_too_small")
def agch(ctx: Context, c: int) -> Fault:
    ctx.layout.cells.at[c, "bs_ag_blks_res"] = int(ctx.rng.integers(0, 2))
    ctx.cond.agch_p[c] += ctx.rng.uniform(0.03, 0.12) * _busy_weight(ctx, c)
    return Fault("agch_blocks_too_small", "cell", [c], c, ctx.name(c), ctx.before_window(), ctx.cond.end, "immediate assignments discarded for lack of AGCH blocks")


@scenario("lac_border", target="border")
def border(ctx: Context, c: int) -> Fault:
    ctx.layout.cells.at[c, "crh"] = int(ctx.rng.choice([0, 2]))
    ctx.cond.lu_mult[c] *= ctx.rng.uniform(3.5, 6.0)
    return Fault("lac_border", "cell", [c], c, ctx.name(c), ctx.before_window(), ctx.cond.end, "location updates ping-pong over the LAC border")


@scenario("sccp_call_loss", target="bsc", needs=("sccp",))
def sccp_loss(ctx: Context, b: int) -> Fault:
    start, end = _ongoing(ctx, 0.5) if ctx.rng.random() < 0.7 else ctx.episode()
    ctx.cond.sccp_loss_add[b, ctx.span(start, end)] += ctx.rng.uniform(0.05, 0.25)
    name = ctx.layout.bsc_names[b]
    return Fault("sccp_call_loss", "bsc", [], None, name, start, end, "SCCP connection requests unconfirmed", bsc=b)


@scenario("gprs_cell_congestion")
def gprs_congestion(ctx: Context, c: int) -> Fault:
    busy = busy_hours(ctx.cond) | (_busy_weight(ctx, c) > 0.6)
    ctx.cond.gprs_util_mult[c] *= np.where(busy, 10.0, 2.0)
    ctx.cond.tbf_cong_add[c] += np.where(busy, ctx.rng.uniform(0.05, 0.2), 0.0)
    return Fault("gprs_cell_congestion", "cell", [c], c, ctx.name(c), ctx.before_window(), ctx.cond.end, "PDCHs all in use at the busy hours")


@scenario("gprs_bsc_congestion", target="bsc", needs=("gpu_kpi",))
def gpu_congestion(ctx: Context, b: int) -> Fault:
    cond, rng = ctx.cond, ctx.rng
    busy = busy_hours(cond) | (np.interp(cond.hour_of_day(), [0, 8, 9, 22, 23, 24], [0, 0, 1, 1, 0, 0]) > 0.5)
    cond.gpu_load_add[b] += np.where(busy, rng.uniform(45, 60), 10)
    cond.gpu_cong_s[b] += np.where(busy, rng.uniform(60, 400, (3, cond.periods)), 0)
    cond.tbf_cong_add[ctx.layout.bsc == b] += np.where(busy, rng.uniform(0.01, 0.03), 0.0)
    return Fault("gprs_bsc_congestion", "bsc", [], None, ctx.layout.bsc_names[b], ctx.before_window(), cond.end, "GPUs saturated", bsc=b)


@scenario("gprs_hung")
def gprs_hung(ctx: Context, c: int) -> Fault:
    cond = ctx.cond
    start, end = (ctx.since(), cond.end) if ctx.rng.random() < 0.7 else ctx.episode((6, 14))
    span = ctx.span(start, end)
    if ctx.rng.random() < 0.5:
        cond.gprs_fail_all[c, span] = True
        what = "every TBF fails"
    else:
        cond.gprs_off[c, span] = True
        what = "no GPRS traffic at all"
    return Fault("gprs_hung", "cell", [c], c, ctx.name(c), start, end, f"{what}, voice normal")


@scenario("poor_radio_environment")
def poor_radio(ctx: Context, c: int) -> Fault:
    ctx.cond.low_cs_add[c] += ctx.rng.uniform(35, 60)
    return Fault("poor_radio_environment", "cell", [c], c, ctx.name(c), ctx.before_window(), ctx.cond.end, "data blocks mostly on CS1/MCS1-2")


def _bsc_circuits(ctx: Context, b: int) -> np.ndarray:
    c = ctx.cond.circuits
    return np.flatnonzero((c.bsc == b) & ~c.blocked)


@scenario("bsc_crossed_wires", target="bsc", needs=("a_circuits",))
def crossed(ctx: Context, b: int) -> Fault:
    """A crossed pair on one Ater timeslot: the four circuits sub-multiplexed on it carry one-way calls
    that the callers cut short and retry."""
    circ, rng = ctx.cond.circuits, ctx.rng
    pcms = np.unique(circ.pcm[circ.bsc == b])
    pcm = int(rng.choice(pcms))
    group = int(rng.choice([0, 1, 2, 4, 5, 6]))
    ts = TRAFFIC_TS[4 * group: 4 * group + 4]
    hit = np.flatnonzero((circ.bsc == b) & (circ.pcm == pcm) & np.isin(circ.ts, ts))
    circ.blocked[hit] = False
    circ.hold_mult[hit] = rng.uniform(6, 18) / 85.0
    circ.seize_mult[hit] = rng.uniform(2, 3)
    name = ctx.layout.bsc_names[b]
    return Fault("bsc_crossed_wires", "circuit_group", [], None, f"{name}/PCM{pcm}/TS{ts[0]}-{ts[-1]}", ctx.before_window(),
                 ctx.cond.end, "one Ater group of four carries short calls", bsc=b)


@scenario("a_interface_ts_fault", target="bsc", needs=("a_circuits",))
def ts_fault(ctx: Context, b: int) -> Fault:
    circ, rng = ctx.cond.circuits, ctx.rng
    k = int(rng.choice(_bsc_circuits(ctx, b)))
    circ.hold_mult[k] = rng.uniform(2, 8) / 85.0
    circ.seize_mult[k] = rng.uniform(3, 6)
    return Fault("a_interface_ts_fault", "circuit", [], None, f"{ctx.layout.bsc_names[b]}/PCM{circ.pcm[k]}/TS{circ.ts[k]}",
                 ctx.before_window(), ctx.cond.end, "one A circuit holds seconds", bsc=b)


@scenario("a_interface_state_mismatch", target="bsc", needs=("a_circuit_state",))
def state_mismatch(ctx: Context, b: int) -> Fault:
    circ, rng = ctx.cond.circuits, ctx.rng
    pool = _bsc_circuits(ctx, b)
    first = int(rng.integers(0, len(pool) - 3))
    hit = pool[first: first + int(rng.integers(1, 4))]
    if rng.random() < 0.6:
        circ.bsc_state[hit], circ.msc_state[hit] = rng.choice(["blocked", "faulty"]), "idle"
    else:
        circ.bsc_state[hit], circ.msc_state[hit] = "idle", "blocked"
    k = hit[0]
    return Fault("a_interface_state_mismatch", "circuit", [], None, f"{ctx.layout.bsc_names[b]}/PCM{circ.pcm[k]}/TS{circ.ts[k]}",
                 ctx.before_window(), ctx.cond.end, f"{len(hit)} circuit(s) usable on one side only", bsc=b)
