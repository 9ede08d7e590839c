class ConfigError(ValueError):
    def __init__(self, line_number, message):
        super().__init__(f"line {line_number}: {message}")
        self.line_number = line_number


def parse_config(text):
    config = {}
    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            raise ConfigError(line_number, "expected key=value")
        key, value = (part.strip() for part in line.split("=", 1))
        if not key:
            raise ConfigError(line_number, "empty key")
        if key in config:
            raise ConfigError(line_number, f"duplicate key {key}")
        try:
            config[key] = int(value)
        except ValueError:
            config[key] = value
    return config
