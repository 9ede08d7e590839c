from collections import defaultdict


def group_average(records, key, value):
    sums = defaultdict(float)
    counts = defaultdict(int)
    for record in records:
        if key not in record or not isinstance(record.get(value), (int, float)):
            continue
        sums[record[key]] += record[value]
        counts[record[key]] += 1
    return {group: round(sums[group] / counts[group], 2) for group in sums}
