"""The pari-mutuel domain: bet types, formulas, stakes, pools, odds, dividends.

Pure Python shared by the terminal and the backend. It imports nothing of ours and does no
I/O; every amount is integer cents or ``Decimal``. DOMAIN.md (beside the project) is the
specification; module docstrings say where a rule is interpreted.
"""

from pari.bet import Bet, Play, formula_for, make_bet
from pari.bet_types import SPECS, BetType, Formula, Order, Rank, spec_of
from pari.errors import PariError, SelectionError
from pari.field import Field
from pari.money import Cents, RoundingMode, format_amount, parse_amount
from pari.odds import approximate_odds
from pari.pool import Pool
from pari.result import Finish
from pari.rules import PlaceMethod, PoolRules, RulesSet, rules_from_mapping
from pari.sale import Offer, Wanted, check_sale
from pari.settlement import Dividend, Settlement, settle

__all__ = [
    "SPECS",
    "Bet",
    "BetType",
    "Cents",
    "Dividend",
    "Field",
    "Finish",
    "Formula",
    "Offer",
    "Order",
    "PariError",
    "PlaceMethod",
    "Play",
    "Pool",
    "PoolRules",
    "Rank",
    "RoundingMode",
    "RulesSet",
    "SelectionError",
    "Settlement",
    "Wanted",
    "approximate_odds",
    "check_sale",
    "format_amount",
    "formula_for",
    "make_bet",
    "parse_amount",
    "rules_from_mapping",
    "settle",
    "spec_of",
]
