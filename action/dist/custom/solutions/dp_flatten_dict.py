def flatten_dict(nested, sep="."):
    flat = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}{sep}{key}" if prefix else str(key), inner)
        else:
            flat[prefix] = value

    for key, value in nested.items():
        walk(str(key), value)
    return flat
