"""Field scenarios of coverage, radio quality and handover faults (causes.yaml: no coverage, one-way
audio, drops, choppy voice), each written from its catalogue entry and the field notes."""

from __future__ import annotations

import numpy as np

from .reports import busy_hours
from .scenario import Context, Fault, scenario


def _kind(ctx: Context, *weights: float) -> int:
    return int(ctx.rng.choice(len(weights), p=np.array(weights) / sum(weights)))


def _onset(ctx: Context, ongoing: float = 0.5, before: float = 0.0):
    """(start, end): since some time in the window and still on, an episode that ended, or older than the window."""
    k = _kind(ctx, ongoing, 1 - ongoing - before, before)
    if k == 0:
        return ctx.since(), ctx.cond.end
    if k == 1:
        return ctx.episode()
    return ctx.before_window(), ctx.cond.end


@scenario("cell_out_of_service")
def outage(ctx: Context, c: int) -> Fault:
    start, end = _onset(ctx, 0.5)
    span = ctx.span(start, end)
    ctx.cond.down_s[c, span] = 900.0
    alarmed = ctx.rng.random() < 0.75
    if alarmed:
        ctx.alarm("cell_down", start, None if end >= ctx.cond.end else end, cell=c, severity="critical")
    takers = ctx.displace(c, span)
    return Fault("cell_out_of_service", "cell", [c], c, ctx.name(c), start, end,
                 f"down {start:%d %H:%M}-{end:%d %H:%M}, {'alarm' if alarmed else 'no alarm, unavailability only'}", effect=takers)


@scenario("single_trx_cell_trx_down", target="single")
def single_trx_down(ctx: Context, c: int) -> Fault:
    start, end = _onset(ctx, 0.6)
    span = ctx.span(start, end)
    ctx.cond.dead[c, span] = True
    ctx.alarm("trx_down", start, None if end >= ctx.cond.end else end, cell=c, tail="TRX1", trx="1", severity="critical")
    takers = ctx.displace(c, span)
    return Fault("single_trx_cell_trx_down", "trx", [c], c, f"{ctx.name(c)}/TRX1", start, end, "the only TRX out of service", effect=takers)


@scenario("vswr_alarm")
def vswr(ctx: Context, c: int) -> Fault:
    start, end = _onset(ctx, 0.5, 0.4)
    span = ctx.span(start, end)
    ctx.cond.rxlev_add[c, span] -= ctx.rng.uniform(3, 6)
    ctx.cond.load[c, span] *= ctx.rng.uniform(0.75, 0.9)
    ctx.cond.drop_mult[c, span] *= 1.3
    ctx.alarm("vswr", start, None if end >= ctx.cond.end else end, cell=c, tail="ANT1" if ctx.rng.random() < 0.3 else None)
    return Fault("vswr_alarm", "cell", [c], c, ctx.name(c), start, end, "VSWR alarm, level and traffic down")


@scenario("trx_or_anc_degraded")
def degraded(ctx: Context, c: int) -> Fault:
    start, end = _onset(ctx, 0.5, 0.4)
    span = ctx.span(start, end)
    ctx.cond.rxlev_add[c, span] -= ctx.rng.uniform(2, 4)
    ctx.cond.load[c, span] *= ctx.rng.uniform(0.85, 0.95)
    k = int(ctx.rng.integers(1, int(ctx.layout.trx_count[c]) + 1))
    open_end = None if end >= ctx.cond.end else end
    if ctx.rng.random() < 0.6:
        ctx.alarm("trx_degraded", start, open_end, cell=c, tail=f"TRX{k}", trx=str(k))
        return Fault("trx_or_anc_degraded", "trx", [c], c, f"{ctx.name(c)}/TRX{k}", start, end, f"TRX{k} degraded alarm")
    ctx.alarm("anc_degraded", start, open_end, cell=c, tail="ANC1")
    return Fault("trx_or_anc_degraded", "cell", [c], c, ctx.name(c), start, end, "ANC degraded alarm")


@scenario("bcch_on_low_power_trx", target="mixed")
def bcch_low_power(ctx: Context, c: int) -> Fault:
    """The BCCH moved from the 45 W TRAG (TRX1) to a 35 W TRGM: the configuration says so, and often
    the BCCH reconfiguration alarm (alone when the TRX table is not exported)."""
    start = ctx.since() if ctx.rng.random() < 0.5 else ctx.before_window()
    trx = ctx.trx
    rows = trx.index[trx["cell"] == ctx.name(c)]
    first, second = rows[0], rows[1]
    arfcn = trx.loc[[first, second], "arfcn"].to_list()
    trx.loc[first, ["is_bcch", "arfcn"]] = [0, arfcn[1]]
    trx.loc[second, ["is_bcch", "arfcn"]] = [1, arfcn[0]]
    if ctx.missing == "trx" or ctx.rng.random() < 0.6:
        ctx.alarm("bcch_reconfigured", start, None, cell=c, tail="TRX2", trx="2", severity="minor")
    span = ctx.span(start, ctx.cond.end)
    ctx.cond.rxlev_add[c, span] -= 1.1
    ctx.cond.load[c, span] *= 0.95
    return Fault("bcch_on_low_power_trx", "cell", [c], c, ctx.name(c), start, ctx.cond.end, "BCCH on the 35 W TRX2", spot_reach=(0.35, 0.6))


