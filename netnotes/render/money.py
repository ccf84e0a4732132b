"""Amounts as every report shows them: ``$1,200`` for a sign, ``300 EUR`` for a code, a bare
number when none was written. Which amounts add up together is ``reports.referrals.money_key``."""

from __future__ import annotations


def amount(cents: int, currency: str | None = None) -> str:
    """One amount: whole units without decimals, else two decimals; thousands separated."""
    shown = f"{cents / 100:,.0f}" if cents % 100 == 0 else f"{cents / 100:,.2f}"
    if not currency:
        return shown
    return f"{currency}{shown}" if len(currency) == 1 else f"{shown} {currency}"


def format_money(sales_cents: dict[str, int]) -> str:
    """Totals per currency, in currency order; ``-`` when there are none."""
    if not sales_cents:
        return "-"
    return ", ".join(amount(cents, cur) for cur, cents in sorted(sales_cents.items()))
