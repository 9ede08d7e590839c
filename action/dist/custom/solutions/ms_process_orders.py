import csv
import io


def process_orders(csv_text):
    totals = {}
    invalid = 0
    for row in csv.DictReader(io.StringIO(csv_text)):
        try:
            quantity = int(row["qty"])
            price = float(row["unit_price"])
        except (TypeError, ValueError, KeyError):
            invalid += 1
            continue
        if quantity <= 0 or price < 0 or not row.get("customer"):
            invalid += 1
            continue
        totals[row["customer"]] = round(totals.get(row["customer"], 0.0) + quantity * price, 2)
    top = max(sorted(totals), key=lambda customer: totals[customer]) if totals else None
    return {"totals": totals, "top_customer": top, "invalid_rows": invalid}
