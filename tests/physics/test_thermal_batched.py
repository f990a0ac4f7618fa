r"""The batched engine's thermal field against the exact escape time of a uniaxial particle.

One-cell particles with uniaxial anisotropy K along z and a field h H_K along -z (H_K = 2 K /
(mu0 Ms)) start at m = +z; a particle has escaped when m_z first falls below z_c = -0.5. In this
axially symmetric case Brown's Fokker-Planck equation reduces to one dimension in z = cos(theta)
and the mean first-passage time is exact [Brown 1963, Phys. Rev. 130, 1677; Coffey and
Kalmykov, The Langevin Equation, 3rd ed., sec. 1.20]:

    tau = (1 / D) int_{z_c}^{1} dz e^{U(z)} / (1 - z^2) int_z^1 e^{-U(y)} dy,
    U(z) = Delta_K (2 h z - z^2),   D = alpha gamma0 k_B T / ((1 + alpha^2) mu0 Ms V),

with Delta_K = K V / (k_B T) and barrier Delta = Delta_K (1 - h)^2. The time is wrong if the
noise variance misses the damping, the volume, the temperature or the 1 + alpha^2, or if the
noise is read in Ito's rather than Stratonovich's sense. Brown's high-barrier formula is 20-35 %
off the exact time at these barriers and is not used.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate

from micromag.description import GAMMA, K_B, MU0, ProblemDescription
from micromag.engines.base import import_torch

T_K, CELL_M, MS, H, Z_C = 300.0, 4e-9, 1.0e6, 0.1, -0.5
VOLUME = CELL_M ** 3
CASES = [(barrier, alpha) for barrier in (3.0, 5.0) for alpha in (0.1, 1.0)]
PARTICLES = 1024         # one ensemble per case
EPSILON = 0.1            # coarse step x gamma0 H_K; the fine step is half


def anisotropy(barrier: float) -> float:
    """K (J/m^3) of a particle whose barrier in the field is ``barrier`` k_B T."""
    return barrier / (1 - H) ** 2 * K_B * T_K / VOLUME


def exact_escape_time(barrier: float, alpha: float) -> float:
    """The exact mean first-passage time (s) from z = 1 to z_c (module docstring)."""
    delta_k = barrier / (1 - H) ** 2
    diffusion = alpha * GAMMA * K_B * T_K / ((1 + alpha ** 2) * MU0 * MS * VOLUME)

    def potential(z):
        return delta_k * (2 * H * z - z * z)

    def outer(z):
        inner = integrate.quad(lambda y: np.exp(potential(z) - potential(y)), z, 1)[0]
        return inner / (1 - z * z)

    return integrate.quad(outer, Z_C, 1, limit=200)[0] / diffusion


def particle(barrier: float, alpha: float) -> ProblemDescription:
    k = anisotropy(barrier)
    field = H * 2 * k / (MU0 * MS)
    return ProblemDescription(
        name="particle", n=(1, 1, 1), cell_m=(CELL_M,) * 3, periodic="",
        Ms_A_per_m=np.full((1, 1, 1), MS), m0=np.array([[[[0.0, 0.0, 1.0]]]]),
        energy=("anisotropy", "zeeman"), thickness_m=CELL_M,
        Ku_J_per_m3=np.full((1, 1, 1), k), anisotropy_axis=(0.0, 0.0, 1.0),
        H_A_per_m=(0.0, 0.0, -field), alpha=alpha, temperature_K=T_K)


def integrator(problems, step_s: float, torch):
    from micromag.engines.batched.heun import StochasticHeun
    from micromag.engines.batched.llg import LLG
    from micromag.engines.batched.terms import EffectiveField

    field = EffectiveField(problems, torch.float64)
    alpha = torch.tensor([p.alpha for p in problems]).reshape(-1, 1, 1, 1, 1)
    return StochasticHeun(LLG(field, alpha), step_s, np.full(len(problems), T_K),
                          range(len(problems)), (CELL_M,) * 3, torch.float64, compile=True)


def escape_times(barrier: float, alpha: float, torch) -> np.ndarray:
    """First-passage times (s) of one ensemble of :data:`PARTICLES`, (fine, coarse) x particle,
    on the same Brownian paths: the coarse step's noise is the two fine draws summed / sqrt 2."""
    problems = [particle(barrier, alpha)] * PARTICLES
    coarse_s = EPSILON / (GAMMA * 2 * anisotropy(barrier) / (MU0 * MS))
    fine = integrator(problems, coarse_s / 2, torch)
    coarse = integrator(problems, coarse_s, torch)
    m_fine = torch.tensor(np.stack([p.m0 for p in problems])).permute(0, 4, 1, 2, 3)
    m_coarse = m_fine.clone()
    je = torch.zeros(len(problems))
    dt = torch.tensor(coarse_s)
    first = torch.full((2, len(problems)), math.inf)
    scale_fine = fine.sigma_root_s / math.sqrt(coarse_s / 2)
    scale_coarse = coarse.sigma_root_s / math.sqrt(coarse_s)
    step = 0
    for _ in range(100):  # segments of 10^4 coarse steps; the slowest escape in ~10^5
        draws = fine.draws(20_000)
        for first_draw in draws:
            second_draw = next(draws)
            m_fine = fine.step(m_fine, je, scale_fine * first_draw, dt / 2, None, None)
            escaped = m_fine[:, 2, 0, 0, 0] < Z_C
            first[0] = torch.where(first[0].isinf() & escaped, (step + 0.5) * coarse_s,
                                   first[0])
            m_fine = fine.step(m_fine, je, scale_fine * second_draw, dt / 2, None, None)
            joint = (first_draw + second_draw) / math.sqrt(2)
            m_coarse = coarse.step(m_coarse, je, scale_coarse * joint, dt, None, None)
            step += 1
            for row, m in ((0, m_fine), (1, m_coarse)):
                first[row] = torch.where(first[row].isinf() & (m[:, 2, 0, 0, 0] < Z_C),
                                         step * coarse_s, first[row])
        fine.segment += 1
        if not first.isinf().any():
            break
    assert not first.isinf().any(), f"{int(first.isinf().sum())} particles never escaped"
    return first.numpy()


