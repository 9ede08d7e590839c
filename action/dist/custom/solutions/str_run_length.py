import re
from itertools import groupby


def rle_encode(text):
    return "".join(f"{len(list(group))}{char}" for char, group in groupby(text))


def rle_decode(encoded):
    return "".join(char * int(count) for count, char in re.findall(r"(\d+)(\D)", encoded))
