"""Energy and heating of a write pulse, from the material file and the device's channel.

The pulse current flows through the heavy-metal channel under the device (length L along the
current, width w, thickness t_HM, resistivity rho). With the current density J of the
simulation, the current is I = J w t_HM, the channel resistance R = rho L / (w t_HM) and the
pulse energy E = I^2 R t_p = rho J^2 (L w t_HM) t_p ([Cao2023]'s I^2 R t). Assumptions, stated
wherever the numbers are reported: the current flows through the heavy metal only (the
ferromagnet shunts little), and no peripheral circuit (drivers, wires, selectors) is counted.

The adiabatic temperature rise is dT = E / (C_HM V_HM + C_FM V_FM) with the volumetric heat
capacities of the material file: every joule stays in the stack for the pulse, an upper bound
(the substrate carries heat away within nanoseconds). A pulse whose T_ambient + dT passes the
material's ``max_temperature_K`` is ``overdriven``.

A Hall read (:class:`HallRead`) drives a small read current density through the same channel
for a stated time: its Hall voltage swings by 2 R_AHE I_read between m_z = -1 and +1 (the Hall
cross reads R_xy = R_AHE <m_z>), and it costs I_read^2 R t_read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

AMBIENT_K = 300.0


@dataclass(frozen=True)
class PulseEnergy:
    """One write pulse: current density J (A/m^2), width t_p (s) and the channel it flows in
    (length and width in m) of a stack (heavy-metal thickness in m, resistivity in ohm m,
    heat capacities in J/(m^3 K) where the material file gives them)."""

    current_density_A_per_m2: float
    pulse_duration_s: float
    channel_length_m: float
    channel_width_m: float
    heavy_metal_thickness_m: float
    heavy_metal_resistivity_ohm_m: float
    ferromagnet_thickness_m: float
    heavy_metal_heat_capacity_J_per_m3_K: float | None = None
    ferromagnet_heat_capacity_J_per_m3_K: float | None = None
    max_temperature_K: float | None = None

    @classmethod
    def of(cls, material, current_density_A_per_m2: float, pulse_duration_s: float,
           channel_m: tuple[float, float]) -> PulseEnergy:
        """The pulse of a :class:`~micromag.material.MaterialStack` on a channel (L, w) in m."""
        return cls(abs(current_density_A_per_m2), pulse_duration_s, *channel_m,
                   material.heavy_metal_thickness_m, material.heavy_metal_resistivity_ohm_m,
                   material.ferromagnet_thickness_m,
                   material.heavy_metal_heat_capacity_J_per_m3_K,
                   material.ferromagnet_heat_capacity_J_per_m3_K, material.max_temperature_K)

    @property
    def current_A(self) -> float:
        """I = J w t_HM (A)."""
        return self.current_density_A_per_m2 * self.channel_width_m * self.heavy_metal_thickness_m

    @property
    def resistance_ohm(self) -> float:
        """R = rho L / (w t_HM) of the heavy-metal channel (ohm)."""
        return (self.heavy_metal_resistivity_ohm_m * self.channel_length_m
                / (self.channel_width_m * self.heavy_metal_thickness_m))

    @property
    def energy_J(self) -> float:
        """E = I^2 R t_p (J)."""
        return self.current_A**2 * self.resistance_ohm * self.pulse_duration_s

    @property
    def temperature_rise_K(self) -> float | None:
        """Adiabatic dT = E / (C_HM V_HM + C_FM V_FM) (K); None without heat capacities."""
        if None in (self.heavy_metal_heat_capacity_J_per_m3_K,
                    self.ferromagnet_heat_capacity_J_per_m3_K):
            return None
        area = self.channel_length_m * self.channel_width_m
        heat_capacity = area * (
            self.heavy_metal_heat_capacity_J_per_m3_K * self.heavy_metal_thickness_m
            + self.ferromagnet_heat_capacity_J_per_m3_K * self.ferromagnet_thickness_m)
        return self.energy_J / heat_capacity

    @property
    def overdriven(self) -> bool:
        """T_ambient + dT passes the material's max_temperature_K."""
        rise = self.temperature_rise_K
        return (rise is not None and self.max_temperature_K is not None
                and AMBIENT_K + rise > self.max_temperature_K)

    def to_dict(self) -> dict:
        """The inputs and I (A), R (ohm), E (J), dT (K) and the overdriven flag."""
        return asdict(self) | {"current_A": self.current_A, "resistance_ohm": self.resistance_ohm,
                               "energy_J": self.energy_J,
                               "temperature_rise_K": self.temperature_rise_K,
                               "ambient_K": AMBIENT_K, "overdriven": self.overdriven}


@dataclass(frozen=True)
class HallRead:
    """One Hall read: read current density J_read (A/m^2) for ``duration_s`` (s) through the
    write channel of a pulse (its width, heavy-metal thickness and resistance), on a stack of
    anomalous Hall resistance R_AHE (ohm, R_xy at m_z = 1)."""

    current_density_A_per_m2: float
    duration_s: float
    channel_width_m: float
    heavy_metal_thickness_m: float
    resistance_ohm: float
    anomalous_hall_resistance_ohm: float

    def __post_init__(self) -> None:
        for name in ("current_density_A_per_m2", "duration_s", "anomalous_hall_resistance_ohm"):
            if not getattr(self, name) > 0:
                raise ValueError(f"read field '{name}' = {getattr(self, name)!r} must be > 0")

    @classmethod
    def of(cls, pulse: dict, anomalous_hall_resistance_ohm: float,
           current_density_A_per_m2: float, duration_s: float) -> HallRead:
        """The read on the channel of a write pulse's record (:meth:`PulseEnergy.to_dict`)."""
        return cls(current_density_A_per_m2, duration_s, pulse["channel_width_m"],
                   pulse["heavy_metal_thickness_m"], pulse["resistance_ohm"],
                   anomalous_hall_resistance_ohm)

    @property
    def current_A(self) -> float:
        """I_read = J_read w t_HM (A)."""
        return self.current_density_A_per_m2 * self.channel_width_m * self.heavy_metal_thickness_m

    @property
    def hall_swing_V(self) -> float:
        """Hall voltage between m_z = -1 and +1: 2 R_AHE I_read (V)."""
        return 2 * self.anomalous_hall_resistance_ohm * self.current_A

    @property
    def energy_J(self) -> float:
        """E_read = I_read^2 R t_read (J)."""
        return self.current_A**2 * self.resistance_ohm * self.duration_s
