def letter(average):
    for threshold, grade in ((90, "A"), (80, "B"), (70, "C"), (60, "D")):
        if average >= threshold:
            return grade
    return "F"


def grade_report(scores):
    report = []
    for name, marks in scores.items():
        if not marks:
            continue
        average = round(sum(marks) / len(marks), 1)
        report.append({"name": name, "average": average, "grade": letter(average)})
    report.sort(key=lambda entry: (-entry["average"], entry["name"]))
    return report
