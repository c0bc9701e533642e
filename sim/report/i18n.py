"""The report's words in Dutch (nl) and English (en)."""

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
        "first_win_note": "Kaplan-Meier: een run zonder gerealiseerde case telt tot zijn laatste"
        " week mee als nog zonder winst (gecensureerd), niet als ontbrekend. Een mediaan – : de"
        " helft van de runs had aan het eind nog geen winst.",
        "holm": "p: de p-waarde van 'geen verschil', gecorrigeerd voor alle vergelijkingen van"
        " deze tabel samen (Holm). Met minder dan vijf runs per groep staat er geen interval en"
        " geen Cohen's d.",
        "strategy": "strategie",
        "diff": "verschil",
        "distributions": "Verdeling van de uitkomsten per strategie",
        "heatmap": "Gerealiseerde waarde naar integraliteit (scope_cap) en teamgrootte",
        "heatmap_note": "Gemiddelde gerealiseerde waarde (som van de drie kapitalen) per cel; "
        "lege cellen zijn niet gedraaid.",
        "timeseries": "Verloop in de tijd (mediaan en 10–90%-band over replicaties)",
        "mkba": "MKBA: netto contante waarde per strategie",
        "mkba_note": "Netto contante waarde (discontovoet {rate}) van de baten per kapitaal "
        "over de levensduur min de kosten in geld en gewaardeerde uren, in euro.",
        "mkba_line": "{s}: {v} euro [{lo}, {hi}]",
        "mkba_routes": "MKBA per aanbestedingsroute (inkopen met impact, contracteren op ambitie)",
        "mkba_routes_note": "Netto contante waarde, baten-kostenverhouding, baten en kosten in "
        "euro (contante waarde bij de start van de run) per route waarop de uitvoerder wordt "
        "gekozen (procurement.route), voor alle runs samen en per strategie: gemiddelde "
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
            "realised_cases": "gerealiseerde cases",
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
            "stalled_cases": "gestagneerde cases",
            "cases_realised": "gerealiseerde cases (cum.)",
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
        "heatmap": "Realised value by integrality (scope_cap) and team size",
        "heatmap_note": "Mean realised value (sum of the three capitals) per cell; empty "
        "cells were not run.",
        "timeseries": "Over time (median and 10–90 % band over replications)",
        "mkba": "MKBA: net present value per strategy",
        "mkba_note": "Net present value (discount rate {rate}) of the benefits per capital over "
        "the lifetime minus the costs in money and valued hours, in euro.",
        "mkba_line": "{s}: {v} euro [{lo}, {hi}]",
        "mkba_routes": "MKBA per procurement route (buying with impact, contracting on ambition)",
        "mkba_routes_note": "Net present value, benefit–cost ratio, benefits and costs in euro "
        "(present value at the run start) per route by which the executor is chosen "
        "(procurement.route), over all runs and per strategy: mean [95 % interval] over the "
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
