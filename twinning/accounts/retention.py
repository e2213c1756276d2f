def run_retention() -> dict:
    return {}
