import re
from collections import Counter

LINE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")


def count_log_levels(path):
    counts = Counter()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            match = LINE.match(line)
            if match:
                counts[match.group(1)] += 1
    return dict(counts)
