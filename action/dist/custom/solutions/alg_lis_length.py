import bisect


def lis_length(nums):
    tails = []
    for number in nums:
        position = bisect.bisect_left(tails, number)
        if position == len(tails):
            tails.append(number)
        else:
            tails[position] = number
    return len(tails)
