"""The report's words in Dutch (nl) and English (en)."""

from sim.vocabulary import EFFECTS

TEXT = {
    "nl": {
        "title": "Strategierapport waardenmakerij",
        "intro": (
            "Dit rapport vergelijkt de strategieën van een sweep van het model: per strategie "
            "de verdeling van de uitkomsten over replicaties, de verschillen met een "
            "95%-betrouwbaarheidsinterval en een effectgrootte (Cohen's d), de gerealiseerde "
            "waarde naar integraliteit en teamgrootte, het verloop in de tijd en de MKBA."
        ),
        "sweep": "Sweep",
        "runs": "runs compleet",
        "expected": "verwacht",
        "failed": "mislukt",
        "strategies": "Strategieën",
        "outcomes": "Uitkomsten per strategie (gemiddelde [95%-interval])",
        "outcome": "uitkomst",
        "differences": "Verschillen met {ref} (gemiddelde [95%-interval], Cohen's d, p na Holm)",
        "paired": "gepaard per replicatie (dezelfde seeds)",
        "unpaired": "ongepaard (Welch)",
        "locale": "nl_NL",
        "first_win": "Tijd tot de eerste kleine winst",
        "week": "week",
        "no_win_yet": "aandeel runs nog zonder winst",
        "first_win_cols": ["runs", "met een winst", "mediaan (week) [95%-interval]"],
        "logrank": "Log-ranktoets van gelijke curven over de groepen: p = {p}.",
        "logrank_none": "Geen run had een winst: er is geen log-ranktoets.",
        "first_win_note": "Kaplan-Meier: een run zonder gerealiseerde casus telt tot zijn laatste"
        " week mee als nog zonder winst (gecensureerd), niet als ontbrekend. Een mediaan – : de"
        " helft van de runs had aan het eind nog geen winst.",
        "holm": "p: de p-waarde van 'geen verschil', gecorrigeerd voor alle vergelijkingen van"
        " deze tabel samen (Holm). Met minder dan vijf runs per groep staat er geen interval en"
        " geen Cohen's d.",
        "strategy": "strategie",
        "diff": "verschil",
        "distributions": "Verdeling van de uitkomsten per strategie",
        "heatmap": "Gerealiseerde waarde naar integraliteit en teamgrootte",
        "heatmap_note": "Gemiddelde gerealiseerde waarde (som van de drie kapitalen) per cel; "
        "lege cellen zijn niet gedraaid.",
        "timeseries": "Verloop in de tijd (mediaan en 10–90%-band over replicaties)",
        "mkba": "MKBA: netto contante waarde per strategie",
        "mkba_note": "Netto contante waarde (discontovoet {rate}) van de baten per kapitaal "
        "over de levensduur min de kosten in geld en gewaardeerde uren, in euro.",
        "mkba_line": "{s}: {v} (95%-interval {lo} tot {hi})",
        "mkba_routes": "MKBA per aanbestedingsroute (inkopen met impact, contracteren op ambitie)",
        "mkba_routes_note": "Netto contante waarde, baten-kostenverhouding, baten en kosten in "
        "euro (contante waarde bij de start van de run) per route waarop de uitvoerder wordt "
        "gekozen, voor alle runs samen en per strategie: gemiddelde "
        "[95%-interval] over de replicaties.",
        "mkba_distribution": "MKBA: wie betaalt en wie baat, per route en soort actor",
        "mkba_distribution_note": "Contante waarde per run in euro: betaald (geld, onderhoud en "
        "vernieuwing naar rato, uren tegen hun schaduwloon), baten en saldo; gemiddelde "
        "[95%-interval] over de runs van een route. Per run telt het saldo op tot de netto "
        "contante waarde.",
        "all": "alle",
        "route": "route",
        "kind": "soort actor",
        "paid": "betaald (euro)",
        "benefits": "baten (euro)",
        "net": "saldo (euro)",
        "year": "jaar",
        "runs_n": "runs",
        "unreadable": "onleesbaar (overgeslagen)",
        "labels": {
            "realised_cases": "gerealiseerde casussen",
            "value_total": "gerealiseerde waarde (3 kapitalen)",
            "ownership_share": "aandeel eigenaren",
            "capital_balance": "balans van de kapitalen",
            "coordination_hours_share": "aandeel overleguren",
            "participation_rate": "participatiegraad",
            "mkba_npv_eur": "MKBA netto contante waarde (euro)",
            "mkba_bcr": "MKBA baten-kostenverhouding",
            "imbalance_years": "jaren uit balans (brede welvaart)",
            "mkba_benefits_eur": "MKBA baten (euro)",
            "mkba_costs_eur": "MKBA kosten (euro)",
            "first_win_week": "week van de eerste kleine winst",
            "stalled_cases": "gestagneerde casussen",
            "cases_realised": "gerealiseerde casussen (cum.)",
            "value_cum": "gerealiseerde waarde (cum.)",
            "members_active": "actieve leden",
            "hours_coordination": "overleguren per week",
        },
    },
    "en": {
        "title": "Waardenmakerij strategy report",
        "intro": (
            "This report compares the strategies of a model sweep: per strategy the "
            "distribution of outcomes over replications, the differences with a 95 % "
            "confidence interval and an effect size (Cohen's d), realised value by integrality "
            "and team size, the course over time, and the MKBA (social cost-benefit analysis)."
        ),
        "sweep": "Sweep",
        "runs": "runs complete",
        "expected": "expected",
        "failed": "failed",
        "strategies": "Strategies",
        "outcomes": "Outcomes per strategy (mean [95 % interval])",
        "outcome": "outcome",
        "differences": "Differences from {ref} (mean [95 % interval], Cohen's d, Holm's p)",
        "paired": "paired by replication (the same seeds)",
        "unpaired": "unpaired (Welch)",
        "locale": "en_GB",
        "first_win": "Time to the first small win",
        "week": "week",
        "no_win_yet": "share of runs without a win yet",
        "first_win_cols": ["runs", "with a win", "median (week) [95 % interval]"],
        "logrank": "Log-rank test of equal curves over the groups: p = {p}.",
        "logrank_none": "No run had a win: there is no log-rank test.",
        "first_win_note": "Kaplan-Meier: a run without a realised case counts as without a win"
        " up to its last week (censored), not as missing. A median – : half the runs had no win"
        " by their end.",
        "holm": "p: the p-value of 'no difference', corrected for all comparisons of this"
        " table together (Holm). With fewer than five runs a group no interval and no Cohen's"
        " d are shown.",
        "strategy": "strategy",
        "diff": "difference",
        "distributions": "Distribution of outcomes per strategy",
        "heatmap": "Realised value by integrality and team size",
        "heatmap_note": "Mean realised value (sum of the three capitals) per cell; empty "
        "cells were not run.",
        "timeseries": "Over time (median and 10–90 % band over replications)",
        "mkba": "MKBA: net present value per strategy",
        "mkba_note": "Net present value (discount rate {rate}) of the benefits per capital over "
        "the lifetime minus the costs in money and valued hours, in euro.",
        "mkba_line": "{s}: {v} (95 % interval {lo} to {hi})",
        "mkba_routes": "MKBA per procurement route (buying with impact, contracting on ambition)",
        "mkba_routes_note": "Net present value, benefit–cost ratio, benefits and costs in euro "
        "(present value at the run start) per route by which the executor is chosen "
        "over all runs and per strategy: mean [95 % interval] over the "
        "replications.",
        "mkba_distribution": "MKBA: who pays and who benefits, per route and actor kind",
        "mkba_distribution_note": "Present value per run in euro: paid (money, upkeep in "
        "proportion, hours at their shadow wage), benefits and net; mean [95 % interval] over "
        "the runs of a route. In each run the net sums to the net present value.",
        "all": "all",
        "route": "route",
        "kind": "actor kind",
        "paid": "paid (euro)",
        "benefits": "benefits (euro)",
        "net": "net (euro)",
        "year": "year",
        "runs_n": "runs",
        "unreadable": "unreadable (skipped)",
        "labels": {
            "realised_cases": "realised cases",
            "value_total": "realised value (3 capitals)",
            "ownership_share": "share of owners",
            "capital_balance": "balance of the capitals",
            "coordination_hours_share": "share of coordination hours",
            "participation_rate": "participation rate",
            "mkba_npv_eur": "MKBA net present value (euro)",
            "mkba_bcr": "MKBA benefit–cost ratio",
            "imbalance_years": "years out of balance (brede welvaart)",
            "mkba_benefits_eur": "MKBA benefits (euro)",
            "mkba_costs_eur": "MKBA costs (euro)",
            "first_win_week": "week of the first small win",
            "stalled_cases": "stalled cases",
            "cases_realised": "realised cases (cum.)",
            "value_cum": "realised value (cum.)",
            "members_active": "active members",
            "hours_coordination": "coordination hours a week",
        },
    },
}


