def apply_transactions(transactions):
    balances = {}
    rejected = []
    for index, transaction in enumerate(transactions):
        kind = transaction.get("type")
        account = transaction.get("account")
        amount = transaction.get("amount", 0)
        if not isinstance(amount, (int, float)) or amount <= 0:
            rejected.append(index)
            continue
        if kind == "deposit":
            balances[account] = balances.get(account, 0) + amount
        elif kind in ("withdraw", "transfer"):
            if balances.get(account, 0) < amount or (kind == "transfer" and "to" not in transaction):
                rejected.append(index)
                continue
            balances[account] -= amount
            if kind == "transfer":
                balances[transaction["to"]] = balances.get(transaction["to"], 0) + amount
        else:
            rejected.append(index)
    return balances, rejected
