def validate_user(data):
    errors = []
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append("name: must be a non-empty string")
    age = data.get("age")
    if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 150:
        errors.append("age: must be a whole number from 0 to 150")
    email = data.get("email")
    if not isinstance(email, str) or email.count("@") != 1 or "." not in email.split("@")[1]:
        errors.append("email: must look like name@example.com")
    return errors
