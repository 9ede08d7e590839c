class Inventory:
    def __init__(self):
        self.stock = {}

    def add(self, item, quantity):
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self.stock[item] = self.stock.get(item, 0) + quantity

    def remove(self, item, quantity):
        available = self.stock.get(item, 0)
        if quantity <= 0 or quantity > available:
            raise ValueError(f"cannot remove {quantity} of {item}: {available} in stock")
        self.stock[item] = available - quantity
        if self.stock[item] == 0:
            del self.stock[item]

    def total_value(self, prices):
        return round(sum(quantity * prices[item] for item, quantity in self.stock.items()), 2)

    def low_stock(self, threshold):
        return sorted(item for item, quantity in self.stock.items() if quantity < threshold)
