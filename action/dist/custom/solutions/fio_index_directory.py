import json
import os


def index_directory(directory, out_path):
    report = {}
    for root, _dirs, files in os.walk(directory):
        for name in files:
            if not name.endswith(".txt"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as handle:
                report[os.path.relpath(path, directory).replace(os.sep, "/")] = sum(1 for _ in handle)
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(dict(sorted(report.items())), handle)
    return sum(report.values())
