"""The condition controls (Mesa's "model parameters"), each with its concept explained beside it.

Every change starts a new model at week 0 with the new value (a class sees the effect of a
condition at once); it also goes to Mesa's parameter store, so Mesa's Reset button rebuilds
the same model. Sliders commit when released, not at every pixel of a drag.
"""

from dataclasses import asdict, fields, replace

import solara
from solara.alias import rv

from sim.app import i18n, memory, mesa_i18n
from sim.app.model import STRATEGIES, TEAM_SIZES, AppModel, Settings


def model_params(model: solara.Reactive) -> dict:
    """Mesa's SolaraViz `model_params`: one entry per AppModel argument, shown by `Conditions`.

    Each entry carries the session's model (a page-level reactive), so the controls, which
    Mesa renders in its sidebar, can start a new model when a condition changes.
    """
    return {
        f.name: {"type": "waardenmakerij", "value": f.default, "model": model}
        for f in fields(Settings)
    }


def _items(pairs):
    return [{"text": text, "value": value} for value, text in pairs]


@solara.component
def Choice(name: str, value, items: list[dict], on_value):
    """A labelled drop-down (Vuetify select) whose options have translated texts."""
    return rv.Select(
        label=i18n.t(name),
        items=items,
        v_model=value,
        on_v_model=on_value,
        dense=True,
        hide_details=True,
        class_=f"wm-input wm-{name}",
        style_="margin: 10px 0 4px 0",
    )


@solara.component
def CommitSlider(name: str, value: float, min: float, max: float, step: float, on_value):
    """A labelled slider that shows its value while dragged and commits it when released."""
    shown, set_shown = solara.use_state(value, key=f"{name}-{value}")
    with solara.Column(gap="0px", style={"margin-top": "10px"}) as main:
        solara.Text(f"{i18n.t(name)}: {shown:g}", classes=["wm-label", f"wm-label-{name}"])
        slider = rv.Slider(
            v_model=shown,
            on_v_model=set_shown,
            min=min,
            max=max,
            step=step,
            thumb_label=False,
            hide_details=True,
            dense=True,
            class_=f"wm-input wm-{name}",
        )

        def commit(widget, event, data):
            on_value(data)

        rv.use_event(slider, "change", commit)
    return main


@solara.component
def Switch(name: str, value: bool, on_value):
    return rv.Switch(
        label=i18n.t(name),
        v_model=value,
        on_v_model=on_value,
        dense=True,
        hide_details=True,
        class_=f"wm-input wm-{name}",
        style_="margin-top: 8px",
    )


def Explain(concept: str):
    return solara.Text(i18n.concept(concept), classes=["wm-explain", f"wm-concept-{concept}"])


@solara.component
def Conditions(user_params, on_change=None):
    """The app's controls: strategy knobs, tussenruimte, trust, resources, kenniskring, seed."""
    model = next(iter(user_params.values()))["model"]
    s: Settings = model.value.settings

    def change(**new):
        updated = replace(s, **new)
        if "strategy" in new and new["strategy"] in STRATEGIES:
            updated = replace(updated, **STRATEGIES[new["strategy"]])
        if updated == s:
            return
        if on_change is not None:
            for key, value in asdict(updated).items():
                if getattr(s, key) != value:
                    on_change(key, value)
        model.set(AppModel(**asdict(updated)))
        memory.collect_soon()  # the page shows the new model: free the old one

    with solara.Column(gap="0px", classes=["wm-conditions"]) as main:
        solara.Text(i18n.t("conditions_note"), classes=["wm-note"])
        StrategyKnobs(s, change)
        Circumstances(s, change)
        solara.Text(i18n.t("cli"), classes=["wm-note"], style={"margin-top": "10px"})
        solara.Text(s.command(), classes=["wm-command"])
    return main


def _setter(change, key):
    return lambda value: change(**{key: value})


@solara.component
def StrategyKnobs(s: Settings, change):
    """Compliceren / decompliceren: the strategy and its knobs (scope, team, filter,
    invitation, scale)."""
    t = i18n.t
    preset = s.preset()
    Choice(
        "strategy",
        preset,
        _items([(k, t(f"strategy_{k}")) for k in (*STRATEGIES, "eigen")]),
        lambda v: change(strategy=v) if v in STRATEGIES else None,
    )
    solara.Text(t(f"about_{preset}"), classes=["wm-note"])
    Explain("compliceren")
    CommitSlider("scope_cap", s.scope_cap, 1, 5, 1, lambda v: change(scope_cap=int(v)))
    Choice(
        "team_size_cap",
        s.team_size_cap,
        _items([(n, "∞" if n >= 10_000 else str(n)) for n in TEAM_SIZES]),
        _setter(change, "team_size_cap"),
    )
    Switch("value_added_filter", s.value_added_filter, _setter(change, "value_added_filter"))
    Choice(
        "invitation",
        s.invitation,
        _items([(k, t(f"invitation_{k}")) for k in ("open", "network")]),
        _setter(change, "invitation"),
    )
    Choice(
        "case_scale",
        s.case_scale,
        _items([(k, t(f"scale_{k}")) for k in ("perceel", "buurt", "wijk", "any")]),
        _setter(change, "case_scale"),
    )


@solara.component
def Circumstances(s: Settings, change):
    """What the neighbourhood brings: tussenruimte, trust, trusted ties and the
    kenniskring, the direction a team needs, resources and ownership, and the seed."""
    CommitSlider("friction", s.friction, 0.0, 1.0, 0.05, lambda v: change(friction=float(v)))
    CommitSlider("deterrence", s.deterrence, 0.0, 3.0, 0.25, lambda v: change(deterrence=float(v)))
    Explain("tussenruimte")
    # Building on what is there: trust and the kenniskring; small wins.
    CommitSlider("trust", s.trust, 0.0, 1.0, 0.02, lambda v: change(trust=float(v)))
    Switch("kenniskring", s.kenniskring, _setter(change, "kenniskring"))
    Switch("trusted_ties", s.trusted_ties, _setter(change, "trusted_ties"))
    Explain("small_wins")
    # A shared direction that forms in the team's meetings.
    CommitSlider("direction", s.direction, 0.0, 1.0, 0.05, lambda v: change(direction=float(v)))
    Explain("richting")
    # What talking costs: the communication paths of a team (compliceren).
    CommitSlider("path_hours", s.path_hours, 0.0, 0.1, 0.005, lambda v: change(path_hours=float(v)))
    Explain("overleg")
    # Roles with behaviour: how many chains one leader can carry.
    CommitSlider("lead_capacity", s.lead_capacity, 1, 5, 1, lambda v: change(lead_capacity=int(v)))
    Explain("rollen")
    # Resources: invest time and money (collective ownership).
    CommitSlider("money", s.money, 0.0, 3.0, 0.25, lambda v: change(money=float(v)))
    CommitSlider("hours", s.hours, 0.0, 3.0, 0.25, lambda v: change(hours=float(v)))
    CommitSlider("ownership", s.ownership, 0.0, 1.0, 0.1, lambda v: change(ownership=float(v)))
    Explain("eigenaarschap")
    CommitSlider("seed", s.seed, 1, 100, 1, lambda v: change(seed=int(v)))


mesa_i18n.APP_INPUTS = Conditions
