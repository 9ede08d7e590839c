from collections import defaultdict


def pivot_totals(rows):
    table = defaultdict(lambda: defaultdict(float))
    for region, month, amount in rows:
        table[region][month] += amount
    return {region: dict(months) for region, months in table.items()}
