import csv


def summarize_csv(path):
    summary = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            department = row["department"]
            salary = float(row["salary"])
            entry = summary.setdefault(department, {"count": 0, "total": 0.0})
            entry["count"] += 1
            entry["total"] += salary
    for entry in summary.values():
        entry["average"] = round(entry["total"] / entry["count"], 2)
    return summary