def text(lang: str) -> dict:
    if lang not in TEXT:
        raise ValueError(f"report.lang={lang!r} is not allowed: use nl or en")
    return TEXT[lang]


# ---------------------------------------------------------------- the policy sections

POLICY = {
    "nl": {
        "summary": "Samenvatting",
        "summary_which": (
            "Welke strategie: {best} levert de hoogste maatschappelijke waarde op, een saldo "
            "van {npv} (95%-interval {lo} tot {hi}) tegen het nulalternatief, gemiddeld over "
            "{n} runs van {years} jaar met gemiddeld {realised} gerealiseerde casussen."
        ),
        "summary_positive": "Hoe zeker: het saldo is met 95% zekerheid positief.",
        "summary_negative": (
            "Hoe zeker: ook de beste strategie kost met 95% zekerheid meer dan ze oplevert."
        ),
        "summary_unsure": (
            "Hoe zeker: het interval bevat nul; of de baten de kosten overtreffen, is met deze "
            "runs niet te zeggen."
        ),
        "summary_few": "Hoe zeker: te weinig runs (minder dan twee) voor een interval.",
        "summary_clear": (
            "Het verschil met {second}, de op één na beste, is {d} (95%-interval {lo} tot {hi}): "
            "groter dan het toeval tussen replicaties."
        ),
        "summary_close": (
            "Het verschil met {second}, de op één na beste, is {d} (95%-interval {lo} tot {hi}): "
            "niet te onderscheiden van het toeval tussen replicaties."
        ),
        "summary_who": (
            "Voor wie: bij deze strategie betalen {payer} het meest ({paid} per run, geld en "
            "gewaardeerde uren); de baten komen vooral bij {gainer} terecht ({benefit} per run)."
        ),
        "summary_who_none": (
            "Voor wie: bij deze strategie betalen {payer} het meest ({paid} per run, geld en "
            "gewaardeerde uren); geen groep heeft in deze runs baten, want er is niets "
            "gerealiseerd."
        ),
        "summary_assumptions": (
            "Aannames waar het antwoord op rust: discontovoet {rate}; {time}; {reference}."
        ),
        "summary_turns": "Het saldo is het gevoeligst voor {turns}.",
        "summary_turn": "{what} (±50% verschuift het saldo {swing})",
        "volunteer_leisure": "vrijwilligersuren tegen de waarde van vrije tijd ({wage} per uur)",
        "volunteer_replacement": (
            "vrijwilligersuren tegen wat inhuren zou kosten ({wage} per uur)"
        ),
        "reference_on": (
            "effecten gemeten tegen het nulalternatief (dezelfde wijk zonder waardenmakerij: "
            "gewoon beheer, slijtage, verhuizingen)"
        ),
        "reference_off": "effecten bruto gemeten, zonder nulalternatief",
        "strategy_names": {},
        "assumptions": "Uitgangspunten",
        "assumptions_note": (
            "De instellingen en prijzen waarop de MKBA rust, zoals de runs ze vastlegden, met "
            "hun bron. 'Aanname' betekent: geen gepubliceerd kengetal, een keuze van het model."
        ),
        "source_run": "instelling van de sweep",
        "assumption": "uitgangspunt",
        "value": "waarde",
        "source": "bron",
        "assumption_word": "aanname",
        "yes": "ja",
        "no": "nee",
        "mkba_table": "MKBA-tabel: baten, kosten en saldo tegen het nulalternatief",
        "mkba_table_note": (
            "Contante waarde bij de start van de run in euro (discontovoet {rate}), gemiddelde "
            "[95%-interval] over de replicaties. Baten: gerealiseerde casussen over hun "
            "levensduur; kosten: investering, onderhoud en vernieuwing, en de uren van alle "
            "casussen, ook die stagneerden."
        ),
        "benefits_head": "Baten",
        "benefits_total": "Totaal baten",
        "costs_head": "Kosten",
        "costs_total": "Totaal kosten",
        "balance": "Saldo (netto contante waarde)",
        "pm_head": "PM-posten (niet in geld uitgedrukt)",
        "post": "post",
        "pm_note": (
            "PM-posten: het model meet deze effecten (verandering van het kapitaal tegen het "
            "nulalternatief, in punten op een schaal van 0 tot 100), maar er is geen Nederlands "
            "kengetal om ze in euro's uit te drukken; ze tellen niet mee in het saldo. "
            "Herverdeling: het deel van de lokale economie dat bestedingen van elders zijn, is "
            "van de baten afgetrokken en staat bij 'elders' in de tabel per actorgroep; de marge "
            "van de uitvoerder zit in de investering en komt als baat bij de onderneming terug "
            "(een overdracht tussen opdrachtgevers en uitvoerder, geen kosten voor het land)."
        ),
        "actor_groups": "Wie betaalt en wie baat, per actorgroep",
        "actor_groups_note": (
            "Betaald: geld, onderhoud naar rato en uren tegen hun waarde; gemiddelde "
            "[95%-interval] over de runs, contante waarde in euro. Per run tellen de saldi op "
            "tot het saldo van de MKBA-tabel."
        ),
        "variants": "Varianten: het saldo onder andere samenhangende aannames",
        "variants_note": (
            "Gemiddelde [95%-interval] van het saldo over de replicaties, in euro, als de runs "
            "met andere prijzen gewaardeerd worden (wat er in de wijk gebeurt blijft gelijk). "
            "Pessimistisch: alle effectprijzen de helft, uurwaarden en discontovoet anderhalf "
            "keer zo hoog; optimistisch: andersom."
        ),
        "variants_base": "zoals gerekend",
        "variant": "variant",
        "variant_best": "hoogste saldo",
        "variant_other": "bij {variant} is dat {winner}",
        "variants_same": (
            "Onder elke variant van de waardering blijft {best} de strategie met het hoogste saldo."
        ),
        "variants_differ": "Niet onder elke variant blijft {best} de beste: {others}.",
        "tornado": "Gevoeligheid van het saldo van {best} (tornado in woorden)",
        "tornado_note": (
            "Saldo zonder wijziging (basis): {base}. Per prijs het saldo als die prijs de helft "
            "of anderhalf keer zo groot is, terwijl wat er in de wijk gebeurt gelijk blijft; "
            "de grootste verschuiving eerst."
        ),
        "tornado_parameter": "prijs",
        "tornado_base": "basiswaarde",
        "at_half": "saldo bij −50%",
        "at_more": "saldo bij +50%",
        "glossary_head": "Woordenlijst",
        "term": "woord",
        "meaning": "betekenis",
        "setting": "instelling",
        "provenance": "Herkomst",
        "provenance_what": "wat",
        "provenance_folder": "sweepmap",
        "provenance_runs": "runs in dit rapport",
        "provenance_commit": "versie van het model (git-commit)",
        "provenance_note": (
            "Elke run legt in provenance.json zijn volledige configuratie, seed, "
            "pakketversies en commit vast; results.parquet naast dit rapport bevat één rij "
            "per run met alle getallen."
        ),
    },
    "en": {
        "summary": "Summary",
        "summary_which": (
            "Which strategy: {best} yields the highest social value, a net present value of "
            "{npv} (95 % interval {lo} to {hi}) against the nulalternatief (no waardenmakerij), "
            "averaged over {n} runs of {years} years with on average {realised} realised cases."
        ),
        "summary_positive": "How sure: the net value is positive with 95 % confidence.",
        "summary_negative": (
            "How sure: even the best strategy costs more than it yields, with 95 % confidence."
        ),
        "summary_unsure": (
            "How sure: the interval contains zero; whether benefits exceed costs cannot be told "
            "from these runs."
        ),
        "summary_few": "How sure: too few runs (fewer than two) for an interval.",
        "summary_clear": (
            "The difference from {second}, the runner-up, is {d} (95 % interval {lo} to {hi}): "
            "larger than chance between replications."
        ),
        "summary_close": (
            "The difference from {second}, the runner-up, is {d} (95 % interval {lo} to {hi}): "
            "not distinguishable from chance between replications."
        ),
        "summary_who": (
            "For whom: under this strategy {payer} pay most ({paid} a run, money and valued "
            "hours); the benefits go mostly to {gainer} ({benefit} a run)."
        ),
        "summary_who_none": (
            "For whom: under this strategy {payer} pay most ({paid} a run, money and valued "
            "hours); no group has benefits in these runs, as nothing was realised."
        ),
        "summary_assumptions": "Assumptions the answer rests on: discount rate {rate}; {time}; "
        "{reference}.",
        "summary_turns": "The net value is most sensitive to {turns}.",
        "summary_turn": "{what} (±50 % moves it by {swing})",
        "volunteer_leisure": "volunteer hours at the value of leisure time ({wage} an hour)",
        "volunteer_replacement": "volunteer hours at what hiring would cost ({wage} an hour)",
        "reference_on": (
            "effects measured against the nulalternatief (the same wijk without a "
            "waardenmakerij: regular management, wear, moves)"
        ),
        "reference_off": "effects measured gross, without a nulalternatief",
        "strategy_names": {},
        "assumptions": "Assumptions",
        "assumptions_note": (
            "The settings and prices the MKBA rests on, as the runs recorded them, with their "
            "source. 'Assumption' means: no published key figure, a choice of the model."
        ),
        "source_run": "setting of the sweep",
        "assumption": "assumption",
        "value": "value",
        "source": "source",
        "assumption_word": "assumption",
        "yes": "yes",
        "no": "no",
        "mkba_table": "MKBA table: benefits, costs and net value against the nulalternatief",
        "mkba_table_note": (
            "Present value at the run start in euro (discount rate {rate}), mean [95 % "
            "interval] over the replications. Benefits: realised cases over their lifetime; "
            "costs: investment, upkeep and renewal, and the hours of all cases, stalled ones "
            "included."
        ),
        "benefits_head": "Benefits",
        "benefits_total": "Total benefits",
        "costs_head": "Costs",
        "costs_total": "Total costs",
        "balance": "Net present value",
        "pm_head": "PM items (not in money)",
        "post": "item",
        "pm_note": (
            "PM items: the model measures these effects (change of the capital against the "
            "nulalternatief, in points on a 0-100 scale), but no Dutch key figure prices them; "
            "they are not in the net value. Transfers: the part of the local economy that is "
            "spending moved from elsewhere is taken off the benefits and shown as 'elsewhere' in "
            "the table per actor group; the executor's margin is in the investment and comes "
            "back as a benefit to the firm (a transfer between the commissioners and the "
            "executor, no cost to the country)."
        ),
        "actor_groups": "Who pays and who benefits, per actor group",
        "actor_groups_note": (
            "Paid: money, upkeep in proportion and hours at their value; mean [95 % interval] "
            "over the runs, present value in euro. In each run the nets sum to the net present "
            "value of the MKBA table."
        ),
        "variants": "Variants: the net value under other coherent assumptions",
        "variants_note": (
            "Mean [95 % interval] of the net value over the replications, in euro, when the "
            "runs are valued at other prices (what happens in the wijk held fixed). "
            "Pessimistic: every effect price halved, hour values and the discount rate one and "
            "a half times; optimistic: the reverse."
        ),
        "variants_base": "as computed",
        "variant": "variant",
        "variant_best": "highest net value",
        "variant_other": "under {variant} it is {winner}",
        "variants_same": "Under every variant of the valuation {best} keeps the highest net value.",
        "variants_differ": "Not under every variant does {best} stay best: {others}.",
        "tornado": "Sensitivity of the net value of {best} (the tornado in words)",
        "tornado_note": (
            "Net value unchanged (base): {base}. Per price the net value at half and at one and "
            "a half times that price, what happens in the wijk held fixed; largest swing first."
        ),
        "tornado_parameter": "price",
        "tornado_base": "base value",
        "at_half": "net value at −50 %",
        "at_more": "net value at +50 %",
        "glossary_head": "Glossary",
        "term": "term",
        "meaning": "meaning",
        "setting": "setting",
        "provenance": "Provenance",
        "provenance_what": "what",
        "provenance_folder": "sweep folder",
        "provenance_runs": "runs in this report",
        "provenance_commit": "model version (git commit)",
        "provenance_note": (
            "Each run records its full config, seed, package versions and commit in "
            "provenance.json; results.parquet next to this report has one row a run with all "
            "numbers."
        ),
    },
}

