import pytest


@pytest.mark.django_db(transaction=True)
def test_home_page_in_chromium_switches_language_without_axe_violations(
    page, axe_violations, screenshot
):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Wijkkompas")
    assert axe_violations(page) == []
    screenshot(page, "home-nl")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "residents" in page.get_by_role("main").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"


@pytest.mark.django_db(transaction=True)
def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Ga naar de hoofdinhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.django_db(transaction=True)
def test_home_page_fits_a_320_pixel_screen(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