@scenario("coverage_degraded")
def coverage_loss(ctx: Context, c: int) -> Fault:
    """Level and traffic fall from mid-morning (an obstruction, a feeder giving way), no alarm."""
    cond = ctx.cond
    day = cond.days - 1 - int(ctx.rng.random() < 0.35)
    start = cond.start + np.timedelta64(day, "D") + np.timedelta64(int(ctx.rng.uniform(9.0, 11.5) * 4) * 15, "m")
    span = ctx.span(start, cond.end)
    cond.rxlev_add[c, span] -= ctx.rng.uniform(6, 11)
    cond.load[c, span] *= ctx.rng.uniform(0.4, 0.65)
    cond.drop_mult[c, span] *= 1.2
    return Fault("coverage_degraded", "cell", [c], c, ctx.name(c), start, cond.end, "level -6..-11 dB and traffic halved since mid-morning",
                 spot_reach=(0.35, 0.6))


@scenario("coverage_gap", target="gap")
def gap(ctx: Context, g: int) -> Fault:
    spot = ctx.layout.gaps[g]
    return Fault("coverage_gap", "location", [], None, "", ctx.cond.start, ctx.cond.end, "no site reaches the spot", spot_km=spot)


@scenario("uplink_interference")
def interference(ctx: Context, c: int) -> Fault:
    """A jammer during working hours, or a CDMA site's spill for days: bands 4-5 fill, calls suffer."""
    cond = ctx.cond
    if ctx.rng.random() < 0.5:
        start, end = ctx.episode((6, 11))
    else:
        start, end = ctx.before_window(), cond.end
    span = ctx.span(start, end)
    cond.band45[c, span] += ctx.rng.uniform(0.25, 0.6)
    cond.drop_mult[c, span] *= ctx.rng.uniform(2, 3)
    cond.tch_fail_add[c, span] += ctx.rng.uniform(0.02, 0.05)
    cond.sdcch_fail_add[c, span] += ctx.rng.uniform(0.01, 0.03)
    cond.badq_add[c, span] += ctx.rng.uniform(1, 3)
    return Fault("uplink_interference", "cell", [c], c, ctx.name(c), start, end, "idle TCHs in bands 4-5")


def cochannel_partner(ctx: Context, c: int) -> int | None:
    """The cell of another site nearest in front of c whose own sector faces back at it."""
    lay = ctx.layout
    front = lay.centre(c, 0.5)
    others = [j for j in lay.nb[c] if lay.site[j] != lay.site[c]]
    return min(others, key=lambda j: float(np.hypot(*(lay.centre(j, 0.5) - front)))) if others else None


@scenario("cochannel_interference")
def cochannel(ctx: Context, c: int) -> Fault:
    """A retune put the same ARFCN on two cells of neighbouring sites: quality falls on both at load."""
    other = cochannel_partner(ctx, c)
    lay, trx, cells = ctx.layout, ctx.trx, ctx.layout.cells
    mine = trx[trx["cell"] == ctx.name(c)]
    theirs = trx[trx["cell"] == ctx.name(other)]
    if ctx.missing != "trx" and len(mine) > 1 and len(theirs) > 1:
        channel = int(mine["arfcn"].iloc[-1])
        trx.loc[theirs.index[-1], "arfcn"] = channel
        what = f"TCH ARFCN {channel}"
    else:
        channel = int(cells.at[c, "bcch"])
        cells.at[other, "bcch"] = channel
        trx.loc[theirs.index[0], "arfcn"] = channel
        if (cells.at[other, "ncc"], cells.at[other, "bcc"]) == (cells.at[c, "ncc"], cells.at[c, "bcc"]):
            cells.at[other, "bcc"] = (cells.at[other, "bcc"] + 1) % 8
        what = f"BCCH {channel}"
    start = ctx.before_window()
    busy = 0.5 + busy_hours(ctx.cond)
    for j in (c, other):
        ctx.cond.badq_add[j] += ctx.rng.uniform(4, 12) * busy
        ctx.cond.drop_mult[j] *= ctx.rng.uniform(1.6, 2.5)
        ctx.cond.tch_fail_add[j] += 0.005
    km = float(np.hypot(*(lay.xy[c] - lay.xy[other])))
    return Fault("cochannel_interference", "cell", [c, other], c, ctx.name(c), start, ctx.cond.end,
                 f"{what} shared with {ctx.name(other)} {km:.2f} km away")


