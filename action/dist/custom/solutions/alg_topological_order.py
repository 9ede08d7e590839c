import heapq


def topological_order(tasks, dependencies):
    successors = {task: [] for task in tasks}
    indegree = {task: 0 for task in tasks}
    for before, after in dependencies:
        successors[before].append(after)
        indegree[after] += 1
    ready = [task for task in tasks if indegree[task] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        task = heapq.heappop(ready)
        order.append(task)
        for successor in successors[task]:
            indegree[successor] -= 1
            if indegree[successor] == 0:
                heapq.heappush(ready, successor)
    if len(order) != len(tasks):
        raise ValueError("the dependencies contain a cycle")
    return order
