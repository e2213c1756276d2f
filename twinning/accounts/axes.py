def username_from_request(request, credentials):
    """django-axes keys lockouts on the login name allauth receives (e-mail) together with the IP."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("email")
    return (value or "").strip().lower() or None
