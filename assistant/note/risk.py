"""Whether a risk statement reports risk or rules it out: one rule, for audit and timeline."""

from __future__ import annotations

import re

# A risk statement rules risk out when a denial comes before the first thing it could be about
# ("denies SI", "said she has had no thoughts of harming herself", "SI: none"), but not in
# "reports passive SI, no plan or intent", where the risk comes first.
DENIAL = re.compile(
    r"\b(?:denie[sd]|deny|denying|no|none|not|negative|nil|without|never)\b", re.IGNORECASE
)
DENIED_AFTER = re.compile(
    r"[:=-]\s*(?:none|denied|neg(?:ative)?|nil|no|not present)\W*$", re.IGNORECASE
)
RISK_TERM = re.compile(
    r"\b(?:SI|HI|SIB|NSSI|suicid\w*|self[\s-]?harm\w*|cut\w*|overdos\w*|kill\w*|die|dying|dead"
    r"|hurt\w*|harm\w*|ideation|thoughts?|urges?|intent|plan|attempts?|weapons?|risk|safety)\b",
    re.IGNORECASE,
)


def rules_risk_out(text: str) -> bool:
    """Whether a risk statement is a denial: True for "denies SI", "SI: none", "no thoughts of
    harming herself"; False for risk reported, as in "reports passive SI, no plan or intent".

    Args:
        text: one risk item or line.
    Returns:
        True when the statement rules risk out rather than reporting it.
    """
    if DENIED_AFTER.search(text):
        return True
    denial = DENIAL.search(text)
    if denial is None:
        return False
    risk = RISK_TERM.search(text)
    return risk is None or denial.start() < risk.start()