@pytest.mark.slow
@pytest.mark.parametrize(("barrier", "alpha"), CASES)
def test_escape_time_matches_the_exact_first_passage_time_and_converges(barrier, alpha):
    """(b) The mean escape time lies within 10 % of the exact one; (c) halving the step on the
    same Brownian paths changes it by less than its standard error."""
    fine, coarse = escape_times(barrier, alpha, import_torch(1))
    exact = exact_escape_time(barrier, alpha)
    error = fine.std(ddof=1) / math.sqrt(PARTICLES)
    assert fine.mean() == pytest.approx(exact, rel=0.1), fine.mean() / exact
    assert abs(coarse.mean() - fine.mean()) < error, (coarse.mean(), fine.mean(), error)


def film(n: int, temperature_K: float) -> ProblemDescription:
    """An n x n x 1 film of 4 nm cells with exchange and perpendicular anisotropy."""
    shape = (n, n, 1)
    m0 = np.zeros(shape + (3,))
    m0[..., 2] = 1.0
    return ProblemDescription(
        name="film", n=shape, cell_m=(4e-9, 4e-9, 2e-9), periodic="",
        Ms_A_per_m=np.full(shape, 1.1e6), m0=m0, energy=("exchange", "anisotropy"),
        thickness_m=2e-9, A_J_per_m=np.full(shape, 1.5e-11), Ku_J_per_m3=np.full(shape, 1e6),
        anisotropy_axis=(0.0, 0.0, 1.0), alpha=0.5, temperature_K=temperature_K)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_thermal_runs_are_seeded_and_members_equal_their_own_runs(dtype):
    """Same seed, same numbers; another seed, other numbers; the second member of a
    two-member ensemble equals its own single run; the film is tilted by the noise."""
    from micromag.engines import get_engine
    from micromag.protocol import Segment

    class Hold:
        def segments(self):
            return [Segment(2e-12, 0, True)] * 3

    engine = get_engine("batched", dtype=dtype, compile=False, thermal_timestep_s=1e-13)
    every = np.ones((6, 6, 1), dtype=bool)
    hot = film(6, 300.0)
    single = engine.run(hot, Hold(), every, seed=8, progress=False).hall_signal
    again = engine.run(hot, Hold(), every, seed=8, progress=False).hall_signal
    pair = engine.run_ensemble([hot, hot], Hold(), every, [7, 8], progress=False)
    assert np.array_equal(single, again)
    np.testing.assert_allclose(pair[1].hall_signal, single, rtol=0, atol=1e-12)
    assert not np.allclose(pair[0].hall_signal, single)
    assert np.all(single < 1 - 1e-3)


def test_an_ensemble_mixing_0_K_and_hot_members_is_refused():
    from micromag.engines import get_engine
    from micromag.protocol import Segment

    class Hold:
        def segments(self):
            return [Segment(1e-12, 0, True)]

    with pytest.raises(ValueError, match="all be above 0 K or all at 0 K"):
        get_engine("batched", compile=False).run_ensemble(
            [film(4, 0.0), film(4, 300.0)], Hold(), np.ones((4, 4, 1), dtype=bool), [1, 2],
            progress=False)


@pytest.mark.skipif(not __import__("torch").cuda.is_available(), reason="no CUDA device")
def test_thermal_run_on_cuda_matches_its_statistics():
    """On CUDA the film's mean tilt after 0.1 ns agrees with the CPU's within 10 %."""
    from micromag.engines import get_engine
    from micromag.protocol import Segment

    class Hold:
        def segments(self):
            return [Segment(0.1e-9, 0, True)]

    every = np.ones((16, 16, 1), dtype=bool)
    tilts = [1 - get_engine("batched", device=device, thermal_timestep_s=2e-14).run(
        film(16, 100.0), Hold(), every, seed=3, progress=False).hall_signal[-1]
        for device in ("cpu", "cuda")]
    assert tilts[1] == pytest.approx(tilts[0], rel=0.1)
