"""What the browser journeys share: logging in, keyboard steps that check the focus
is visible at every stop, and the reflow checks (320 px, 200 % zoom)."""

import html
import re

from django.conf import settings
from django.core import mail
from playwright.sync_api import TimeoutError as PlaywrightTimeout

LINK = re.compile(r'<a\s[^>]*?href="([^"]+)"[^>]*>\s*([^<]+?)\s*</a>')

# The focused element and how its focus is drawn.
FOCUSED = r"""() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    name: (el.getAttribute('aria-label') || el.innerText || el.value || el.id || '').trim(),
    id: el.id,
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
      && !/rgba\(.*, 0\)$/.test(style.outlineColor) && style.outlineColor !== 'transparent',
  };
}"""


PASSWORD = "wijkkompas-e2e"


def staff_user(username, *, groups=(), superuser=False, **fields):
    """A staff account as a person would have it: a password and, where the product
    asks for one, an authenticator app (its codes are computed in `log_in`)."""
    from django.contrib.auth.models import Group, User

    make = User.objects.create_superuser if superuser else User.objects.create_user
    user = make(username, email=f"{username}@example.org", password=PASSWORD, is_staff=True,
                **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return with_authenticator_app(user)


def with_authenticator_app(user):
    """Set up the user's authenticator app, where the product asks for one."""
    if "django_otp" in settings.INSTALLED_APPS:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def _current_code(username) -> str:
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def log_in(page, username, password=PASSWORD, *, next_url=""):
    page.goto("/inloggen/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url or "/inloggen/code/" in url)
    if "/inloggen/code/" in page.url:
        page.locator("input[name=otp_token]").fill(_current_code(username))
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(lambda url: "/inloggen/" not in url)


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def assert_focus_visible(page) -> dict:
    now = focused(page)
    assert now["tag"] != "body", "The focus was lost"
    assert now["outline"], f"No visible focus ring on {now}"
    return now


def tab_to(page, name: str, *, tag: str | None = None, backwards: bool = False,
           limit: int = 80) -> dict:
    """Press Tab until an element whose text starts with `name` has the focus; every
    element passed on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        now = assert_focus_visible(page)
        if now["name"].startswith(name) and (tag is None or now["tag"] == tag):
            return now
    raise AssertionError(f"Tab never reached {name!r}")


def tab_to_field(page, element_id: str, *, limit: int = 40) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = assert_focus_visible(page)
        if now["id"] == element_id:
            return now
    raise AssertionError(f"Tab never reached #{element_id}")


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


def mail_to(address: str):
    """The messages Django's test mail backend received for one address, oldest first."""
    return [message for message in mail.outbox if address in message.to]


def link_in(message, text):
    """The address behind the link with this text in the HTML part of an e-mail, as a
    mail program shows it."""
    body = next(content for content, kind in message.alternatives if kind == "text/html")
    for href, label in LINK.findall(body):
        if html.unescape(label).strip() == text:
            return html.unescape(href)
    raise AssertionError(f"No link {text!r} in {message.subject!r}")


# 320 CSS pixels is WCAG 1.4.10's narrow screen. 200 % zoom of a 1280-pixel window
# lays the page out in 640 CSS pixels; the device scale factor of 2 draws it as big.
NARROW = {"viewport": {"width": 320, "height": 640}}
ZOOMED = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}


def reflow_problems(page) -> list[str]:
    """What keeps this page, freshly opened, from working at its current width: sideways
    scrolling, a main heading cut off, or a skip link that does not reach the content."""
    problems = []
    overflow = horizontal_overflow(page)
    if overflow > 0:
        widest = page.evaluate("""() => {
          const w = window.innerWidth;
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1
                         || (e.clientWidth > 0 && e.scrollWidth > e.clientWidth))
            .slice(-3).map(e => e.tagName.toLowerCase() + '.' + e.className).join(', ');
        }""")
        problems.append(f"scrolls sideways by {overflow}px ({widest})")
    box = page.evaluate("""() => {
      const r = document.querySelector('main h1, main').getBoundingClientRect();
      return {left: r.left, right: r.right, width: window.innerWidth};
    }""")
    if box["left"] < 0 or box["right"] > box["width"] + 1:
        problems.append(f"the main heading is cut off: {box}")
    # A form whose first field takes the focus (the login) starts in the main content; the
    # browser moves the focus there just after the load, so wait for it rather than race it.
    in_main = "document.querySelector('main').contains(document.activeElement)"
    if page.evaluate("!!document.querySelector('main [autofocus]')"):
        try:
            page.wait_for_function(in_main, timeout=3000)
        except PlaywrightTimeout:
            problems.append("the field with autofocus does not take the focus")
    elif not page.evaluate(in_main):
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.id") != "main":
            problems.append("the skip link does not reach the main content")
    return problems


# Every form submitted in the tab (GET or POST) is counted in the tab's session storage,
# which outlives the page; and every CSP violation is recorded.
RECORD = """
document.addEventListener('submit', () => {
  sessionStorage.setItem('submits', String(Number(sessionStorage.getItem('submits') || 0) + 1));
}, true);
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


class Counted:
    """The page loads (documents in the main frame) and form submits of one task."""

    def __init__(self, page):
        self.page, self.loads, self.visited = page, 0, []
        page.on("framenavigated", self._navigated)
        page.add_init_script(RECORD)
        self.csp = []

    def _navigated(self, frame):
        if frame == self.page.main_frame:
            self.loads += 1
            self.visited.append(frame.url)

    def start(self):
        self.loads, self.visited = 0, []
        self.page.evaluate("sessionStorage.setItem('submits', '0')")

    @property
    def submits(self) -> int:
        return int(self.page.evaluate("sessionStorage.getItem('submits') || 0"))

    def check(self, axe_violations):
        """axe on the page as it is now, and no CSP violation so far."""
        assert axe_violations(self.page) == [], self.page.url
        self.csp += self.page.evaluate("window.__cspViolations || []")
        assert self.csp == [], self.csp