@scenario("cell_hardware_latent_fault")
def hardware(ctx: Context, c: int) -> Fault:
    start, end = _onset(ctx, 0.4, 0.6)
    span = ctx.span(start, end)
    ctx.cond.badq_add[c, span] += ctx.rng.uniform(8, 20)
    ctx.cond.drop_mult[c, span] *= ctx.rng.uniform(1.5, 2.2)
    return Fault("cell_hardware_latent_fault", "cell", [c], c, ctx.name(c), start, end, "bad quality at good level on every TRX, no alarm")


@scenario("transmission_flapping", target="site")
def flapping(ctx: Context, c: int) -> Fault:
    """The site's Abis link drops for seconds, again and again: every cell of the site loses calls."""
    cond, rng = ctx.cond, ctx.rng
    start, end = (ctx.since(), cond.end) if rng.random() < 0.5 else ctx.episode((4, 10))
    site_cells = ctx.layout.cosite(c)
    span_s = (end - start).total_seconds()
    for _ in range(int(rng.integers(8, 31))):
        raised = start + np.timedelta64(int(rng.uniform(0, span_s - 200)), "s")
        length = int(rng.integers(10, 180))
        ctx.alarm("transmission", raised, raised + np.timedelta64(length, "s"), site=c)
        p = cond.index(raised)
        for j in site_cells:
            cond.down_s[j, p] = min(900.0, cond.down_s[j, p] + length)
            cond.drop_mult[j, p] *= 2.5
    span = ctx.span(start, end)
    for j in site_cells:
        cond.drop_mult[j, span] *= 1.3
    return Fault("transmission_flapping", "cell", site_cells, c, ctx.layout.cells.at[c, "site"], start, end, "Abis link flapping")


@scenario("clock_unsync", target="site")
def clock(ctx: Context, c: int) -> Fault:
    """The BTS clock drifts: handovers out of and into the site's cells fail towards most neighbours."""
    cond, rng, lay = ctx.cond, ctx.rng, ctx.layout
    start, end = (ctx.before_window(), cond.end) if rng.random() < 0.5 else (ctx.since(), cond.end)
    site_cells = lay.cosite(c)
    effect = set()
    for j in site_cells:
        for k in lay.nb[j]:
            if lay.site[k] != lay.site[j]:
                cond.ho_override[(j, k)] = (rng.uniform(0.3, 0.6), 0.05)
                effect.add(k)
        cond.drop_mult[j, ctx.span(start, end)] *= 1.4
    for k in range(lay.n):
        for j in lay.nb[k]:
            if j in site_cells and lay.site[k] != lay.site[j]:
                cond.ho_override[(k, j)] = (rng.uniform(0.3, 0.6), 0.05)
                effect.add(k)
    if ctx.missing == "adjacency_ho" or rng.random() < 0.6:
        ctx.alarm("clock", start, None, site=c)
    return Fault("clock_unsync", "cell", site_cells, c, lay.cells.at[c, "site"], start, end, "BTS clock out of sync",
                 effect=sorted(effect - set(site_cells)))


def congested_target(ctx: Context, c: int) -> int | None:
    lay = ctx.layout
    others = [j for j in lay.nb[c] if lay.site[j] != lay.site[c] and not lay.rural[j]]
    return others[0] if others else None


@scenario("target_cell_congestion", target="urban", needs=("adjacency_ho",))
def target_congestion(ctx: Context, c: int) -> Fault:
    """A neighbour is full at the busy hours: handovers into it are rejected, calls degrade and drop."""
    cond, rng, lay = ctx.cond, ctx.rng, ctx.layout
    target = congested_target(ctx, c)
    busy = busy_hours(cond)
    cond.load[target] *= np.where(busy, rng.uniform(1.8, 2.5), 1.2)
    cond.tch_cong_add[target] += np.where(busy, rng.uniform(0.04, 0.1), 0.0)
    listers = [k for k in range(lay.n) if target in lay.nb[k]]
    for k in listers:
        cond.ho_override[(k, target)] = (rng.uniform(0.45, 0.75), 0.85)
        cond.drop_mult[k] *= np.where(busy, 1.3, 1.0)
    return Fault("target_cell_congestion", "adjacency", [c, target], c, f"{ctx.name(c)}->{ctx.name(target)}", ctx.before_window(),
                 cond.end, f"handovers into congested {ctx.name(target)} rejected", effect=[k for k in listers if k != c])


