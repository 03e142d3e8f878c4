"""What the workspace's role tests share: ask each page as a role and compare the answer
with the one expected, and find the other side's words on every page that opens."""

from tests.roles.world import leaks

LOGIN = "login"


def answer(response) -> int | str:
    if response.status_code == 302 and "/inloggen/" in response["Location"]:
        return LOGIN
    return response.status_code


def problems_for(client, role, requests):
    """`requests`: (label, method, url, expected answer); the pages that open are read for
    the other side's words."""
    found = []
    for label, method, url, expected in requests:
        response = client.post(url) if method == "POST" else client.get(url)
        got = answer(response)
        if got != expected:
            found.append(f"{label} {method} {url}: {got} instead of {expected}")
        elif (got == 200 and response.get("Content-Type", "").startswith("text/html")
              and (words := leaks(role, response.content.decode()))):
            found.append(f"{label} {method} {url}: shows {words}")
    return found
