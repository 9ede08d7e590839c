import json


def merge_json_files(paths, out_path):
    merged = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            merged.update(json.load(handle))
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(merged, handle, sort_keys=True, indent=2)
    return len(merged)
