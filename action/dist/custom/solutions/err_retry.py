def retry(func, attempts, exceptions=(Exception,)):
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    last_error = None
    for _ in range(attempts):
        try:
            return func()
        except exceptions as error:
            last_error = error
    raise last_error
