def moving_average(values, window):
    if window < 1 or window > len(values):
        raise ValueError("window must be between 1 and len(values)")
    total = sum(values[:window])
    averages = [total / window]
    for index in range(window, len(values)):
        total += values[index] - values[index - window]
        averages.append(total / window)
    return averages
