"""Browser smoke test: the chair logs in, sees the dashboard and opens a member, on a desktop and a phone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_the_chair_logs_in_sees_the_dashboard_and_opens_a_member(browser, live_server, personas, artifacts):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    _log_in(page, live_server, "officer_a", "pw-officer_a")
    page.wait_for_url(f"{live_server.url}/u/SCHA/")
    assert page.locator("h1").first.inner_text() == "甲校工会"
    assert page.locator('[data-figure="members.active"] .value').inner_text().startswith("3")
    page.screenshot(path=str(artifacts / "dashboard-desktop.png"), full_page=True)

    page.click("text=会员名册")
    page.wait_for_url(f"{live_server.url}/u/SCHA/members/")
    names = page.locator("#member-table tbody td:nth-child(2) a").all_inner_texts()
    assert names == ["王芳", "方明", "石磊"]
    page.fill("input[name=q]", "sl")
    page.wait_for_function("document.querySelectorAll('#member-table tbody tr').length === 1")
    page.click("#member-table >> text=石磊")
    page.wait_for_selector("text=会籍记录")
    assert page.locator("h1").first.inner_text() == "石磊"
    page.screenshot(path=str(artifacts / "member-desktop.png"), full_page=True)
    page.close()


def test_the_layout_works_on_a_375_pixel_phone(browser, live_server, personas, artifacts):
    page = browser.new_page(viewport={"width": 375, "height": 740}, locale="zh-CN", is_mobile=True)
    _log_in(page, live_server, "officer_a", "pw-officer_a")
    page.wait_for_url(f"{live_server.url}/u/SCHA/")
    page.goto(f"{live_server.url}/u/SCHA/members/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways ({width}px)"
    assert page.locator("text=会员名册").first.is_visible()
    page.screenshot(path=str(artifacts / "members-phone.png"), full_page=True)
    page.close()
