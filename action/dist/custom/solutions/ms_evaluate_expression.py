import re

TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|(.))")


def tokenize(expression):
    tokens = []
    for number, operator in TOKEN.findall(expression):
        if number:
            tokens.append(float(number) if "." in number else int(number))
        elif operator.strip():
            if operator not in "+-*/()":
                raise ValueError(f"unexpected character {operator!r}")
            tokens.append(operator)
    return tokens


def evaluate(expression):
    tokens = tokenize(expression)
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        token = peek()
        position += 1
        return token

    def expr():
        value = term()
        while peek() in ("+", "-"):
            value = value + term() if take() == "+" else value - term()
        return value

    def term():
        value = factor()
        while peek() in ("*", "/"):
            if take() == "*":
                value *= factor()
            else:
                divisor = factor()
                if divisor == 0:
                    raise ZeroDivisionError("division by zero")
                value /= divisor
        return value

    def factor():
        token = take()
        if token == "-":
            return -factor()
        if token == "(":
            value = expr()
            if take() != ")":
                raise ValueError("missing closing parenthesis")
            return value
        if isinstance(token, (int, float)):
            return token
        raise ValueError(f"unexpected token {token!r}")

    if not tokens:
        raise ValueError("empty expression")
    result = expr()
    if position != len(tokens):
        raise ValueError(f"unexpected token {tokens[position]!r}")
    return result