def ghost_cells(ctx: Context, c: int) -> tuple[int, int] | None:
    """(neighbour A, a cell G near c but not its neighbour, far enough from A that sharing A's BCCH
    makes no co-channel trouble of its own)."""
    lay = ctx.layout
    listed = set(lay.nb[c]) | set(lay.cosite(c))
    for a in [j for j in lay.nb[c] if lay.site[j] != lay.site[c]]:
        for g in np.argsort(np.hypot(*(lay.xy - lay.xy[c]).T)).tolist():
            d_c = float(np.hypot(*(lay.xy[g] - lay.xy[c])))
            d_a = float(np.hypot(*(lay.xy[g] - lay.xy[a])))
            if g in listed or lay.site[g] == lay.site[a] or d_c < 1.5 * lay.spacing[c]:
                continue
            if d_c > 3.5 * lay.spacing[c]:
                break
            if d_a >= 2.2 * lay.spacing[c]:
                return a, g
    return None


@scenario("ghost_neighbour")
def ghost(ctx: Context, c: int) -> Fault:
    """A cell near c took the BCCH and BSIC of c's neighbour A: c's mobiles report it as A, and
    handovers to 'A' go wrong."""
    lay, cells, rng, cond = ctx.layout, ctx.layout.cells, ctx.rng, ctx.cond
    a, g = ghost_cells(ctx, c)
    cells.loc[g, ["bcch", "ncc", "bcc"]] = cells.loc[a, ["bcch", "ncc", "bcc"]].to_numpy()
    ctx.trx.loc[ctx.trx.index[(ctx.trx["cell"] == ctx.name(g)) & (ctx.trx["is_bcch"] == 1)], "arfcn"] = int(cells.at[a, "bcch"])
    cond.ho_override[(c, a)] = (rng.uniform(0.35, 0.65), 0.1)
    cond.drop_mult[c] *= 1.3
    return Fault("ghost_neighbour", "adjacency", [c], c, f"{ctx.name(c)}->{ctx.name(a)}", ctx.before_window(), cond.end,
                 f"{ctx.name(g)} shares BCCH+BSIC with neighbour {ctx.name(a)}", effect=[a, g])


@scenario("high_drop_cell")
def high_drop(ctx: Context, c: int) -> Fault:
    """Drops well above the network's on every TRX alike, and nothing more specific to say why."""
    start, end = _onset(ctx, 0.3, 0.7)
    # a quiet rural cell's few calls show a drop problem only when it is a clear one
    target = ctx.rng.uniform(0.05, 0.09) if ctx.layout.rural[c] else ctx.rng.uniform(0.028, 0.05)
    ctx.cond.drop_mult[c, ctx.span(start, end)] *= target / ctx.healthy.drop_p[c]
    return Fault("high_drop_cell", "cell", [c], c, ctx.name(c), start, end, f"drop rate about {target:.1%}")


def _trx_slot(ctx: Context, c: int) -> int:
    return int(ctx.rng.integers(0, int(ctx.layout.trx_count[c])))


@scenario("trx_latent_fault", target="multi", needs=("trx_kpi",))
def latent_trx(ctx: Context, c: int) -> Fault:
    k = _trx_slot(ctx, c)
    ctx.cond.trx_drop_mult[c, k] = ctx.rng.uniform(0.03, 0.10) / ctx.healthy.drop_p[c]  # "a lot of drops": 3-10 %
    ctx.cond.trx_fail_add[c, k] = ctx.rng.uniform(0.0, 0.03)
    return Fault("trx_latent_fault", "trx", [c], c, f"{ctx.name(c)}/TRX{k + 1}", ctx.before_window(), ctx.cond.end, "one TRX drops far more, no alarm")


@scenario("trx_short_hold", target="multi", needs=("trx_kpi",))
def short_hold(ctx: Context, c: int) -> Fault:
    k = _trx_slot(ctx, c)
    ctx.cond.trx_hold_mult[c, k] = ctx.rng.uniform(0.04, 0.09)
    ctx.cond.trx_redial[c, k] = ctx.rng.uniform(0.8, 2.0)
    return Fault("trx_short_hold", "trx", [c], c, f"{ctx.name(c)}/TRX{k + 1}", ctx.before_window(), ctx.cond.end, "calls on one TRX last seconds")


@scenario("multi_trx_faulty_trx", target="multi", needs=("trx_kpi",))
def faulty_trx(ctx: Context, c: int) -> Fault:
    k = _trx_slot(ctx, c)
    ctx.cond.trx_fail_add[c, k] = ctx.rng.uniform(0.25, 0.6)
    return Fault("multi_trx_faulty_trx", "trx", [c], c, f"{ctx.name(c)}/TRX{k + 1}", ctx.before_window(), ctx.cond.end, "one TRX fails assignments")