GLOSSARY = {
    "nl": {
        "kinds": {
            "bewoner": "bewoners",
            "ondernemer": "ondernemers",
            "ambtenaar": "ambtenaren",
            "organisatie": "organisaties",
            "elders": "elders (buiten de wijk)",
        },
        "effects": {
            "leefbaarheid": "leefbaarheid",
            "veiligheid": "veiligheid",
            "gezondheid": "gezondheid",
            "natuur": "natuur",
            "bereikbaarheid": "bereikbaarheid",
            "lokale_economie": "lokale economie",
        },
        "costs": {
            "investering": "investering",
            "onderhoud": "onderhoud en vernieuwing",
            "uren_vrijwilligers": "uren van bewoners en ondernemers",
            "uren_professionals": "uren van ambtenaren en organisaties",
            "herverdeling": "af: herverdeling (lokale bestedingen die elders wegvallen)",
            "marge": "bij: marge van de uitvoerder (betaald in de prijs, baat voor de onderneming)",
        },
        "pm": {
            "net_later_human": "menselijk kapitaal (vaardigheden)",
            "net_later_social": "sociaal kapitaal (vertrouwen, samenhang)",
        },
        "tornado": {
            "discount_rate": "de discontovoet",
            "volunteer_eur_hour": "de waarde van een vrijwilligersuur",
            "staff_wage_eur_hour": "de uurkosten van een ambtenaar of organisatie",
            **{f"price_{e}": f"de prijs van {e.replace('_', ' ')}" for e in EFFECTS},
        },
        "settings": {
            "run.years": "looptijd",
            "population.n_actors": "aantal actoren",
            "seed": "seeds (replicaties)",
            "mkba.discount_rate": "discontovoet",
            "mkba.volunteer_time": "waardering vrijwilligersuren",
            "mkba.leisure_eur_hour": "waarde van een uur vrije tijd",
            "mkba.shadow_wage_eur_hour": "vervangingsloon vrijwilligers",
            "mkba.staff_wage_eur_hour": "uurkosten ambtenaar of organisatie",
            **{f"mkba.price_{e}": f"prijs {e.replace('_', ' ')}" for e in EFFECTS},
            "mkba.price_rise_natuur": "relatieve prijsstijging natuur",
            "mkba.local_economy_transfer": "herverdeling: deel van de lokale economie van elders",
            "mkba.maintenance_share_year": "onderhoud per jaar",
            "mkba.renewal_share": "vernieuwing halverwege de levensduur",
            "mkba.nulalternatief": "gemeten tegen het nulalternatief",
        },
        "units": {
            "years": "jaar",
            "1/year": "per jaar",
            "euro/hour": "euro per uur",
            "choice": "",
            "switch": "",
            "euro/(resident x effect unit x year)": "euro per bewoner per eenheid per jaar",
            "share of investment/year": "van de investering per jaar",
            "share of the local economy effect": "van het effect op de lokale economie",
            "share of investment renewed once, at half the lifetime": "van de investering",
        },
        "sources": {
            "mkba.discount_rate": "Werkgroep discontovoet 2020: 2,25%",
            "mkba.volunteer_time": (
                "Werkwijzer MKBA: onbetaalde tijd tegen de gemiste vrije tijd; vervangingsloon "
                "als gevoeligheid"
            ),
            "mkba.leisure_eur_hour": (
                "aanname: orde van de Nederlandse waarde van vrije tijd (KiM, reistijdwaardering "
                "niet-zakelijk, 8-10 euro per uur); niet getoetst aan een kengetal"
            ),
            "mkba.shadow_wage_eur_hour": "aanname: wat inhuren van het werk zou kosten",
            "mkba.staff_wage_eur_hour": "aanname: integrale uurkosten van een professional",
            **{
                f"mkba.price_{e}": (
                    "aanname: orde van de waarderingen per huishouden die de Werkwijzer MKBA "
                    "vraagt; geen gepubliceerd kengetal voor deze schaal"
                )
                for e in EFFECTS
            },
            "mkba.nulalternatief": (
                "Algemene leidraad MKBA (CPB/PBL 2013): effecten tegen het nulalternatief"
            ),
            "mkba.price_rise_natuur": (
                "PBL 2018 (De discontovoet voor natuur; Koetse e.a. 2017): ecosysteemdiensten 1% "
                "per jaar duurder ten opzichte van consumptie (Werkgroep discontovoet 2015), in "
                "de kasstroom zoals de Werkwijzer sinds 2021 vraagt; de andere effecten tegen "
                "constante prijzen"
            ),
            "mkba.local_economy_transfer": (
                "aanname: de Algemene leidraad MKBA telt bestedingen die van elders komen als "
                "herverdeling, niet als welvaartswinst; de helft als orde van grootte, geen "
                "kengetal"
            ),
        },
        "variants": {
            "leisure": "vrijwilligersuren tegen de waarde van vrije tijd",
            "replacement": "vrijwilligersuren tegen het vervangingsloon",
            "pessimistic": "pessimistisch",
            "optimistic": "optimistisch",
        },
        "choices": {
            "leisure": "vrije tijd",
            "replacement": "vervangingsloon",
            "lowest_price": "laagste prijs",
            "best_value": "beste prijs-kwaliteit",
            "social_enterprise": "sociale onderneming",
            "ambition_contract": "contract op ambitie",
        },
        "axes": {
            "strategy.scope_cap": "integraliteit (hoogste aantal thema's)",
            "strategy.team_size_cap": "teamgrootte (hoogste aantal leden)",
            "no_cap": "geen grens",
        },
        "terms": [
            ("casus", "een investering die een team in de buurt wil realiseren", ""),
            (
                "onbeheerst",
                "iedereen welkom, tot vijf thema's, geen grens aan teamgrootte, elke schaal",
                "strategy=onbeheerst",
            ),
            (
                "opschalen",
                "decompliceren door op te schalen: buurtschaal, tot twee thema's, teams tot "
                "acht, alleen wie waarde toevoegt, uitnodiging via het netwerk",
                "strategy=opschalen",
            ),
            (
                "downscalen",
                "decompliceren door af te schalen: perceelschaal, tot vier thema's, teams tot "
                "dertig, alleen wie waarde toevoegt, uitnodiging via het netwerk",
                "strategy=downscalen",
            ),
            ("integraliteit", "aantal thema's dat één casus mag combineren", "strategy.scope_cap"),
            (
                "teamgrootte",
                "hoeveel leden een casus ten hoogste heeft (10.000: geen grens)",
                "strategy.team_size_cap",
            ),
            (
                "nulalternatief",
                "dezelfde wijk, seed en omstandigheden zonder waardenmakerij",
                "mkba.nulalternatief",
            ),
            (
                "saldo (NCW)",
                "netto contante waarde: baten min kosten, verdisconteerd",
                "mkba.discount_rate",
            ),
            ("BKV", "baten-kostenverhouding: baten gedeeld door kosten", ""),
            ("PM-post", "effect dat wel gemeten maar niet in geld uitgedrukt wordt", ""),
            (
                "aanbestedingsroute",
                "hoe de uitvoerder gekozen wordt: laagste prijs, beste "
                "prijs-kwaliteit, sociale onderneming of contract op ambitie",
                "procurement.route",
            ),
            ("brede welvaart", "kwaliteit van leven hier en nu, later en elders (CBS)", ""),
        ],
    },
    "en": {
        "kinds": {
            "bewoner": "residents",
            "ondernemer": "entrepreneurs",
            "ambtenaar": "officials",
            "organisatie": "institutions",
            "elders": "elsewhere (outside the wijk)",
        },
        "effects": {
            "leefbaarheid": "liveability",
            "veiligheid": "safety",
            "gezondheid": "health",
            "natuur": "nature",
            "bereikbaarheid": "accessibility",
            "lokale_economie": "local economy",
        },
        "costs": {
            "investering": "investment",
            "onderhoud": "upkeep and renewal",
            "uren_vrijwilligers": "hours of residents and entrepreneurs",
            "uren_professionals": "hours of officials and institutions",
            "herverdeling": "less: transfer (local spending lost elsewhere)",
            "marge": "plus: the executor's margin (paid in the price, a gain to the firm)",
        },
        "pm": {
            "net_later_human": "human capital (skills)",
            "net_later_social": "social capital (trust, cohesion)",
        },
        "tornado": {
            "discount_rate": "the discount rate",
            "volunteer_eur_hour": "the value of a volunteer hour",
            "staff_wage_eur_hour": "the hourly cost of an official or institution",
            "price_leefbaarheid": "the price of liveability",
            "price_veiligheid": "the price of safety",
            "price_gezondheid": "the price of health",
            "price_natuur": "the price of nature",
            "price_bereikbaarheid": "the price of accessibility",
            "price_lokale_economie": "the price of the local economy",
        },
        "settings": {
            "run.years": "duration",
            "population.n_actors": "number of actors",
            "seed": "seeds (replications)",
            "mkba.discount_rate": "discount rate",
            "mkba.volunteer_time": "valuation of volunteer hours",
            "mkba.leisure_eur_hour": "value of an hour of leisure",
            "mkba.shadow_wage_eur_hour": "replacement wage of volunteers",
            "mkba.staff_wage_eur_hour": "hourly cost of an official or institution",
            "mkba.price_leefbaarheid": "price of liveability",
            "mkba.price_veiligheid": "price of safety",
            "mkba.price_gezondheid": "price of health",
            "mkba.price_natuur": "price of nature",
            "mkba.price_bereikbaarheid": "price of accessibility",
            "mkba.price_lokale_economie": "price of the local economy",
            "mkba.price_rise_natuur": "relative price rise of nature",
            "mkba.local_economy_transfer": "transfer: share of the local economy from elsewhere",
            "mkba.maintenance_share_year": "upkeep a year",
            "mkba.renewal_share": "renewal at half the lifetime",
            "mkba.nulalternatief": "measured against the nulalternatief",
        },
        "units": {
            "years": "years",
            "1/year": "a year",
            "euro/hour": "euro an hour",
            "choice": "",
            "switch": "",
            "euro/(resident x effect unit x year)": "euro per resident per unit a year",
            "share of investment/year": "of the investment a year",
            "share of the local economy effect": "of the local economy effect",
            "share of investment renewed once, at half the lifetime": "of the investment",
        },
        "sources": {},
        "variants": {
            "leisure": "volunteer hours at the value of leisure",
            "replacement": "volunteer hours at the replacement wage",
            "pessimistic": "pessimistic",
            "optimistic": "optimistic",
        },
        "choices": {
            "leisure": "leisure",
            "replacement": "replacement wage",
            "lowest_price": "lowest price",
            "best_value": "best value",
            "social_enterprise": "social enterprise",
            "ambition_contract": "contract on ambition",
        },
        "axes": {
            "strategy.scope_cap": "integrality (most themes)",
            "strategy.team_size_cap": "team size (most members)",
            "no_cap": "no limit",
        },
        "terms": [
            ("case (casus)", "an investment a team wants to realise in the neighbourhood", ""),
            (
                "onbeheerst",
                "everyone welcome, up to five themes, no limit on team size, any scale",
                "strategy=onbeheerst",
            ),
            (
                "opschalen",
                "decompliceren by upscaling: buurt scale, up to two themes, teams up to eight, "
                "only who adds value, invited through the network",
                "strategy=opschalen",
            ),
            (
                "downscalen",
                "decompliceren by downscaling: perceel scale, up to four themes, teams up to "
                "thirty, only who adds value, invited through the network",
                "strategy=downscalen",
            ),
            ("integrality", "number of themes one case may combine", "strategy.scope_cap"),
            (
                "team size",
                "the most members a case has (10,000: no limit)",
                "strategy.team_size_cap",
            ),
            (
                "nulalternatief",
                "the same wijk, seed and conditions without a waardenmakerij",
                "mkba.nulalternatief",
            ),
            ("net present value", "benefits minus costs, discounted", "mkba.discount_rate"),
            ("BCR", "benefit–cost ratio: benefits divided by costs", ""),
            ("PM item", "an effect measured but not expressed in money", ""),
            (
                "procurement route",
                "how the executor is chosen: lowest price, best value, "
                "social enterprise or contracting on ambition",
                "procurement.route",
            ),
            ("brede welvaart", "well-being here and now, later and elsewhere (CBS)", ""),
        ],
    },
}

for _lang in TEXT:
    TEXT[_lang].update(POLICY[_lang], glossary=GLOSSARY[_lang])
