"""Dutch and English labels for the app, and the short explanations of the article's concepts.

Every text the page shows goes through `t(key)`, which reads the session's language: a Solara
reactive variable, so each browser session (each kernel) has its own and a switch re-renders
every component that read it. Mesa's own built-in labels are translated by `MESA_LABELS`
(see `sim.app.mesa_i18n`).
"""

import os

import solara

LANGUAGES = ("nl", "en")

#: The language of a new session: Dutch unless `waardenmakerij-app --lang en` set it.
DEFAULT_LANGUAGE = os.environ.get("WAARDENMAKERIJ_LANG", "nl")
if DEFAULT_LANGUAGE not in LANGUAGES:
    DEFAULT_LANGUAGE = "nl"

#: The language of this browser session (Solara keeps one value per kernel, i.e. per visitor).
language = solara.reactive(DEFAULT_LANGUAGE)

LABELS: dict[str, tuple[str, str]] = {
    # page and controls
    "title": ("Waardenmakerij", "Waardenmakerij"),
    "language": ("Taal", "Language"),
    "week": ("Week {week} van {weeks} (jaar {year})", "Week {week} of {weeks} (year {year})"),
    "finished": ("klaar: einde van de run", "finished: end of the run"),
    "conditions": ("Condities", "Conditions"),
    "conditions_note": (
        "Elke wijziging start het model opnieuw (week 0) met de nieuwe waarde.",
        "Every change restarts the model (week 0) with the new value.",
    ),
    "strategy": ("Strategie", "Strategy"),
    "strategy_onbeheerst": ("onbeheerst", "onbeheerst (unmanaged)"),
    "strategy_opschalen": ("opschalen", "opschalen (upscale)"),
    "strategy_downscalen": ("downscalen", "downscalen (downscale)"),
    "strategy_eigen": ("eigen keuze", "custom"),
    "about_onbeheerst": (
        "Alles, iedereen, overal: tot 5 thema's, open uitnodiging, elke schaal.",
        "Everything, everyone, everywhere: up to 5 themes, open invitation, any scale.",
    ),
    "about_opschalen": (
        "Opschalen met minder integraliteit en minder mensen: 2 thema's, 8 leden, buurt.",
        "Upscale with less integrality and fewer people: 2 themes, 8 members, buurt.",
    ),
    "about_downscalen": (
        "Downscalen met meer integraliteit en meer mensen: 4 thema's, 30 leden, perceel.",
        "Downscale with more integrality and more people: 4 themes, 30 members, perceel.",
    ),
    "about_eigen": (
        "Eigen combinatie van de knoppen hieronder.",
        "Your own mix of the knobs below.",
    ),
    "scope_cap": ("Integraliteit: max. thema's per casus", "Integrality: max. themes per case"),
    "team_size_cap": ("Max. leden per waardenketen", "Max. members per value chain"),
    "value_added_filter": (
        "Je bent ervan als je waarde toevoegt (filter)",
        "You are in if you add value (filter)",
    ),
    "invitation": ("Uitnodiging", "Invitation"),
    "invitation_open": ("open: iedereen op de plek", "open: everyone at the place"),
    "invitation_network": ("via het netwerk", "through the network"),
    "case_scale": ("Schaal van casussen", "Scale of cases"),
    "scale_perceel": ("perceel", "parcel"),
    "scale_buurt": ("buurt", "neighbourhood"),
    "scale_wijk": ("wijk", "district"),
    "scale_any": ("elke schaal", "any scale"),
    "friction": (
        "Procedurele frictie (0 = veel tussenruimte)",
        "Procedural friction (0 = much tussenruimte)",
    ),
    "deterrence": (
        "Hoe zwaar procedures wegen bij starten en meedoen (0 = niet)",
        "How much procedures weigh on starting and joining (0 = not at all)",
    ),
    "trust": ("Vertrouwen bij de start", "Initial trust"),
    "money": ("Geld (× standaard)", "Money (× default)"),
    "hours": ("Tijd in uren per week (× standaard)", "Time in hours a week (× default)"),
    "kenniskring": (
        "MKB-kenniskring (bestaand vertrouwd netwerk)",
        "MKB kenniskring (existing trusted circle)",
    ),
    "trusted_ties": (
        "Vertrouwde banden tellen zwaarder (sociale invloed)",
        "Trusted ties count more (social influence)",
    ),
    "direction": (
        "Gedeelde richting nodig voor besluit (0-1)",
        "Shared direction needed for a decision (0-1)",
    ),
    "ownership": (
        "Kracht van eigenaarschap (0 = geen effect)",
        "Strength of ownership (0 = no effect)",
    ),
    "path_hours": (
        "Overleg per tweetal leden (uur per week)",
        "Talk per pair of members (hours a week)",
    ),
    "lead_capacity": (
        "Ketens die één trekker tegelijk kan trekken",
        "Chains one leader can lead at once",
    ),
    "seed": ("Toevalsgetal (seed)", "Random seed"),
    "cli": ("Zelfde run op de opdrachtregel:", "Same run on the command line:"),
    # view
    "network": ("Netwerk van actoren", "Network of actors"),
    "colour_by": ("Kleur naar", "Colour by"),
    "colour_kind": ("soort actor", "kind of actor"),
    "colour_role": ("huidige rol", "current role"),
    "chains_highlight": (
        "Lijnen: actieve waardenketens, van lid naar initiatiefnemer "
        "(paars = mobiliseren, groen = realiseren)",
        "Lines: active value chains, member to initiator (purple = mobilising, green = realising)",
    ),
    "no_role": ("geen rol", "no role"),
    "map": ("De wijk: kwaliteit per kapitaal", "The district: quality per capital"),
    "map_note": (
        "Vakjes = percelen, kaders = buurten; ● = actieve casus",
        "Cells = parcels, frames = neighbourhoods; ● = active case",
    ),
    "buurt": ("buurt {n}", "buurt {n}"),
    "plot_capitals": (
        "De drie kapitalen (gemiddelde kwaliteit)",
        "The three capitals (mean quality)",
    ),
    "plot_ownership": (
        "Eigenaarschap per soort actor (€ toegevoegde waarde)",
        "Ownership by kind of actor (€ value added)",
    ),
    "plot_chains": ("Waardenketens", "Value chains"),
    "plot_hours": ("Uren per week", "Hours a week"),
    "active": ("actief", "active"),
    "realised": ("gerealiseerd", "realised"),
    "stalled": ("gestagneerd", "stalled"),
    "coordination": ("coördinatie + procedure", "coordination + procedure"),
    "productive": ("productief", "productive"),
    "weeks_axis": ("week", "week"),
    "quality": ("kwaliteit", "quality"),
    # capitals, kinds, roles
    "social": ("sociaal", "social"),
    "ecological": ("ecologisch", "ecological"),
    "economic": ("economisch", "economic"),
    "bewoner": ("bewoner", "resident"),
    "ondernemer": ("ondernemer", "entrepreneur"),
    "ambtenaar": ("ambtenaar", "official"),
    "organisatie": ("organisatie", "institution"),
    "initiatiefnemer": ("initiatiefnemer", "initiator"),
    "coproducent": ("coproducent", "co-producer"),
    "ondersteuner": ("ondersteuner", "supporter"),
    "uitvoerder": ("uitvoerder", "executor"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
}

#: The article's concepts, explained in a sentence or two beside the control they belong to.
CONCEPTS: dict[str, tuple[str, str]] = {
    "waardenketen": (
        "Waardenketen: de wisselende coalitie die een casus draagt, van idee via mobiliseren "
        "en investeringsbesluit naar realisatie. Iedereen kan initiatiefnemer, coproducent, "
        "ondersteuner of uitvoerder zijn, in meer ketens tegelijk.",
        "Value chain (waardenketen): the changing coalition that carries a case, from idea "
        "through mobilising and the investment decision to realisation. Anyone can be "
        "initiator, co-producer, supporter or executor, in several chains at once.",
    ),
    "tussenruimte": (
        "Tussenruimte: de ruimte tussen procedures en het dagelijks leven. Hoge frictie kost "
        "casussen uren papierwerk en daarna wachtweken voor de vergunning; wie ziet hoe zwaar "
        "dat is, begint minder snel een casus of doet minder snel mee. Een ambtenaar in de "
        "keten maakt ruimte; elke gerealiseerde casus leert de wijk de weg voor casussen van "
        "die schaal, maar wat niet gebruikt wordt, raakt weer vergeten.",
        "Tussenruimte: the room between procedures and everyday life. High friction costs "
        "cases hours of paperwork and then weeks of waiting for the permit; who sees how "
        "heavy that is starts or joins a case less readily. An official in the chain makes "
        "room; every realised case teaches the wijk the way for cases of its scale, but what "
        "is not used is forgotten again.",
    ),
    "eigenaarschap": (
        "Eigenaarschap: je bent eigenaar van wat je aan waarde toevoegt. Wie uren geeft en "
        "meebeslist, voelt zich mede-eigenaar: die zet meer tijd en geld in, blijft langer, "
        "nodigt anderen uit en hecht meer aan de plek. Waar veel buren zich mede-eigenaar "
        "voelen, doe je sneller mee. Opgelegd of uitbesteed geeft minder zeggenschap.",
        "Ownership (eigenaarschap): you own the value you add. Who gives hours and has a say "
        "feels co-owner: pledges more time and money, stays longer, invites others and grows "
        "attached to the place. Where many neighbours feel co-owner, joining comes easier. "
        "Imposed or outsourced cases give less say.",
    ),
    "richting": (
        "Gedeelde richting: elk lid brengt zijn eigen wensen per thema mee; in de overleggen "
        "schuiven ze naar elkaar toe, sneller bij meer vertrouwen. Het investeringsbesluit "
        "valt pas als het team het genoeg eens is.",
        "Shared direction: each member brings its own wishes per theme; in the meetings they "
        "move towards each other, faster with more trust. The investment decision comes only "
        "once the team agrees enough.",
    ),
    "overleg": (
        "Overleg: in een team van n leden lopen n(n-1)/2 lijntjes tussen twee mensen, en elk "
        "lijntje kost wat tijd. Met twee keer zoveel leden heeft elk lid ongeveer twee keer "
        "zoveel lijntjes; elk extra thema maakt het overleg zwaarder. Weinig tijd per "
        "lijntje (mensen die makkelijk afstemmen) laat grote, brede teams werken.",
        "Talk: a team of n members has n(n-1)/2 lines between two people, and each line costs "
        "some time. With twice the members each member has about twice the lines; every extra "
        "theme makes the talking heavier. Little time per line (people who coordinate easily) lets "
        "large, broad teams work.",
    ),
    "rollen": (
        "Rollen: de initiatiefnemer trekt de keten en kan maar een paar ketens tegelijk "
        "trekken. Stapt de trekker op, dan verliest de keten vaart en neemt wie de meeste "
        "uren geeft het over, als die nog ruimte heeft. Coproducenten geven uren, "
        "ondersteuners vooral geld of hun stem; wie meer kan geven, stapt op, wie minder "
        "kan, stapt terug. De uitvoerder wordt betaald.",
        "Roles: the initiator leads the chain and can lead only a few chains at once. When "
        "the leader steps out, the chain loses momentum and whoever gives most hours takes "
        "over, if they still have room. Co-producers give hours, supporters mostly money or "
        "their voice; who can give more steps up, who can give less steps back. The executor "
        "is paid.",
    ),
    "compliceren": (
        "Compliceren / decompliceren: te veel integraliteit en te veel mensen maken een proces "
        "topzwaar (coördinatie eet de voortgang op). Decompliceren kan door op te schalen met "
        "minder thema's en mensen, of te downscalen met meer thema's en mensen.",
        "Compliceren / decompliceren: too much integrality and too many people make a process "
        "top-heavy (coordination eats the progress). Decomplicating works by upscaling with "
        "fewer themes and people, or downscaling with more themes and people.",
    ),
    "small_wins": (
        "Small wins: een kleine, concrete gerealiseerde casus bouwt vertrouwen en vaardigheid "
        "op en verlaagt de drempel voor wie hem zag. Een bestaand vertrouwd netwerk (de "
        "kenniskring) kan de eerste small win versnellen: vertrouwde banden tellen zwaarder "
        "bij meedoen, samenwerken bouwt vertrouwen op en wie elkaar kent, vergadert korter.",
        "Small wins: a small, concrete realised case builds trust and skill and lowers the "
        "threshold of those who saw it. An existing trusted circle (the kenniskring) can "
        "speed up the first small win: trusted ties count more in joining, working together "
        "builds trust, and people who know each other need shorter meetings.",
    ),
}

#: Mesa's own labels in its SolaraViz page (English in Mesa), with their Dutch translation.
MESA_LABELS: dict[str, str] = {
    "Controls": "Bediening",
    "Model Parameters": "Modelparameters",
    "Information": "Informatie",
    "Play Interval (ms)": "Afspeelpauze per stap (ms)",
    "Render Interval (steps)": "Teken elke ... weken",
    "Use Threads": "Aparte thread gebruiken",
    "Increase play interval to avoid skipping plots": (
        "Verhoog de afspeelpauze om geen weken over te slaan"
    ),
    "Reset": "Opnieuw",
    "Step": "Stap",
    "Time": "Tijd (weken)",
    "Page 0": "Overzicht",
}
MESA_LABELS_EN: dict[str, str] = {"Time": "Time (weeks)", "Page 0": "Overview"}


def t(key: str, lang: str | None = None, **fmt) -> str:
    """The label `key` in the session's language (or `lang`), formatted with `fmt`."""
    lang = lang or language.value
    nl, en = LABELS.get(key, (key, key))
    text = nl if lang == "nl" else en
    return text.format(**fmt) if fmt else text


def concept(key: str, lang: str | None = None) -> str:
    """The short explanation of a concept of the article in the session's language."""
    lang = lang or language.value
    nl, en = CONCEPTS[key]
    return nl if lang == "nl" else en


def mesa_label(text: str, lang: str | None = None) -> str:
    """One of Mesa's built-in labels in the session's language."""
    lang = lang or language.value
    table = MESA_LABELS if lang == "nl" else MESA_LABELS_EN
    if text in table:
        return table[text]
    if text.startswith("Time: "):
        return f"{table.get('Time', 'Time')}: {text[len('Time: ') :]}"
    return text
